import { asNode, isRecord, list, nodeType, stringValue, type PgFields } from './pg-ast';

/**
 * A small constant evaluator over libpg-query expressions, to tell whether an UPDATE/DELETE
 * WHERE clause is always true. Three-valued: `true`, `false`, or `undefined` (depends on data).
 * Column references are treated as non-null for `x = x`, and `id IS NOT NULL` (a primary key) is
 * true: the cases a careless "match everything" filter is written with. `other IS NOT NULL` depends
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

/** Structural identity of two column references (`x` vs `x`, `t.x` vs `t.x`). */
function sameColumn(a: unknown, b: unknown): boolean {
  const ca = asNode(a, 'ColumnRef');
  const cb = asNode(b, 'ColumnRef');
  if (!ca || !cb) return false;
  const na = list(ca.fields).map(stringValue);
  const nb = list(cb.fields).map(stringValue);
  return na.length > 0 && na.length === nb.length && na.every((p, i) => p !== undefined && p === nb[i]);
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

function evalOp(f: PgFields): boolean | undefined {
  if (f.kind !== 'AEXPR_OP') return undefined;
  const op = list(f.name).map(stringValue).pop();
  if (!op) return undefined;
  if (sameColumn(f.lexpr, f.rexpr)) {
    if (op === '=' || op === '<=' || op === '>=') return true;
    if (op === '<>' || op === '!=' || op === '<' || op === '>') return false;
  }
  return compare(op, constValue(f.lexpr), constValue(f.rexpr));
}

/**
 * Evaluates a boolean expression: `true` when it is constant-true (`1=1`, `true`, `'a'='a'`,
 * `x = x`, `x IS NOT NULL`, `NOT false`, `p OR <tautology>`, `<tautology> AND <tautology>`),
 * `false` when constant-false, `undefined` when it depends on the rows.
 */
export function evaluateBool(node: unknown): boolean | undefined {
  const type = nodeType(node);
  if (!type) return undefined;
  const c = constValue(node);
  if (c !== undefined) return typeof c === 'boolean' ? c : undefined;
  const f = asNode(node, type);
  if (!f) return undefined;
  switch (type) {
    case 'BoolExpr': {
      const args = list(f.args).map(evaluateBool);
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
      return evalOp(f);
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
      const v = evaluateBool(f.arg);
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
