import type { Parsers } from '../parsers';
import { asNode, isRecord, list, stringValue, type PgFields } from './pg-ast';
import { MAX_PAREN_DEPTH, parenDepthExceeds } from './prepare';

/**
 * Constant folding of the string expressions PostgreSQL runs as SQL (PL/pgSQL `EXECUTE expr`,
 * `dblink_exec(conn, expr)`…): when every part of the expression is a literal, the text it
 * evaluates to is known before it runs and can be judged as SQL like any other statement.
 *
 * Folded (PostgreSQL docs, "String Functions and Operators"): string literals (any quoting), the
 * `||` operator, `concat`, `concat_ws`, `format` (`%s`, `%I`, `%L`, `%%`, positional `%n$`),
 * `quote_ident`, `quote_literal`, `quote_nullable`, `lower`, `upper`, `replace`, `reverse`, `chr`,
 * `repeat`, and casts to `text`/`varchar` without a length. Anything else — a variable, a column, a
 * parameter, another function, a NULL — makes the expression not constant: it stays opaque
 * (`dynamic-sql`). Work is bounded: the text is at most {@link MAX_FOLDED_LENGTH} characters and
 * the expression at most {@link MAX_FOLD_DEPTH} levels deep; beyond that the result is `tooLarge`,
 * which callers report as `unparsed` (never silently allowed).
 */
export type Folded =
  { kind: 'constant'; text: string } | { kind: 'dynamic' } | { kind: 'tooLarge'; limit: string };

/** Longest text a folded expression may build (UTF-16 units). */
export const MAX_FOLDED_LENGTH = 64 * 1024;
/** Deepest expression folded (nested operators and calls). */
export const MAX_FOLD_DEPTH = 32;

/** Thrown inside the fold when a bound is exceeded; caught by {@link foldPgString}. */
class TooLarge extends Error {
  constructor(readonly limit: string) {
    super(limit);
  }
}

