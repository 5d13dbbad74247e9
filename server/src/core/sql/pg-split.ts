import type { Parsers } from '../parsers';
import { trimEnd } from './lex';
import type { OffsetMap } from './offsets';
import { splitStatements, type Piece } from './split';

/**
 * Splits PostgreSQL text into statements with libpg-query's own scanner (which knows strings,
 * dollar quotes, comments and every keyword), at top-level `;` outside `BEGIN ATOMIC … END`
 * bodies. Scanner tokens carry UTF-8 byte offsets; pieces are returned in UTF-16 offsets,
 * without leading comments and trailing whitespace. When the scanner rejects the text (it throws
 * on an unterminated quote), falls back to {@link splitStatements}. Never throws.
 */
export function splitPostgres(parsers: Parsers, text: string, offsets: OffsetMap): Piece[] {
  let tokens: { start: number; end: number; text: string; tokenName: string }[];
  try {
    tokens = parsers.pg.scanSync(text).tokens;
  } catch {
    return splitStatements(text, 'postgresql');
  }
  const pieces: Piece[] = [];
  let start = -1;
  let end = -1;
  let depth = 0;
  const push = (): void => {
    if (start >= 0) {
      const s = offsets.toChar(start);
      const e = trimEnd(text, s, offsets.toChar(end));
      if (e > s) pieces.push({ start: s, end: e });
    }
    start = -1;
    depth = 0;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.tokenName === 'C_COMMENT' || t.tokenName === 'SQL_COMMENT') continue;
    if (t.text === ';' && depth === 0) {
      push();
      continue;
    }
    if (start < 0) start = t.start;
    end = t.end;
    const w = t.text.toUpperCase();
    if (w === 'BEGIN' && tokens[i + 1]?.text.toUpperCase() === 'ATOMIC') depth++;
    else if (depth > 0 && w === 'CASE') depth++;
    else if (depth > 0 && w === 'END') depth--;
  }
  push();
  return pieces;
}
