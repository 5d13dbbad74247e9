import rule from '../../../../server/src/core/rules/sql/grant-powerful-role';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    { code: 'GRANT SELECT (a, b) ON db.t TO u;', dialect: 'mysql' },
    'GRANT app_read TO bob;',
    'GRANT app_read TO bob WITH ADMIN FALSE;',
    'REVOKE pg_execute_server_program FROM app;',
    { code: 'GRANT SELECT ON db.* TO u;', dialect: 'mysql' },
  ],
  invalid: [
    {
      code: "GRANT SUPER, FILE ON *.* TO 'u'@'%';",
      dialect: 'mysql',
      errors: [
        { messageId: 'powerfulRole', line: 1, column: 7 },
        { messageId: 'powerfulRole', line: 1, column: 14 },
      ],
    },
    {
      code: 'GRANT PROCESS ON *.* TO u WITH GRANT OPTION;',
      dialect: 'mysql',
      errors: [
        { messageId: 'powerfulRole', line: 1, column: 7 },
        { messageId: 'grantOption', line: 1, column: 32 },
      ],
    },
    {
      code: 'GRANT pg_execute_server_program TO app;',
      errors: [{ messageId: 'powerfulRole', line: 1, column: 7 }],
    },
    {
      code: 'GRANT app_read, pg_read_server_files TO a, b;',
      errors: [{ messageId: 'powerfulRole', line: 1, column: 17 }],
    },
    {
      code: 'GRANT app_read TO bob WITH ADMIN OPTION;',
      errors: [{ messageId: 'adminOption', line: 1, column: 28 }],
    },
    {
      code: 'GRANT SELECT ON db.* TO u WITH GRANT OPTION;',
      dialect: 'mysql',
      errors: [{ messageId: 'grantOption', line: 1, column: 32 }],
    },
  ],
});
