import type { Parsers } from '../parsers';
import type { Finding, Span } from '../types';
import { DYNAMIC_SQL, UNPARSED } from './analyzer-findings';
import { classifyByKeywords } from './keywords';
import { trimEnd } from './lex';
import { emptyFacts, type SqlStatement } from './model';
import { asNode, isRecord, list, nodeType, stringValue } from './pg-ast';
import { pgFacts } from './pg-facts';
import { foldPgExpression, type Folded } from './pg-fold';
import { analyzerFinding, errorText, makeStatement, spanOf, type TextEnv } from './statement';

/**
 * Looks inside function and DO bodies: PL/pgSQL bodies through libpg-query's PL/pgSQL parser
 * (`parsePlPgSQLSync`), `LANGUAGE sql` bodies (string or `BEGIN ATOMIC`) through the SQL parser.
 * Every embedded static statement becomes an extra statement with `origin: 'plpgsql'`;
 * `EXECUTE` of a string that folds to a constant (pg-fold.ts: `EXECUTE 'DROP TABLE ' || 'users'`)
 * is judged as the statements of that text; `EXECUTE` of a string built at run time is a
 * `dynamic-sql` finding, one too large to fold an `unparsed` one; a body that does not parse is an
 * `unparsed` finding. See PostgreSQL docs, PL/pgSQL "Basic Statements" ("Executing Dynamic
 * Commands") and CREATE FUNCTION.
 */
export interface BodyResult {
  statements: SqlStatement[];
  /**
   * UTF-16 offset of each statement in `env.text` (same index as `statements`), `undefined` for a
   * statement that is not written there as such (built by folding, or inside such a statement).
   */
  starts: (number | undefined)[];
  findings: Finding[];
}

/** PL/pgSQL statement node types carrying a static query, and the field holding it. */
const STATIC_QUERY_FIELDS: Record<string, string> = {
  PLpgSQL_stmt_execsql: 'sqlstmt',
  PLpgSQL_stmt_perform: 'expr',
  PLpgSQL_stmt_return_query: 'query',
  PLpgSQL_stmt_fors: 'query',
  PLpgSQL_stmt_open: 'query',
};
/** PL/pgSQL statement node types running a string built at run time, and the field holding it. */
const DYNAMIC_QUERY_FIELDS: Record<string, string> = {
  PLpgSQL_stmt_dynexecute: 'query',
  PLpgSQL_stmt_dynfors: 'query',
  PLpgSQL_stmt_return_query: 'dynquery',
  PLpgSQL_stmt_open: 'dynquery',
};

interface Body {
  language: string;
  /** Body text (the string after AS), when the body is a string. */
  text?: string;
  /** SQL-standard body (`BEGIN ATOMIC … END` / `RETURN …`), already parsed. */
  sqlBody?: unknown;
}

function defElems(items: unknown): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const it of list(items)) {
    const d = asNode(it, 'DefElem');
    if (d && typeof d.defname === 'string') m.set(d.defname, d.arg);
  }
  return m;
}

function bodyOf(ast: unknown): Body | undefined {
  const fn = asNode(ast, 'CreateFunctionStmt');
  if (fn) {
    const opts = defElems(fn.options);
    const language = (stringValue(opts.get('language')) ?? 'sql').toLowerCase();
    if (fn.sql_body !== undefined) return { language, sqlBody: fn.sql_body };
    const as = opts.get('as');
    const first = list(asNode(as, 'List')?.items ?? as)[0];
    const text = stringValue(first);
    return text === undefined ? undefined : { language, text };
  }
  const doStmt = asNode(ast, 'DoStmt');
  if (doStmt) {
    const opts = defElems(doStmt.args);
    const text = stringValue(opts.get('as'));
    const language = (stringValue(opts.get('language')) ?? 'plpgsql').toLowerCase();
    return text === undefined ? undefined : { language, text };
  }
  return undefined;
}

/** The statement nodes of a parsed SQL-standard body (nested `List`s flattened). */
function sqlBodyStatements(node: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) {
    for (const n of node) sqlBodyStatements(n, out);
    return out;
  }
  const l = asNode(node, 'List');
  if (l) return sqlBodyStatements(l.items, out);
  if (nodeType(node)) out.push(node);
  return out;
}

/**
 * A statement that is not written in `env.text` as such (its SQL was built by folding an
 * expression, or it sits inside such SQL): `text` is its own SQL, every span is `span`.
 */
export function detachedStatement(
  env: TextEnv,
  parts: {
    text: string;
    ast: unknown;
    parsed: boolean;
    facts: SqlStatement['facts'];
    span: Span;
    index: number;
  },
): SqlStatement {
  const stmt = makeStatement(env, {
    start: 0,
    end: 0,
    span: parts.span,
    parsed: parts.parsed,
    ast: parts.ast,
    facts: parts.facts,
    origin: 'plpgsql',
    index: parts.index,
  });
  return { ...stmt, text: parts.text };
}

