import { hostsOf } from '../policy/hosts';
import type { Dialect } from '../types';
import type { ShellCommand, ShellWord } from './model';
import { DB_SUBCOMMANDS, DB_TOOLS, PG_RESTORE, REDIS_CLI, type DbTool } from './db-tools';
import { hasOption, readOptions, type ParsedOption } from './options';

/**
 * Reading database and data-store command lines with their tools' option tables (`db-tools.ts`),
 * shared by everything that reads them: the hosts used for environment detection (`facts.ts`),
 * the SQL they run (`embedded-sql.ts`), and the exfiltration rules (`db-dump-to-network`,
 * `db-query-to-network`).
 */

export { DB_SUBCOMMANDS, DB_TOOLS, type DbTool, type DbToolKind } from './db-tools';

/** One database tool command line, read with its tool's option table. */
export interface DbInvocation {
  /** The program as named (`psql`, `clickhouse client`, `cockroach sql`). */
  program: string;
  tool: DbTool;
  /** Options in order, from before and after operands. */
  options: ParsedOption[];
  /** Non-option words (argv[0] and a subcommand excluded). */
  operands: ShellWord[];
}

const cache = new WeakMap<ShellCommand, DbInvocation | null>();

/**
 * The tool a command runs, the argv index its options start at and the global options read before
 * a subcommand (`clickhouse client`, `cockroach sql`, `bq --project_id p query`; `DB_SUBCOMMANDS`).
 */
function toolOf(
  cmd: ShellCommand,
): { program: string; tool: DbTool; from: number; globals: ParsedOption[] } | undefined {
  const name = cmd.name;
  if (name === undefined) return undefined;
  for (const sub of DB_SUBCOMMANDS) {
    if (sub.program !== name) continue;
    const { options: globals, next } = sub.globals
      ? readOptions(cmd.argv, 1, sub.globals)
      : { options: [], next: 1 };
    if (sub.path.every((p, i) => cmd.argv[next + i]?.value === p))
      return {
        program: [name, ...sub.path].join(' '),
        tool: sub.tool,
        from: next + sub.path.length,
        globals,
      };
  }
  const tool = Object.hasOwn(DB_TOOLS, name) ? DB_TOOLS[name] : undefined;
  return tool ? { program: name, tool, from: 1, globals: [] } : undefined;
}

/** sqlite3 spells its long options with one dash (`-cmd`); normalise them to `--cmd`. */
function normalise(tool: DbTool, argv: ShellWord[]): ShellWord[] {
  if (!tool.singleDashLong) return argv;
  return argv.map((w) => (w.value && /^-[a-z]{2,}/.test(w.value) ? { ...w, value: `-${w.value}` } : w));
}

/**
 * Reads a database tool's command line with its option table: options before operands, and (for
 * tools that permute, as getopt_long does) options after them too (`psql mydb -c '…'`).
 * `undefined` when the command is not a database tool. Results are cached per command.
 */
export function dbInvocation(cmd: ShellCommand): DbInvocation | undefined {
  const cached = cache.get(cmd);
  if (cached !== undefined) return cached ?? undefined;
  const found = toolOf(cmd);
  let result: DbInvocation | undefined;
  if (found) {
    const { tool } = found;
    const argv = normalise(tool, cmd.argv);
    const first = readOptions(argv, found.from, tool.options);
    let options = [...found.globals, ...first.options];
    const operands: ShellWord[] = [];
    let optionsEnded = tool.stopAtOperand === true;
    for (let i = first.next; i < argv.length;) {
      const word = argv[i];
      if (!optionsEnded && word?.value === '--') {
        optionsEnded = true;
        i++;
      } else if (!optionsEnded && word?.value?.startsWith('-') && word.value !== '-') {
        const more = readOptions(argv, i, tool.options);
        options = [...options, ...more.options];
        i = Math.max(more.next, i + 1);
      } else {
        if (word) operands.push(word);
        i++;
      }
    }
    result = { program: found.program, tool, options, operands };
  }
  cache.set(cmd, result ?? null);
  return result;
}

/** Where a database tool connects, as far as its command line says. */
export interface DbConnection {
  /** Server hosts, lower-cased, ports and socket directories left out (libpq allows `-h a,b`). */
  hosts: string[];
  database?: string;
  user?: string;
}

