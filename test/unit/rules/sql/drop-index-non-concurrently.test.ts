import rule from '../../../../server/src/core/rules/sql/drop-index-non-concurrently';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['DROP INDEX CONCURRENTLY i;', 'DROP TABLE t;', 'DROP INDEX CONCURRENTLY IF EXISTS s.i;'],
  invalid: [
    {
      code: 'SELECT 1;\n  drop index if exists "Idx";',
      errors: [{ messageId: 'nonConcurrent', line: 2, column: 3 }],
      output: 'SELECT 1;\n  drop index CONCURRENTLY if exists "Idx";',
    },
    {
      // Two indexes or CASCADE: CONCURRENTLY does not allow them, so no fix is offered.
      code: 'DROP INDEX a, b;\nDROP INDEX c CASCADE;',
      errors: [
        { messageId: 'nonConcurrent', line: 1, column: 1 },
        { messageId: 'nonConcurrent', line: 2, column: 1 },
      ],
    },
    {
      code: 'BEGIN;\nDROP INDEX i;\nCOMMIT;',
      errors: [{ messageId: 'nonConcurrentInTransaction', line: 2, column: 1 }],
    },
  ],
});
