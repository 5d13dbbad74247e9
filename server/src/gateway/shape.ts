/**
 * Statement shapes for the gateway's decision cache. A client sending simple-protocol queries
 * with inline values (`SELECT … WHERE aid = 4123`, pgbench `-M simple`, most ORMs without
 * server-side prepare) sends a new text for every value; judging each costs ~0.4 ms. A verdict
 * is reused for another text of the same shape only when both hold:
 *
 * 1. The text is plain ({@link shapeKey}): no comments, dollar quotes, `$n`, `?`, backslashes,
 *    `;` inside, so its shape key (constants ⇒ `?`) cannot disagree with PostgreSQL's lexer about
 *    where a constant or a comment ends.
 * 2. The judged statement is literal-insensitive ({@link literalInsensitive}): one SELECT whose
 *    constants appear only compared with a column (`col = 1`, `col IN (1, 2)`, `col LIKE 'a%'`,
 *    `col BETWEEN 1 AND 2`) or as LIMIT/OFFSET; no function calls, no CTEs, no SELECT INTO,
 *    no locking clause, no VALUES. A constant anywhere else (`WHERE 1 = 1`, a function argument
 *    such as `pg_read_file('…')`, a DO body) may change the verdict, so such statements are cached
 *    by their exact text only.
 *
 * Source: PostgreSQL docs "pg_stat_statements" (query fingerprints), "Lexical Structure";
 * libpg_query's JSON parse tree (node names as in PostgreSQL's parsenodes.h).
 */

/** Node types of a literal-insensitive SELECT (anything else makes the statement exact-only). */
const SAFE_NODES = new Set([
  'SelectStmt',
  'ResTarget',
  'ColumnRef',
  'RangeVar',
  'Alias',
  'A_Expr',
  'BoolExpr',
  'NullTest',
  'SortBy',
  'TypeCast',
  'TypeName',
  'JoinExpr',
  'List',
  'String',
  'A_Star',
]);
/** A_Expr kinds whose constant operand is only a value compared with a column. */
const SAFE_EXPR_KINDS = new Set([
  'AEXPR_OP',
  'AEXPR_IN',
  'AEXPR_LIKE',
  'AEXPR_ILIKE',
  'AEXPR_BETWEEN',
  'AEXPR_NOT_BETWEEN',
]);

type Json = Record<string, unknown>;

/** `{ Type: body }` ⇒ `[Type, body]` for a parse-tree node, else undefined. */
function nodeOf(v: unknown): [string, Json] | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const keys = Object.keys(v);
  const k = keys[0];
  if (keys.length !== 1 || k === undefined || !/^[A-Z]/.test(k)) return undefined;
  const body = (v as Json)[k];
  return [k, body && typeof body === 'object' ? (body as Json) : {}];
}

/** A column reference, possibly cast (`col`, `t.col`, `col::text`). */
function columnish(v: unknown): boolean {
  const n = nodeOf(v);
  if (!n) return false;
  if (n[0] === 'ColumnRef') return true;
  return n[0] === 'TypeCast' && columnish(n[1].arg);
}

/** Whether `v` (a node, list or field) is safe; `constOk`: a constant is allowed here. */
function safe(v: unknown, constOk: boolean): boolean {
  if (Array.isArray(v)) return v.every((x) => safe(x, constOk));
  if (!v || typeof v !== 'object') return true;
  const n = nodeOf(v);
  if (!n) return Object.values(v as Json).every((x) => safe(x, false));
  const [type, body] = n;
  if (type === 'A_Const') return constOk;
  if (!SAFE_NODES.has(type)) return false;
  if (type === 'TypeCast') return safe(body.arg, constOk) && safe(body.typeName, false);
  if (type === 'List') return safe(body.items, constOk);
  if (type === 'A_Expr') {
    if (!SAFE_EXPR_KINDS.has(String(body.kind))) return false;
    return safe(body.lexpr, columnish(body.rexpr)) && safe(body.rexpr, columnish(body.lexpr));
  }
  if (type === 'SelectStmt') {
    if (body.intoClause || body.valuesLists || body.lockingClause || body.withClause) return false;
    return Object.entries(body).every(([k, x]) => safe(x, k === 'limitCount' || k === 'limitOffset'));
  }
  return Object.values(body).every((x) => safe(x, false));
}

/**
 * Whether a verdict on this parsed statement (libpg_query JSON) holds for every statement that
 * differs from it only in constants (see the module comment). Never throws.
 */
export function literalInsensitive(ast: unknown): boolean {
  try {
    return nodeOf(ast)?.[0] === 'SelectStmt' && safe(ast, false);
  } catch {
    return false;
  }
}

