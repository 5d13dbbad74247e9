import type { StatementFacts } from '../types';
import { dbConnection, dbDump, dbInvocation, type DbInvocation } from './db-clients';
import { PG_RESTORE, REDIS_CLI } from './db-tools';
import type { ShellCommand } from './model';
import { hasOption, type ParsedOption } from './options';

/**
 * The tables a database dump holds rows of, read from the dump tool's command line, so that data
 * classes (`dataClasses.*.tables` / `columns` of a policy) apply to a dump as they do to the SQL a
 * client runs. Tables are globs in the syntax of `policy/glob.ts` (`*` any run, `?` one
 * character), schema-qualified where the command line says (`public.users`):
 *
 * - pg_dump (https://www.postgresql.org/docs/current/app-pgdump.html): the `-t`/`--table`/
 *   `--table-and-children` patterns (psql patterns, app-psql.html "Patterns"; with `-t`, `-n` has
 *   no effect), else `SCHEMA.*` for each `-n`/`--schema`, else `*`.
 * - pg_restore writing a script (app-pgrestore.html): `-t` names (within each `-n` schema), else
 *   `SCHEMA.*` per `-n`, else nothing when only indexes, functions or triggers are selected
 *   (`-I`/`-P`/`-T`), else `*`.
 * - mysqldump / mariadb-dump (https://dev.mysql.com/doc/refman/8.4/en/mysqldump.html):
 *   `mysqldump DB TABLE…` ⇒ `DB.TABLE`…; `mysqldump DB` ⇒ `DB.*`; `--databases A B` ⇒ `A.*`,
 *   `B.*`; `--all-databases` ⇒ `*`; `--tables` makes every operand after the database a table.
 * - mongodump / mongoexport (https://www.mongodb.com/docs/database-tools/): `DB.COLLECTION` from
 *   `--db` (or the URI) and `--collection`; `DB.*` without a collection; `*` without a database.
 * - pg_dumpall: `*` (every database).
 *
 * A whole-database dump (`*`, `DB.*`) holds every table of it, so it counts as reading every
 * classified table: `*` matches any table pattern and `DB.*` any pattern of that schema (see
 * `tableMatches` in `policy/match.ts`). Exclusions (`-T`, `--exclude-table-data`, `--ignore-table`,
 * `--excludeCollection`) are not subtracted: which tables remain is only known to the server, so
 * we err towards sensitive. A dump of definitions only (`--schema-only`, `--no-data`,
 * pg_dumpall `--globals-only`/`--roles-only`/`--tablespaces-only`) holds no rows: no tables.
 * Dynamic names (`-t "$T"`) and file-driven selections (`--filter`, pg_restore `-L`) count as
 * `*`. `redis-cli --rdb` has no tables (Redis keys are not relations): it carries none.
 */

/** Options whose presence means the dump holds no rows, per program. */
const NO_ROWS: Record<string, string[]> = {
  pg_dump: ['s', 'schema-only', 'no-data'],
  pg_dumpall: [
    'g',
    'globals-only',
    'r',
    'roles-only',
    't',
    'tablespaces-only',
    's',
    'schema-only',
    'no-data',
  ],
  pg_restore: ['s', 'schema-only', 'no-data'],
  mysqldump: ['d', 'no-data'],
  'mariadb-dump': ['d', 'no-data'],
};

/** Values of the options named `names`, in order; `undefined` for a dynamic value. */
function values(options: readonly ParsedOption[], ...names: string[]): (string | undefined)[] {
  return options.filter((o) => names.includes(o.name)).map((o) => o.value);
}

/** Characters of a POSIX regular expression that a psql pattern passes through (all but `*`, `?`, `.`, `$`). */
const REGEX_SPECIAL = /[[\]()|+{}^\\]/;

/**
 * A psql pattern (app-psql.html "Patterns") as a table glob: unquoted dots separate
 * `[database.]schema.table`, unquoted letters fold to lower case, double quotes keep their content
 * literally (`""` is a quote), `*` and `?` are wildcards. A part using other regular-expression
 * syntax (`[0-9]`, `(a|b)`, `+`) is approximated by `*`, which matches more, never less.
 * `undefined` (a dynamic value) gives `*`.
 */
export function psqlPatternToGlob(pattern: string | undefined): string {
  if (pattern === undefined) return '*';
  const parts: string[] = [];
  let part = '';
  let regex = false;
  let quoted = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '"') {
      if (quoted && pattern[i + 1] === '"') {
        part += '"';
        i++;
      } else quoted = !quoted;
    } else if (quoted) part += c;
    else if (c === '.') {
      parts.push(regex ? '*' : part);
      part = '';
      regex = false;
    } else {
      if (REGEX_SPECIAL.test(c)) regex = true;
      part += c.toLowerCase();
    }
  }
  parts.push(regex ? '*' : part);
  return parts.slice(-2).join('.');
}

