import type { Sink } from '../types';
import { offsetMap } from './offsets';
import type { PsqlMetaCommand } from './prepare';

/**
 * Reading the arguments of the psql meta-commands whose meaning is exact: `\copy` (the COPY
 * statement it sends and the client file, stream or program it reads or writes) and the output
 * pipes of `\o`, `\g`, `\gx` and `\w` (`|command`). Source: psql docs, "Meta-Commands"
 * (https://www.postgresql.org/docs/current/app-psql.html#APP-PSQL-META-COMMANDS): `\copy`
 * performs `COPY … FROM STDIN` / `COPY … TO STDOUT` and moves the data between the server and a
 * file or program of the client; the entire remainder of its line is its argument, without
 * variable interpolation or backquote expansion. Pure; offsets are UTF-16 offsets into the text.
 */

/** A range `[start, end)` of the text. */
export interface Range {
  start: number;
  end: number;
}

/** The arguments of one `\copy` line. */
export interface PsqlCopy {
  direction: 'from' | 'to';
  /** The table (with its column list) or the parenthesized query, as written. */
  head: Range;
  /** The `from` / `to` word. */
  keyword: Range;
  /**
   * Where the data comes from or goes to, on the client: a file, a program run by the client's
   * shell, or psql's own streams (`stdin`, `stdout`, `pstdin`, `pstdout`). `value` is the file
   * name or command with quotes removed (`''` ⇒ `'`); `valueAt` is its offset when it is the
   * source text character by character (no doubled quote).
   */
  target: Range & { kind: 'file' | 'program' | 'stream'; value: string; valueAt?: number };
  /** The COPY options after the target, passed to the server as written. */
  rest: Range;
}

const SPACE = /[ \t\n\r\f\v]/;

function skipSpace(text: string, i: number, end: number): number {
  while (i < end && SPACE.test(text.charAt(i))) i++;
  return i;
}

/** End of a quoted run starting at `i` (a doubled quote stays inside), or -1 when unterminated. */
function quotedEnd(text: string, i: number, end: number): number {
  const q = text.charAt(i);
  for (let j = i + 1; j < end; j++) {
    if (text.charAt(j) !== q) continue;
    if (text.charAt(j + 1) === q && j + 1 < end) j++;
    else return j + 1;
  }
  return -1;
}

/**
 * The token of the target after `from` / `to`, as psql reads it: a single-quoted string, or a run
 * of characters up to white space, `;` or a quote.
 */
function targetToken(text: string, i: number, end: number): (Range & { quoted: boolean }) | undefined {
  if (text.charAt(i) === "'") {
    const e = quotedEnd(text, i, end);
    return e < 0 ? undefined : { start: i, end: e, quoted: true };
  }
  let j = i;
  while (j < end && !SPACE.test(text.charAt(j)) && !";'".includes(text.charAt(j))) j++;
  return j > i ? { start: i, end: j, quoted: false } : undefined;
}

/** The content of a single-quoted token, doubled quotes made single. */
function unquote(text: string, r: Range): string {
  return text.slice(r.start + 1, r.end - 1).replace(/''/g, "'");
}

/**
 * Reads the arguments of a `\copy` meta-command (`meta.name === 'copy'`):
 * `\copy { table [ ( column_list ) ] | ( query ) } { from | to } { 'filename' | program 'command'
 * | stdin | stdout | pstdin | pstdout } [ [ with ] ( option [, ...] ) ]`. The table part is
 * tokenized as psql does (double-quoted identifiers, single-quoted strings and parentheses inside
 * a query, `from` / `to` found outside them). `undefined` when the line does not have that shape,
 * or holds a backslash before the target (psql's reading of strings then depends on the server's
 * `standard_conforming_strings`): such a line stays unknown.
 */
