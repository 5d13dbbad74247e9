import type { SqlStatement } from '../../../sql/model';
import type { Span } from '../../../types';

/**
 * A lexical token of a SQL statement's text, as far as rules need it to place findings.
 * `start`/`end` are UTF-16 offsets into `SqlStatement.text` (`end` exclusive); `value` is the
 * identifier as the server folds it: lower-cased for bare words (PostgreSQL folds unquoted
 * identifiers to lower case; MySQL compares most names case-insensitively), unquoted verbatim for
 * `"quoted"` and `` `backquoted` `` identifiers, and the literal's content for strings.
 */
export interface SqlToken {
  kind: 'word' | 'quoted' | 'string' | 'number' | 'punct';
  value: string;
  start: number;
  end: number;
}

/** `\s` of a JavaScript regular expression, by char code (ASCII fast path). */
function isSpace(code: number, c: string): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(c);
}

/** `[A-Za-z_\u0080-\uffff]`: a character that starts a bare word. */
function isWordStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code >= 0x80;
}

/** `[A-Za-z0-9_$\u0080-\uffff]`: a character that continues a bare word. */
function isWordPart(code: number): boolean {
  return isWordStart(code) || (code >= 48 && code <= 57) || code === 36;
}

/** `[0-9]`. */
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `[0-9.eE_]`: a character that continues a number. */
function isNumberPart(code: number): boolean {
  return isDigit(code) || code === 46 || code === 101 || code === 69 || code === 95;
}

/** Index just past a quoted run that starts at `i` with `quote`, a doubled quote escaping it. */
function skipQuoted(text: string, i: number, quote: string, backslash: boolean): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (backslash && c === '\\') j += 2;
    else if (c === quote) {
      if (text[j + 1] === quote) j += 2;
      else return j + 1;
    } else j++;
  }
  return text.length;
}

/**
 * Splits SQL text into tokens, skipping whitespace and `--`, `#` (MySQL) and nested `/* *\/`
 * comments; strings (`'…'`, `E'…'`, `$tag$…$tag$`) and quoted identifiers are single tokens.
 * Lexical structure per the PostgreSQL docs, "SQL Syntax — Lexical Structure", and the MySQL
 * manual, "Schema Object Names" / "String Literals". Never throws: an unterminated string or
 * comment runs to the end of the text.
 */
export function tokenize(text: string, mysql = false): SqlToken[] {
  const out: SqlToken[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const code = text.charCodeAt(i);
    const c = text[i] ?? '';
    const next = text[i + 1] ?? '';
    if (isSpace(code, c)) {
      i++;
    } else if ((c === '-' && next === '-') || (mysql && c === '#')) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text.startsWith('/*', j) && !mysql) {
          depth++;
          j += 2;
        } else if (text.startsWith('*/', j)) {
          depth--;
          j += 2;
        } else j++;
      }
      i = j;
    } else if (c === "'" || ((c === 'E' || c === 'e') && next === "'")) {
      const q = c === "'" ? i : i + 1;
      const end = skipQuoted(text, q, "'", mysql || q !== i);
      out.push({ kind: 'string', value: text.slice(q + 1, end - 1).replace(/''/g, "'"), start: i, end });
      i = end;
    } else if (c === '"' || (mysql && c === '`')) {
      const end = skipQuoted(text, i, c, false);
      out.push({
        kind: 'quoted',
        value: text
          .slice(i + 1, end - 1)
          .split(c + c)
          .join(c),
        start: i,
        end,
      });
      i = end;
    } else if (c === '$' && /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.test(text.slice(i, i + 64))) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64))?.[0] ?? '$$';
      const close = text.indexOf(tag, i + tag.length);
      const end = close < 0 ? text.length : close + tag.length;
      out.push({ kind: 'string', value: text.slice(i + tag.length, close < 0 ? end : close), start: i, end });
      i = end;
    } else if (isWordStart(code)) {
      let j = i + 1;
      while (j < n && isWordPart(text.charCodeAt(j))) j++;
      out.push({ kind: 'word', value: text.slice(i, j).toLowerCase(), start: i, end: j });
      i = j;
    } else if (isDigit(code)) {
      let j = i + 1;
      while (j < n && isNumberPart(text.charCodeAt(j))) j++;
      out.push({ kind: 'number', value: text.slice(i, j), start: i, end: j });
      i = j;
    } else {
      out.push({ kind: 'punct', value: c, start: i, end: i + 1 });
      i++;
    }
  }
  return out;
}