const URI_RE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** `host`, `host:port`, `[v6]:port`, `rs0/h1:27017,h2` (MongoDB replica set seed list) ⇒ hosts. */
function hostList(value: string): string[] {
  if (URI_RE.test(value) || /(^|\s)host\s*=/.test(value)) return hostsOf(value);
  const list = value.replace(/^[^/,]+\//, '');
  return list
    .split(',')
    .map((h) => {
      const v = h.trim();
      const v6 = /^\[([^\]]*)\]/.exec(v);
      if (v6) return v6[1] ?? '';
      // Two or more colons: an IPv6 literal (`::1`), which has no port here.
      return (v.match(/:/g) ?? []).length > 1 ? v : v.replace(/:\d*$/, '');
    })
    .filter((h) => h !== '' && !h.startsWith('/'))
    .map((h) => h.toLowerCase());
}

/** Decodes %-escapes; the text unchanged when they are malformed. */
function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Connection strings: URIs (`postgresql://u:p@h1,h2:5432/db?…`, `mysql://`, `mongodb://`,
 * `mongodb+srv://`, `redis://`, `rediss://`, `clickhouse://`; libpq "Connection URIs") and
 * libpq keyword/value strings (`host=h dbname=d user=u`, libpq "Keyword/Value Connection Strings").
 * Fields the string does not give are absent.
 */
