import { nextToken, type LexFamily } from './lex';

/**
 * Text preparation before SQL is split and parsed, keeping every offset (each function returns a
 * string of the same length, so spans computed on it are spans of the original text). Pure.
 */

/**
 * Replaces NUL characters with spaces. libpg-query hands the text to the PostgreSQL parser as a
 * C string, which ends at the first NUL: `SELECT 1;\0\nDROP TABLE t;` would parse as `SELECT 1;`
 * while psql (which reads the file line by line and drops the NUL) runs the DROP (issue 9 §6).
 * Other control characters are left alone: the parsers reject them, which makes the statement
 * `unparsed` rather than hidden.
 */
export function neutralizeNul(text: string): string {
  return text.includes('\0') ? text.replace(/\0/g, ' ') : text;
}

/**
 * MySQL / MariaDB executable comments made code: `/*! … *\/`, `/*!80000 … *\/` (run by servers
 * at or above that version) and MariaDB's `/*M! … *\/` are executed by the server, so their
 * opening and closing marks are replaced with spaces and the content is judged as the statement
 * it is. Every version is assumed to run it (the stricter reading). Strings and other comments
 * are left alone. Source: MySQL "Comments" (https://dev.mysql.com/doc/refman/8.0/en/comments.html),
 * MariaDB "Comment Syntax" (https://mariadb.com/kb/en/comment-syntax/).
 */
export function unwrapExecutableComments(text: string): string {
  if (!text.includes('/*!') && !text.includes('/*M!')) return text;
  const chars = text.split('');
  let pos = 0;
  for (;;) {
    const t = nextToken(text, pos, 'mysql');
    if (!t) break;
    pos = t.end;
    if (t.type !== 'comment') continue;
    const head = /^\/\*M?!\d{0,6}/.exec(text.slice(t.start, t.start + 10));
    if (!head) continue;
    for (let i = t.start; i < t.start + head[0].length; i++) chars[i] = ' ';
    if (t.terminated && text.startsWith('*/', t.end - 2)) {
      chars[t.end - 2] = ' ';
      chars[t.end - 1] = ' ';
    }
    // The content is code: lex it (strings, nested executable comments) from after the mark.
    pos = t.start + head[0].length;
  }
  return chars.join('');
}

/**
 * Statements nesting parentheses deeper than this are not parsed (an explicit `unparsed`
 * finding): ~950 nested subqueries overflowed the JavaScript stack (issue 9 §6), while
 * hand-written and ORM-generated SQL stays far below (the migrations corpus peaks under 20).
 */
export const MAX_PAREN_DEPTH = 200;

/**
 * The deepest nesting of parentheses in `text` outside strings and comments, stopping early once
 * `limit` is passed (O(n)). Used to refuse texts whose parse trees would overflow the stack of
 * the parser or of the rules' walks (~950 nested subqueries did, issue 9 §6).
 */
export function parenDepthExceeds(text: string, family: LexFamily, limit: number): boolean {
  if (text.length < limit * 2) return false;
  let depth = 0;
  let pos = 0;
  for (;;) {
    const t = nextToken(text, pos, family);
    if (!t) return false;
    pos = t.end;
    if (t.type !== 'punct') continue;
    const c = text.charCodeAt(t.start);
    if (c === 40) {
      depth++;
      if (depth > limit) return true;
    } else if (c === 41 && depth > 0) depth--;
  }
}

/** One psql meta-command (`\dt+ users`), from its backslash to the end of its line. */
export interface PsqlMetaCommand {
  /** UTF-16 offsets into the text, `end` exclusive (the line end, without the newline). */
  start: number;
  end: number;
  /** The command name without the backslash (`dt+`, `x`, `!`, `gexec`). */
  name: string;
  /** True for display-only commands (see {@link PSQL_READ_COMMANDS}) with plain arguments. */
  read: boolean;
}

/**
 * psql meta-commands that only display (describe objects, list databases, toggle output format
 * or timing). Source: psql docs "Meta-Commands" (https://www.postgresql.org/docs/current/app-psql.html).
 * Not here, because they run programs, read or write files, execute query results or change the
 * connection: `\!`, `\g`/`\gexec`/`\gset`, `\o`, `\w`, `\i`/`\ir`, `\copy`, `\e`/`\ef`, `\c`,
 * `\set` (its value can be interpolated as SQL), `\lo_*`.
 */
const PSQL_READ_COMMANDS =
  /^(d[a-zA-Z]*[+S]*|l\+?|list\+?|x|timing|conninfo|encoding|pset|a|C|f|H|t|T|echo|qecho|warn|\?|h|help|z|sf\+?|sv\+?|errverbose|q|quit)$/;

/**
 * The psql meta-commands of PostgreSQL text: a backslash outside strings, quoted identifiers and
 * comments starts one, which runs to the end of its line (psql also ends one at the next
 * backslash: a line holding a second backslash or a backtick, which psql runs as a shell
 * command, is never a read).
 */
export function psqlMetaCommands(text: string): PsqlMetaCommand[] {
  if (!text.includes('\\')) return [];
  const out: PsqlMetaCommand[] = [];
  let pos = 0;
  for (;;) {
    const t = nextToken(text, pos, 'postgresql');
    if (!t) break;
    pos = t.end;
    if (t.type !== 'punct' || text.charCodeAt(t.start) !== 92) continue;
    const nl = text.indexOf('\n', t.start);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(t.start + 1, end).replace(/\r$/, '');
    const name = /^[^\s\\]*/.exec(line)?.[0] ?? '';
    const rest = line.slice(name.length);
    const read = PSQL_READ_COMMANDS.test(name) && !rest.includes('\\') && !rest.includes('`');
    out.push({ start: t.start, end, name, read });
    pos = end;
  }
  return out;
}

/** `text` with the ranges replaced by spaces (same length). */
export function blankRanges(text: string, ranges: readonly { start: number; end: number }[]): string {
  if (ranges.length === 0) return text;
  let out = '';
  let at = 0;
  for (const r of ranges) {
    out += text.slice(at, r.start) + ' '.repeat(r.end - r.start);
    at = r.end;
  }
  return out + text.slice(at);
}
