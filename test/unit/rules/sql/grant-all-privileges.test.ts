import rule from '../../../../server/src/core/rules/sql/grant-all-privileges';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'GRANT ALL ON TABLE orders TO app;',
    'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM app;',
    { code: "GRANT SELECT ON *.* TO 'monitor'@'%'", dialect: 'mysql' },
  ],
  invalid: [
    {
      code: 'SELECT 1;\nGRANT ALL ON ALL SEQUENCES IN SCHEMA app TO app_rw;',
      errors: [{ messageId: 'allInSchema', line: 2, column: 7 }],
    },
    {
      code: 'ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT ALL ON TABLES TO app_rw;',
      errors: [{ messageId: 'allDefault', line: 1, column: 46 }],
    },
    {
      code: "SELECT 1;\nGRANT ALL ON *.* TO 'agent'@'%'",
      dialect: 'mysql',
      errors: [{ messageId: 'allOnGlobal', line: 2, column: 7 }],
    },
    {
      code: "GRANT ALL ON shop.* TO 'app'@'%'",
      dialect: 'mysql',
      errors: [{ messageId: 'allOnDatabase', line: 1, column: 7 }],
    },
  ],
});
