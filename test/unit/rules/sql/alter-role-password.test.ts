import rule from '../../../../server/src/core/rules/sql/alter-role-password';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    { code: "ALTER USER 'app'@'%' ACCOUNT LOCK;", dialect: 'mysql' },
    "CREATE USER bob PASSWORD 'x';",
    'ALTER ROLE app NOLOGIN;',
    'ALTER USER app PASSWORD NULL;',
  ],
  invalid: [
    {
      code: "ALTER USER 'app'@'%' IDENTIFIED BY 'x';",
      dialect: 'mysql',
      errors: [{ messageId: 'password', line: 1, column: 12 }],
    },
    {
      code: "SET PASSWORD FOR 'app'@'%' = 'x';",
      dialect: 'mysql',
      errors: [{ messageId: 'password', line: 1, column: 18 }],
    },
    { code: "ALTER ROLE app PASSWORD 'x';", errors: [{ messageId: 'password', line: 1, column: 12 }] },
    {
      code: 'SELECT 1;\nALTER USER "App" WITH ENCRYPTED PASSWORD \'x\';',
      errors: [{ messageId: 'password', line: 2, column: 12 }],
    },
  ],
});
