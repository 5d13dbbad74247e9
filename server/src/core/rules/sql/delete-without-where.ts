import { defineSqlRule } from '../rule';
import { unboundedWrites } from './util/where';

/**
 * `DELETE` that removes every row: no WHERE clause, or a WHERE that is always true
 * (see {@link unboundedWrites}); reported on the target table's name.
 */
export default defineSqlRule({
  meta: {
    id: 'delete-without-where',
    title: 'DELETE of every row',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description:
        'Reports a `DELETE` without a WHERE clause, or with one that is always true (`1=1`, `true`).',
      problem:
        'A `DELETE` without a restricting WHERE removes every row of the table. It is the classic ' +
        'accident of a query run with its condition forgotten or cut off, and the tautological form ' +
        '(`WHERE 1=1`, `WHERE id IS NOT NULL`) is how generated or injected SQL hides it.',
      solution:
        "Write the condition that names the rows (`WHERE created_at < now() - interval '90 days'`), and " +
        'delete in batches with a `LIMIT`/key range. To empty a table on purpose, say so with a reviewed ' +
        '`TRUNCATE` in its own migration.',
    },
    messages: {
      noWhere: 'DELETE without WHERE removes every row of {{table}}.',
      tautologicalWhere: 'The WHERE clause of this DELETE is always true: it removes every row of {{table}}.',
      unboundedWhere: 'This DELETE is unbounded: {{why}}, so it removes every row of {{table}}.',
    },
    controls: ['SOC2:CC8.1', 'HIPAA:164.312(c)(1)'],
    examples: {
      valid: ['DELETE FROM sessions WHERE user_id = 42;', 'DELETE FROM t WHERE deleted_at IS NOT NULL;'],
      invalid: ['DELETE FROM sessions;', 'DELETE FROM users WHERE 1 = 1;'],
    },
  },
  check(stmt, ctx, report) {
    for (const w of unboundedWrites(stmt, ctx, 'DELETE')) {
      report({
        messageId:
          w.reason === 'none' ? 'noWhere' : w.reason === 'tautology' ? 'tautologicalWhere' : 'unboundedWhere',
        data: { table: w.table, why: w.why ?? '' },
        span: w.span,
      });
    }
  },
});