/** pg_dump: `-t` patterns, else `-n` schemas, else every table; `--filter` files may add any. */
function pgDumpTables(options: readonly ParsedOption[]): string[] {
  if (hasOption(options, 'filter')) return ['*'];
  const tables = values(options, 't', 'table', 'table-and-children').map(psqlPatternToGlob);
  if (tables.length > 0) return tables;
  const schemas = values(options, 'n', 'schema').map((s) => `${psqlPatternToGlob(s)}.*`);
  return schemas.length > 0 ? schemas : ['*'];
}

/** pg_restore: `-t` names within the `-n` schemas; `-I`/`-P`/`-T` alone restore no table data. */
function pgRestoreTables(options: readonly ParsedOption[]): string[] {
  if (hasOption(options, 'filter', 'L', 'use-list')) return ['*'];
  const name = (v: string | undefined) => (v === undefined ? '*' : v.toLowerCase());
  const tables = values(options, 't', 'table').map(name);
  const schemas = values(options, 'n', 'schema').map(name);
  if (tables.length > 0)
    return schemas.length > 0 ? schemas.flatMap((s) => tables.map((t) => `${s}.${t}`)) : tables;
  if (schemas.length > 0) return schemas.map((s) => `${s}.*`);
  return hasOption(options, 'I', 'index', 'P', 'function', 'T', 'trigger') ? [] : ['*'];
}

/** mysqldump / mariadb-dump operands: `DB [TABLE…]`, `--databases DB…`, `--all-databases`. */
function mysqldumpTables(inv: DbInvocation): string[] {
  const { options, operands } = inv;
  if (hasOption(options, 'A', 'all-databases')) return ['*'];
  const names = operands.map((w) => w.value);
  const tablesMode = hasOption(options, 'tables');
  if (hasOption(options, 'B', 'databases') && !tablesMode) return names.map((d) => (d ? `${d}.*` : '*'));
  const [db, ...tables] = names;
  if (names.length === 0) return ['*'];
  if (tables.length === 0) return [db ? `${db}.*` : '*'];
  return tables.map((t) => (t === undefined ? (db ? `${db}.*` : '*') : db ? `${db}.${t}` : t));
}

/** mongodump / mongoexport: `DB.COLLECTION`, `DB.*`, or `*`. */
function mongoTables(cmd: ShellCommand, options: readonly ParsedOption[]): string[] {
  const db = dbConnection(cmd)?.database;
  const collections = values(options, 'c', 'collection');
  if (collections.length === 0) return [db ? `${db}.*` : '*'];
  return collections.map((c) => (c === undefined ? (db ? `${db}.*` : '*') : db ? `${db}.${c}` : c));
}

/**
 * The tables (globs, see the module doc) whose rows a dump command writes; `[]` when it dumps
 * definitions only; `undefined` when the command writes no dump (`dbDump`) or the dump has no
 * tables (`redis-cli --rdb`). Pure; never throws.
 */
export function dumpedTables(cmd: ShellCommand): string[] | undefined {
  const dump = dbDump(cmd);
  const inv = dbInvocation(cmd);
  if (!dump || !inv) return undefined;
  const { options, tool } = inv;
  const program = inv.program;
  if (hasOption(options, ...(NO_ROWS[program] ?? []))) return [];
  if (tool === PG_RESTORE) return pgRestoreTables(options);
  switch (program) {
    case 'pg_dump':
      return pgDumpTables(options);
    case 'pg_dumpall':
      return ['*'];
    case 'mysqldump':
    case 'mariadb-dump':
      return mysqldumpTables(inv);
    case 'mongodump':
    case 'mongoexport':
      return mongoTables(cmd, options);
    default:
      return tool === REDIS_CLI ? undefined : ['*'];
  }
}

/**
 * The statement facts of a dump, for findings about it (as the engine gives a client's findings
 * the facts of the SQL it runs): kind `SELECT` (a dump reads the rows of each table it holds, as
 * `SELECT *` does), the dumped tables as `tablesRead`, and every column of each as `columnsRead`
 * (`{ table, name: '*' }`). `undefined` when the command writes no dump, when the dump holds no
 * rows, or has no tables ({@link dumpedTables}).
 */
export function dumpStatementFacts(cmd: ShellCommand): StatementFacts | undefined {
  const tables = dumpedTables(cmd);
  if (!tables || tables.length === 0) return undefined;
  const unique = [...new Set(tables)];
  return {
    statementKind: 'SELECT',
    tablesRead: unique,
    tablesWritten: [],
    columnsRead: unique.map((table) => ({ table, name: '*' })),
    columnsWritten: [],
    objectKinds: ['table'],
    sinks: [],
  };
}
