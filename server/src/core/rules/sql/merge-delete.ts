import { asNode, list, rangeVarName } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { pgStmt, rangeVarSpan } from './util/pg';
import { findKeywordsSpan } from './util/text';

/**
 * PostgreSQL `MERGE … WHEN MATCHED [AND …] THEN DELETE` (a `MergeWhenClause` with `commandType
 * CMD_DELETE`), placed on the `DELETE` of that clause (else on the target). The rows deleted are
 * those the join condition matches, which a reader of `MERGE` seldom expects.
 */
export default defineSqlRule({
  meta: {
    id: 'merge-delete',
    title: 'MERGE that deletes rows',
    category: 'data-loss',
    severity: 'warning',
    docs: {
      description:
        'Reports `MERGE … WHEN MATCHED THEN DELETE`: a merge that deletes every target row its source matches.',
      problem:
        '`MERGE` reads like an upsert, but a `WHEN MATCHED THEN DELETE` clause deletes every target row the join ' +
        'condition matches. With a wide source (a whole table, a join on a non-unique or nullable key) or a ' +
        'condition that matches more than intended, it deletes as much as an unbounded `DELETE`, hidden in ' +
        'what looks like a synchronisation.',
      solution:
        'Write the delete as its own `DELETE … WHERE` with a reviewed predicate (and a row count check), or ' +
        'bound the clause (`WHEN MATCHED AND source.deleted THEN DELETE`) and run it in a transaction.',
    },
    messages: {
      mergeDelete:
        'MERGE deletes every row of {{table}} its source matches (WHEN MATCHED{{condition}} THEN DELETE).',
    },
    controls: ['SOC2:CC8.1', 'HIPAA:164.312(c)(1)'],
    sources: ['https://www.postgresql.org/docs/current/sql-merge.html'],
    examples: {
      valid: [
        'MERGE INTO stock t USING delta s ON t.id = s.id WHEN MATCHED THEN UPDATE SET qty = s.qty WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.qty);',
      ],
      invalid: ['MERGE INTO stock t USING delta s ON t.id = s.id WHEN MATCHED THEN DELETE;'],
    },
  },
  check(stmt, _ctx, report) {
    const merge = pgStmt(stmt, 'MergeStmt');
    if (!merge) return;
    const table = rangeVarName(merge.relation) ?? '?';
    for (const c of list(merge.mergeWhenClauses)) {
      const w = asNode(c, 'MergeWhenClause');
      if (!w || w.commandType !== 'CMD_DELETE') continue;
      const span = findKeywordsSpan(stmt, ['then', 'delete']);
      report({
        messageId: 'mergeDelete',
        data: { table, condition: w.condition ? ' AND …' : '' },
        span: span === stmt.span ? rangeVarSpan(stmt, merge.relation) : span,
        effects: [{ verb: 'destroy', resource: { kind: 'table', id: table }, via: 'MERGE … DELETE' }],
      });
    }
  },
});
