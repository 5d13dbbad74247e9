import type { Dialect } from '../types';

/**
 * SQL dialect of a database URL's scheme (`postgresql+psycopg2://…` ⇒ `postgresql`,
 * `mysql://…` ⇒ `mysql`, `sqlite:///app.db` ⇒ `sqlite`); `undefined` for other text. Schemes as
 * SQLAlchemy and libpq name them (https://docs.sqlalchemy.org/en/20/core/engines.html#database-urls,
 * https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS).
 */
export function dialectOfUrl(url: string): Dialect | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase().split('+')[0];
  if (scheme === undefined) return /(^|\s)(host|dbname)=/.test(url) ? 'postgresql' : undefined;
  if (scheme === 'postgres' || scheme === 'postgresql' || scheme === 'pgsql') return 'postgresql';
  if (scheme === 'mysql' || scheme === 'mysqlx') return 'mysql';
  if (scheme === 'mariadb') return 'mariadb';
  if (scheme === 'sqlite' || scheme === 'file') return 'sqlite';
  return undefined;
}

/**
 * Host of a database URL (`postgres://u:p@prod-db:5432/app` ⇒ `prod-db`) or of a libpq keyword
 * string (`host=prod-db dbname=app`); `undefined` when none is named.
 */
export function hostOfUrl(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#,]*)/i.exec(url);
  if (m?.[1]) return m[1];
  const kv = /(?:^|\s)host\s*=\s*'?([^'\s]+)/.exec(url);
  return kv?.[1];
}
