import type { Parsers } from '../parsers';
import { compareFindings } from '../rules/run';
import { LineIndex } from '../text';
import type { Dialect, Finding, Span } from '../types';
import { contextTracker } from './context';
import type { SqlAnalysis, SqlFileContext, SqlStatement } from './model';
import { rolledBackStatements } from './harmless';
import { analyzeMysqlFamily, parseMysqlPiece, type Fallback } from './mysql-analyze';
import { offsetMap } from './offsets';
import { analyzePostgresTop, parsePgPiece, type PgTopLevel } from './pg-analyze';
import {
  blankRanges,
  neutralizeNul,
  psqlMetaCommands,
  unwrapExecutableComments,
  type PsqlMetaCommand,
} from './prepare';
import { UNPARSED } from './analyzer-findings';
import { emptyFacts } from './model';
import { embeddedStatements } from './embedded';
import { pgFacts } from './pg-facts';
import { pgStatementKind } from './pg-kind';
import { copySink, copyStatementText, parsePsqlCopy } from './psql-meta';
import { analyzerFinding, makeStatement, spanOf, type TextEnv } from './statement';

/** Options for {@link analyzeSql}. */
export interface AnalyzeSqlOptions {
  dialect: Dialect;
  file?: string;
  /** Offset of `text` inside the action text (for SQL embedded in shell), default 0. */
  baseOffset?: number;
  /** Line index of the whole action text; built from `text` when omitted. */
  lineIndex?: LineIndex;
  /**
   * When the SQL came from a shell word whose quoting cannot be mapped back character by
   * character (escapes inside double quotes), every span is this span of the containing word.
   */
  fixedSpan?: Span;
}

/**
 * Kinds PostgreSQL's parser accepts in words that mean something else in MySQL: `RESET MASTER`,
 * `RESET REPLICA`, `RESET QUERY CACHE` are valid PostgreSQL (`RESET name`, a setting back to its
 * default) but in MySQL delete the binary logs or forget a replica's position (MySQL reference,
 * "RESET Statement", "RESET MASTER"). A MySQL statement only PostgreSQL parses as one of these
 * stays unparsed (judged by its keywords) rather than harmless.
 */
const PG_ONLY_MEANING = new Set(['RESET']);

/** `stmt` unless its kind means something else in MySQL ({@link PG_ONLY_MEANING}). */
function pgMeaningSame(stmt: SqlStatement | undefined): SqlStatement | undefined {
  return stmt && PG_ONLY_MEANING.has(stmt.facts.statementKind) ? undefined : stmt;
}

/**
 * Splits and parses SQL text into statements with exact spans, facts and per-statement context.
 *
 * - `postgresql`: libpg-query (whole text, else statement by statement), plus the statements
 *   inside CREATE FUNCTION / CREATE PROCEDURE / DO bodies, of `EXECUTE` and SQL-running calls
 *   (`dblink_exec`) whose text is constant (`origin: 'plpgsql'`, right after their enclosing
 *   statement; see embedded.ts).
 * - other dialects: split with the MySQL-family splitter, each statement parsed by
 *   node-sql-parser for that database.
 * A statement that does not parse stays in `statements` with `parsed: false` and an `unparsed`
 * finding; `EXECUTE` of built strings in PL/pgSQL gives `dynamic-sql` findings. Pure and
 * synchronous; linear in the text size apart from the parsers themselves. Never throws on bad
 * input.
 */
export function analyzeSql(parsers: Parsers, text: string, options: AnalyzeSqlOptions): SqlAnalysis {
  // Same-length rewrites, so every offset below is an offset of `text` (see prepare.ts).
  let prepared = neutralizeNul(text);
  if (options.dialect !== 'postgresql') prepared = unwrapExecutableComments(prepared);
  const metas = options.dialect === 'postgresql' ? psqlMetaCommands(prepared) : [];
  // The meta-command lines, which the parser does not see, are read from this text.
  const withMetas = prepared;
  prepared = blankRanges(prepared, metas);
  const env: TextEnv = {
    dialect: options.dialect,
    text: prepared,
    offsets: offsetMap(text),
    lineIndex: options.lineIndex ?? new LineIndex(text),
    base: options.baseOffset ?? 0,
    ...(options.fixedSpan ? { fixedSpan: options.fixedSpan } : {}),
  };
  const statements: SqlStatement[] = [];
  const findings: Finding[] = [];
  if (options.dialect === 'postgresql') {
    // A statement libpg-query rejects may be MySQL in a file taken for PostgreSQL.
    const fallback: Fallback = (piece, index) => parseMysqlPiece(env, 'mysql', piece, index);
    const top = withMetaCommands(parsers, env, analyzePostgresTop(parsers, env, fallback), {
      metas,
      text: withMetas,
    });
    findings.push(...top.findings);
    top.statements.forEach((stmt, i) => {
      statements.push(stmt);
      const start = top.starts[i];
      if (!stmt.parsed || start === undefined) return;
      const body = embeddedStatements(parsers, env, stmt, start);
      statements.push(...body.statements);
      findings.push(...body.findings);
    });
  } else {
    // A statement node-sql-parser rejects may parse as its sibling dialect or as PostgreSQL (a
    // PostgreSQL migration whose dialect was misread).
    const sibling = options.dialect === 'mariadb' ? 'mysql' : 'mariadb';
    const fallback: Fallback = (piece, index) =>
      (options.dialect === 'mysql' || options.dialect === 'mariadb'
        ? parseMysqlPiece(env, sibling, piece, index)
        : undefined) ?? pgMeaningSame(parsePgPiece(parsers, env, piece, index));
    const mysql = analyzeMysqlFamily(env, fallback);
    statements.push(...mysql.statements);
    findings.push(...mysql.findings);
  }
  const tracker = contextTracker(options.dialect, options.file);
  const topLevel = statements.filter((s) => s.origin === 'top');
  const rolledBack = rolledBackStatements(statements);
  const contexts: SqlFileContext[] = statements.map((s) => ({
    ...tracker.next(s),
    statements: topLevel,
    ...(rolledBack.has(s) ? { rolledBack: true } : {}),
  }));
  findings.sort(compareFindings);
  return { dialect: options.dialect, statements, contexts, findings };
}

