import rule from '../../../../server/src/core/rules/sql/leftover-invalid-index';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'CREATE INDEX i ON t (a);',
    'DROP INDEX IF EXISTS public.i_a;\nCREATE INDEX CONCURRENTLY i_a ON t (a);',
    'CREATE INDEX CONCURRENTLY IF NOT EXISTS i_a ON t (a);',
  ],
  invalid: [
    {
      code: 'CREATE INDEX CONCURRENTLY i_a ON t (a);',
      errors: [{ messageId: 'leftover', line: 1, column: 14 }],
    },
    {
      code: 'DROP INDEX CONCURRENTLY i_b;\nCREATE UNIQUE INDEX CONCURRENTLY i_a ON t (a);',
      errors: [{ messageId: 'leftover', line: 2, column: 21 }],
    },
  ],
});