export function parseConnectionString(s: string): DbConnection {
  const uri = /^[a-z][a-z0-9+.-]*:\/\/(?:([^:@/]*)(?::[^@/]*)?@)?[^/?#]*(?:\/([^?#]*))?/i.exec(s);
  if (uri) {
    const hosts = hostsOf(s);
    return {
      hosts,
      ...(uri[1] ? { user: decode(uri[1]) } : {}),
      ...(uri[2] ? { database: decode(uri[2]) } : {}),
    };
  }
  if (!/^\s*\w+\s*=/.test(s)) return { hosts: [] };
  const kv = new Map(
    [...s.matchAll(/(\w+)\s*=\s*('([^']*)'|\S+)/g)].map((m) => [m[1] ?? '', m[3] ?? m[2] ?? '']),
  );
  const database = kv.get('dbname');
  const user = kv.get('user');
  return { hosts: hostsOf(s), ...(database ? { database } : {}), ...(user ? { user } : {}) };
}

/** A mongo/mongosh "db address" operand: URI, `host[:port]/db`, `host:port`, or a database name. */
function mongoAddress(s: string): DbConnection {
  if (URI_RE.test(s)) return parseConnectionString(s);
  const slash = s.indexOf('/');
  if (slash >= 0) {
    const database = s.slice(slash + 1);
    return { hosts: hostList(s.slice(0, slash)), ...(database ? { database } : {}) };
  }
  if (/^[^:]+:\d+$/.test(s)) return { hosts: hostList(s) };
  return { hosts: [], database: s };
}

/**
 * MySQL Shell's URI-like connection string, `[scheme://][user[:password]@]host[:port][/schema]`
 * (https://dev.mysql.com/doc/mysql-shell/8.4/en/mysql-shell-connection-using-uri.html).
 */
function mysqlUri(s: string): DbConnection {
  if (URI_RE.test(s)) return parseConnectionString(s);
  const m = /^(?:([^:@/]*)(?::[^@/]*)?@)?([^/?]*)(?:\/([^?]*))?/.exec(s);
  const hosts = hostList(m?.[2] ?? '');
  return {
    hosts,
    ...(m?.[1] ? { user: decode(m[1]) } : {}),
    ...(m?.[3] ? { database: decode(m[3]) } : {}),
  };
}

/**
 * A SQL*Plus logon, `user[/password][@connect_identifier]` where the identifier is
 * `[//]host[:port][/service]` (Easy Connect) or a net service name (both name the database server),
 * https://docs.oracle.com/en/database/oracle/oracle-database/23/sqpug/SQL-Plus-command-reference.html
 * ("CONNECT"). `/nolog` and `/` (operating-system authentication) name nothing.
 */
function oracleLogon(s: string): DbConnection {
  const at = s.indexOf('@');
  const user = (at >= 0 ? s.slice(0, at) : s).split('/')[0] ?? '';
  if (at < 0) return { hosts: [], ...(user ? { user } : {}) };
  const m = /^(?:\/\/)?([^:/?]*)(?::\d*)?(?:\/([^:?]*))?/.exec(s.slice(at + 1));
  const host = m?.[1]?.toLowerCase();
  return {
    hosts: host ? [host] : [],
    ...(m?.[2] ? { database: m[2] } : {}),
    ...(user ? { user } : {}),
  };
}

/** SQL Server server names, `[tcp:|np:|lpc:]host[\\instance][,port]` (sqlcmd `-S`), ⇒ the host. */
function sqlServerHost(value: string): string[] {
  const host = value
    .replace(/^(tcp|np|lpc|admin):/i, '')
    .replace(/,\d*$/, '')
    .replace(/\\.*$/, '')
    .trim()
    .toLowerCase();
  return host === '' || host === '.' || host === '(local)' ? [] : [host];
}

/** The connection the first operand names, by the tool's operand kind. */
function operandConnection(tool: DbTool, operands: readonly ShellWord[]): DbConnection {
  const first = operands[0]?.value;
  if (first === undefined) return { hosts: [] };
  switch (tool.operands) {
    case 'database':
      return isConnectionString(first) ? parseConnectionString(first) : { hosts: [], database: first };
    case 'mongo-address':
      return first.endsWith('.js') ? { hosts: [] } : mongoAddress(first);
    case 'connection':
      return parseConnectionString(first);
    case 'file':
      // A query tool's file is its database (`sqlite3 prod.db`, `duckdb prod.duckdb`); a restore's is the archive.
      return tool.dialect !== undefined ? { hosts: [], database: first } : { hosts: [] };
    case 'mysql-uri':
      return mysqlUri(first);
    case 'oracle-logon':
      return oracleLogon(first);
    default:
      return { hosts: [] };
  }
}

/** Whether an option value is a connection string rather than a plain name. */
function isConnectionString(v: string): boolean {
  return URI_RE.test(v) || /^\s*\w+\s*=/.test(v);
}

/**
 * Where a database tool connects: its host options, connection-string options and operand, and
 * the tool's environment variables set on the command line (`PGHOST=… psql`). Hosts come from all
 * options and the operand (the variable only when none names one); the database and the user from
 * the last option naming them, else the operand, else the variable. `undefined` when the command
 * is not a database tool. Pure; never throws.
 */
export function dbConnection(cmd: ShellCommand): DbConnection | undefined {
  const inv = dbInvocation(cmd);
  if (!inv) return undefined;
  const { tool, options, operands } = inv;
  const assigned = (name: string | undefined): string | undefined =>
    name === undefined ? undefined : cmd.assignments.find((a) => a.name === name)?.value;
  const hosts = new Set<string>();
  let database: string | undefined;
  let user: string | undefined;
  for (const o of options) {
    // JDBC URLs (`beeline -u jdbc:hive2://h:10000/db`) are the URL after `jdbc:`.
    const v = o.value?.replace(/^jdbc:/i, '');
    if (v === undefined) continue;
    if (tool.host.includes(o.name))
      for (const h of tool.sqlServerHosts ? sqlServerHost(v) : hostList(v)) hosts.add(h);
    if (tool.connection.includes(o.name) && (isConnectionString(v) || tool.operands === 'mysql-uri')) {
      const c = tool.operands === 'mysql-uri' ? mysqlUri(v) : parseConnectionString(v);
      for (const h of c.hosts) hosts.add(h);
      database = c.database ?? database;
      user = c.user ?? user;
    } else if (tool.database.includes(o.name)) database = v;
    if (tool.user.includes(o.name)) user = v;
  }
  const fromOperand = operandConnection(tool, operands);
  for (const h of fromOperand.hosts) hosts.add(h);
  const envHost = assigned(tool.env?.host) ?? '';
  if (hosts.size === 0)
    for (const h of tool.sqlServerHosts ? sqlServerHost(envHost) : hostList(envHost)) hosts.add(h);
  database ??= fromOperand.database ?? assigned(tool.env?.database);
  user ??= fromOperand.user ?? assigned(tool.env?.user);
  return { hosts: [...hosts], ...(database ? { database } : {}), ...(user ? { user } : {}) };
}

/** usql's scheme names and aliases (https://github.com/xo/usql#database-support), and the usual ones. */
const SCHEME_DIALECTS: readonly [RegExp, Dialect][] = [
  [/^(pg|pgsql|postgres|postgresql|cr|cockroach|cockroachdb|crdb|rs|redshift|pgx)$/, 'postgresql'],
  [/^(my|mysql|vitess|vt|tidb|ti)$/, 'mysql'],
  [/^(maria|mariadb)$/, 'mariadb'],
  [/^(sq|sqlite|sqlite3|file|mq|moderncsqlite|libsql|turso)$/, 'sqlite'],
  [/^(ms|mssql|sqlserver|azuresql|az|azuresqlserver)$/, 'transactsql'],
  [/^(bq|bigquery)$/, 'bigquery'],
  [/^(sf|snowflake)$/, 'snowflake'],
  [/^(dk|duck|duckdb|tr|trino|pr|presto)$/, 'postgresql'],
];

/**
 * The dialect of the SQL a database tool runs: for tools connecting anywhere (`usql DSN`), the one
 * its connection string's scheme names (`my://` ⇒ mysql; an unknown scheme keeps the tool's
 * dialect, and statements that dialect cannot read stay unparsed), else the tool's own.
 */
export function dbDialect(inv: DbInvocation): Dialect | undefined {
  const { tool } = inv;
  if (!tool.schemeDialect) return tool.dialect;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(inv.operands[0]?.value ?? '')?.[1]?.toLowerCase();
  const base = scheme?.split('+')[0];
  if (base === undefined) return tool.dialect;
  return SCHEME_DIALECTS.find(([re]) => re.test(base))?.[1] ?? tool.dialect;
}

/**
 * The operands a database tool runs as queries: all of them for `bq query SQL…`, those after the
 * database for `sqlite3 DB SQL…` (dot-commands included); none for other tools (redis-cli's
 * command words are not SQL).
 */
export function sqlOperands(inv: DbInvocation): ShellWord[] {
  if (inv.tool.scriptOperands) return [];
  if (inv.tool.operands === 'sql') return inv.operands;
  return inv.tool.queryOperands && inv.tool.operands !== 'command' ? inv.operands.slice(1) : [];
}

/** Whether the tool runs its query text as SQL: always, or with a SQL-mode option (`mysqlsh --sql`). */
export function isSqlMode(inv: DbInvocation): boolean {
  return inv.tool.sqlMode === undefined || hasOption(inv.options, ...inv.tool.sqlMode);
}

/** Whether the command only prints help or a version (`psql --version`): it touches no data. */
export function isInfoOnly(inv: DbInvocation): boolean {
  return hasOption(inv.options, ...inv.tool.info);
}

/** A database dump a command writes: where to (files; standard output when `stdout`). */
export interface DbDump {
  program: string;
  /** Files the dump is written to (the tool's output options), as written. */
  files: string[];
  /** Whether the dump goes to standard output. */
  stdout: boolean;
}

/**
 * The dump a command writes, or `undefined` when it writes none: the dump tools (pg_dump,
 * pg_dumpall, mysqldump, mariadb-dump, mongodump, mongoexport), pg_restore without a database
 * (it writes the archive as an SQL script, pg_restore docs "-f"), and `redis-cli --rdb`.
 */
export function dbDump(cmd: ShellCommand): DbDump | undefined {
  const inv = dbInvocation(cmd);
  if (!inv || isInfoOnly(inv)) return undefined;
  const { tool, options, program } = inv;
  const outputs = options.filter((o) => tool.output?.includes(o.name));
  const files = outputs.flatMap((o) => (o.value !== undefined && o.value !== '-' ? [o.value] : []));
  const toStdout = outputs.length === 0 || outputs.some((o) => o.value === undefined || o.value === '-');
  if (tool.kind === 'dump') return { program, files, stdout: toStdout };
  if (tool === PG_RESTORE) {
    if (hasOption(options, 'd', 'dbname', 'l', 'list')) return undefined;
    return { program, files, stdout: toStdout };
  }
  if (tool === REDIS_CLI) {
    if (outputs.length === 0) return undefined;
    return { program: `${program} --${outputs[0]?.name ?? 'rdb'}`, files, stdout: toStdout };
  }
  return undefined;
}
