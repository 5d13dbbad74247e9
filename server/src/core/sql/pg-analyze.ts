import type { Parsers } from '../parsers';
import type { Finding } from '../types';
import { UNPARSED } from './analyzer-findings';
import { isPgPlanOnly, planOnlyFacts } from './harmless';
import { classifyByKeywords } from './keywords';
import { skipTrivia, trimEnd } from './lex';
import type { SqlStatement } from './model';
import { pgFacts } from './pg-facts';
import { splitPostgres } from './pg-split';
import type { Fallback } from './mysql-analyze';
import { splitStatements, type Piece } from './split';
import { MAX_PAREN_DEPTH, parenDepthExceeds } from './prepare';
import { analyzerFinding, errorText, makeStatement, spanOf, type TextEnv } from './statement';

/** Texts longer than this (UTF-16 units) skip the whole-text parse (see analyzePostgresTop). */
const LARGE_TEXT = 64 * 1024;

/** Top-level PostgreSQL statements of a text and the analyzer's findings about them. */
export interface PgTopLevel {
  statements: SqlStatement[];
  /** UTF-16 offset of each statement in the analyzed text (same index as `statements`). */
  starts: number[];
  findings: Finding[];
}

interface RawStmt {
  stmt?: unknown;
  stmt_location?: number;
  stmt_len?: number;
}

/**
 * Parses PostgreSQL text with libpg-query. The whole text is parsed at once; if that fails, it
 * is split into statements (libpg-query's scanner) and each is parsed alone, so one bad
 * statement does not hide the others: it stays with `parsed: false`, facts guessed from its
 * keywords, and an `unparsed` finding. Statement spans exclude leading whitespace/comments.
 * Parser locations (UTF-8 byte offsets into the text parsed) are mapped back by `spanAt`.
 */
export function analyzePostgresTop(parsers: Parsers, env: TextEnv, fallback?: Fallback): PgTopLevel {
  const { text, offsets } = env;
  const statements: SqlStatement[] = [];
  const findings: Finding[] = [];
  const starts: number[] = [];
  const addParsed = (raw: RawStmt, byteBase: number, limitByte: number): void => {
    const startByte = byteBase + (raw.stmt_location ?? 0);
    const endByte = raw.stmt_len ? startByte + raw.stmt_len : limitByte;
    const start = skipTrivia(text, offsets.toChar(startByte), offsets.toChar(endByte), 'postgresql');
    const end = trimEnd(text, start, offsets.toChar(endByte));
    starts.push(start);
    const planOnly = isPgPlanOnly(raw.stmt);
    const facts = pgFacts(raw.stmt);
    statements.push(
      makeStatement(env, {
        start,
        end,
        parsed: true,
        ast: raw.stmt,
        facts: planOnly ? planOnlyFacts(facts) : facts,
        ...(planOnly ? { planOnly } : {}),
        origin: 'top',
        index: statements.length,
        locate: (loc) => offsets.toChar(byteBase + loc),
      }),
    );
  };
  /** A piece kept as an unparsed statement (facts by keywords) with its `unparsed` finding. */
  const addUnparsed = (
    piece: { start: number; end: number },
    pieceText: string,
    messageId: 'tooDeep' | 'unparsed',
    data: Record<string, string | number>,
  ): void => {
    const facts = classifyByKeywords(pieceText, 'postgresql');
    starts.push(piece.start);
    statements.push(
      makeStatement(env, {
        ...piece,
        parsed: false,
        ast: undefined,
        facts,
        origin: 'top',
        index: statements.length,
      }),
    );
    findings.push(
      analyzerFinding(
        UNPARSED,
        messageId,
        { kind: facts.statementKind, ...data },
        spanOf(env, piece.start, piece.end),
        facts,
      ),
    );
  };
  let whole: RawStmt[] | undefined;
  // libpg-query's parse and scan times grow faster than linearly with the text (measured: 0.7 MB of
  // 20,000 statements parses in ~3 s whole, ~0.7 s statement by statement), so large texts are
  // split with the O(n) lexer and parsed piece by piece.
  const large = text.length > LARGE_TEXT;
  const deep = parenDepthExceeds(text, 'postgresql', MAX_PAREN_DEPTH);
  try {
    whole = large || deep ? undefined : (parsers.pg.parseSync(text).stmts as RawStmt[] | undefined);
  } catch {
    whole = undefined;
  }
  if (whole) {
    for (const raw of whole) addParsed(raw, 0, offsets.byteLength);
    return { statements, starts, findings };
  }
  for (const piece of large ? splitStatements(text, 'postgresql') : splitPostgres(parsers, text, offsets)) {
    const pieceText = text.slice(piece.start, piece.end);
    const byteBase = offsets.toByte(piece.start);
    if (deep && parenDepthExceeds(pieceText, 'postgresql', MAX_PAREN_DEPTH)) {
      addUnparsed(piece, pieceText, 'tooDeep', { limit: MAX_PAREN_DEPTH });
      continue;
    }
    try {
      const stmts = (parsers.pg.parseSync(pieceText).stmts ?? []) as RawStmt[];
      for (const raw of stmts) addParsed(raw, byteBase, offsets.toByte(piece.end));
    } catch (e) {
      const other = fallback?.(piece, statements.length);
      if (other) {
        starts.push(piece.start);
        statements.push(other);
        continue;
      }
      addUnparsed(piece, pieceText, 'unparsed', { parser: 'PostgreSQL parser', error: errorText(e) });
    }
  }
  return { statements, starts, findings };
}

/**
 * Parses one statement with libpg-query (a fallback for text another dialect's parser rejected):
 * the statement, with `dialect: 'postgresql'`, or `undefined` when it does not parse to exactly
 * one statement.
 */
export function parsePgPiece(
  parsers: Parsers,
  env: TextEnv,
  piece: Piece,
  index: number,
): SqlStatement | undefined {
  const { text, offsets } = env;
  const byteBase = offsets.toByte(piece.start);
  let stmts: RawStmt[];
  try {
    stmts = (parsers.pg.parseSync(text.slice(piece.start, piece.end)).stmts ?? []) as RawStmt[];
  } catch {
    return undefined;
  }
  const raw = stmts[0];
  if (stmts.length !== 1 || !raw) return undefined;
  return makeStatement(
    { ...env, dialect: 'postgresql' },
    {
      ...piece,
      parsed: true,
      ast: raw.stmt,
      facts: pgFacts(raw.stmt),
      origin: 'top',
      index,
      locate: (loc) => offsets.toChar(byteBase + loc),
    },
  );
}
