/**
 * A small SQL lexer for splitting statements and reading leading keywords when the real parser
 * cannot help (MySQL-family text, PostgreSQL text the libpg-query scanner rejects, unparsed
 * statements). It only knows what separates tokens: quotes, comments, words and punctuation.
 *
 * Lexical rules: PostgreSQL "Lexical Structure" (https://www.postgresql.org/docs/current/sql-syntax-lexical.html:
 * `'…'` with `''`, `E'…'` with backslash escapes, `"…"` identifiers, `$tag$…$tag$`, `--` and
 * nested `/* *\/` comments); MySQL "Literals" / "Comments"
 * (https://dev.mysql.com/doc/refman/8.0/en/string-literals.html, …/comments.html: backslash
 * escapes in `'…'`/`"…"`, `` `…` `` identifiers, `#`, `-- ` and `/* *\/` comments).
 */

/** Which lexical rules apply. */
export type LexFamily = 'postgresql' | 'mysql';

/** One token; offsets are UTF-16 offsets into the lexed text, `end` exclusive. */
export interface LexToken {
  type: 'word' | 'string' | 'quoted-ident' | 'comment' | 'punct' | 'number';
  start: number;
  end: number;
  /** False when a quote or comment runs to the end of the text unterminated. */
  terminated: boolean;
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const isWordStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
const isWordPart = (c: number): boolean => isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Index after the closing `quote` (doubled quote escapes it; backslash too when `backslash`), or -1. */
function skipQuoted(text: string, from: number, quote: number, backslash: boolean): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (backslash && c === 92) {
      i++;
      continue;
    }
    if (c === quote) {
      if (text.charCodeAt(i + 1) === quote) {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return -1;
}

/**
 * The token starting at or after `from` (whitespace skipped), or `undefined` at the end.
 * Never throws: an unterminated quote or comment becomes a token running to the end.
 */
export function nextToken(text: string, from: number, family: LexFamily): LexToken | undefined {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (i >= text.length) return undefined;
  const c = text.charCodeAt(i);
  const c1 = text.charCodeAt(i + 1);
  const tok = (type: LexToken['type'], end: number): LexToken =>
    end < 0
      ? { type, start: i, end: text.length, terminated: false }
      : { type, start: i, end, terminated: true };
  // Comments.
  if (c === 45 && c1 === 45) {
    const nl = text.indexOf('\n', i);
    return { type: 'comment', start: i, end: nl < 0 ? text.length : nl, terminated: true };
  }
  if (c === 35 && family === 'mysql') {
    const nl = text.indexOf('\n', i);
    return { type: 'comment', start: i, end: nl < 0 ? text.length : nl, terminated: true };
  }
  if (c === 47 && c1 === 42) {
    let depth = 1;
    let j = i + 2;
    while (j < text.length && depth > 0) {
      if (text.charCodeAt(j) === 42 && text.charCodeAt(j + 1) === 47) {
        depth--;
        j += 2;
      } else if (family === 'postgresql' && text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 42) {
        depth++;
        j += 2;
      } else j++;
    }
    return tok('comment', depth === 0 ? j : -1);
  }
  // Strings and quoted identifiers.
  if (c === 39) return tok('string', skipQuoted(text, i + 1, 39, family === 'mysql'));
  if ((c === 69 || c === 101) && c1 === 39 && family === 'postgresql') {
    return tok('string', skipQuoted(text, i + 2, 39, true));
  }
  if (c === 34)
    return tok(
      family === 'mysql' ? 'string' : 'quoted-ident',
      skipQuoted(text, i + 1, 34, family === 'mysql'),
    );
  if (c === 96 && family === 'mysql') return tok('quoted-ident', skipQuoted(text, i + 1, 96, false));
  if (c === 36 && family === 'postgresql') {
    const m = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 64));
    if (m) {
      const close = text.indexOf(m[0], i + m[0].length);
      return tok('string', close < 0 ? -1 : close + m[0].length);
    }
  }
  if (isDigit(c)) {
    let j = i + 1;
    while (j < text.length && (isWordPart(text.charCodeAt(j)) || text.charCodeAt(j) === 46)) j++;
    return tok('number', j);
  }
  if (isWordStart(c)) {
    let j = i + 1;
    while (j < text.length && isWordPart(text.charCodeAt(j))) j++;
    return tok('word', j);
  }
  return tok('punct', i + 1);
}

/** The tokens of `text` that are not comments, lazily. */
export function* codeTokens(text: string, family: LexFamily, from = 0): Generator<LexToken> {
  let pos = from;
  for (;;) {
    const t = nextToken(text, pos, family);
    if (!t) return;
    pos = t.end;
    if (t.type !== 'comment') yield t;
  }
}

/** Offset of the first code (non-space, non-comment) character at or after `from`, or `end`. */
export function skipTrivia(text: string, from: number, end: number, family: LexFamily): number {
  let pos = from;
  while (pos < end) {
    const t = nextToken(text, pos, family);
    if (!t || t.start >= end) return end;
    if (t.type !== 'comment') return t.start;
    pos = t.end;
  }
  return end;
}

/** `end` moved back over trailing whitespace (not below `start`). */
export function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && isSpace(text.charCodeAt(e - 1))) e--;
  return e;
}