/** `quote_ident`: always double-quoted (the same identifier for the parser, simpler than PostgreSQL's keyword test). */
function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** `quote_literal`: single-quoted, `E'…'` with doubled backslashes when the text has one (PostgreSQL's quote.c). */
function quoteLiteral(s: string): string {
  const body = s.replace(/'/g, "''");
  return s.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

/** Text casts that keep a string as it is (a length modifier may truncate it: not folded). */
const TEXT_TYPES = new Set(['text', 'varchar', 'unknown', 'name']);

/**
 * `format(fmt, args…)` for `%s`, `%I`, `%L`, `%%` and `%n$…` (no width or `-` flag): the formatted
 * text, or `undefined` when the format uses anything else or refers to a missing argument.
 */
function format(fmt: string, args: readonly string[]): string | undefined {
  let out = '';
  let next = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    const m = /^%(?:(\d+)\$)?([sIL%])/.exec(fmt.slice(i));
    if (!m) return undefined;
    i += m[0].length - 1;
    if (m[2] === '%') {
      if (m[1] !== undefined) return undefined;
      out += '%';
      continue;
    }
    const index = m[1] !== undefined ? Number(m[1]) - 1 : next;
    next = index + 1;
    const arg = args[index];
    if (arg === undefined) return undefined;
    out += m[2] === 'I' ? quoteIdent(arg) : m[2] === 'L' ? quoteLiteral(arg) : arg;
  }
  return out;
}

/** A function's lower-case name when unqualified or in `pg_catalog`, else `undefined`. */
function builtinName(f: PgFields): string | undefined {
  const parts = list(f.funcname).map(stringValue);
  if (parts.length === 2 && parts[0] === 'pg_catalog') return parts[1]?.toLowerCase();
  return parts.length === 1 ? parts[0]?.toLowerCase() : undefined;
}

/** Folds `node` to its text, `undefined` when not constant; throws {@link TooLarge} past a bound. */
function fold(node: unknown, depth: number): string | undefined {
  if (depth > MAX_FOLD_DEPTH) throw new TooLarge(`${MAX_FOLD_DEPTH} levels`);
  const out = foldNode(node, depth);
  if (out !== undefined && out.length > MAX_FOLDED_LENGTH)
    throw new TooLarge(`${MAX_FOLDED_LENGTH} characters`);
  return out;
}

function foldNode(node: unknown, depth: number): string | undefined {
  const c = asNode(node, 'A_Const');
  if (c) {
    if (c.isnull === true) return undefined;
    if (isRecord(c.sval)) return typeof c.sval.sval === 'string' ? c.sval.sval : '';
    if (isRecord(c.ival)) return String(typeof c.ival.ival === 'number' ? c.ival.ival : 0);
    if (isRecord(c.fval) && typeof c.fval.fval === 'string') return c.fval.fval;
    return undefined;
  }
  const cast = asNode(node, 'TypeCast');
  if (cast) {
    const type = isRecord(cast.typeName) ? cast.typeName : {};
    const name = list(type.names).map(stringValue).pop();
    if (!name || !TEXT_TYPES.has(name) || list(type.typmods).length > 0 || list(type.arrayBounds).length > 0)
      return undefined;
    return fold(cast.arg, depth + 1);
  }
  const e = asNode(node, 'A_Expr');
  if (e) {
    if (e.kind !== 'AEXPR_OP' || list(e.name).map(stringValue).join('.') !== '||') return undefined;
    const l = fold(e.lexpr, depth + 1);
    const r = l === undefined ? undefined : fold(e.rexpr, depth + 1);
    return l !== undefined && r !== undefined ? l + r : undefined;
  }
  const f = asNode(node, 'FuncCall');
  if (!f || f.agg_star === true || f.agg_distinct === true || f.func_variadic === true || f.over)
    return undefined;
  const name = builtinName(f);
  const raw = list(f.args);
  // concat / concat_ws skip NULL arguments; every other function here returns NULL for one.
  const isNull = (a: unknown): boolean => asNode(a, 'A_Const')?.isnull === true;
  if (name === 'concat' || name === 'concat_ws') {
    const parts: string[] = [];
    for (const a of raw) {
      if (isNull(a)) continue;
      const v = fold(a, depth + 1);
      if (v === undefined) return undefined;
      parts.push(v);
    }
    if (name === 'concat') return parts.join('');
    if (raw.length === 0 || isNull(raw[0])) return undefined;
    const [sep = '', ...rest] = parts;
    return rest.join(sep);
  }
  const args: string[] = [];
  for (const a of raw) {
    const v = fold(a, depth + 1);
    if (v === undefined) return undefined;
    args.push(v);
  }
  const [a0, a1, a2] = args;
  switch (name) {
    case 'format':
      return a0 === undefined ? undefined : format(a0, args.slice(1));
    case 'quote_ident':
      return args.length === 1 && a0 !== undefined ? quoteIdent(a0) : undefined;
    case 'quote_literal':
    case 'quote_nullable':
      return args.length === 1 && a0 !== undefined ? quoteLiteral(a0) : undefined;
    case 'lower':
      return args.length === 1 ? a0?.toLowerCase() : undefined;
    case 'upper':
      return args.length === 1 ? a0?.toUpperCase() : undefined;
    case 'reverse':
      return args.length === 1 && a0 !== undefined ? [...a0].reverse().join('') : undefined;
    case 'replace':
      return args.length === 3 && a0 !== undefined && a1 !== undefined && a2 !== undefined
        ? a1 === ''
          ? a0
          : a0.split(a1).join(a2)
        : undefined;
    case 'chr': {
      const code = Number(a0);
      return args.length === 1 && Number.isInteger(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : undefined;
    }
    case 'repeat': {
      const n = Number(a1);
      if (args.length !== 2 || a0 === undefined || !Number.isInteger(n)) return undefined;
      if (n > 0 && a0.length * n > MAX_FOLDED_LENGTH) throw new TooLarge(`${MAX_FOLDED_LENGTH} characters`);
      return n > 0 ? a0.repeat(n) : '';
    }
    default:
      return undefined;
  }
}

/** Folds a parsed expression node (see {@link Folded}). */
export function foldPgNode(node: unknown): Folded {
  try {
    const text = fold(node, 0);
    return text === undefined ? { kind: 'dynamic' } : { kind: 'constant', text };
  } catch (e) {
    if (e instanceof TooLarge) return { kind: 'tooLarge', limit: e.limit };
    throw e;
  }
}

/**
 * Folds the text of a PL/pgSQL expression (the `query` of an `EXECUTE`, as the PL/pgSQL parser
 * gives it: `'DROP TABLE ' || 'users'`) by parsing it as `SELECT <expr>` with libpg-query. Not
 * one plain expression (or not parseable) ⇒ `dynamic`; nested deeper than the parser's depth
 * limit ⇒ `tooLarge`.
 */
export function foldPgExpression(parsers: Parsers, expr: string): Folded {
  if (expr.length > MAX_FOLDED_LENGTH * 2)
    return { kind: 'tooLarge', limit: `${MAX_FOLDED_LENGTH} characters` };
  if (parenDepthExceeds(expr, 'postgresql', MAX_PAREN_DEPTH))
    return { kind: 'tooLarge', limit: `${MAX_PAREN_DEPTH} levels` };
  let stmts: { stmt?: unknown }[];
  try {
    stmts = (parsers.pg.parseSync(`SELECT ${expr}`).stmts ?? []) as { stmt?: unknown }[];
  } catch {
    return { kind: 'dynamic' };
  }
  const sel = stmts.length === 1 ? asNode(stmts[0]?.stmt, 'SelectStmt') : undefined;
  const targets = list(sel?.targetList);
  if (!sel || targets.length !== 1 || sel.fromClause || sel.whereClause || sel.op !== 'SETOP_NONE')
    return { kind: 'dynamic' };
  return foldPgNode(asNode(targets[0], 'ResTarget')?.val);
}
