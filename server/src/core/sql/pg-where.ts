import { asNode, isRecord, list, nodeType, stringValue, walk, type PgFields } from './pg-ast';
import { PG_VOLATILE } from './volatile';

/**
 * A small constant evaluator over libpg-query expressions, to tell whether an UPDATE/DELETE
 * WHERE clause is always true. Three-valued: `true`, `false`, or `undefined` (depends on data).
 * An expression compared with itself is taken as non-null (`x = x`, `lower(x) = lower(x)`), and
 * `id IS NOT NULL` (a primary key) is true: the cases a careless "match everything" filter is written with. `other IS NOT NULL` depends
 * on data (soft-delete purges filter that way).
 */

/** A constant's value: boolean, number, string, `null` (SQL NULL), or `undefined` (not constant). */
type Value = boolean | number | string | null | undefined;

function constValue(node: unknown): Value {
  const c = asNode(node, 'A_Const');
  if (c) {
    if (c.isnull === true) return null;
    const bool = c.boolval;
    if (isRecord(bool)) return bool.boolval === true;
    const ival = c.ival;
    if (isRecord(ival)) return typeof ival.ival === 'number' ? ival.ival : 0;
    const fval = c.fval;
    if (isRecord(fval) && typeof fval.fval === 'string') return Number(fval.fval);
    const sval = c.sval;
    if (isRecord(sval)) return typeof sval.sval === 'string' ? sval.sval : '';
    return undefined;
  }
  const cast = asNode(node, 'TypeCast');
  if (cast) {
    const v = constValue(cast.arg);
    const typeName = list(isRecord(cast.typeName) ? cast.typeName.names : undefined)
      .map(stringValue)
      .pop();
    if (typeName === 'bool' && typeof v === 'string') {
      if (/^(t|true|y|yes|on|1)$/i.test(v)) return true;
      if (/^(f|false|n|no|off|0)$/i.test(v)) return false;
    }
    return v;
  }
  return undefined;
}

/** Fields that say where a node was written, not what it is (ignored when comparing trees). */
const POSITION_FIELDS = new Set(['location', 'rexpr_list_start', 'rexpr_list_end']);
/** Deeper trees are not compared (a WHERE that deep is not written by hand; the answer is "not the same"). */
const MAX_COMPARE_DEPTH = 64;

/**
 * The target a WHERE filters: its lower-case table name and alias (`DELETE FROM users AS u`), so
 * `users.id`, `u.id` and `id` name the same column.
 */
export interface WhereTarget {
  table?: string;
  alias?: string;
}

/** The {@link WhereTarget} of an UPDATE/DELETE `relation` (a `RangeVar` node or its fields). */
export function whereTarget(relation: unknown): WhereTarget {
  const rv = asNode(relation, 'RangeVar') ?? (isRecord(relation) ? relation : {});
  const alias = isRecord(rv.alias) ? rv.alias.aliasname : undefined;
  return {
    ...(typeof rv.relname === 'string' ? { table: rv.relname.toLowerCase() } : {}),
    ...(typeof alias === 'string' ? { alias: alias.toLowerCase() } : {}),
  };
}

function asTarget(target: string | WhereTarget | undefined): WhereTarget {
  return typeof target === 'string' ? { table: target } : (target ?? {});
}

/** A column reference's name parts, lower-case, without a qualifier that names the target. */
function columnParts(fields: PgFields, target: WhereTarget): unknown[] {
  const parts = list(fields.fields);
  const names = parts.map(stringValue);
  if (names.length === 2 && names.every((n) => n !== undefined)) {
    const q = names[0]?.toLowerCase();
    if (q !== undefined && (q === target.table || q === target.alias)) return parts.slice(1);
  }
  return parts;
}

