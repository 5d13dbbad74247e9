/**
 * The database connection an MCP server (or another guarded tool) holds on the agent's behalf.
 * The URL, with its credentials, never leaves this process: callers show {@link describeConnection}
 * and pass every outgoing text through {@link ConnectionInfo.redact}.
 */
import type { Dialect } from '../core/types';

/** A parsed connection URL. */
export interface ConnectionInfo {
  /** The full URL as given (secret: contains the password). */
  url: string;
  /** `postgresql` for `postgres:`/`postgresql:` URLs, `mysql` for `mysql:`/`mariadb:`. */
  dialect: Dialect;
  /** Host name (brackets of IPv6 literals removed), or the socket folder from `?host=`; '' if none. */
  host: string;
  port?: number;
  database: string;
  user: string;
  /** Replaces the URL, the password and the user:password pair by `[REDACTED:database-url]` / `[REDACTED:password]`. */
  redact(text: string): string;
}

/** A connection setting that cannot be used; the message never contains the password. */
export class ConnectionError extends Error {}

const SCHEMES: Record<string, Dialect> = {
  'postgres:': 'postgresql',
  'postgresql:': 'postgresql',
  'mysql:': 'mysql',
  'mariadb:': 'mariadb',
};

/**
 * Parses a database URL (`postgres://user:pass@host:5432/db?sslmode=…`, libpq's URI form:
 * https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS).
 * @throws ConnectionError for text that is not a URL or has an unsupported scheme.
 */
export function parseConnectionUrl(url: string): ConnectionInfo {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConnectionError('the database URL is not a valid URL (expected postgres://user@host:port/db)');
  }
  const dialect = SCHEMES[u.protocol];
  if (!dialect)
    throw new ConnectionError(`unsupported database URL scheme "${u.protocol}" (postgres:, mysql:)`);
  const password = decodeSafe(u.password);
  const user = decodeSafe(u.username);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1') || (u.searchParams.get('host') ?? '');
  const secrets = [url, u.password && `${u.username}:${u.password}`, u.password, password]
    .filter((s): s is string => typeof s === 'string' && s.length >= 3)
    .sort((a, b) => b.length - a.length);
  const redact = (text: string): string => {
    let out = text;
    for (const s of secrets) {
      const label = s === url ? '[REDACTED:database-url]' : '[REDACTED:password]';
      out = out.split(s).join(label);
    }
    return out;
  };
  return {
    url,
    dialect,
    host,
    ...(u.port ? { port: Number(u.port) } : {}),
    database: decodeSafe(u.pathname.replace(/^\//, '')),
    user,
    redact,
  };
}

/** `postgresql user@host:port/database`, with no password: safe to show to an agent. */
export function describeConnection(c: ConnectionInfo): string {
  return `${c.dialect} ${c.user ? `${c.user}@` : ''}${c.host || 'localhost'}${c.port ? `:${c.port}` : ''}/${c.database}`;
}

/**
 * The connection URL for `--database-url URL`, `--connection NAME` (the environment variable
 * `RAILGUARD_DB_NAME`, NAME upper-cased with non-alphanumerics as `_`) or `RAILGUARD_DATABASE_URL`;
 * undefined when none is set.
 * @throws ConnectionError when `--connection` names a variable that is not set.
 */
export function connectionUrlFrom(
  options: { databaseUrl?: string; connection?: string },
  env: Record<string, string | undefined>,
): string | undefined {
  if (options.databaseUrl) return options.databaseUrl;
  if (options.connection) {
    const variable = `RAILGUARD_DB_${options.connection.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
    const v = env[variable];
    if (!v) throw new ConnectionError(`connection "${options.connection}": ${variable} is not set`);
    return v;
  }
  return env.RAILGUARD_DATABASE_URL || undefined;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