/** The text of one statement of `sql` from libpg-query's byte `location` and `len` (0 = to the end). */
function statementText(sql: string, location: number | undefined, len: number | undefined): string {
  const bytes = Buffer.from(sql, 'utf8');
  const from = location ?? 0;
  return bytes
    .subarray(from, len ? from + len : bytes.length)
    .toString('utf8')
    .trim();
}

/**
 * Extracts the statements inside the body of `parent` (a parsed CREATE FUNCTION / CREATE
 * PROCEDURE / DO statement starting at `parentStart`, a UTF-16 offset into `env.text`, or
 * `undefined` when the parent is not written there as such: every statement found is then placed
 * on the parent's span). Returns nothing for other statements. Never throws.
 */
export function analyzeBody(
  parsers: Parsers,
  env: TextEnv,
  parent: SqlStatement,
  parentStart: number | undefined,
): BodyResult {
  const out: BodyResult = { statements: [], starts: [], findings: [] };
  const body = bodyOf(parent.ast);
  if (!body) return out;
  const push = (stmt: SqlStatement, start: number | undefined): void => {
    out.statements.push(stmt);
    out.starts.push(start);
  };
  const child = (parts: {
    start: number;
    end: number;
    ast: unknown;
    span?: Span;
    locate?: (l: number) => number | undefined;
  }): SqlStatement =>
    makeStatement(env, {
      ...parts,
      parsed: true,
      facts: pgFacts(parts.ast),
      origin: 'plpgsql',
      index: parent.index,
    });
  /** A statement of `text` placed on `span` (not located in env.text). */
  const detached = (text: string, ast: unknown, span: Span): SqlStatement =>
    detachedStatement(env, { text, ast, parsed: true, facts: pgFacts(ast), span, index: parent.index });
  if (body.sqlBody !== undefined) {
    for (const node of sqlBodyStatements(body.sqlBody)) {
      if (parentStart === undefined) {
        push(detached(parent.text, node, parent.span), undefined);
        continue;
      }
      push(
        {
          ...child({
            start: parentStart,
            end: parentStart + parent.text.length,
            ast: node,
            span: parent.span,
          }),
          spanAt: parent.spanAt,
        },
        undefined,
      );
    }
    return out;
  }
  if (body.text === undefined || (body.language !== 'plpgsql' && body.language !== 'sql')) return out;
  const bodyText = body.text;
  const at = bodyText.length > 0 && parentStart !== undefined ? parent.text.indexOf(bodyText) : -1;
  const bodyStart = at >= 0 && parentStart !== undefined ? parentStart + at : undefined;
  const unparsed = (e: unknown, text: string, span: Span): void => {
    const facts = classifyByKeywords(text, 'postgresql');
    out.findings.push(
      analyzerFinding(
        UNPARSED,
        'unparsed',
        { kind: facts.statementKind, parser: 'PostgreSQL parser', error: errorText(e) },
        span,
        facts,
      ),
    );
  };
  /** Adds the statements of `sql`, found at UTF-16 offset `start` of env.text when known. */
  const addSql = (sql: string, start: number | undefined, fallback: Span): void => {
    if (start === undefined) {
      const found = detachedSql(parsers, env, sql, fallback, parent.index);
      found.statements.forEach((st, i) => push(st, found.starts[i]));
      out.findings.push(...found.findings);
      return;
    }
    let stmts: { stmt?: unknown; stmt_location?: number; stmt_len?: number }[];
    try {
      stmts = parsers.pg.parseSync(sql).stmts ?? [];
    } catch (e) {
      const span = spanOf(env, start, start + sql.length);
      const facts = classifyByKeywords(sql, 'postgresql');
      push(
        makeStatement(env, {
          start,
          end: start + sql.length,
          span,
          parsed: false,
          ast: undefined,
          facts,
          origin: 'plpgsql',
          index: parent.index,
        }),
        start,
      );
      unparsed(e, sql, span);
      return;
    }
    const byteBase = env.offsets.toByte(start);
    for (const raw of stmts) {
      const s = env.offsets.toChar(byteBase + (raw.stmt_location ?? 0));
      const e = raw.stmt_len
        ? env.offsets.toChar(byteBase + (raw.stmt_location ?? 0) + raw.stmt_len)
        : start + sql.length;
      push(
        child({
          start: s,
          end: trimEnd(env.text, s, e),
          ast: raw.stmt,
          locate: (loc) => env.offsets.toChar(byteBase + loc),
        }),
        s,
      );
    }
  };
  if (body.language === 'sql') {
    addSql(bodyText, bodyStart, parent.span);
    return out;
  }
  let parsed: unknown;
  try {
    parsed = parsers.pg.parsePlPgSQLSync(parent.text);
  } catch (e) {
    unparsed(e, parent.text, parent.span);
    return out;
  }
  const lineStarts: number[] = [0];
  for (let i = 0; i < bodyText.length; i++) if (bodyText.charCodeAt(i) === 10) lineStarts.push(i + 1);
  /** Where `query` sits in the body (searched from its line), else the line, else the parent. */
  const place = (query: string, lineno: unknown): { start?: number; span: Span } => {
    if (bodyStart === undefined) return { span: parent.span };
    const line = typeof lineno === 'number' && lineno >= 1 ? Math.min(lineno, lineStarts.length) : 1;
    const lineStart = lineStarts[line - 1] ?? 0;
    const found = bodyText.indexOf(query, lineStart);
    if (found >= 0)
      return {
        start: bodyStart + found,
        span: spanOf(env, bodyStart + found, bodyStart + found + query.length),
      };
    const lineEnd = lineStarts[line] ?? bodyText.length;
    const s = bodyStart + lineStart;
    return { span: spanOf(env, s, trimEnd(env.text, s, bodyStart + lineEnd)) };
  };
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
      return;
    }
    if (!isRecord(v)) return;
    for (const key in v) {
      const inner = v[key];
      if (isRecord(inner)) {
        const staticField = STATIC_QUERY_FIELDS[key];
        const staticQuery = staticField ? asNode(inner[staticField], 'PLpgSQL_expr')?.query : undefined;
        if (typeof staticQuery === 'string') {
          const p = place(staticQuery, inner.lineno);
          addSql(staticQuery, p.start, p.span);
        }
        const dynField = DYNAMIC_QUERY_FIELDS[key];
        const dynQuery = dynField ? asNode(inner[dynField], 'PLpgSQL_expr')?.query : undefined;
        if (typeof dynQuery === 'string') {
          const p = place(dynQuery, inner.lineno);
          const folded = foldPgExpression(parsers, dynQuery);
          if (folded.kind === 'constant') addSql(folded.text, undefined, p.span);
          else out.findings.push(builtSqlFinding(folded, dynQuery, p.span));
        }
      }
      visit(inner);
    }
  };
  visit(parsed);
  return out;
}