function sameTree(a: unknown, b: unknown, target: WhereTarget, depth: number): boolean {
  if (depth > MAX_COMPARE_DEPTH) return false;
  if (a === b) return true;
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) && a.length === b.length && a.every((x, i) => sameTree(x, b[i], target, depth + 1))
    );
  }
  if (!isRecord(a) || !isRecord(b) || Array.isArray(b)) return false;
  const ca = asNode(a, 'ColumnRef');
  const cb = asNode(b, 'ColumnRef');
  if (ca && cb) return sameTree(columnParts(ca, target), columnParts(cb, target), target, depth + 1);
  const ka = Object.keys(a).filter((k) => !POSITION_FIELDS.has(k));
  const kb = Object.keys(b).filter((k) => !POSITION_FIELDS.has(k));
  return ka.length === kb.length && ka.every((k) => k in b && sameTree(a[k], b[k], target, depth + 1));
}

/** Whether `node` calls a function that can return a different value at each call (`random()`). */
function callsVolatile(node: unknown): boolean {
  let found = false;
  walk(node, (type, fields) => {
    if (found) return false;
    if (
      type === 'FuncCall' &&
      PG_VOLATILE.has(list(fields.funcname).map(stringValue).pop()?.toLowerCase() ?? '')
    )
      found = true;
    return !found;
  });
  return found;
}

/**
 * Whether two expressions are the same value for every row: their parse trees are equal apart
 * from positions (a column qualified by the target's name or alias equals the bare column), and
 * neither calls a volatile built-in (`random() = random()` varies; PostgreSQL docs, "Function
 * Volatility Categories"). A function not known to be volatile counts as deterministic: if it is
 * not, the filter picks rows at random, which a reviewer should see too. NULL is the one value not
 * equal to itself: `expr = expr` is true for every row where `expr` is not NULL, taken as "every
 * row" exactly as `x = x` always was (a careless or disguised "match everything").
 */
export function sameExpression(a: unknown, b: unknown, target?: string | WhereTarget): boolean {
  if (a === undefined || b === undefined || constValue(a) === null) return false;
  return sameTree(a, b, asTarget(target), 0) && !callsVolatile(a);
}

/**
 * An `A_Expr` comparing an expression with itself: `x = x`, `x <= x`, `x >= x` (true),
 * `x <> x`, `x < x`, `x > x` (false), `x IS NOT DISTINCT FROM x` (true, NULL included),
 * `x IS DISTINCT FROM x` (false), `x IN (…, x, …)` (true; `NOT IN` false), `x BETWEEN x AND x`.
 * `undefined` when the two sides differ or the operator is another one. Constants are left to
 * the constant evaluator (`NULL = NULL` is not true).
 */
export function selfComparison(f: PgFields, target?: string | WhereTarget): boolean | undefined {
  const op = list(f.name).map(stringValue).pop();
  switch (f.kind) {
    case 'AEXPR_OP':
      if (!sameExpression(f.lexpr, f.rexpr, target)) return undefined;
      if (op === '=' || op === '<=' || op === '>=') return true;
      if (op === '<>' || op === '!=' || op === '<' || op === '>') return false;
      return undefined;
    case 'AEXPR_NOT_DISTINCT':
      return sameExpression(f.lexpr, f.rexpr, target) ? true : undefined;
    case 'AEXPR_DISTINCT':
      return sameExpression(f.lexpr, f.rexpr, target) ? false : undefined;
    case 'AEXPR_IN': {
      const items = list(asNode(f.rexpr, 'List')?.items ?? f.rexpr);
      if (!items.some((item) => sameExpression(f.lexpr, item, target))) return undefined;
      return op === '=' ? true : op === '<>' ? false : undefined;
    }
    case 'AEXPR_BETWEEN': {
      const [lo, hi] = list(asNode(f.rexpr, 'List')?.items ?? f.rexpr);
      return sameExpression(f.lexpr, lo, target) && sameExpression(f.lexpr, hi, target) ? true : undefined;
    }
    default:
      return undefined;
  }
}

