import * as path from 'node:path';
import type { Dialect, Span } from '../types';
import type { ShellCommand, ShellWord } from './model';
import { optionValue, readOptions, type OptionSpec, type ParsedOption } from './options';

export { commandFacts } from './facts';

/** Where embedded SQL goes: the connection target named on the command line, when static. */
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

interface Client {
  dialect: Dialect;
  options: OptionSpec;
  /** Option names whose value is SQL text. */
  sql: string[];
  /** Option names whose value is a SQL file. */
  file?: string[];
  host: string[];
  database: string[];
  user: string[];
  /** Operands that are SQL text (after the database operand): `sqlite3 DB 'SQL'`. */
  sqlOperands?: boolean;
}

/** Command-line options of the clients (psql(1), mysql(1), sqlite3 CLI, clickhouse-client, cockroach sql). */
const PSQL: Client = {
  dialect: 'postgresql',
  options: {
    short: 'cdfhpUvoLTFRP',
    long: ['command', 'dbname', 'file', 'host', 'port', 'username', 'variable', 'set', 'output', 'log-file'],
  },
  sql: ['c', 'command'],
  file: ['f', 'file'],
  host: ['h', 'host'],
  database: ['d', 'dbname'],
  user: ['U', 'username'],
};
const MYSQL: Client = {
  dialect: 'mysql',
  options: {
    short: 'eDhuPSO',
    attachedOnly: 'p',
    long: ['execute', 'database', 'host', 'user', 'port', 'socket', 'default-character-set', 'init-command'],
  },
  sql: ['e', 'execute', 'init-command'],
  host: ['h', 'host'],
  database: ['D', 'database'],
  user: ['u', 'user'],
};
const CLICKHOUSE: Client = {
  dialect: 'mysql',
  options: { short: 'qhdup', long: ['query', 'host', 'database', 'user', 'port', 'password', 'format'] },
  sql: ['q', 'query'],
  file: ['queries-file'],
  host: ['h', 'host'],
  database: ['d', 'database'],
  user: ['u', 'user'],
};
const COCKROACH: Client = {
  dialect: 'postgresql',
  options: { short: 'edu', long: ['execute', 'database', 'user', 'host', 'url', 'certs-dir', 'port'] },
  sql: ['e', 'execute'],
  file: ['file', 'f'],
  host: ['host'],
  database: ['d', 'database'],
  user: ['u', 'user'],
};
const SQLITE: Client = {
  dialect: 'sqlite',
  options: { long: ['cmd', 'separator', 'newline', 'nullvalue', 'init'] },
  sql: ['cmd'],
  host: [],
  database: [],
  user: [],
  sqlOperands: true,
};

/** The client a command runs, and the argv index its options start at. */
function clientOf(cmd: ShellCommand): { client: Client; from: number } | undefined {
  switch (cmd.name) {
    case 'psql':
      return { client: PSQL, from: 1 };
    case 'mysql':
    case 'mariadb':
      return { client: cmd.name === 'mariadb' ? { ...MYSQL, dialect: 'mariadb' } : MYSQL, from: 1 };
    case 'clickhouse-client':
      return { client: CLICKHOUSE, from: 1 };
    case 'clickhouse':
      return cmd.argv[1]?.value === 'client' ? { client: CLICKHOUSE, from: 2 } : undefined;
    case 'cockroach':
      return cmd.argv[1]?.value === 'sql' ? { client: COCKROACH, from: 2 } : undefined;
    case 'sqlite3':
    case 'sqlite':
      return { client: SQLITE, from: 1 };
    default:
      return undefined;
  }
}

/** sqlite3 spells its long options with one dash (`-cmd`); normalise them to `--cmd`. */
function normalise(client: Client, argv: ShellWord[]): ShellWord[] {
  if (client !== SQLITE) return argv;
  return argv.map((w) => (w.value && /^-[a-z]{2,}/.test(w.value) ? { ...w, value: `-${w.value}` } : w));
}

