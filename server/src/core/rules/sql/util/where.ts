import type { SqlFileContext, SqlStatement } from '../../../sql/model';
import { asNode, isRecord, list, rangeVarName, stringValue } from '../../../sql/pg-ast';
import {
  coversEveryRow,
  evaluateBool,
  KEY_COLUMN,
  whereTarget,
  WRITTEN_AT_COLUMN,
} from '../../../sql/pg-where';
import type { Span } from '../../../types';
import { isMyTautology, myAst, myConstValue, myList, mySpan, myTableName, myText } from './mysql';
import { isPgTautology, pgNodes, rangeVarSpan } from './pg';

/** An UPDATE or DELETE whose WHERE clause does not restrict the rows it touches. */
export interface UnboundedWrite {
  /** Target table as written (`public.users`). */
  table: string;
  /**
   * `none`: no WHERE (and no join condition); `tautology`: a WHERE that is always true; `range`:
   * a predicate every row of a typical table satisfies (`id > 0`, `created_at <= now()`); `join`:
   * `DELETE … USING` / `UPDATE … FROM` whose WHERE only joins the tables (no filter).
   */
  reason: 'none' | 'tautology' | 'range' | 'join';
  /** For `range` and `join`: why the predicate does not narrow. */
  why?: string;
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
      const joined = list(kind === 'DELETE' ? f.usingClause : f.fromClause).length > 0;
      const where = f.whereClause;
      let reason: UnboundedWrite['reason'] | undefined;
      let why: string | undefined;
      const target = whereTarget(f.relation);
      if (where === undefined) reason = 'none';
      else if (isPgTautology(where, target)) reason = 'tautology';
      else if ((why = coversEveryRow(where))) reason = 'range';
      else if (evaluateBool(where, target) === true) {
        reason = 'range';
        why = `its WHERE picks every row of ${table} through a subquery over ${table} itself`;
      } else if (
        joined &&
        onlyJoins(where, names([f.relation]), names(list(kind === 'DELETE' ? f.usingClause : f.fromClause)))
      ) {
        reason = 'join';
        why = `its WHERE only joins ${table} to the ${kind === 'DELETE' ? 'USING' : 'FROM'} tables and filters neither`;
      }
      // Placed only when reported: measuring the name re-tokenizes the statement text.
      if (reason) out.push({ table, reason, ...(why ? { why } : {}), span: rangeVarSpan(stmt, f.relation) });
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
  else {
    const why = myCoversEveryRow(ast.where);
    if (why) out.push({ table, reason: 'range', why, span });
  }
  return out;
}

/** Lower-cased names and aliases of relations (`RangeVar` nodes or their fields). */
function names(items: readonly unknown[]): Set<string> {
  const out = new Set<string>();
  for (const item of items) {
    const rv = asNode(item, 'RangeVar') ?? (isRecord(item) ? item : undefined);
    if (!rv) continue;
    if (typeof rv.relname === 'string') out.add(rv.relname.toLowerCase());
    const alias = isRecord(rv.alias) ? rv.alias.aliasname : undefined;
    if (typeof alias === 'string') out.add(alias.toLowerCase());
  }
  return out;
}

/** The qualifier of a qualified column reference (`t` of `t.x`), lower-cased. */
function qualifier(node: unknown): string | undefined {
  const fields = list(asNode(node, 'ColumnRef')?.fields);
  return fields.length >= 2 ? stringValue(fields[fields.length - 2])?.toLowerCase() : undefined;
}

/**
 * True when a PostgreSQL WHERE is only equalities between a column of the target (`target`:
 * its name and alias) and a column of a joined table (`joined`), combined with AND. Anything
 * else — a constant, an unqualified name or `OLD.x` (PL/pgSQL variables and trigger rows look
 * like columns) — counts as a filter.
 */
function onlyJoins(where: unknown, target: ReadonlySet<string>, joined: ReadonlySet<string>): boolean {
  const bool = asNode(where, 'BoolExpr');
  if (bool) return bool.boolop === 'AND_EXPR' && list(bool.args).every((a) => onlyJoins(a, target, joined));
  const e = asNode(where, 'A_Expr');
  if (e?.kind !== 'AEXPR_OP' || stringValue(list(e.name).at(-1)) !== '=') return false;
  const l = qualifier(e.lexpr);
  const r = qualifier(e.rexpr);
  if (!l || !r) return false;
  return (
    (target.has(l) && joined.has(r) && !target.has(r)) || (target.has(r) && joined.has(l) && !target.has(l))
  );
}

const MY_NOW = /^(now|current_timestamp|current_date|sysdate|utc_timestamp|localtimestamp|curdate)$/i;

/** The MySQL counterpart of `coversEveryRow` (pg-where.ts): key ranges and written-at up to now. */
function myCoversEveryRow(expr: unknown): string | undefined {
  if (!isRecord(expr) || expr.type !== 'binary_expr') return undefined;
  const op = String(expr.operator).toUpperCase();
  if (op === 'OR') return myCoversEveryRow(expr.left) ?? myCoversEveryRow(expr.right);
  if (op === 'AND') {
    const l = myCoversEveryRow(expr.left);
    const r = myCoversEveryRow(expr.right);
    return l && r ? `${l}; ${r}` : undefined;
  }
  const left =
    isRecord(expr.left) && expr.left.type === 'column_ref'
      ? String(expr.left.column).toLowerCase()
      : undefined;
  if (!left) return undefined;
  const right = expr.right;
  const v = myConstValue(right);
  if (KEY_COLUMN.test(left) && typeof v === 'number') {
    if ((op === '>' && v <= 0) || (op === '>=' && v <= 1) || ((op === '<>' || op === '!=') && v <= 0))
      return `${left} ${op} ${v} holds for every key`;
  }
  if (
    WRITTEN_AT_COLUMN.test(left) &&
    (op === '<' || op === '<=') &&
    isRecord(right) &&
    right.type === 'function'
  ) {
    const name = isRecord(right.name)
      ? myList(right.name.name)
          .map((n) => myText(n.value))
          .join('.')
      : myText(right.name);
    if (MY_NOW.test(name)) return `every row has ${left} ${op} now`;
  }
  return undefined;
}
