import type { SqlStatement } from '../../../sql/model';
import {
  asNode,
  isRecord,
  list,
  location,
  nodeType,
  rangeVarName,
  stringValue,
  walk,
  type PgFields,
} from '../../../sql/pg-ast';
import { selfComparison, type WhereTarget } from '../../../sql/pg-where';
import type { Span } from '../../../types';
import { textSpan, tokenize } from './text';

/**
 * The fields of a PostgreSQL statement's AST when it is of node type `type` (`DropStmt`…), else
 * `undefined` (other dialects, other statement kinds). `stmt.ast` is libpg-query's `RawStmt.stmt`.
 */
export function pgStmt(stmt: SqlStatement, type: string): PgFields | undefined {
  return stmt.dialect === 'postgresql' ? asNode(stmt.ast, type) : undefined;
}

/**
 * The nodes of type `type` (`FuncCall`…) in a PostgreSQL statement's AST, as their fields, in
 * `walk` order: from the statement's shared node index when it has one (one walk per statement
 * for all rules), else by walking `stmt.ast`.
 */
export function pgNodes(stmt: SqlStatement, type: string): readonly PgFields[] {
  if (stmt.nodesOfType) return stmt.nodesOfType(type);
  const out: PgFields[] = [];
  walk(stmt.ast, (t, f) => {
    if (t === type) out.push(f);
  });
  return out;
}

/**
 * Span of the (possibly qualified, possibly quoted) name that starts at libpg-query `location`
 * (a `RangeVar.location`, a `FuncCall.location`…). Uses {@link SqlStatement.spanAt} to place the
 * start and the statement text's tokens to measure the name; `fallbackLength` characters when
 * the text cannot be measured.
 */
export function nameSpanAt(stmt: SqlStatement, loc: number | undefined, fallbackLength: number): Span {
  if (loc === undefined) return stmt.span;
  const start = stmt.spanAt(loc, 0);
  const k = start.start - stmt.span.start;
  if (k < 0 || k > stmt.text.length || stmt.span.end - stmt.span.start !== stmt.text.length) {
    return stmt.spanAt(loc, fallbackLength);
  }
  const tokens = tokenize(stmt.text.slice(k));
  let end = 0;
  for (let i = 0; i < tokens.length; i += 2) {
    const t = tokens[i];
    if (!t || (t.kind !== 'word' && t.kind !== 'quoted')) break;
    end = t.end;
    if (tokens[i + 1]?.value !== '.') break;
  }
  return end > 0 ? textSpan(stmt, k, end) : stmt.spanAt(loc, fallbackLength);
}

/** Span of a `RangeVar` node (or its fields) in the statement: the relation name as written. */
export function rangeVarSpan(stmt: SqlStatement, rv: unknown): Span {
  const f = asNode(rv, 'RangeVar') ?? (isRecord(rv) ? rv : undefined);
  const name = rangeVarName(rv) ?? '';
  return nameSpanAt(stmt, f ? location(f) : undefined, name.length);
}

/** The lower-cased last part of a `FuncCall`'s `funcname` (`pg_catalog.pg_read_file` ⇒ `pg_read_file`). */
export function funcCallName(fields: PgFields): string | undefined {
  const parts = list(fields.funcname).map(stringValue);
  return parts[parts.length - 1]?.toLowerCase();
}

/** A constant's value: `A_Const` ival/fval/sval/boolval, `TypeCast` of a constant, or `undefined`. */
export function pgConstValue(node: unknown): string | number | boolean | null | undefined {
  const cast = asNode(node, 'TypeCast');
  if (cast) return pgConstValue(cast.arg);
  const c = asNode(node, 'A_Const');
  if (!c) return undefined;
  if (c.isnull === true) return null;
  const inner = (key: string, field: string): unknown =>
    isRecord(c[key]) ? (c[key] as PgFields)[field] : undefined;
  if ('ival' in c) return Number(inner('ival', 'ival') ?? 0);
  if ('fval' in c) return Number(inner('fval', 'fval') ?? 0);
  if ('boolval' in c) return inner('boolval', 'boolval') === true;
  if ('sval' in c) return String(inner('sval', 'sval') ?? '');
  return undefined;
}

/** `ColumnRef` fields ⇒ dotted lower-case name (`t.id`), `undefined` for `*` or non-columns. */
function columnName(node: unknown): string | undefined {
  const c = asNode(node, 'ColumnRef');
  if (!c) return undefined;
  const parts = list(c.fields).map(stringValue);
  return parts.every((p) => p !== undefined) ? parts.join('.').toLowerCase() : undefined;
}

/** Compares two constants with a comparison operator; `undefined` when not decidable. */
export function compareConstants(op: string, a: unknown, b: unknown): boolean | undefined {
  if (a === undefined || b === undefined || a === null || b === null) return undefined;
  const x = typeof a === 'number' && typeof b === 'string' && b.trim() !== '' ? String(a) : a;
  const y = typeof b === 'number' && typeof a === 'string' && a.trim() !== '' ? String(b) : b;
  if (typeof x !== typeof y) return undefined;
  switch (op) {
    case '=':
      return x === y;
    case '<>':
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
    default:
      return undefined;
  }
}

