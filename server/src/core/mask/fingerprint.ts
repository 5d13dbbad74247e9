import type { Parsers } from '../parsers';
import type { Dialect } from '../types';

/**
 * SQL fingerprints: the statement's shape without its values, as PostgreSQL's
 * `pg_stat_statements` computes it (https://www.postgresql.org/docs/current/pgstatstatements.html,
 * "constants … are replaced by a parameter symbol such as $1").
 */

/** Dialects whose double-quoted text is a string literal (MySQL without ANSI_QUOTES). */
const DOUBLE_QUOTED_STRINGS: ReadonlySet<Dialect> = new Set(['mysql', 'mariadb', 'bigquery']);
/** Dialects whose string literals take backslash escapes (MySQL, BigQuery). */
const BACKSLASH_ESCAPES: ReadonlySet<Dialect> = new Set(['mysql', 'mariadb', 'bigquery']);

/** Index just after a quoted run that starts at `i` with `quote`; doubled quotes escape. */
function skipQuoted(sql: string, i: number, quote: string, backslash: boolean): number {
  let j = i + 1;
  while (j < sql.length) {
    const c = sql[j];
    if (backslash && c === '\\') j += 2;
    else if (c === quote) {
      if (sql[j + 1] === quote) j += 2;
      else return j + 1;
    } else j++;
  }
  return sql.length;
}

/**
 * Replaces string, number, hex and bit literals by `?` and removes comments (they may hold
 * values), keeping identifiers (`"x"`, `` `x` ``, `[x]`) and `$n` parameters. Exported for tests.
 */
export function replaceLiterals(sql: string, dialect: Dialect): string {
  const dq = DOUBLE_QUOTED_STRINGS.has(dialect);
  const bs = BACKSLASH_ESCAPES.has(dialect);
  let out = '';
  let i = 0;
  const isWord = (c: string | undefined): boolean => c !== undefined && /[\w$]/.test(c);
  while (i < sql.length) {
    const c = sql[i] ?? '';
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl;
      out += ' ';
    } else if (c === '#' && (dialect === 'mysql' || dialect === 'mariadb')) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl;
      out += ' ';
    } else if (c === '/' && next === '*') {
      const endc = sql.indexOf('*/', i + 2);
      i = endc < 0 ? sql.length : endc + 2;
      out += ' ';
    } else if (c === "'" || (c === '"' && dq)) {
      // Prefixes E'', N'', X'', B'', U&'' belong to the literal.
      const prefixed = /[eEnNxXbB&]$/.test(out) && !isWord(out[out.length - 2]);
      if (prefixed) out = out.slice(0, /U&$/i.test(out) ? -2 : -1);
      const escapes = bs || (prefixed && /[eE]/.test(sql[i - 1] ?? ''));
      i = skipQuoted(sql, i, c, escapes);
      out += '?';
    } else if (c === '"' || c === '`') {
      const j = skipQuoted(sql, i, c, false);
      // An unterminated quoted identifier may really be a value: mask it.
      out += sql[j - 1] === c && j - i >= 2 ? sql.slice(i, j) : '?';
      i = j;
    } else if (c === '[' && dialect === 'transactsql') {
      const j = sql.indexOf(']', i);
      const end = j < 0 ? sql.length : j + 1;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '$' && /\d/.test(next ?? '')) {
      const m = /^\$\d+/.exec(sql.slice(i)) ?? ['$'];
      out += m[0];
      i += m[0].length;
    } else if (c === '$' && !isWord(out[out.length - 1])) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
      if (tag) {
        const endTag = sql.indexOf(tag[0], i + tag[0].length);
        i = endTag < 0 ? sql.length : endTag + tag[0].length;
        out += '?';
      } else {
        out += c;
        i++;
      }
    } else if (/\d/.test(c) || (c === '.' && /\d/.test(next ?? ''))) {
      if (isWord(out[out.length - 1])) {
        out += c;
        i++;
      } else {
        const m = /^(?:0[xX][0-9a-fA-F]+|0[bB][01]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(sql.slice(i));
        const len = m?.[0].length ?? 1;
        out += '?';
        i += len;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/[ \t]+/g, ' ').trim();
}

/** Last resort: every quoted run and every digit run becomes `?`. */
function conservative(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'?|"(?:[^"]|"")*"?|\d+/g, '?');
}

/**
 * The fingerprint of `sql`: PostgreSQL through libpg-query's `normalizeSync` (constants become
 * `$1`, `$2`…, then comments and constants it leaves, e.g. in `COPY … FROM 'file'`, become `?`);
 * other dialects, or PostgreSQL text the parser rejects, through {@link replaceLiterals}.
 * Never throws.
 */
export function fingerprintSql(
  parsers: Pick<Parsers, 'pg'> | undefined,
  sql: string,
  dialect: Dialect,
): string {
  try {
    if (dialect === 'postgresql' && parsers) {
      try {
        return replaceLiterals(parsers.pg.normalizeSync(sql), dialect);
      } catch {
        // Not parseable as PostgreSQL: fall through to the tokenizer.
      }
    }
    return replaceLiterals(sql, dialect);
  } catch {
    return conservative(sql);
  }
}
