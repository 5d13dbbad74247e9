import type { SqlStatement } from '../../../sql/model';
import { mysqlNegated, mysqlSelfComparison } from '../../../sql/mysql-same-expr';
import { isRecord } from '../../../sql/pg-ast';
import type { Span } from '../../../types';
import { compareConstants } from './pg';
import { findNameSpan, textSpan } from './text';

/** A node-sql-parser AST node (plain object; shapes in node-sql-parser's `types.d.ts`). */
export type MyNode = Record<string, unknown>;

/**
 * The node-sql-parser AST of a non-PostgreSQL statement (`{ type: 'drop', keyword: 'table', … }`),
 * or `undefined` for PostgreSQL statements and unparsed ones. When the analyzer hands a one-element
 * array (node-sql-parser returns arrays for multi-statement input) its element is returned.
 */
export function myAst(stmt: SqlStatement): MyNode | undefined {
  if (stmt.dialect === 'postgresql') return undefined;
  const ast: unknown = Array.isArray(stmt.ast) && stmt.ast.length === 1 ? stmt.ast[0] : stmt.ast;
  return isRecord(ast) ? ast : undefined;
}

/** `node.type === type` for a node-sql-parser node. */
export function isMyType(node: unknown, type: string): node is MyNode {
  return isRecord(node) && node.type === type;
}

/** A list-valued field as an array of records (absent / `null` ⇒ `[]`). */
export function myList(v: unknown): MyNode[] {
  return (Array.isArray(v) ? v : []).filter(isRecord);
}

/** Lower-cased text of a string-ish field (`'TABLE'`, `{ value: 'x' }`), else `''`. */
export function myText(v: unknown): string {
  if (typeof v === 'string') return v.toLowerCase();
  if (isRecord(v) && typeof v.value === 'string') return v.value.toLowerCase();
  return '';
}

/** `{ db, table }` ⇒ `db.table` (or `table`), as written. */
export function myTableName(t: MyNode): string {
  const table = typeof t.table === 'string' ? t.table : '';
  return typeof t.db === 'string' && t.db ? `${t.db}.${table}` : table;
}

/**
 * Span of a node-sql-parser node: its `loc` (when the analyzer parsed with `includeLocations`)
 * through {@link SqlStatement.spanAt}; else the first occurrence of `name` (dotted) in the
 * statement text; else the statement span.
 */
export function mySpan(stmt: SqlStatement, node: MyNode, name?: string): Span {
  const loc = node.loc;
  if (isRecord(loc) && isRecord(loc.start) && isRecord(loc.end)) {
    const a = loc.start.offset;
    const b = loc.end.offset;
    if (typeof a === 'number' && typeof b === 'number' && b >= a) {
      // node-sql-parser's `loc.end` can include the whitespace after a name: measure the name itself.
      const start = stmt.spanAt(a, 0).start - stmt.span.start;
      const raw = stmt.text.slice(start, start + (b - a));
      const inText = start >= 0 && start <= stmt.text.length;
      return inText ? textSpan(stmt, start, raw.trimEnd().length) : stmt.spanAt(a, b - a);
    }
  }
  return name ? findNameSpan(stmt, name.split('.')) : stmt.span;
}

/** A literal's value (`number`, strings, `bool`, `null`), `undefined` for non-literals. */
export function myConstValue(node: unknown): string | number | boolean | null | undefined {
  if (!isRecord(node)) return undefined;
  switch (node.type) {
    case 'number':
      return typeof node.value === 'number' ? node.value : Number(node.value);
    case 'bool':
    case 'boolean':
      return node.value === true;
    case 'null':
      return null;
    case 'single_quote_string':
    case 'double_quote_string':
    case 'string':
    case 'natural_string':
      return typeof node.value === 'string' ? node.value : undefined;
    default:
      return undefined;
  }
}

function colName(node: unknown): string | undefined {
  if (!isMyType(node, 'column_ref')) return undefined;
  const col = isRecord(node.column) ? (node.column as MyNode).expr : node.column;
  const c =
    typeof col === 'string' ? col : isRecord(col) && typeof col.value === 'string' ? col.value : undefined;
  if (c === undefined || c === '*') return undefined;
  return (typeof node.table === 'string' ? `${node.table}.${c}` : c).toLowerCase();
}

/**
 * Whether a node-sql-parser WHERE expression is true for every row; same cases as
 * {@link import('./pg').isPgTautology} (`TRUE`, `1`, `1 = 1`, `'a' = 'a'`, an expression compared
 * with itself — `id = id`, `coalesce(id, 0) >= coalesce(id, 0)`, `id IN (id)` (mysql-same-expr.ts) —,
 * `id IS NOT NULL`, `OR` with a tautological branch, `AND` of tautologies, `NOT` of a contradiction).
 */
export function isMyTautology(expr: unknown): boolean {
  return myTruth(expr) === true;
}

function myTruth(expr: unknown): boolean | undefined {
  const v = myConstValue(expr);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (!isRecord(expr)) return undefined;
  const negated = mysqlNegated(expr);
  if (negated) {
    const t = myTruth(negated.operand);
    return t === undefined ? undefined : !t;
  }
  if (expr.type !== 'binary_expr') return undefined;
  const op = String(expr.operator).toUpperCase();
  if (op === 'OR' || op === '||')
    return myTruth(expr.left) === true || myTruth(expr.right) === true ? true : undefined;
  if (op === 'AND' || op === '&&')
    return myTruth(expr.left) === true && myTruth(expr.right) === true ? true : undefined;
  if (op === 'IS NOT' && isMyType(expr.right, 'null')) {
    const c = colName(expr.left);
    if (c !== undefined && (c === 'id' || c.endsWith('.id'))) return true;
    const k = myConstValue(expr.left);
    return k === undefined ? undefined : k !== null;
  }
  if (op === 'LIKE') {
    const p = myConstValue(expr.right);
    return typeof p === 'string' && /^%+$/.test(p) ? true : undefined;
  }
  const consts = compareConstants(op, myConstValue(expr.left), myConstValue(expr.right));
  return consts ?? mysqlSelfComparison(expr);
}

/**
 * Depth-first walk over every object below `root` (root included) of a node-sql-parser AST;
 * the visitor gets each record node. Returning `false` skips the subtree.
 */
export function walkMy(root: unknown, visit: (node: MyNode) => boolean | void): void {
  if (Array.isArray(root)) {
    for (const item of root) walkMy(item, visit);
    return;
  }
  if (!isRecord(root)) return;
  if (visit(root) === false) return;
  for (const [k, v] of Object.entries(root)) if (k !== 'loc') walkMy(v, visit);
}

/** Lower-cased name of a node-sql-parser `{ type: 'function' }` node (`load_file`), else `undefined`. */
export function myFuncName(node: MyNode): string | undefined {
  if (node.type !== 'function') return undefined;
  const name = node.name;
  if (typeof name === 'string') return name.toLowerCase();
  if (!isRecord(name)) return undefined;
  const parts = myList(name.name).map((p) => myText(p.value));
  return parts[parts.length - 1] || undefined;
}
