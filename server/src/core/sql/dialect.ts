import type { Dialect } from '../types';

/**
 * Guesses the SQL dialect of a file or text.
 *
 * 1. File name: migration tools name dialect-specific files `*.postgres.up.sql`,
 *    `*.mysql.down.sql`, `*.sqlite3.sql` (golang-migrate / ory popx), or keep them in a folder
 *    named after the database (`migrations/postgres/V1.sql`, authelia).
 * 2. Content hints: backticks, `ENGINE=`, `AUTO_INCREMENT`, `DELIMITER` ⇒ MySQL; `$$`, `::`,
 *    `SERIAL`, `CONCURRENTLY`, `CREATE EXTENSION`, `JSONB` ⇒ PostgreSQL. Comments and string
 *    contents are not excluded (a hint, not a proof); the side with more hints wins.
 * Returns `undefined` when nothing says (dialect-neutral SQL): callers pick a default.
 */
export function detectDialect(file?: string, text?: string): Dialect | undefined {
  if (file) {
    const fromName = fromFileName(file);
    if (fromName) return fromName;
  }
  return text === undefined ? undefined : fromContent(text);
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
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  const mysql = MYSQL_HINTS.filter((re) => re.test(sample)).length;
  const pg = POSTGRES_HINTS.filter((re) => re.test(sample)).length;
  if (mysql === pg) return undefined;
  return mysql > pg ? 'mysql' : 'postgresql';
}
