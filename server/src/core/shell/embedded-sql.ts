import * as path from 'node:path';
import type { Dialect, Span } from '../types';
import {
  dbConnection,
  dbDialect,
  dbInvocation,
  isSqlMode,
  sqlOperands,
  type DbInvocation,
} from './db-clients';
import type { ShellCommand, ShellWord } from './model';
import { matchSqlRun, TOOL_CATALOGUE } from './tool-catalogue';

export { commandFacts } from './facts';

/**
 * Where embedded SQL goes: the connection target named on the command line, when static (`host`
 * is the first of the hosts, see {@link import('./db-clients').dbConnection} for all of them).
 */
export interface SqlTarget {
  host?: string;
  database?: string;
  user?: string;
}

/**
 * SQL text found in a shell command, ready for the SQL analyzer. Exactly one of `baseOffset`
 * (the text maps 1:1 onto the action text from there), `fixedSpan` (the text came from a word
 * with escapes or from joined words: every span is that span) or `file` (the text was read from
 * that file; spans are offsets into the file) is set, except when the file could not be read.
 */
export interface EmbeddedSql {
  text: string;
  dialect: Dialect;
  baseOffset?: number;
  fixedSpan?: Span;
  /** Absolute path of the file the SQL was read from (`psql -f FILE`, `mysql < FILE`). */
  file?: string;
  /** Set (and `text` empty) when a named SQL file could not be read: the SQL is unknown. */
  unreadable?: true;
  /**
   * Set when the SQL contains run-time expansions (`psql -c "DROP TABLE $T"`): `text` is the
   * static reading with each expansion replaced by the identifier `rg_dynamic`, and the shell
   * analyzer reports the command as `opaque-execution` (`dynamicSql`).
   */
  dynamic?: true;
  /** How the SQL reached the client: `-c`/`-e`/`--query` argument, stdin, or a file. */
  via: 'argument' | 'stdin' | 'file';
  target: SqlTarget;
}

/** Options of {@link extractEmbeddedSql}. */
export interface ExtractOptions {
  /** Working directory for relative file names. */
  cwd?: string;
  /** Reads a file; `undefined` when it cannot be read. Omit to never read files. */
  readFile?: (path: string) => string | undefined;
}

/** Places the value of an option (attached `--command=SQL` or separate word) in the action text. */
function place(word: ShellWord, value: string): Pick<EmbeddedSql, 'baseOffset' | 'fixedSpan'> {
  if (word.valueOffset !== undefined && word.value?.endsWith(value)) {
    return { baseOffset: word.valueOffset + (word.value.length - value.length) };
  }
  return { fixedSpan: word.span };
}

/**
 * The static reading of SQL given in a word holding run-time expansions (its `template`), without
 * an attached option name (`--command="…"`, `-c"…"`); `undefined` when nothing static is known.
 */
export function dynamicSqlText(word: ShellWord | undefined): string | undefined {
  if (!word || word.value !== undefined || word.template === undefined) return undefined;
  const t = word.template;
  if (!word.raw.startsWith('-')) return t;
  const long = /^--[\w-]+=/.exec(t);
  return long ? t.slice(long[0].length) : t.slice(2);
}

/**
 * SQL a database client command will run: `-c`/`-e`/`--query` arguments (each one), files named by
 * `-f` or `< FILE` (read through `options.readFile`, relative to `options.cwd`), and static stdin
 * (heredoc, here-string, `echo '…' |`) when no argument SQL is given. The clients and their options
 * are the SQL-running tools of `db-clients.ts`. A migration runner's migrations (found by the
 * shell analysis, `migration-files.ts`) count as files it runs. Pure apart from `readFile`.
 */
export function extractEmbeddedSql(cmd: ShellCommand, options: ExtractOptions = {}): EmbeddedSql[] {
  const migrations: EmbeddedSql[] = (cmd.migrations ?? []).map((m) => ({
    text: m.text,
    dialect: m.dialect,
    via: 'file',
    file: m.file,
    target: {},
  }));
  return [...migrations, ...clientSql(cmd, options)];
}

