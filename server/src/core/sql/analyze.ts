import type { Parsers } from '../parsers';
import { compareFindings } from '../rules/run';
import { LineIndex } from '../text';
import type { Dialect, Finding, Span } from '../types';
import { contextTracker } from './context';
import type { SqlAnalysis, SqlFileContext, SqlStatement } from './model';
import { analyzeMysqlFamily } from './mysql-analyze';
import { offsetMap } from './offsets';
import { analyzePostgresTop } from './pg-analyze';
import { analyzeBody } from './plpgsql';
import type { TextEnv } from './statement';

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
 * Splits and parses SQL text into statements with exact spans, facts and per-statement context.
 *
 * - `postgresql`: libpg-query (whole text, else statement by statement), plus the statements
 *   inside CREATE FUNCTION / CREATE PROCEDURE / DO bodies (`origin: 'plpgsql'`, right after
 *   their enclosing statement).
 * - other dialects: split with the MySQL-family splitter, each statement parsed by
 *   node-sql-parser for that database.
 * A statement that does not parse stays in `statements` with `parsed: false` and an `unparsed`
 * finding; `EXECUTE` of built strings in PL/pgSQL gives `dynamic-sql` findings. Pure and
 * synchronous; linear in the text size apart from the parsers themselves. Never throws on bad
 * input.
 */
export function analyzeSql(parsers: Parsers, text: string, options: AnalyzeSqlOptions): SqlAnalysis {
  const env: TextEnv = {
    dialect: options.dialect,
    text,
    offsets: offsetMap(text),
    lineIndex: options.lineIndex ?? new LineIndex(text),
    base: options.baseOffset ?? 0,
    ...(options.fixedSpan ? { fixedSpan: options.fixedSpan } : {}),
  };
  const statements: SqlStatement[] = [];
  const findings: Finding[] = [];
  if (options.dialect === 'postgresql') {
    const top = analyzePostgresTop(parsers, env);
    findings.push(...top.findings);
    top.statements.forEach((stmt, i) => {
      statements.push(stmt);
      const start = top.starts[i];
      if (!stmt.parsed || start === undefined) return;
      const body = analyzeBody(parsers, env, stmt, start);
      statements.push(...body.statements);
      findings.push(...body.findings);
    });
  } else {
    const mysql = analyzeMysqlFamily(env);
    statements.push(...mysql.statements);
    findings.push(...mysql.findings);
  }
  const tracker = contextTracker(options.dialect, options.file);
  const topLevel = statements.filter((s) => s.origin === 'top');
  const contexts: SqlFileContext[] = statements.map((s) => ({ ...tracker.next(s), statements: topLevel }));
  findings.sort(compareFindings);
  return { dialect: options.dialect, statements, contexts, findings };
}
