import rule from '../../../../server/src/core/rules/sql/revoke-access';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    { code: 'REVOKE INSERT ON app.audit FROM u;', dialect: 'mysql' },
    'REVOKE DELETE ON audit_log FROM app;',
    'GRANT CONNECT ON DATABASE app TO app;',
  ],
  invalid: [
    {
      code: "REVOKE ALL PRIVILEGES ON app.* FROM 'app'@'%';",
      dialect: 'mysql',
      errors: [{ messageId: 'revoke', line: 1, column: 1 }],
    },
    {
      code: 'REVOKE CONNECT ON DATABASE app FROM PUBLIC;',
      errors: [{ messageId: 'revoke', line: 1, column: 1 }],
    },
    {
      code: 'SELECT 1;\n  REVOKE USAGE ON SCHEMA app FROM app;',
      errors: [{ messageId: 'revoke', line: 2, column: 3 }],
    },
    { code: 'REVOKE ALL ON orders FROM app;', errors: [{ messageId: 'revoke', line: 1, column: 1 }] },
    {
      code: 'REVOKE SELECT ON ALL TABLES IN SCHEMA public FROM app;',
      errors: [{ messageId: 'revoke', line: 1, column: 1 }],
    },
  ],
});
