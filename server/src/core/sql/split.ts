import { nextToken, skipTrivia, trimEnd, type LexFamily, type LexToken } from './lex';

/**
 * A statement's range in the split text (UTF-16 offsets, `end` exclusive, without the delimiter,
 * leading whitespace/comments and trailing whitespace).
 */
export interface Piece {
  start: number;
  end: number;
}

/** Words after which MySQL's `END` closes a flow-control statement, not a BEGIN/CASE. */
const END_SUFFIXES = new Set(['IF', 'LOOP', 'WHILE', 'REPEAT']);
/** Routine kinds whose MySQL body is a BEGIN … END compound statement. */
const COMPOUND_OWNERS = new Set(['PROCEDURE', 'FUNCTION', 'TRIGGER', 'EVENT']);

function word(text: string, t: LexToken | undefined): string {
  return t && t.type === 'word' ? text.slice(t.start, t.end).toUpperCase() : '';
}

/** The next non-comment token at or after `from`. */
function peek(text: string, from: number, family: LexFamily): LexToken | undefined {
  let pos = from;
  for (;;) {
    const t = nextToken(text, pos, family);
    if (!t || t.type !== 'comment') return t;
    pos = t.end;
  }
}

/**
 * Splits SQL text into statements at top-level delimiters, in one pass (O(n)).
 *
 * - Quotes, dollar quotes and comments never split (see `lex.ts`).
 * - PostgreSQL: `BEGIN ATOMIC … END` bodies (SQL-standard function bodies) are kept whole.
 * - MySQL family: the client's `DELIMITER xx` directive changes the delimiter (the directive
 *   line is not a statement; https://dev.mysql.com/doc/refman/8.0/en/stored-programs-defining.html),
 *   and with the default `;` the `BEGIN … END` body of CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT is
 *   kept whole (nesting of BEGIN/CASE … END counted; END IF/LOOP/WHILE/REPEAT ignored).
 * Never throws; an unterminated quote ends the last piece at the end of the text.
 */
export function splitStatements(text: string, family: LexFamily): Piece[] {
  const pieces: Piece[] = [];
  let delimiter = ';';
  let pieceStart = -1;
  let lastEnd = 0;
  let depth = 0;
  let compound = false;
  let wordsSeen = 0;
  let firstWord = '';
  const close = (): void => {
    if (pieceStart >= 0) {
      const end = trimEnd(text, pieceStart, lastEnd);
      if (end > pieceStart) pieces.push({ start: pieceStart, end });
    }
    pieceStart = -1;
    depth = 0;
    compound = false;
    wordsSeen = 0;
    firstWord = '';
  };
  let pos = 0;
  while (pos < text.length) {
    const codeAt = skipTrivia(text, pos, text.length, family);
    if (codeAt >= text.length) break;
    if (depth === 0 && text.startsWith(delimiter, codeAt)) {
      close();
      pos = codeAt + delimiter.length;
      continue;
    }
    const lexed = nextToken(text, codeAt, family);
    if (!lexed) break;
    // A custom delimiter can end a word (`END$$`: `$` is an identifier character in MySQL).
    const cut =
      delimiter !== ';' && lexed.type !== 'string' && lexed.type !== 'quoted-ident'
        ? text.indexOf(delimiter, lexed.start + 1)
        : -1;
    const t = cut > 0 && cut < lexed.end ? { ...lexed, end: cut } : lexed;
    const w = word(text, t);
    if (family === 'mysql' && pieceStart < 0 && w === 'DELIMITER') {
      const nl = text.indexOf('\n', t.end);
      const lineEnd = nl < 0 ? text.length : nl;
      const next = text.slice(t.end, lineEnd).trim();
      if (next.length > 0) delimiter = next.split(/\s+/)[0] ?? ';';
      pos = lineEnd;
      continue;
    }
    if (pieceStart < 0) pieceStart = t.start;
    lastEnd = t.end;
    pos = t.end;
    if (!w) continue;
    wordsSeen++;
    if (wordsSeen === 1) firstWord = w;
    if (
      family === 'mysql' &&
      delimiter === ';' &&
      firstWord === 'CREATE' &&
      wordsSeen <= 8 &&
      COMPOUND_OWNERS.has(w)
    ) {
      compound = true;
    }
    if (w === 'BEGIN') {
      const isBody = family === 'postgresql' ? word(text, peek(text, t.end, family)) === 'ATOMIC' : compound;
      if (isBody || depth > 0) depth++;
    } else if (depth > 0 && w === 'CASE') depth++;
    else if (depth > 0 && w === 'END') {
      if (!END_SUFFIXES.has(word(text, peek(text, t.end, family)))) depth--;
    }
  }
  close();
  return pieces;
}
