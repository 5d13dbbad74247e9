import type { Dialect } from '../types';
import { nextToken } from './lex';

/**
 * Guesses the SQL dialect of a file or text.
 *
 * 1. File name: migration tools name dialect-specific files `*.postgres.up.sql`,
 *    `*.mysql.down.sql`, `*.sqlite3.sql` (golang-migrate / ory popx), or keep them in a folder
 *    named after the database (`migrations/postgres/V1.sql`, authelia).
 * 2. The project's own statement of its database, `project` (read by the adapters with
 *    {@link detectProjectDialect}: Prisma `migration_lock.toml`, Rails `database.yml`…).
 * 3. Content hints outside comments and strings (Prisma writes `` -- Added the required column
 *    `expiry` `` in PostgreSQL migrations): backticks, `ENGINE=`, `AUTO_INCREMENT`, `DELIMITER` ⇒
 *    MySQL; `$$`, `::`, `SERIAL`, `CONCURRENTLY`, `CREATE EXTENSION`, `JSONB` ⇒ PostgreSQL; the
 *    side with more hints wins.
 * Returns `undefined` when nothing says (dialect-neutral SQL): callers pick a default.
 */
export function detectDialect(file?: string, text?: string, project?: Dialect): Dialect | undefined {
  if (file) {
    const fromName = fromFileName(file);
    if (fromName) return fromName;
  }
  if (project) return project;
  return text === undefined ? undefined : fromContent(text);
}

/**
 * `text` without comments, and with string literals emptied (`''`; dollar-quoted bodies keep
 * their `$tag$` marks, a PostgreSQL hint). Backtick identifiers stay (a MySQL hint). O(n).
 */
export function codeOnly(text: string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const t = nextToken(text, pos, 'postgresql');
    // Whitespace between tokens is kept (line-anchored hints such as `DELIMITER` need it).
    out += text.slice(pos, t ? t.start : text.length);
    if (!t) return out;
    pos = t.end;
    if (t.type === 'comment') out += ' ';
    else if (t.type === 'string') {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(t.start, t.start + 64))?.[0];
      out += tag ? `${tag} ${tag}` : "''";
    } else out += text.slice(t.start, t.end);
  }
}

/** Provider names of Prisma, Rails, Django, JDBC URLs and Liquibase, mapped to dialects. */
const PROVIDERS: readonly [RegExp, Dialect][] = [
  [
    /^(postgres|postgresql|postgis|pg|cockroachdb|cockroach|redshift|psycopg2?|postgresql_psycopg2)$/,
    'postgresql',
  ],
  [/^(mysql|mysql2|trilogy)$/, 'mysql'],
  [/^mariadb$/, 'mariadb'],
  [/^(sqlite|sqlite3)$/, 'sqlite'],
  [/^(sqlserver|mssql)$/, 'transactsql'],
];

function providerDialect(name: string): Dialect | undefined {
  const n = name.toLowerCase().trim();
  for (const [re, d] of PROVIDERS) if (re.test(n)) return d;
  return undefined;
}

/**
 * Files in which migration tools state the database, relative to a folder at or above the
 * migration file: Prisma (`migration_lock.toml`, `schema.prisma`), Rails (`config/database.yml`),
 * Django (`settings.py`), Flyway (`flyway.conf`, `flyway.toml`), Liquibase (`liquibase.properties`).
 * Sources: https://www.prisma.io/docs/orm/prisma-migrate/understanding-prisma-migrate/migration-histories,
 * https://guides.rubyonrails.org/configuring.html#configuring-a-database,
 * https://docs.djangoproject.com/en/stable/ref/settings/#engine,
 * https://documentation.red-gate.com/fd/flyway-url-setting-277579288.html,
 * https://docs.liquibase.com/concepts/connections/creating-config-properties.html
 */
export const PROJECT_DIALECT_FILES: readonly string[] = [
  'migration_lock.toml',
  'schema.prisma',
  'prisma/schema.prisma',
  'config/database.yml',
  'settings.py',
  'flyway.conf',
  'conf/flyway.conf',
  'flyway.toml',
  'liquibase.properties',
];

/**
 * The dialect one project file states (`name` is its base name), or `undefined`:
 * `provider = "postgresql"` (Prisma), `adapter: postgresql` (Rails, first one wins),
 * `'ENGINE': 'django.db.backends.postgresql'`, `jdbc:mysql://…` (Flyway `url`, Liquibase `url`).
 */
