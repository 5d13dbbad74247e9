import rule from '../../../../server/src/core/rules/sql/prefer-robust-stmts';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'CREATE TABLE IF NOT EXISTS t (a int);',
    'DROP INDEX CONCURRENTLY IF EXISTS i;',
    'ALTER TABLE t ADD COLUMN IF NOT EXISTS b int;',
    'BEGIN;\nCREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int;\nCOMMIT;',
  ],
  invalid: [
    { code: 'CREATE INDEX CONCURRENTLY i ON t (a);', errors: [{ messageId: 'fragile', line: 1, column: 1 }] },
    {
      code: 'SELECT 1;\nALTER TABLE t DROP COLUMN b;',
      errors: [{ messageId: 'fragile', line: 2, column: 1 }],
    },
    { code: 'DROP TABLE t;', errors: [{ messageId: 'fragile', line: 1, column: 1 }] },
  ],
});