function compare(op: string, l: Value, r: Value): boolean | undefined {
  if (l === undefined || r === undefined || l === null || r === null) return undefined;
  if (typeof l !== typeof r) {
    // '1' = 1: PostgreSQL coerces the unknown-typed literal; compare as text.
    return compare(op, String(l), String(r));
  }
  switch (op) {
    case '=':
      return l === r;
    case '<>':
    case '!=':
      return l !== r;
    case '<':
      return l < r;
    case '>':
      return l > r;
    case '<=':
      return l <= r;
    case '>=':
      return l >= r;
    default:
      return undefined;
  }
}

/** `a IS NOT DISTINCT FROM b` over two constants: NULL is not distinct from NULL. */
function notDistinct(l: Value, r: Value): boolean | undefined {
  if (l === null || r === null) return l === r;
  return compare('=', l, r);
}

function evalOp(f: PgFields, target: WhereTarget): boolean | undefined {
  const l = constValue(f.lexpr);
  const r = constValue(f.rexpr);
  if (l === undefined || r === undefined) return selfComparison(f, target);
  if (f.kind === 'AEXPR_NOT_DISTINCT') return notDistinct(l, r);
  if (f.kind === 'AEXPR_DISTINCT') {
    const same = notDistinct(l, r);
    return same === undefined ? undefined : !same;
  }
  const op = list(f.name).map(stringValue).pop();
  return f.kind === 'AEXPR_OP' && op ? compare(op, l, r) : undefined;
}

/** A subquery that returns every row of its one table: no WHERE, GROUP BY, HAVING, LIMIT or set operation. */
function unfilteredScan(subselect: unknown): { table: string; select: PgFields } | undefined {
  const sel = asNode(subselect, 'SelectStmt');
  if (!sel || sel.whereClause || sel.groupClause || sel.havingClause || sel.limitCount || sel.limitOffset)
    return undefined;
  if (sel.op !== undefined && sel.op !== 'SETOP_NONE') return undefined;
  const from = list(sel.fromClause);
  const table = from.length === 1 ? asNode(from[0], 'RangeVar') : undefined;
  const name = typeof table?.relname === 'string' ? table.relname.toLowerCase() : undefined;
  return name ? { table: name, select: sel } : undefined;
}

/**
 * `id IN (SELECT id FROM <the target table>)` and `EXISTS (SELECT … FROM <the target table>)`
 * without a filter: every row of the target matches (a filter written to look like one).
 */
function evalSubLink(f: PgFields, target: string | undefined): boolean | undefined {
  const scan = unfilteredScan(f.subselect);
  if (!scan || target === undefined || scan.table !== target) return undefined;
  if (f.subLinkType === 'EXISTS_SUBLINK') return true;
  if (f.subLinkType !== 'ANY_SUBLINK' || f.operName !== undefined) return undefined;
  const items = list(scan.select.targetList);
  const only = items.length === 1 ? asNode(items[0], 'ResTarget') : undefined;
  const tested = columnOf(f.testexpr);
  return tested !== undefined && tested === columnOf(only?.val) ? true : undefined;
}

/**
 * Evaluates a boolean expression: `true` when it is constant-true (`1=1`, `true`, `'a'='a'`,
 * an expression compared with itself — `x = x`, `coalesce(x, 0) >= coalesce(x, 0)`,
 * `x IS NOT DISTINCT FROM x` (see {@link selfComparison}) —, `id IS NOT NULL`, `NOT false`,
 * `p OR <tautology>`, `<tautology> AND <tautology>`, and,
 * given the written table `target` (lower-case name, or name and alias), `id IN (SELECT id FROM target)` and
 * `EXISTS (SELECT 1 FROM target)` without a filter), `false` when constant-false, `undefined` when
 * it depends on the rows.
 */
