/**
 * Statement shapes for the gateway's decision cache. A client sending simple-protocol queries
 * with inline values (`SELECT … WHERE aid = 4123`, pgbench `-M simple`, most ORMs without
 * server-side prepare) sends a new text for every value; judging each costs ~0.4 ms. A verdict
 * is reused for another text of the same shape only when both hold:
 *
 * 1. The text is plain ({@link plainText}): no comments, dollar quotes, `$n`, `?`, backslashes,
 *    `;` inside, so the lexical fingerprint (`replaceLiterals`, literals ⇒ `?`) cannot disagree
 *    with PostgreSQL's lexer about where a literal or a comment ends.
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

/**
 * Whether `sql` is plain enough for a lexical fingerprint (see the module comment): printable
 * text without comments, dollar quotes or parameters, `?`, backslashes, or a `;` before the end.
 */
export function plainText(sql: string): boolean {
  if (sql.length > 4096) return false;
  if (/--|\/\*|[$?\\]|[^\x20-\x7e\t\r\n]/.test(sql)) return false;
  const semi = sql.indexOf(';');
  return semi < 0 || sql.slice(semi + 1).trim() === '';
}