/**
 * Whether a PostgreSQL WHERE expression is true for every row: constants that evaluate to true
 * (`true`, `1`, `1 = 1`, `'a' = 'a'`), an expression compared with itself (`id = id`,
 * `coalesce(id, 0) = coalesce(id, 0)`, `id IS NOT DISTINCT FROM id`: pg-where.ts `selfComparison`;
 * `target` names the table and alias whose qualifier may be left out), `id IS NOT NULL`
 * (a primary key column by convention), `NOT` of a contradiction, an `OR` with a tautological
 * branch, an `AND` of tautologies. Conservative: anything else is not a tautology.
 */
export function isPgTautology(expr: unknown, target?: WhereTarget): boolean {
  return pgTruth(expr, target) === true;
}

function pgTruth(expr: unknown, target: WhereTarget | undefined): boolean | undefined {
  const v = pgConstValue(expr);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const bool = asNode(expr, 'BoolExpr');
  if (bool) {
    const args = list(bool.args).map((a) => pgTruth(a, target));
    if (bool.boolop === 'OR_EXPR') return args.some((a) => a === true) ? true : undefined;
    if (bool.boolop === 'AND_EXPR') return args.every((a) => a === true) ? true : undefined;
    if (bool.boolop === 'NOT_EXPR') return args[0] === undefined ? undefined : !args[0];
    return undefined;
  }
  const test = asNode(expr, 'NullTest');
  if (test) {
    const col = columnName(test.arg);
    const isNotNull = test.nulltesttype === 'IS_NOT_NULL';
    if (col !== undefined && (col === 'id' || col.endsWith('.id')) && isNotNull) return true;
    const c = pgConstValue(test.arg);
    if (c !== undefined) return isNotNull ? c !== null : c === null;
    return undefined;
  }
  const e = asNode(expr, 'A_Expr');
  if (e && e.kind === 'AEXPR_OP') {
    const op = stringValue(list(e.name)[0]) ?? '';
    const consts = compareConstants(op, pgConstValue(e.lexpr), pgConstValue(e.rexpr));
    if (consts !== undefined) return consts;
  }
  if (e) {
    const self = selfComparison(e, target);
    if (self !== undefined) return self;
  }
  if (e && e.kind === 'AEXPR_LIKE') {
    const pattern = pgConstValue(e.rexpr);
    return typeof pattern === 'string' && /^%+$/.test(pattern) && stringValue(list(e.name)[0]) === '~~'
      ? true
      : undefined;
  }
  return undefined;
}

/** Whether `node` is a libpg-query node of one of `types`. */
export function isNodeOf(node: unknown, ...types: string[]): boolean {
  const t = nodeType(node);
  return t !== undefined && types.includes(t);
}

/**
 * `DropStmt.objects` ⇒ the name parts of each dropped object: `List { items }` for relations
 * (`[['public', 'users']]`), a bare `String` for schemas, extensions, languages (`[['s']]`).
 * Objects that are not plain names (functions with argument types) give their name parts only.
 */
export function dropObjects(drop: PgFields): string[][] {
  return list(drop.objects).map((obj) => {
    const single = stringValue(obj);
    if (single !== undefined) return [single];
    const items = list(asNode(obj, 'List')?.items ?? asNode(obj, 'ObjectWithArgs')?.objname);
    return items.map(stringValue).filter((s): s is string => s !== undefined);
  });
}

/** A `RoleSpec` node's role as written: its name, or `PUBLIC`, `CURRENT_USER`, `SESSION_USER`, `CURRENT_ROLE`. */
export function roleSpecName(node: unknown): string {
  const f = asNode(node, 'RoleSpec') ?? (isRecord(node) ? node : {});
  if (typeof f.rolename === 'string') return f.rolename;
  return String(f.roletype ?? 'ROLESPEC_UNKNOWN').replace(/^ROLESPEC_/, '');
}

/**
 * Whether a top-level statement before `stmt` in the same text (from the optional
 * `SqlFileContext.statements`) satisfies `pred` — e.g. created the schema `stmt` drops.
 * `false` when the analyzer does not provide the statements.
 */
export function earlierStatement(
  stmt: SqlStatement,
  statements: readonly SqlStatement[] | undefined,
  pred: (earlier: SqlStatement) => boolean,
): boolean {
  return (statements ?? []).some((s) => s.index < stmt.index && s.origin === 'top' && s !== stmt && pred(s));
}

/** The `GrantStmt` fields inside `ALTER DEFAULT PRIVILEGES … GRANT …` (its `action`), else `undefined`. */
export function defaultPrivilegesGrant(stmt: SqlStatement): PgFields | undefined {
  const action = pgStmt(stmt, 'AlterDefaultPrivilegesStmt')?.action;
  return asNode(action, 'GrantStmt') ?? (isRecord(action) ? action : undefined);
}