/** Whether a token names `name`: a bare word case-insensitively, a quoted identifier exactly. */
function tokenNames(t: SqlToken, name: string): boolean {
  if (t.kind === 'word') return t.value === name.toLowerCase();
  return t.kind === 'quoted' && t.value === name;
}

/**
 * Line breaks in `text.slice(0, end)` (`end` read as `slice` reads it: truncated, negative from
 * the end, clamped): how many (`lines`) and the offset of the last one (`nl`, -1 when none),
 * without allocating the slice.
 */
export function newlinesBefore(text: string, end: number): { lines: number; nl: number } {
  const e = Number.isNaN(end) ? 0 : Math.trunc(end);
  const stop = e < 0 ? Math.max(text.length + e, 0) : Math.min(e, text.length);
  let lines = 0;
  let nl = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < stop; i = text.indexOf('\n', i + 1)) {
    lines++;
    nl = i;
  }
  return { lines, nl };
}

/**
 * Span of the statement-text range `[offset, offset + length)`. Exact when the statement's text
 * maps one-to-one onto its span (always for SQL files and plainly quoted shell words); otherwise
 * (text re-quoted inside a shell word) the statement's own span, as {@link SqlStatement.span}
 * documents for such text.
 */
export function textSpan(stmt: SqlStatement, offset: number, length: number): Span {
  const { span, text } = stmt;
  if (span.end - span.start !== text.length || offset < 0 || offset + length > text.length) return span;
  const at = (k: number): { line: number; column: number } => {
    const { lines, nl } = newlinesBefore(text, k);
    return lines === 0
      ? { line: span.line, column: span.column + k }
      : { line: span.line + lines, column: k - nl };
  };
  const a = at(offset);
  const b = at(offset + length);
  return {
    start: span.start + offset,
    end: span.start + offset + length,
    line: a.line,
    column: a.column,
    endLine: b.line,
    endColumn: b.column,
  };
}

/**
 * Span of the first occurrence, at or after statement-text offset `from`, of the dotted name
 * `parts` (`['public', 'users']` matches `public.users`, `"public"."users"`, `` `public`.`users` ``;
 * a single part also matches the last part of a longer qualified name). Falls back to the
 * statement span when the name is not found (e.g. it came from a macro or dynamic text).
 */
export function findNameSpan(stmt: SqlStatement, parts: readonly string[], from = 0): Span {
  const mysql = stmt.dialect !== 'postgresql';
  const tokens = tokenize(stmt.text, mysql);
  const last = parts[parts.length - 1];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.start < from) continue;
    let k = i;
    let ok = true;
    for (let p = 0; p < parts.length && ok; p++) {
      const tok = tokens[k];
      const part = parts[p];
      ok = tok !== undefined && part !== undefined && tokenNames(tok, part);
      if (ok && p < parts.length - 1) ok = tokens[k + 1]?.value === '.' && tokens[k + 1]?.kind === 'punct';
      k += p < parts.length - 1 ? 2 : 1;
    }
    const end = tokens[k - 1];
    if (ok && end) return textSpan(stmt, t.start, end.end - t.start);
  }
  if (parts.length > 1 && last !== undefined) return findNameSpan(stmt, [last], from);
  return stmt.span;
}

/**
 * Span of the first run of keyword tokens `words` (lower case, e.g. `['to', 'program']`) in the
 * statement text, or the statement span when absent.
 */
export function findKeywordsSpan(stmt: SqlStatement, words: readonly string[]): Span {
  const tokens = tokenize(stmt.text, stmt.dialect !== 'postgresql');
  for (let i = 0; i + words.length <= tokens.length; i++) {
    if (words.every((w, k) => tokens[i + k]?.kind === 'word' && tokens[i + k]?.value === w)) {
      const a = tokens[i];
      const b = tokens[i + words.length - 1];
      if (a && b) return textSpan(stmt, a.start, b.end - a.start);
    }
  }
  return stmt.span;
}

/**
 * Span of the first string literal whose content is `value` (a COPY target, an OUTFILE path),
 * else of the first run of `fallbackWords`, else the statement span.
 */
export function findStringSpan(
  stmt: SqlStatement,
  value: string,
  fallbackWords: readonly string[] = [],
): Span {
  const t = tokenize(stmt.text, stmt.dialect !== 'postgresql').find(
    (k) => k.kind === 'string' && k.value === value,
  );
  if (t) return textSpan(stmt, t.start, t.end - t.start);
  return fallbackWords.length > 0 ? findKeywordsSpan(stmt, fallbackWords) : stmt.span;
}
