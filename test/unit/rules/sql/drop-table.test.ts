import rule from '../../../../server/src/core/rules/sql/drop-table';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'DROP MATERIALIZED VIEW mv;',
    'CREATE TABLE scratch (id int);\nINSERT INTO scratch VALUES (1);\nDROP TABLE scratch;',
    "SELECT 'DROP TABLE users';",
    { code: 'DROP VIEW v', dialect: 'mysql' },
  ],
  invalid: [
    { code: 'DROP TABLE users;', errors: [{ messageId: 'dropTable', line: 1, column: 12 }] },
    {
      code: 'SELECT 1;\n-- drop the old one\nDROP TABLE IF EXISTS "public"."Users", orders CASCADE;',
      errors: [
        { messageId: 'dropTableCascade', line: 3, column: 22 },
        { messageId: 'dropTableCascade', line: 3, column: 40 },
      ],
    },
    {
      code: 'CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  DROP TABLE audit_log;\nEND $$;',
      errors: [{ messageId: 'dropTable', line: 3, column: 14 }],
    },
    {
      code: 'SELECT 1;\nDROP TABLE IF EXISTS `shop`.`orders`, b;',
      dialect: 'mysql',
      errors: [
        { messageId: 'dropTable', line: 2, column: 22 },
        { messageId: 'dropTable', line: 2, column: 39 },
      ],
    },
  ],
});