/**
 * Adds psql meta-commands (blanked out of the text the parser saw) to the top-level statements,
 * in text order: display commands (`\\d`, `\\dt+`, `\\l`, `\\x`, `\\timing`) as parsed reads of
 * kind `PSQL META`; `\\copy` as the COPY statement psql sends (see {@link copyMetaStatement});
 * the others (`\\!`, `\\gexec`, `\\i`, `\\o`…) as `unparsed`.
 */
function withMetaCommands(
  parsers: Parsers,
  env: TextEnv,
  top: PgTopLevel,
  found: { metas: readonly PsqlMetaCommand[]; text: string },
): PgTopLevel {
  const { metas } = found;
  if (metas.length === 0) return top;
  const rows = top.statements.map((statement, i) => ({ statement, start: top.starts[i] ?? 0 }));
  const findings = [...top.findings];
  for (const m of metas) {
    const copy = copyMetaStatement(parsers, env, found.text, m);
    if (copy) {
      rows.push({ statement: copy.statement, start: m.start });
      findings.push(...copy.findings);
      continue;
    }
    const facts = emptyFacts('PSQL META');
    const statement = makeStatement(env, {
      start: m.start,
      end: m.end,
      parsed: m.read,
      ast: m.read ? { PsqlMetaCommand: { name: m.name } } : undefined,
      facts,
      origin: 'top',
      index: 0,
    });
    rows.push({ statement, start: m.start });
    if (!m.read)
      findings.push(analyzerFinding(UNPARSED, 'psqlMeta', { name: m.name }, statement.span, facts));
  }
  rows.sort((a, b) => a.start - b.start);
  rows.forEach((r, i) => {
    r.statement.index = i;
  });
  return { statements: rows.map((r) => r.statement), starts: rows.map((r) => r.start), findings };
}

/**
 * A `\\copy` line of `text` (the analyzed text before meta-commands were blanked) as the statement psql sends for it (`COPY … TO STDOUT` / `COPY … FROM STDIN`,
 * psql-meta.ts), parsed by libpg-query, with the client's file, program or stream as its sink.
 * A program is run by the client's shell: the SQL analyzer reports it `unparsed` (`psqlProgram`;
 * the shell analyzer judges it when the SQL came from a `psql` command line). `undefined` (the
 * line stays `unparsed`) when the arguments do not have psql's shape or the statement is not
 * exactly one COPY.
 */
function copyMetaStatement(
  parsers: Parsers,
  env: TextEnv,
  text: string,
  m: PsqlMetaCommand,
): { statement: SqlStatement; findings: Finding[] } | undefined {
  const copy = parsePsqlCopy(text, m);
  if (!copy) return undefined;
  const sent = copyStatementText(text, m, copy);
  let stmts: { stmt?: unknown }[];
  try {
    stmts = (parsers.pg.parseSync(sent.sql).stmts ?? []) as { stmt?: unknown }[];
  } catch {
    return undefined;
  }
  const ast = stmts[0]?.stmt;
  if (stmts.length !== 1 || pgStatementKind(ast) !== 'COPY') return undefined;
  const facts = { ...pgFacts(ast), sinks: [copySink(copy)] };
  const statement = makeStatement(env, {
    start: m.start,
    end: m.end,
    parsed: true,
    ast,
    facts,
    origin: 'top',
    index: 0,
    locate: sent.locate,
  });
  const t = copy.target;
  if (t.kind !== 'program') return { statement, findings: [] };
  const at = t.valueAt ?? t.start;
  const span = spanOf(env, at, t.valueAt === undefined ? t.end : at + t.value.length);
  return {
    statement,
    findings: [analyzerFinding(UNPARSED, 'psqlProgram', { program: t.value }, span, facts)],
  };
}
