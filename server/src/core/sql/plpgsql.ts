import type { Parsers } from '../parsers';
import type { Finding, Span } from '../types';
import { DYNAMIC_SQL, UNPARSED } from './analyzer-findings';
import { classifyByKeywords } from './keywords';
import { trimEnd } from './lex';
import { emptyFacts, type SqlStatement } from './model';
import { asNode, isRecord, list, nodeType, stringValue } from './pg-ast';
import { pgFacts } from './pg-facts';
import { analyzerFinding, errorText, makeStatement, spanOf, type TextEnv } from './statement';

/**
 * Looks inside function and DO bodies: PL/pgSQL bodies through libpg-query's PL/pgSQL parser
 * (`parsePlPgSQLSync`), `LANGUAGE sql` bodies (string or `BEGIN ATOMIC`) through the SQL parser.
 * Every embedded static statement becomes an extra statement with `origin: 'plpgsql'`;
 * `EXECUTE` of a built string is a `dynamic-sql` finding; a body that does not parse is an
 * `unparsed` finding. See PostgreSQL docs, PL/pgSQL "Basic Statements" and CREATE FUNCTION.
 */
export interface BodyResult {
  statements: SqlStatement[];
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
 * Extracts the statements inside the body of `parent` (a parsed top-level CREATE FUNCTION /
 * CREATE PROCEDURE / DO statement starting at `parentStart`, a UTF-16 offset into `env.text`).
 * Returns nothing for other statements. Never throws.
 */
export function analyzeBody(
  parsers: Parsers,
  env: TextEnv,
  parent: SqlStatement,
  parentStart: number,
): BodyResult {
  const out: BodyResult = { statements: [], findings: [] };
  const body = bodyOf(parent.ast);
  if (!body) return out;
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
  if (body.sqlBody !== undefined) {
    for (const node of sqlBodyStatements(body.sqlBody)) {
      out.statements.push({
        ...child({ start: parentStart, end: parentStart + parent.text.length, ast: node, span: parent.span }),
        spanAt: parent.spanAt,
      });
    }
    return out;
  }
  if (body.text === undefined || (body.language !== 'plpgsql' && body.language !== 'sql')) return out;
  const bodyText = body.text;
  const at = bodyText.length > 0 ? parent.text.indexOf(bodyText) : -1;
  const bodyStart = at >= 0 ? parentStart + at : undefined;
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
    let stmts: { stmt?: unknown; stmt_location?: number; stmt_len?: number }[];
    try {
      stmts = parsers.pg.parseSync(sql).stmts ?? [];
    } catch (e) {
      const span = start === undefined ? fallback : spanOf(env, start, start + sql.length);
      out.statements.push(
        makeStatement(env, {
          start: start ?? parentStart,
          end: start === undefined ? parentStart + parent.text.length : start + sql.length,
          span,
          parsed: false,
          ast: undefined,
          facts: classifyByKeywords(sql, 'postgresql'),
          origin: 'plpgsql',
          index: parent.index,
        }),
      );
      unparsed(e, sql, span);
      return;
    }
    const byteBase = start === undefined ? undefined : env.offsets.toByte(start);
    for (const raw of stmts) {
      if (byteBase === undefined || start === undefined) {
        out.statements.push(
          child({ start: parentStart, end: parentStart + parent.text.length, ast: raw.stmt, span: fallback }),
        );
        continue;
      }
      const s = env.offsets.toChar(byteBase + (raw.stmt_location ?? 0));
      const e = raw.stmt_len
        ? env.offsets.toChar(byteBase + (raw.stmt_location ?? 0) + raw.stmt_len)
        : start + sql.length;
      out.statements.push(
        child({
          start: s,
          end: trimEnd(env.text, s, e),
          ast: raw.stmt,
          locate: (loc) => env.offsets.toChar(byteBase + loc),
        }),
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
          const facts = emptyFacts('EXECUTE', ['code']);
          const shown = dynQuery.length > 80 ? `${dynQuery.slice(0, 77)}...` : dynQuery;
          out.findings.push(
            analyzerFinding(
              DYNAMIC_SQL,
              'dynamicExecute',
              { query: shown.replace(/\s+/g, ' ') },
              p.span,
              facts,
            ),
          );
        }
      }
      visit(inner);
    }
  };
  visit(parsed);
  return out;
}