/** `postgres://user@host:5432/db?x` and `host=h dbname=d user=u` connection strings (libpq "Connection Strings"). */
function parseConnection(s: string): SqlTarget {
  const url =
    /^(?:postgres(?:ql)?|mysql|mariadb|cockroachdb|clickhouse):\/\/(?:([^:@/]*)(?::[^@/]*)?@)?([^:/?]*)(?::\d+)?(?:\/([^?]*))?/i.exec(
      s,
    );
  if (url) {
    return {
      ...(url[1] ? { user: decodeURIComponent(url[1]) } : {}),
      ...(url[2] ? { host: url[2] } : {}),
      ...(url[3] ? { database: decodeURIComponent(url[3]) } : {}),
    };
  }
  if (!/^\w+=/.test(s)) return {};
  const kv = new Map(
    [...s.matchAll(/(\w+)\s*=\s*('([^']*)'|\S+)/g)].map((m) => [m[1] ?? '', m[3] ?? m[2] ?? '']),
  );
  const pick = (k: string) => kv.get(k);
  return {
    ...(pick('host') ? { host: pick('host') } : {}),
    ...(pick('dbname') ? { database: pick('dbname') } : {}),
    ...(pick('user') ? { user: pick('user') } : {}),
  };
}

function targetOf(
  cmd: ShellCommand,
  client: Client,
  options: ParsedOption[],
  operands: ShellWord[],
): SqlTarget {
  const env = (name: string) => cmd.assignments.find((a) => a.name === name)?.value;
  const first = operands[0]?.value;
  const conn = first !== undefined ? parseConnection(first) : {};
  const url = optionValue(options, 'url');
  const fromUrl = url ? parseConnection(url) : {};
  const isPg = client.dialect === 'postgresql';
  const host =
    optionValue(options, ...client.host) ??
    conn.host ??
    fromUrl.host ??
    (isPg ? env('PGHOST') : env('MYSQL_HOST'));
  const database =
    optionValue(options, ...client.database) ??
    conn.database ??
    fromUrl.database ??
    (first !== undefined && !first.includes('=') && !first.includes('://') ? first : undefined) ??
    (isPg ? env('PGDATABASE') : undefined);
  const user =
    optionValue(options, ...client.user) ?? conn.user ?? fromUrl.user ?? (isPg ? env('PGUSER') : undefined);
  return { ...(host ? { host } : {}), ...(database ? { database } : {}), ...(user ? { user } : {}) };
}

/** Places the value of an option (attached `--command=SQL` or separate word) in the action text. */
function place(word: ShellWord, value: string): Pick<EmbeddedSql, 'baseOffset' | 'fixedSpan'> {
  if (word.valueOffset !== undefined && word.value?.endsWith(value)) {
    return { baseOffset: word.valueOffset + (word.value.length - value.length) };
  }
  return { fixedSpan: word.span };
}

/**
 * SQL a database client command will run: `-c`/`-e`/`--query` arguments (each one), files named by
 * `-f` or `< FILE` (read through `options.readFile`, relative to `options.cwd`), and static stdin
 * (heredoc, here-string, `echo '…' |`) when no argument SQL is given. Pure apart from `readFile`.
 */
export function extractEmbeddedSql(cmd: ShellCommand, options: ExtractOptions = {}): EmbeddedSql[] {
  const found = clientOf(cmd);
  if (!found) return [];
  const { client } = found;
  const argv = normalise(client, cmd.argv);
  const parsed = readOptions(argv, found.from, client.options);
  // Options may follow operands (`psql mydb -c '…'`): read again after each operand.
  const operands: ShellWord[] = [];
  let opts = parsed.options;
  for (let i = parsed.next; i < argv.length;) {
    const word = argv[i];
    if (word?.value?.startsWith('-') && word.value !== '-') {
      const more = readOptions(argv, i, client.options);
      opts = [...opts, ...more.options];
      i = Math.max(more.next, i + 1);
    } else {
      if (word) operands.push(word);
      i++;
    }
  }
  const target = targetOf(cmd, client, opts, operands);
  const base = { dialect: client.dialect, target };
  const out: EmbeddedSql[] = [];
  for (const o of opts) {
    if (client.sql.includes(o.name) && o.value !== undefined && o.valueWord) {
      out.push({ ...base, text: o.value, via: 'argument', ...place(o.valueWord, o.value) });
    }
  }
  if (client.sqlOperands) {
    // Operands starting with `.` are sqlite3 dot-commands (`.tables`), not SQL.
    for (const w of operands.slice(1)) {
      if (w.value !== undefined && !w.value.startsWith('.'))
        out.push({ ...base, text: w.value, via: 'argument', ...place(w, w.value) });
    }
  }
  const files = opts.filter((o) => client.file?.includes(o.name) && o.value !== '-').map((o) => o.value);
  const stdinFile = cmd.redirects.find((r) => r.op === '<' && (r.fd === undefined || r.fd === '0'));
  if (stdinFile && out.length === 0 && files.length === 0) files.push(stdinFile.target);
  for (const file of files) {
    const abs = file === undefined ? undefined : path.resolve(options.cwd ?? '.', file);
    const text = abs === undefined ? undefined : options.readFile?.(abs);
    if (text === undefined)
      out.push({ ...base, text: '', via: 'file', unreadable: true, ...(abs ? { file: abs } : {}) });
    else out.push({ ...base, text, via: 'file', ...(abs ? { file: abs } : {}) });
  }
  if (out.length === 0 && cmd.stdin) {
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