export function parsePsqlCopy(text: string, meta: PsqlMetaCommand): PsqlCopy | undefined {
  if (meta.name !== 'copy') return undefined;
  const end = meta.end;
  const headStart = skipSpace(text, meta.start + 1 + meta.name.length, end);
  let depth = 0;
  let i = headStart;
  let keyword: Range | undefined;
  while (i < end && !keyword) {
    const c = text.charAt(i);
    if (SPACE.test(c)) i++;
    else if (c === '\\' || c === '`' || (c === "'" && depth === 0)) return undefined;
    else if (c === '"' || (c === "'" && depth > 0)) {
      const e = quotedEnd(text, i, end);
      if (e < 0) return undefined;
      i = e;
    } else if ('(),.'.includes(c)) {
      if (c === '(') depth++;
      if (c === ')' && --depth < 0) return undefined;
      i++;
    } else {
      let j = i;
      while (j < end && !SPACE.test(text.charAt(j)) && !'(),."\'\\`'.includes(text.charAt(j))) j++;
      const word = text.slice(i, j).toLowerCase();
      if (depth === 0 && i > headStart && (word === 'from' || word === 'to')) keyword = { start: i, end: j };
      i = j;
    }
  }
  if (!keyword) return undefined;
  const t = targetToken(text, skipSpace(text, keyword.end, end), end);
  if (!t) return undefined;
  const direction = text.slice(keyword.start, keyword.end).toLowerCase() === 'from' ? 'from' : 'to';
  const head = { start: headStart, end: keyword.start };
  const bare = text.slice(t.start, t.end).toLowerCase();
  let target: PsqlCopy['target'];
  if (!t.quoted && bare === 'program') {
    const cmd = targetToken(text, skipSpace(text, t.end, end), end);
    if (!cmd?.quoted) return undefined;
    target = { ...cmd, kind: 'program', value: unquote(text, cmd) };
  } else if (!t.quoted && /^p?std(in|out)$/.test(bare)) {
    target = { start: t.start, end: t.end, kind: 'stream', value: bare };
  } else {
    target = {
      start: t.start,
      end: t.end,
      kind: 'file',
      value: t.quoted ? unquote(text, t) : text.slice(t.start, t.end),
    };
  }
  if (target.kind !== 'stream') {
    const at = t.quoted || target.kind === 'program' ? target.start + 1 : target.start;
    if (text.slice(at, at + target.value.length) === target.value) target.valueAt = at;
  }
  return { direction, head, keyword, target, rest: { start: target.end, end } };
}

/** The COPY statement psql sends for a `\copy`, and how its positions map back to the line. */
export interface CopyStatementText {
  /** `COPY <head> FROM STDIN <rest>` or `COPY <head> TO STDOUT <rest>`. */
  sql: string;
  /**
   * The UTF-16 offset in the analyzed text of a UTF-8 byte offset into `sql` (libpg-query's
   * locations): the table, column and option parts map to where they are written, the inserted
   * words to the `\copy` command or to the target.
   */
  locate(byteOffset: number): number;
}

/**
 * The server-side statement of a `\copy` (psql sends `COPY` + the table part + `FROM STDIN` or
 * `TO STDOUT` + the options; psql docs "\copy"), for libpg-query and the COPY rules.
 */
export function copyStatementText(text: string, meta: PsqlMetaCommand, copy: PsqlCopy): CopyStatementText {
  const pieces: { sql: string; at: number; verbatim: boolean }[] = [
    { sql: 'COPY ', at: meta.start, verbatim: false },
    { sql: text.slice(copy.head.start, copy.head.end), at: copy.head.start, verbatim: true },
    { sql: copy.direction === 'from' ? 'FROM STDIN ' : 'TO STDOUT ', at: copy.target.start, verbatim: false },
    { sql: text.slice(copy.rest.start, copy.rest.end), at: copy.rest.start, verbatim: true },
  ];
  const sql = pieces.map((p) => p.sql).join('');
  const offsets = offsetMap(sql);
  const starts: number[] = [];
  let n = 0;
  for (const p of pieces) {
    starts.push(n);
    n += p.sql.length;
  }
  return {
    sql,
    locate: (byteOffset) => {
      const c = offsets.toChar(byteOffset);
      for (let k = pieces.length - 1; k >= 0; k--) {
        const p = pieces[k];
        const s = starts[k] ?? 0;
        if (p && c >= s) return p.verbatim ? p.at + (c - s) : p.at;
      }
      return meta.start;
    },
  };
}

/** What the client side of a `\copy` reads or writes, as a {@link Sink}. */
export function copySink(copy: PsqlCopy): Sink {
  const direction = copy.direction === 'from' ? 'in' : 'out';
  const t = copy.target;
  if (t.kind === 'stream') return { kind: direction === 'in' ? 'stdin' : 'stdout', direction };
  return { kind: t.kind, target: t.value, direction };
}

/** Meta-commands whose argument may be `|command` (psql's "file or pipe" argument). */
const PIPE_COMMANDS = new Set(['o', 'out', 'g', 'gx', 'w', 'write']);

/**
 * The shell command of an output pipe: `\o |cmd`, `\g |cmd`, `\gx |cmd`, `\w |cmd` send query
 * output (or the query buffer, for `\w`) to `cmd` run by the client's shell; the entire remainder
 * of the line after `|` is the command (psql docs, `\o`, `\g`, `\w`). `undefined` for other
 * meta-commands and for a file argument.
 */
export function outputPipe(text: string, meta: PsqlMetaCommand): { command: string; at: number } | undefined {
  if (!PIPE_COMMANDS.has(meta.name)) return undefined;
  const i = skipSpace(text, meta.start + 1 + meta.name.length, meta.end);
  if (text.charAt(i) !== '|') return undefined;
  const at = skipSpace(text, i + 1, meta.end);
  return { command: text.slice(at, meta.end).replace(/\s+$/, ''), at };
}
