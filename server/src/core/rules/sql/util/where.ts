import type { SqlFileContext, SqlStatement } from '../../../sql/model';
import { rangeVarName } from '../../../sql/pg-ast';
import type { Span } from '../../../types';
import { isMyTautology, myAst, myList, mySpan, myTableName } from './mysql';
import { isPgTautology, pgNodes, rangeVarSpan } from './pg';

/** An UPDATE or DELETE whose WHERE clause does not restrict the rows it touches. */
export interface UnboundedWrite {
  /** Target table as written (`public.users`). */
  table: string;
  /** `none`: no WHERE (and no join condition); `tautology`: a WHERE that is always true. */
  reason: 'none' | 'tautology';
  /** The target table's name in the text. */
  span: Span;
}

/**
 * Every `kind` statement (`DELETE` or `UPDATE`) in `stmt` — top level, in CTEs (`WITH d AS
 * (DELETE …)`) — that touches every row of its table: no WHERE clause (PostgreSQL `USING`/`FROM`
 * without WHERE is a cross join, so still every row; MySQL multi-table forms with `JOIN … ON` are
 * restricted by the join condition), or a WHERE that is a tautology (computed from the AST, as
 * statements inside CTEs have no facts of their own; like the analyzer's `facts.whereIsTautology`,
 * only `id IS NOT NULL` counts as always true). Tables created earlier in the same text are skipped:
 * writing to a table the migration itself just created loses nothing.
 */
export function unboundedWrites(
  stmt: SqlStatement,
  ctx: SqlFileContext,
  kind: 'DELETE' | 'UPDATE',
): UnboundedWrite[] {
  const out: UnboundedWrite[] = [];
  const fresh = (name: string): boolean => ctx.createdEarlier.has(name.toLowerCase());
  if (stmt.dialect === 'postgresql') {
    const type = kind === 'DELETE' ? 'DeleteStmt' : 'UpdateStmt';
    for (const f of pgNodes(stmt, type)) {
      const table = rangeVarName(f.relation);
      if (table === undefined || fresh(table)) continue;
      const reason =
        f.whereClause === undefined ? 'none' : isPgTautology(f.whereClause) ? 'tautology' : undefined;
      // Placed only when reported: measuring the name re-tokenizes the statement text.
      if (reason) out.push({ table, reason, span: rangeVarSpan(stmt, f.relation) });
    }
    return out;
  }
  const ast = myAst(stmt);
  if (!ast || ast.type !== kind.toLowerCase()) return out;
  const tables = myList(kind === 'DELETE' ? ast.from : ast.table);
  const target = myList(ast.table)[0] ?? tables[0];
  if (!target) return out;
  const table = myTableName(target);
  if (fresh(table)) return out;
  const joined = tables.some((t) => t.on !== undefined && t.on !== null) || tables.some((t) => t.using);
  const span = mySpan(stmt, tables.find((t) => myTableName(t) === table) ?? target, table);
  if (ast.where === null || ast.where === undefined) {
    if (!joined) out.push({ table, reason: 'none', span });
  } else if (isMyTautology(ast.where)) out.push({ table, reason: 'tautology', span });
  return out;
}