export function dialectFromProjectFile(name: string, content: string): Dialect | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const text = content.length > 100_000 ? content.slice(0, 100_000) : content;
  let m: RegExpExecArray | null = null;
  if (base === 'migration_lock.toml' || base === 'schema.prisma') {
    const ds = base === 'schema.prisma' ? /datasource\s+\w+\s*\{([^}]*)\}/.exec(text)?.[1] : text;
    m = ds ? /^\s*provider\s*=\s*"([^"]+)"/m.exec(ds) : null;
  } else if (base === 'database.yml') {
    m = /^\s*adapter:\s*["']?([\w-]+)/m.exec(text);
  } else if (base === 'settings.py') {
    m = /['"]ENGINE['"]\s*:\s*['"][\w.]*\.backends\.(\w+)/.exec(text);
  } else if (/^(flyway\.(conf|toml)|liquibase\.properties)$/.test(base)) {
    m = /jdbc:(\w+):/.exec(text);
  }
  return m?.[1] ? providerDialect(m[1]) : undefined;
}

/**
 * The dialect a migration file's project states, looking in the file's folder and up to five
 * folders above it for {@link PROJECT_DIALECT_FILES} (nearest first). `readFile` returns a file's
 * text or `undefined` when it does not exist or cannot be read; it is the only I/O, injected by
 * the adapters (CLI, language server) so the core stays pure. Paths use `/`.
 */
export function detectProjectDialect(
  sqlFile: string,
  readFile: (path: string) => string | undefined,
): Dialect | undefined {
  const parts = sqlFile.replace(/\\/g, '/').split('/');
  parts.pop();
  for (let up = 0; up <= 5 && parts.length - up >= 0; up++) {
    const dir = parts.slice(0, parts.length - up).join('/');
    for (const rel of PROJECT_DIALECT_FILES) {
      const path = dir ? `${dir}/${rel}` : rel;
      const content = readFile(path);
      if (content === undefined) continue;
      const d = dialectFromProjectFile(rel, content);
      if (d) return d;
    }
    if (dir === '' || dir === '.') break;
  }
  return undefined;
}

const NAME_TOKENS: readonly [RegExp, Dialect][] = [
  [/^(postgres|postgresql|pg|pgsql|psql|cockroach|cockroachdb)$/, 'postgresql'],
  [/^(mysql|mysql8|mysql5)$/, 'mysql'],
  [/^(mariadb|maria)$/, 'mariadb'],
  [/^(sqlite|sqlite3)$/, 'sqlite'],
  [/^(mssql|sqlserver|tsql|transactsql)$/, 'transactsql'],
  [/^(bigquery|bq)$/, 'bigquery'],
  [/^snowflake$/, 'snowflake'],
];

function matchToken(token: string): Dialect | undefined {
  const t = token.toLowerCase();
  for (const [re, d] of NAME_TOKENS) if (re.test(t)) return d;
  return undefined;
}

function fromFileName(file: string): Dialect | undefined {
  const segments = file.split(/[\\/]/).filter((s) => s.length > 0);
  const base = segments.pop() ?? '';
  // `name.postgres.up.sql`: dot-separated parts of the base name (not the first: the name itself).
  for (const part of base.split('.').slice(1)) {
    const d = matchToken(part);
    if (d) return d;
  }
  for (let i = segments.length - 1; i >= 0; i--) {
    const d = matchToken(segments[i] ?? '');
    if (d) return d;
  }
  return undefined;
}

const MYSQL_HINTS: readonly RegExp[] = [
  /`/,
  /\bENGINE\s*=/i,
  /\bAUTO_INCREMENT\b/i,
  /^\s*DELIMITER\s/im,
  /\bUNSIGNED\b/i,
  /\bON UPDATE CURRENT_TIMESTAMP\b/i,
  /\bCHARSET\s*=/i,
];
const POSTGRES_HINTS: readonly RegExp[] = [
  /\$[A-Za-z_]*\$/,
  /::\s*[A-Za-z_]/,
  /\b(BIG|SMALL)?SERIAL\b/i,
  /\bCONCURRENTLY\b/i,
  /\bCREATE\s+EXTENSION\b/i,
  /\bJSONB\b/i,
  /\bLANGUAGE\s+plpgsql\b/i,
  /\bTIMESTAMPTZ\b/i,
];

function fromContent(text: string): Dialect | undefined {
  const sample = codeOnly(text.length > 200_000 ? text.slice(0, 200_000) : text);
  // The mysql client's DELIMITER directive has no PostgreSQL counterpart (and its `$$` is not a
  // dollar quote).
  if (/^\s*DELIMITER\s/im.test(sample)) return 'mysql';
  const mysql = MYSQL_HINTS.filter((re) => re.test(sample)).length;
  const pg = POSTGRES_HINTS.filter((re) => re.test(sample)).length;
  if (mysql === pg) return undefined;
  return mysql > pg ? 'mysql' : 'postgresql';
}
