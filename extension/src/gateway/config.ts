/**
 * The `railguard.gateway.databases` setting, pure (no `vscode`): which gateways to start, the
 * `railguard gateway` arguments of each, the terminal environment that points programs at the
 * first one, and masking of credentials in anything logged. Used by `gateway/index.ts`.
 *
 * Credentials: the gateway relays each client's own authentication (see
 * `server/src/gateway/README.md`), so it needs only the upstream's host and port. A user name and
 * password written in `upstream` are therefore never passed on: not in the child's arguments, not
 * in `DATABASE_URL`, not in the output channel (masked as `***`).
 */

/** One configured database, as validated from the setting. */
export interface GatewayDatabase {
  /** Unique name (letters, digits, `_`, `-`): shown in logs and the status. */
  name: string;
  /** The upstream as the user wrote it: `postgres://[user[:password]@]host[:port][/db]` or `host[:port]`. */
  upstream: string;
  /** `HOST:PORT` the gateway listens on; default `127.0.0.1:0` (a free port, read back from the gateway). */
  listen: string;
  /** The upstream's environment (`production`…); default: the policy's, from the upstream's host. */
  environment?: string;
}

/** The parsed upstream: what the gateway is given, and the URL parts kept for `DATABASE_URL`. */
export interface Upstream {
  host: string;
  port: number;
  /** Present when the upstream was given as a URL (then `DATABASE_URL` is set). */
  url?: { user: string; database: string; search: string };
}

const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const LISTEN = /^(?:\[?([0-9A-Za-z.:-]+?)\]?:)?(\d{1,5})$/;

/** Masks a password (and a user with it) in every `scheme://user:password@` of `text`. */
export function maskCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)([^/@\s:]*):([^@\s/]*)@/gi, '$1$2:***@');
}

/**
 * Reads the upstream: a `postgres://` / `postgresql://` URL, or `host[:port]` (port 5432).
 * @throws Error with a message free of credentials when it is neither.
 */
export function parseUpstream(value: string): Upstream {
  if (/^postgres(?:ql)?:\/\//i.test(value)) {
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      throw new Error(`upstream is not a valid URL: ${maskCredentials(value)}`);
    }
    if (!u.hostname) throw new Error(`upstream names no host: ${maskCredentials(value)}`);
    return {
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port ? Number(u.port) : 5432,
      url: {
        user: decodeURIComponent(u.username),
        database: decodeURIComponent(u.pathname.replace(/^\//, '')),
        search: u.search,
      },
    };
  }
  const m = /^(\[[^\]]+\]|[^:/@\s]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m?.[1])
    throw new Error(
      `upstream must be postgres://HOST[:PORT][/DB] or HOST[:PORT], not "${maskCredentials(value)}"`,
    );
  return { host: m[1].replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : 5432 };
}

/**
 * Validates the setting's value: a list of `{ name, upstream, listen?, environment? }`. Bad
 * entries are reported (credentials masked) and left out; names must be unique.
 */
export function readDatabases(value: unknown): { databases: GatewayDatabase[]; problems: string[] } {
  const databases: GatewayDatabase[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) return { databases, problems };
  if (!Array.isArray(value)) return { databases, problems: ['railguard.gateway.databases must be a list'] };
  value.forEach((raw: unknown, i) => {
    const where = `railguard.gateway.databases[${i}]`;
    if (typeof raw !== 'object' || raw === null) return problems.push(`${where} must be an object`);
    const o = raw as Record<string, unknown>;
    const { name, upstream, listen, environment } = o;
    if (typeof name !== 'string' || !NAME.test(name))
      return problems.push(`${where}.name must be letters, digits, _ or - (at most 64)`);
    if (databases.some((d) => d.name === name))
      return problems.push(`${where}: the name ${name} is used twice`);
    if (typeof upstream !== 'string') return problems.push(`${where}.upstream must be a string`);
    try {
      parseUpstream(upstream);
    } catch (err) {
      return problems.push(`${where}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (
      listen !== undefined &&
      (typeof listen !== 'string' || !LISTEN.test(listen) || Number(LISTEN.exec(listen)?.[2]) > 65535)
    )
      return problems.push(`${where}.listen must be HOST:PORT`);
    if (environment !== undefined && (typeof environment !== 'string' || !/^[\w.-]{1,64}$/.test(environment)))
      return problems.push(`${where}.environment must be an environment name`);
    databases.push({
      name,
      upstream,
      listen: typeof listen === 'string' ? listen : '127.0.0.1:0',
      ...(typeof environment === 'string' ? { environment } : {}),
    });
    return undefined;
  });
  return { databases, problems };
}

/** The `railguard gateway` arguments for `db`: host and port only (no credentials). */
export function gatewayArgs(db: GatewayDatabase): string[] {
  const up = parseUpstream(db.upstream);
  const host = up.host.includes(':') ? `[${up.host}]` : up.host;
  return [
    'gateway',
    '--upstream',
    `postgres://${host}:${up.port}`,
    '--listen',
    db.listen,
    ...(db.environment ? ['--env', db.environment] : []),
    // The extension host holds the pipe: if it dies, the gateway stops instead of holding the port.
    '--exit-with-stdin',
  ];
}

/**
 * The address in the gateway's start line (`railguard gateway: listening on HOST:PORT, …`), or
 * undefined for any other line.
 */
export function listeningAddress(line: string): { host: string; port: number } | undefined {
  const m = /^railguard gateway: listening on (\S+):(\d+),/.exec(line);
  return m?.[1] && m[2] ? { host: m[1], port: Number(m[2]) } : undefined;
}

/**
 * The terminal variables pointing programs at a running gateway: `PGHOST`, `PGPORT`, and, when
 * the upstream was a URL, `DATABASE_URL` with the gateway's address and the URL's user, database
 * and parameters (never its password: the client supplies it, e.g. `PGPASSWORD` or `~/.pgpass`).
 */
export function terminalVariables(
  db: GatewayDatabase,
  at: { host: string; port: number },
): Record<string, string> {
  const up = parseUpstream(db.upstream);
  const vars: Record<string, string> = { PGHOST: at.host, PGPORT: String(at.port) };
  if (up.url) {
    const host = at.host.includes(':') ? `[${at.host}]` : at.host;
    const user = up.url.user ? `${encodeURIComponent(up.url.user)}@` : '';
    const db = up.url.database ? `/${encodeURIComponent(up.url.database)}` : '';
    vars.DATABASE_URL = `postgres://${user}${host}:${at.port}${db}${up.url.search}`;
  }
  return vars;
}
