import { defineSqlRule } from '../rule';
import { unboundedWrites } from './util/where';

/**
 * `UPDATE` that rewrites every row: no WHERE clause, or a WHERE that is always true
 * (see {@link unboundedWrites}); reported on the target table's name.
 */
export default defineSqlRule({
  meta: {
    id: 'update-without-where',
    title: 'UPDATE of every row',
    category: 'data-loss',
    severity: 'warning',
    docs: {
      description:
        'Reports an `UPDATE` without a WHERE clause, or with one that is always true (`1=1`, `true`).',
      problem:
        'An `UPDATE` without a restricting WHERE overwrites the column in every row; the previous values ' +
        'are lost unless a backup or history table has them. It is a warning rather than an error because ' +
        'migrations legitimately backfill a newly added column this way (`UPDATE t SET new_col = old_col`), ' +
        'and rows survive; policy still treats it as data loss in production.',
      solution:
        'Name the rows you mean in a WHERE clause. For a backfill, update in batches by key range ' +
        '(`WHERE id BETWEEN $1 AND $2`) so locks stay short and a mistake is caught early.\n\n' +
        '- Rails: `Model.in_batches.update_all(...)` in a data migration.\n' +
        '- Django: a `RunPython` data migration iterating in chunks.\n' +
        '- golang-migrate / Prisma: a separate data migration, run once the new column is deployed.',
    },
    messages: {
      noWhere: 'UPDATE without WHERE rewrites every row of {{table}}.',
      tautologicalWhere:
        'The WHERE clause of this UPDATE is always true: it rewrites every row of {{table}}.',
      unboundedWhere: 'This UPDATE is unbounded: {{why}}, so it rewrites every row of {{table}}.',
    },
    controls: ['SOC2:CC8.1', 'HIPAA:164.312(c)(1)'],
    examples: {
      valid: [
        'UPDATE users SET email = lower(email) WHERE id = 7;',
        'CREATE TABLE t (a int);\nUPDATE t SET a = 1;',
      ],
      invalid: ["UPDATE users SET password_hash = '';", "UPDATE users SET role = 'admin' WHERE 'a' = 'a';"],
    },
  },
  check(stmt, ctx, report) {
    for (const w of unboundedWrites(stmt, ctx, 'UPDATE')) {
      report({
        messageId:
          w.reason === 'none' ? 'noWhere' : w.reason === 'tautology' ? 'tautologicalWhere' : 'unboundedWhere',
        data: { table: w.table, why: w.why ?? '' },
        span: w.span,
      });
    }
  },
});
