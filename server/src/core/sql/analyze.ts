import type { Parsers } from '../parsers';
import { LineIndex } from '../text';
import type { Dialect, Span } from '../types';
import type { SqlAnalysis, SqlFileContext, SqlStatement } from './model';

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
 * Splits and parses SQL text into statements with exact spans and facts.
 *
 * MINIMAL BOOTSTRAP VERSION: PostgreSQL happy path only (the whole text must parse). The SQL
 * analyzer owner replaces this with the full implementation (per-statement recovery, unparsed
 * findings, PL/pgSQL bodies, facts, MySQL through node-sql-parser) keeping this signature.
 */
export function analyzeSql(parsers: Parsers, text: string, options: AnalyzeSqlOptions): SqlAnalysis {
  const base = options.baseOffset ?? 0;
  const index = options.lineIndex ?? new LineIndex(text);
  const result = parsers.pg.parseSync(text);
  const statements: SqlStatement[] = [];
  const contexts: SqlFileContext[] = [];
  const bytes = Buffer.from(text, 'utf8');
  const toChar = (byteOffset: number): number => bytes.subarray(0, byteOffset).toString('utf8').length;
  (result.stmts ?? []).forEach((raw, i) => {
    const startByte = raw.stmt_location ?? 0;
    const endByte = raw.stmt_len ? startByte + raw.stmt_len : bytes.length;
    let start = toChar(startByte);
    const end = toChar(endByte);
    while (start < end && /\s/.test(text[start] ?? '')) start++;
    const stmtNode = raw.stmt as Record<string, unknown>;
    statements.push({
      dialect: options.dialect,
      text: text.slice(start, end),
      span: index.span(base + start, base + end),
      parsed: true,
      ast: stmtNode,
      facts: {
        statementKind: Object.keys(stmtNode)[0] ?? 'UNKNOWN',
        tablesRead: [],
        tablesWritten: [],
        objectKinds: [],
        sinks: [],
      },
      origin: 'top',
      index: i,
      spanAt: (location, length) => {
        const at = toChar(location);
        return index.span(base + at, base + at + length);
      },
    });
    contexts.push({
      dialect: options.dialect,
      createdEarlier: new Set(),
      inTransaction: false,
      lockTimeoutSet: false,
      ...(options.file ? { file: options.file } : {}),
    });
  });
  return { dialect: options.dialect, statements, contexts, findings: [] };
}
