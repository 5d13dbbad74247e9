import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Where a user's daemon keeps its state: a private folder (mode 0700, owned by the user) holding
 * - `token`: the per-user random bearer token (64 hex characters, mode 0600);
 * - `daemon.sock`: the Unix socket (mode 0600);
 * - `port`: the loopback HTTP port as decimal text (for bash `/dev/tcp` and zsh `ztcp`);
 * - `endpoint.json`: `{ socket?, port?, pid, startedAt }` for Node clients;
 * - `prod-matchers`: the production environment matchers of the loaded policy (see `fail-rule.ts`).
 *
 * The folder is `$RAILGUARD_RUNTIME_DIR`, else `$XDG_RUNTIME_DIR/railguard` (the XDG Base
 * Directory spec's per-user runtime directory), else `~/.railguard/run`.
 */
export interface RuntimePaths {
  dir: string;
  token: string;
  socket: string;
  port: string;
  endpoint: string;
  matchers: string;
}

/** The {@link RuntimePaths} for an environment (no I/O). */
export function runtimePaths(env: NodeJS.ProcessEnv = process.env): RuntimePaths {
  const dir =
    env.RAILGUARD_RUNTIME_DIR ??
    (env.XDG_RUNTIME_DIR
      ? path.join(env.XDG_RUNTIME_DIR, 'railguard')
      : path.join(os.homedir(), '.railguard', 'run'));
  return {
    dir,
    token: path.join(dir, 'token'),
    socket: path.join(dir, 'daemon.sock'),
    port: path.join(dir, 'port'),
    endpoint: path.join(dir, 'endpoint.json'),
    matchers: path.join(dir, 'prod-matchers'),
  };
}

/**
 * Creates the runtime folder (0700) or checks an existing one: it must be a directory owned by
 * the current user with no group/other permission bits.
 * @throws Error naming the folder when it is not private (somebody else could read the token).
 */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  if (!st.isDirectory()) throw new Error(`${dir} is not a directory`);
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
    throw new Error(`${dir} is owned by uid ${st.uid}, not by the current user`);
  }
  if ((st.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
}

const TOKEN_RE = /^[0-9a-f]{64}$/;

/**
 * Reads the user's token, creating it (32 random bytes as hex, mode 0600, exclusive create) when
 * absent or malformed. A token file with group/other bits is re-created: it may have leaked.
 */
export function ensureToken(paths: RuntimePaths): string {
  ensurePrivateDir(paths.dir);
  const existing = readToken(paths);
  if (existing) return existing;
  fs.rmSync(paths.token, { force: true });
  const token = randomBytes(32).toString('hex');
  fs.writeFileSync(paths.token, token + '\n', { mode: 0o600, flag: 'wx' });
  return token;
}

/** The token if the file exists, is private (no group/other bits) and well-formed; else undefined. */
export function readToken(paths: RuntimePaths): string | undefined {
  try {
    const st = fs.statSync(paths.token);
    if ((st.mode & 0o077) !== 0) return undefined;
    const t = fs.readFileSync(paths.token, 'utf8').trim();
    return TOKEN_RE.test(t) ? t : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Constant-time token comparison: both sides are hashed (SHA-256) first so lengths never leak
 * and `timingSafeEqual` always compares 32 bytes.
 */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** Writes `text` to `file` atomically (temp file + rename) with `mode`. */
export function writePrivateFile(file: string, text: string, mode = 0o600): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode });
  fs.renameSync(tmp, file);
}

/** Where a running daemon listens, as recorded in `endpoint.json`. */
export interface EndpointInfo {
  socket?: string;
  port?: number;
  pid: number;
  startedAt: string;
}

/** Reads `endpoint.json`; undefined when absent or malformed. */
export function readEndpoint(paths: RuntimePaths): EndpointInfo | undefined {
  try {
    const v: unknown = JSON.parse(fs.readFileSync(paths.endpoint, 'utf8'));
    if (typeof v !== 'object' || v === null) return undefined;
    const o = v as Record<string, unknown>;
    if (typeof o.pid !== 'number') return undefined;
    return {
      pid: o.pid,
      startedAt: typeof o.startedAt === 'string' ? o.startedAt : '',
      ...(typeof o.socket === 'string' ? { socket: o.socket } : {}),
      ...(typeof o.port === 'number' ? { port: o.port } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * Where a user's durable state lives: `$RAILGUARD_HOME`, else `~/.railguard`, with the audit log
 * in `audit/`, the lineage outbox in `outbox/` and the audit spool (decisions made while the
 * daemon was down, see `audit/spool.ts`) in `spool/` (unlike the runtime folder, which may be a
 * tmpfs cleared at logout). The audit log's private signing key is kept apart from the log, in
 * `$RAILGUARD_HOME/keys` when RAILGUARD_HOME is set, else `$XDG_CONFIG_HOME/railguard/keys`
 * (`~/.config/railguard/keys`), folder 0700, `audit-key.pem` 0600.
 */
export function stateDirs(env: NodeJS.ProcessEnv = process.env): {
  home: string;
  audit: string;
  outbox: string;
  spool: string;
  keys: string;
} {
  const home = env.RAILGUARD_HOME ?? path.join(os.homedir(), '.railguard');
  const config = env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config');
  return {
    home,
    keys: env.RAILGUARD_HOME ? path.join(home, 'keys') : path.join(config, 'railguard', 'keys'),
    audit: path.join(home, 'audit'),
    outbox: path.join(home, 'outbox'),
    spool: path.join(home, 'spool'),
  };
}