function clientSql(cmd: ShellCommand, options: ExtractOptions): EmbeddedSql[] {
  const inv = dbInvocation(cmd);
  const dialect = inv ? dbDialect(inv) : undefined;
  if (!inv || dialect === undefined) return catalogueSql(cmd, options);
  const { tool } = inv;
  const opts = inv.options;
  // mysqlsh runs JavaScript or Python unless started in SQL mode; a `.sql` file is SQL in any mode.
  const sqlMode = isSqlMode(inv);
  const conn = dbConnection(cmd);
  const target: SqlTarget = {
    ...(conn?.hosts[0] ? { host: conn.hosts[0] } : {}),
    ...(conn?.database ? { database: conn.database } : {}),
    ...(conn?.user ? { user: conn.user } : {}),
  };
  const base = { dialect, target };
  const out: EmbeddedSql[] = [];
  for (const o of sqlMode ? opts : []) {
    if (tool.query?.includes(o.name) && o.value !== undefined && o.valueWord) {
      out.push({ ...base, text: o.value, via: 'argument', ...place(o.valueWord, o.value) });
    } else if (tool.query?.includes(o.name) && o.valueWord?.value === undefined) {
      const text = dynamicSqlText(o.valueWord);
      if (text !== undefined && o.valueWord)
        out.push({ ...base, text, via: 'argument', dynamic: true, fixedSpan: o.valueWord.span });
    }
  }
  out.push(...operandSql(inv, base));
  const files = opts
    .filter((o) => tool.queryFile?.includes(o.name) && o.value !== '-')
    .flatMap((o) => (tool.queryFileList && o.value !== undefined ? o.value.split(',') : [o.value]))
    .filter((f) => sqlMode || f?.toLowerCase().endsWith('.sql'));
  // `sqlplus LOGON @script`: the script, `.sql` when it has no extension (SQL*Plus "@ (at sign)").
  if (tool.scriptOperands)
    for (const w of inv.operands.slice(1))
      if (w.value?.startsWith('@') && w.value.length > 1) {
        const f = w.value.slice(1);
        files.push(path.extname(f) === '' ? `${f}.sql` : f);
      }
  const stdinFile = cmd.redirects.find((r) => r.op === '<' && (r.fd === undefined || r.fd === '0'));
  if (stdinFile && sqlMode && out.length === 0 && files.length === 0) files.push(stdinFile.target);
  for (const file of files) {
    const abs = file === undefined ? undefined : path.resolve(options.cwd ?? '.', file);
    const text = abs === undefined ? undefined : options.readFile?.(abs);
    if (text === undefined)
      out.push({ ...base, text: '', via: 'file', unreadable: true, ...(abs ? { file: abs } : {}) });
    else out.push({ ...base, text, via: 'file', ...(abs ? { file: abs } : {}) });
  }
  if (out.length === 0 && sqlMode && cmd.stdin) {
    const s = cmd.stdin;
    out.push({
      ...base,
      text: s.text,
      via: 'stdin',
      ...(s.textOffset !== undefined ? { baseOffset: s.textOffset } : { fixedSpan: s.span }),
    });
  }
  const separator = tool.batchSeparator;
  return separator === undefined ? out : out.map((e) => ({ ...e, text: endBatches(e.text, separator) }));
}

/**
 * SQL given as operands: after the database (`sqlite3 DB 'SQL'`, `duckdb DB 'SQL'`, `turso db
 * shell DB 'SQL'`; operands starting with `.` are the shell's dot-commands, `.tables`), or all of
 * them joined with spaces, as bq does (`bq query SELECT 1`). Operands with run-time expansions
 * give their static reading, marked `dynamic`.
 */
function operandSql(inv: DbInvocation, base: Pick<EmbeddedSql, 'dialect' | 'target'>): EmbeddedSql[] {
  const words = sqlOperands(inv);
  const reading = (w: ShellWord): EmbeddedSql | undefined => {
    if (w.value !== undefined) return { ...base, text: w.value, via: 'argument', ...place(w, w.value) };
    const text = dynamicSqlText(w);
    return text === undefined
      ? undefined
      : { ...base, text, via: 'argument', dynamic: true, fixedSpan: w.span };
  };
  if (inv.tool.operands !== 'sql' || words.length <= 1)
    return words.flatMap((w) => (w.value?.startsWith('.') ? [] : (reading(w) ?? [])));
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last) return [];
  const dynamic = words.some((w) => w.value === undefined);
  const text = words.map((w) => w.value ?? dynamicSqlText(w) ?? 'rg_dynamic').join(' ');
  const fixedSpan = {
    ...first.span,
    end: last.span.end,
    endLine: last.span.endLine,
    endColumn: last.span.endColumn,
  };
  return [{ ...base, text, via: 'argument', fixedSpan, ...(dynamic ? { dynamic: true as const } : {}) }];
}

/**
 * sqlcmd's batch separator lines (`GO`, `GO 5`: a line holding only the word and an optional
 * count) replaced by `;` padded to the same length, so offsets still map onto the text: they end
 * a batch, which for the SQL parser is a statement boundary.
 */
function endBatches(text: string, separator: string): string {
  const re = new RegExp(String.raw`^([ \t]*)${separator}(?:[ \t]+\d+)?[ \t]*$`, 'gim');
  return text.replace(
    re,
    (line, indent: string) => `${indent};${' '.repeat(line.length - indent.length - 1)}`,
  );
}

/**
 * SQL run by a catalogued tool's SQL-running subcommand (`prisma db execute --stdin|--file`,
 * `heroku pg:psql -c`, `manage.py dbshell`, `wrangler d1 execute --command`; `tool-catalogue/`):
 * option values, named files (through `options.readFile`) and static stdin, like a client's.
 */
function catalogueSql(cmd: ShellCommand, options: ExtractOptions): EmbeddedSql[] {
  const run = matchSqlRun(TOOL_CATALOGUE, cmd);
  if (!run) return [];
  const base = { dialect: run.dialect, target: {} };
  const out: EmbeddedSql[] = run.texts.map(({ text, word }) => ({
    ...base,
    text,
    via: 'argument' as const,
    ...place(word, text),
  }));
  for (const file of run.files) {
    const abs = path.resolve(options.cwd ?? '.', file);
    const text = options.readFile?.(abs);
    out.push(
      text === undefined
        ? { ...base, text: '', via: 'file', unreadable: true, file: abs }
        : { ...base, text, via: 'file', file: abs },
    );
  }
  if (run.stdin && cmd.stdin) {
    const s = cmd.stdin;
    out.push({
      ...base,
      text: s.text,
      via: 'stdin',
      ...(s.textOffset !== undefined ? { baseOffset: s.textOffset } : { fixedSpan: s.span }),
    });
  }
  return out;
}
