/**
 * Hosts named by connection strings and environment variables, for environment detection.
 *
 * Formats: URIs `scheme://[user[:password]@]host[:port][,host2[:port]]/db?…` (libpq multi-host
 * URIs, https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS; JDBC's
 * `jdbc:` prefix; `[v6]` literals), libpq keyword/value strings (`host=prod-db port=5432`), and
 * plain host lists (`PGHOST=a,b`).
 */

/** Variables naming a database / data store: `DATABASE_URL`, `PGHOST`, `MYSQL_HOST`, `REDIS_URL`, `MONGODB_URI`, `READ_REPLICA_DATABASE_URL`… */
export const DB_ENV_VAR =
  /^(?:[A-Z0-9]+_)*(?:DATABASE|DB|PG|MYSQL|MARIADB|POSTGRES(?:QL)?|REDIS|MONGO(?:DB)?|CLICKHOUSE|SQL)(?:_[A-Z0-9]+)*_?(?:URL|URI|DSN|HOST|SERVER|ADDR)$/i;

const stripPort = (h: string): string => {
  const v6 = /^\[([^\]]*)\]/.exec(h);
  if (v6) return v6[1] ?? '';
  return h.replace(/:\d*$/, '');
};

/** Hosts in a connection string or host list; `[]` when none (e.g. a Unix socket path). Never throws. */
export function hostsOf(value: string): string[] {
  const v = value.trim();
  let hosts: string[] = [];
  const uri = /^[a-z][a-z0-9+.:-]*:\/\/([^/?#]*)/i.exec(v);
  if (uri) {
    const authority = uri[1] ?? '';
    const at = authority.lastIndexOf('@');
    hosts = (at >= 0 ? authority.slice(at + 1) : authority).split(',').map(stripPort);
    const query = /[?&]host=([^&#]*)/i.exec(v);
    if (query?.[1]) hosts.push(...query[1].split(','));
  } else if (/(^|\s)host\s*=/.test(v)) {
    const m = /(?:^|\s)host\s*=\s*(?:'([^']*)'|(\S+))/.exec(v);
    hosts = (m?.[1] ?? m?.[2] ?? '').split(',');
  } else if (/^[\w.[\]:,-]+$/.test(v)) {
    hosts = v.split(',').map(stripPort);
  }
  return hosts.map((h) => decodeHost(h.trim())).filter((h) => h !== '' && !h.startsWith('/'));
}

function decodeHost(h: string): string {
  try {
    return decodeURIComponent(h).toLowerCase();
  } catch {
    return h.toLowerCase();
  }
}

/** Hosts named by the database variables of an environment (see {@link DB_ENV_VAR}), with the variable. */
export function hostsFromEnv(env: Record<string, string>): { host: string; variable: string }[] {
  const out: { host: string; variable: string }[] = [];
  for (const [variable, value] of Object.entries(env)) {
    if (!DB_ENV_VAR.test(variable)) continue;
    for (const host of hostsOf(value)) out.push({ host, variable });
  }
  return out;
}
