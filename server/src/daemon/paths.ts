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
 *
 * Separate-user deployment (`railguard daemon --client-group GROUP`, docs/deployment.md): with
 * `clientGid` set, the folder is 0750 and the token, `port`, `endpoint.json` and `prod-matchers`
 * 0640, all owned by the daemon's user with group `clientGid`, and the socket 0660: members of
 * the group can read and connect, but neither replace nor remove anything (the folder is not
 * group-writable).
 */
export interface RuntimePaths {
  dir: string;
  token: string;
  socket: string;
  port: string;
  endpoint: string;
  matchers: string;
  /** The clients' group (numeric gid) of a separate-user deployment; absent: private to the user. */
  clientGid?: number;
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

/** The current process's uid, or undefined where there is none (Windows). */
function myUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/**
 * Creates the runtime folder or checks an existing one: it must be a directory owned by the current
 * user. Default (same-user): mode 0700 (group/other bits are removed). With `clientGid` (the
 * separate-user deployment): mode 0750 with group `clientGid` (the group is set and group-write and
 * other bits are removed), so clients of the group can read but not replace what is inside.
 * @throws Error naming the folder when it is not a directory or not the current user's (somebody
 *   else could read the token), or (`clientGid`) when the group cannot be set (the daemon's user
 *   must be a member of the group).
 */
export function ensurePrivateDir(dir: string, clientGid?: number): void {
  const mode = clientGid === undefined ? 0o700 : 0o750;
  fs.mkdirSync(dir, { recursive: true, mode });
  const st = fs.lstatSync(dir);
  if (!st.isDirectory()) throw new Error(`${dir} is not a directory`);
  const uid = myUid();
  if (uid !== undefined && st.uid !== uid) {
    throw new Error(`${dir} is owned by uid ${st.uid}, not by the current user`);
  }
  if (clientGid !== undefined && st.gid !== clientGid) setGroup(dir, clientGid);
  if ((st.mode & 0o777) !== mode) fs.chmodSync(dir, mode);
}

/** `chown :gid file` by the file's owner. @throws Error naming the group when the owner is not in it. */
function setGroup(file: string, gid: number): void {
  try {
    fs.chownSync(file, myUid() ?? -1, gid);
  } catch (err) {
    throw new Error(
      `cannot give group ${gid} access to ${file} (is the daemon's user a member of it?): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

const TOKEN_RE = /^[0-9a-f]{64}$/;

/**
 * Reads the user's token, creating it (32 random bytes as hex, exclusive create) when absent or
 * malformed: mode 0600, or 0640 with group `paths.clientGid` in the separate-user deployment. A
 * token file with more permission bits than that is re-created: it may have leaked.
 * @throws Error from {@link ensurePrivateDir}.
 */
export function ensureToken(paths: RuntimePaths): string {
  ensurePrivateDir(paths.dir, paths.clientGid);
  const existing = readToken(paths);
  if (existing) return existing;
  fs.rmSync(paths.token, { force: true });
  const token = randomBytes(32).toString('hex');
  writeRuntimeFile(paths, paths.token, token + '\n', 'wx');
  return token;
}

/**
 * The token if the file is well-formed and private enough; else undefined. Private enough means:
 * - same-user (the default): no group/other permission bits;
 * - the daemon of a separate-user deployment (`paths.clientGid` set): its own, 0640, group
 *   `clientGid` (anything else is re-created by {@link ensureToken});
 * - a client of a separate-user deployment: a token owned by another user who also owns the
 *   runtime folder, with at most group read on the token and no group-write or other bits on
 *   the folder (as `railguard daemon --client-group` leaves them), so only that user could have
 *   written it; and the folder's parent owned by root or this user and writable by nobody else
 *   (`/run`), so only root or this user could have created the folder for that user.
 */
export function readToken(paths: RuntimePaths): string | undefined {
  try {
    const st = fs.statSync(paths.token);
    if (!tokenModeOk(paths, st)) return undefined;
    const t = fs.readFileSync(paths.token, 'utf8').trim();
    return TOKEN_RE.test(t) ? t : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the token file's owner, group and mode fit one of {@link readToken}'s deployments. */
function tokenModeOk(paths: RuntimePaths, st: fs.Stats): boolean {
  const uid = myUid();
  if (paths.clientGid !== undefined)
    return st.uid === uid && st.gid === paths.clientGid && (st.mode & 0o777) === 0o640;
  if ((st.mode & 0o077) === 0) return true;
  if ((st.mode & 0o037) !== 0) return false; // beyond group read: never
  if (uid === undefined || st.uid === uid) return false; // our own token readable by a group: leaked
  const dir = fs.statSync(paths.dir);
  if (dir.uid !== st.uid || (dir.mode & 0o027) !== 0) return false;
  // Only root or this user can have made the folder (and root given it to the daemon's user):
  // in a folder others can write (/tmp), another user could have planted a daemon of its own.
  const parent = fs.statSync(path.dirname(paths.dir));
  return (parent.uid === 0 || parent.uid === uid) && (parent.mode & 0o022) === 0;
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

/**
 * Writes a file of the runtime folder that clients read (token, `port`, `endpoint.json`,
 * `prod-matchers`): 0600, or 0640 with group `paths.clientGid` in the separate-user deployment
 * (group set before the file gets its name, so it is never readable by the wrong group).
 * `flag: 'wx'` creates it exclusively in place; otherwise temp file + rename.
 * @throws Error when the file cannot be written or its group set.
 */
export function writeRuntimeFile(paths: RuntimePaths, file: string, text: string, flag?: 'wx'): void {
  const gid = paths.clientGid;
  const target = flag === 'wx' ? file : `${file}.${process.pid}.tmp`;
  fs.writeFileSync(target, text, { mode: 0o600, ...(flag ? { flag } : {}) });
  if (gid !== undefined) {
    setGroup(target, gid);
    fs.chmodSync(target, 0o640);
  }
  if (target !== file) fs.renameSync(target, file);
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