export function evaluateBool(node: unknown, target?: string | WhereTarget): boolean | undefined {
  const t = asTarget(target);
  const type = nodeType(node);
  if (!type) return undefined;
  const c = constValue(node);
  if (c !== undefined) return typeof c === 'boolean' ? c : undefined;
  const f = asNode(node, type);
  if (!f) return undefined;
  switch (type) {
    case 'SubLink':
      return evalSubLink(f, t.table);
    case 'BoolExpr': {
      const args = list(f.args).map((a) => evaluateBool(a, t));
      if (f.boolop === 'NOT_EXPR') return args[0] === undefined ? undefined : !args[0];
      if (f.boolop === 'AND_EXPR') {
        if (args.some((a) => a === false)) return false;
        return args.every((a) => a === true) ? true : undefined;
      }
      if (f.boolop === 'OR_EXPR') {
        if (args.some((a) => a === true)) return true;
        return args.every((a) => a === false) ? false : undefined;
      }
      return undefined;
    }
    case 'A_Expr':
      return evalOp(f, t);
    case 'NullTest': {
      const isNotNull = f.nulltesttype === 'IS_NOT_NULL';
      // Only a primary-key-like `id` is taken as never null: `deleted_at IS NOT NULL` is a real
      // filter (soft-delete purges), `id IS NOT NULL` is a careless "match everything".
      const col = asNode(f.arg, 'ColumnRef');
      if (col) {
        const last = stringValue(list(col.fields).at(-1));
        return isNotNull && last?.toLowerCase() === 'id' ? true : undefined;
      }
      const v = constValue(f.arg);
      if (v === undefined) return undefined;
      return isNotNull ? v !== null : v === null;
    }
    case 'BooleanTest': {
      const v = evaluateBool(f.arg, t);
      if (v === undefined) return undefined;
      if (f.booltesttype === 'IS_TRUE') return v;
      if (f.booltesttype === 'IS_FALSE') return !v;
      if (f.booltesttype === 'IS_NOT_FALSE') return v;
      if (f.booltesttype === 'IS_NOT_TRUE') return !v;
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Column names that, by convention, hold a surrogate key (`id`, `user_id`) or the time a row was
 * written (`created_at`, `updated_at`, `inserted_at`, `ts`): a range predicate on them that every
 * existing row satisfies does not narrow a write. Future-looking timestamps (`expires_at`,
 * `valid_until`) are not here: `expires_at < now()` is an ordinary purge.
 */
export const KEY_COLUMN = /^(id|\w+_id)$/i;
export const WRITTEN_AT_COLUMN =
  /^(created|inserted|updated|modified|added|recorded|logged|imported)(_?(at|on|date|time|timestamp))?$|^(creation|insertion|modification)_?(date|time)$|^(ts|timestamp|date_created|date_added)$/i;
/** Functions and SQL value functions that read the current time. */
const NOW =
  /^(now|clock_timestamp|statement_timestamp|transaction_timestamp|localtimestamp|current_timestamp|current_date|localtime|current_time|sysdate|utc_timestamp|getdate)$/i;

/** The last name of a column reference, lower-cased, or `undefined`. */
function columnOf(node: unknown): string | undefined {
  const col = asNode(node, 'ColumnRef');
  const last = col ? stringValue(list(col.fields).at(-1)) : undefined;
  return last?.toLowerCase();
}

/** True for `now()`, `CURRENT_TIMESTAMP`, `now() + interval '…'` (the current time or later). */
function isNowOrLater(node: unknown): boolean {
  const svf = asNode(node, 'SQLValueFunction');
  if (svf) return /TIMESTAMP|DATE|TIME/.test(String(svf.op));
  const fn = asNode(node, 'FuncCall');
  if (fn) return NOW.test(list(fn.funcname).map(stringValue).pop() ?? '');
  const e = asNode(node, 'A_Expr');
  if (e?.kind === 'AEXPR_OP' && list(e.name).map(stringValue).pop() === '+') {
    return isNowOrLater(e.lexpr) || isNowOrLater(e.rexpr);
  }
  const cast = asNode(node, 'TypeCast');
  if (cast) {
    const v = constValue(cast.arg);
    if (typeof v === 'string' && /^(now|infinity|today|tomorrow)$/i.test(v.trim())) return true;
    return isNowOrLater(cast.arg);
  }
  const c = constValue(node);
  return typeof c === 'string' && /^(now|infinity)$/i.test(c.trim());
}

/** True for a date literal no row was written before (`'1970-01-01'`, `'epoch'`, `'-infinity'`). */
function isAncientDate(node: unknown): boolean {
  const v = constValue(asNode(node, 'TypeCast')?.arg ?? node);
  if (typeof v !== 'string') return false;
  const t = v.trim().toLowerCase();
  if (t === 'epoch' || t === '-infinity') return true;
  const year = /^(\d{4})-\d{2}-\d{2}/.exec(t)?.[1];
  return year !== undefined && Number(year) <= 1970;
}

const FLIP: Record<string, string> = {
  '<': '>',
  '>': '<',
  '<=': '>=',
  '>=': '<=',
  '=': '=',
  '<>': '<>',
  '!=': '!=',
};

/** `column op value` (sides swapped when the column is on the right), or `undefined`. */
function comparison(e: PgFields): { column: string; op: string; value: unknown } | undefined {
  const op = list(e.name).map(stringValue).pop();
  if (!op) return undefined;
  const l = columnOf(e.lexpr);
  if (l) return { column: l, op, value: e.rexpr };
  const r = columnOf(e.rexpr);
  const flipped = FLIP[op];
  return r && flipped ? { column: r, op: flipped, value: e.lexpr } : undefined;
}

/**
 * Why a WHERE clause, though not a tautology, matches every row of a typical table, or
 * `undefined` when it narrows (or may): a range over a surrogate key that every key satisfies
 * (`id > 0`, `id >= 1`, `id <> 0`, `user_id > -1`), a written-at timestamp up to now or later
 * (`created_at <= now()`, `created_at < now() + interval '1 day'`, `updated_at > '1970-01-01'`),
 * `x IS NULL OR x IS NOT NULL`; an OR with such a branch, an AND of them. A heuristic over naming
 * conventions (issue 11 §2), reported as "unbounded" with this reason.
 */
export function coversEveryRow(node: unknown): string | undefined {
  const bool = asNode(node, 'BoolExpr');
  if (bool) {
    const args = list(bool.args);
    if (bool.boolop === 'OR_EXPR') {
      const tests = args.map((a) => asNode(a, 'NullTest'));
      const cols = new Map<string, Set<unknown>>();
      for (const t of tests) {
        const c = t ? columnOf(t.arg) : undefined;
        if (t && c) (cols.get(c) ?? cols.set(c, new Set()).get(c))?.add(t.nulltesttype);
      }
      for (const [c, kinds] of cols)
        if (kinds.size === 2) return `${c} IS NULL OR ${c} IS NOT NULL is true for every row`;
      for (const a of args) {
        const why =
          coversEveryRow(a) ?? (evaluateBool(a) === true ? 'a branch of the OR is always true' : undefined);
        if (why) return why;
      }
      return undefined;
    }
    if (bool.boolop === 'AND_EXPR') {
      const whys = args.map((a) => coversEveryRow(a) ?? (evaluateBool(a) === true ? '' : undefined));
      if (whys.every((w) => w !== undefined) && whys.some((w) => w)) return whys.filter((w) => w).join('; ');
    }
    return undefined;
  }
  const e = asNode(node, 'A_Expr');
  if (!e || e.kind !== 'AEXPR_OP') return undefined;
  const cmp = comparison(e);
  if (!cmp) return undefined;
  const { column, op, value } = cmp;
  if (KEY_COLUMN.test(column)) {
    const v = constValue(value);
    if (typeof v === 'number') {
      if ((op === '>' && v <= 0) || (op === '>=' && v <= 1) || ((op === '<>' || op === '!=') && v <= 0))
        return `${column} ${op} ${v} holds for every key`;
      if ((op === '<' || op === '<=') && v >= 2147483647) return `${column} ${op} ${v} holds for every key`;
    }
  }
  if (WRITTEN_AT_COLUMN.test(column)) {
    if ((op === '<' || op === '<=') && isNowOrLater(value)) return `every row has ${column} ${op} now`;
    if ((op === '>' || op === '>=') && isAncientDate(value)) return `every row has ${column} after 1970`;
  }
  return undefined;
}