/** Character codes the shape scanner tests. */
const QUOTE = 0x27; // '
const DQUOTE = 0x22; // "
const DOT = 0x2e;
const SEMI = 0x3b;

/** `[A-Za-z_]`: the start of an unquoted identifier or keyword (ASCII only: see {@link shapeKey}). */
function identStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}
function digit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
/** `[A-Za-z0-9_]`. */
function identPart(c: number): boolean {
  return identStart(c) || digit(c);
}
/** Printable ASCII, space, tab, CR, LF: what plain text may hold outside string literals. */
function plainChar(c: number): boolean {
  return (c >= 0x20 && c <= 0x7e) || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * The shape key of `sql` for the decision cache: the text with every string constant (`'…'`,
 * doubled quotes inside) and every numeric constant (`12`, `1.5`, `.5`, `2e-3`) replaced by `?`,
 * everything else kept as it is; or `undefined` when the text is not plain, so that its verdict is
 * cached by its exact text only. Plain (module comment, rule 1) means: at most 4,096 characters;
 * outside string constants only printable ASCII and whitespace, and none of `--`, `/*`, `$`, `?`,
 * `\\`; no backslash inside a string constant (its end then does not depend on
 * `standard_conforming_strings` or an `E` prefix); every quote closed; a `;` only at the end; a
 * number not followed by a letter, digit, `_` or `.` (so `0x1F`, `1_000` and PostgreSQL 15's
 * "trailing junk" are exact-only). Two texts with the same key differ only in the values of
 * their constants, as PostgreSQL's lexer reads them ("Lexical Structure": string and numeric
 * constants). One pass over the text, no regular expressions. Never throws.
 */
export function shapeKey(sql: string): string | undefined {
  const n = sql.length;
  if (n > 4096) return undefined;
  let out = '';
  /** Start of the text not yet copied to `out`. */
  let from = 0;
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (identStart(c)) {
      i++;
      while (i < n && identPart(sql.charCodeAt(i))) i++;
    } else if (c === QUOTE) {
      let j = i + 1;
      for (;;) {
        if (j >= n) return undefined;
        const d = sql.charCodeAt(j);
        if (d === 0x5c /* \ */) return undefined;
        if (d === QUOTE) {
          if (sql.charCodeAt(j + 1) !== QUOTE) break;
          j++;
        }
        j++;
      }
      out += sql.slice(from, i) + '?';
      i = from = j + 1;
    } else if (c === DQUOTE) {
      // A quoted identifier: kept as it is.
      let j = i + 1;
      for (;;) {
        if (j >= n) return undefined;
        if (sql.charCodeAt(j) === DQUOTE) {
          if (sql.charCodeAt(j + 1) !== DQUOTE) break;
          j++;
        }
        j++;
      }
      i = j + 1;
    } else if (digit(c) || (c === DOT && digit(sql.charCodeAt(i + 1)))) {
      if (c === DOT && i > 0) {
        // `t.5`, `"t".5`, `f().5`: not a constant PostgreSQL would read alone.
        const p = sql.charCodeAt(i - 1);
        if (identPart(p) || p === DQUOTE || p === 0x29 /* ) */) return undefined;
      }
      let j = i;
      while (j < n && digit(sql.charCodeAt(j))) j++;
      if (sql.charCodeAt(j) === DOT) {
        j++;
        while (j < n && digit(sql.charCodeAt(j))) j++;
      }
      const e = sql.charCodeAt(j);
      if (e === 0x65 || e === 0x45) {
        let k = j + 1;
        const sign = sql.charCodeAt(k);
        if (sign === 0x2b || sign === 0x2d) k++;
        if (!digit(sql.charCodeAt(k))) return undefined;
        while (k < n && digit(sql.charCodeAt(k))) k++;
        j = k;
      }
      if (j < n && (identPart(sql.charCodeAt(j)) || sql.charCodeAt(j) === DOT)) return undefined;
      out += sql.slice(from, i) + '?';
      i = from = j;
    } else if (c === SEMI) {
      for (let j = i + 1; j < n; j++) {
        const d = sql.charCodeAt(j);
        if (d !== 0x20 && d !== 0x09 && d !== 0x0a && d !== 0x0d) return undefined;
      }
      i = n;
    } else {
      const next = sql.charCodeAt(i + 1);
      if (!plainChar(c) || c === 0x24 /* $ */ || c === 0x3f /* ? */ || c === 0x5c /* \ */) return undefined;
      if ((c === 0x2d /* - */ && next === 0x2d) || (c === 0x2f /* / */ && next === 0x2a)) return undefined;
      i++;
    }
  }
  return from === 0 ? sql : out + sql.slice(from);
}