/**
 * The finding for SQL text that cannot be read before it runs: built at run time (`dynamic-sql`;
 * `func` names the function running it, else it is an `EXECUTE`), or too large or deep to fold
 * (`unparsed`, `tooLargeDynamic`). `expr` is the expression as written.
 */
export function builtSqlFinding(folded: Folded, expr: string, span: Span, func?: string): Finding {
  const facts = emptyFacts('EXECUTE', ['code']);
  const shown = (expr.length > 80 ? `${expr.slice(0, 77)}...` : expr).replace(/\s+/g, ' ');
  if (folded.kind === 'tooLarge')
    return analyzerFinding(UNPARSED, 'tooLargeDynamic', { query: shown, limit: folded.limit }, span, facts);
  if (func !== undefined)
    return analyzerFinding(DYNAMIC_SQL, 'dynamicCall', { func, query: shown }, span, facts);
  return analyzerFinding(DYNAMIC_SQL, 'dynamicExecute', { query: shown }, span, facts);
}

/**
 * The statements of `sql`, text that is not written in `env.text` as such (folded from an
 * expression), each a {@link detachedStatement} on `span` with `index`; text that does not parse
 * is one unparsed statement and an `unparsed` finding.
 */
export function detachedSql(
  parsers: Parsers,
  env: TextEnv,
  sql: string,
  span: Span,
  index: number,
): BodyResult {
  const out: BodyResult = { statements: [], starts: [], findings: [] };
  let stmts: { stmt?: unknown; stmt_location?: number; stmt_len?: number }[];
  try {
    stmts = parsers.pg.parseSync(sql).stmts ?? [];
  } catch (e) {
    const facts = classifyByKeywords(sql, 'postgresql');
    out.statements.push(
      detachedStatement(env, { text: sql, ast: undefined, parsed: false, facts, span, index }),
    );
    out.starts.push(undefined);
    out.findings.push(
      analyzerFinding(
        UNPARSED,
        'unparsed',
        { kind: facts.statementKind, parser: 'PostgreSQL parser', error: errorText(e) },
        span,
        facts,
      ),
    );
    return out;
  }
  for (const raw of stmts) {
    const text = statementText(sql, raw.stmt_location, raw.stmt_len);
    out.statements.push(
      detachedStatement(env, { text, ast: raw.stmt, parsed: true, facts: pgFacts(raw.stmt), span, index }),
    );
    out.starts.push(undefined);
  }
  return out;
}
