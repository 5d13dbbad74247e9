import rule from '../../../../server/src/core/rules/sql/grant-to-public';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'REVOKE SELECT ON t FROM PUBLIC;',
    'GRANT SELECT ON public.t TO app;',
    { code: "GRANT SELECT ON db.t TO 'app'@'%'", dialect: 'mysql' },
  ],
  invalid: [
    {
      code: 'SELECT 1;\nGRANT SELECT, UPDATE ON users TO app, PUBLIC;',
      errors: [{ messageId: 'grantToPublic', line: 2, column: 39 }],
    },
    {
      code: 'GRANT pg_read_all_data TO PUBLIC;',
      errors: [{ messageId: 'grantRoleToPublic', line: 1, column: 27 }],
    },
    {
      code: 'ALTER DEFAULT PRIVILEGES IN SCHEMA s\n  GRANT SELECT ON TABLES TO public;',
      errors: [{ messageId: 'grantToPublic', line: 2, column: 29 }],
    },
    {
      code: 'SELECT 1;\nGRANT SELECT ON shop.* TO PUBLIC',
      dialect: 'mysql',
      errors: [{ messageId: 'grantToPublic', line: 2, column: 27 }],
    },
  ],
});
