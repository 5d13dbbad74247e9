/**
 * Real OS users and groups for the separate-user deployment test: created idempotently with
 * `groupadd`/`useradd` (root only), removed with `userdel`/`groupdel`, and commands run as one
 * of them with `setpriv` (real and effective uid/gid, supplementary groups from the group
 * database, the environment given and nothing else; no login shell, no PAM, no systemd).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** A user created for a test. */
export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

/** The tools the helpers need; the first one missing, or undefined when all are there. */
export function missingTool(): string | undefined {
  for (const tool of ['groupadd', 'useradd', 'usermod', 'userdel', 'groupdel', 'getent', 'setpriv']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return tool;
  }
  return undefined;
}

/** Why the separate-user tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux (useradd, setpriv)';
  if (typeof process.getuid !== 'function' || process.getuid() !== 0)
    return 'needs root to create OS users (useradd); CI runs as root';
  const tool = missingTool();
  return tool ? `needs ${tool} (util-linux / passwd)` : undefined;
}

function exists(db: 'group' | 'passwd', name: string): boolean {
  return spawnSync('getent', [db, name]).status === 0;
}

/** Creates group `name` unless it exists; returns its gid. */
export function ensureGroup(name: string): number {
  if (!exists('group', name)) execFileSync('groupadd', [name]);
  return Number(execFileSync('getent', ['group', name], { encoding: 'utf8' }).split(':')[2]);
}

/**
 * Creates user `name` (no home folder, no login shell, its own group) unless it exists, and makes
 * it a member of `groups` either way.
 */
export function ensureUser(name: string, groups: string[]): OsUser {
  if (!exists('passwd', name)) {
    execFileSync('useradd', [
      '--no-create-home',
      '--user-group',
      '--shell',
      '/usr/sbin/nologin',
      ...(groups.length ? ['--groups', groups.join(',')] : []),
      name,
    ]);
  } else if (groups.length) execFileSync('usermod', ['--append', '--groups', groups.join(','), name]);
  const [, , uid = '', gid = ''] = execFileSync('getent', ['passwd', name], { encoding: 'utf8' }).split(':');
  return { name, uid: Number(uid), gid: Number(gid) };
}

/** Removes the users, then the groups; missing ones are fine. Never throws. */
export function removeUsers(users: string[], groups: string[]): void {
  for (const u of users) if (exists('passwd', u)) spawnSync('userdel', [u]);
  for (const g of [...groups, ...users]) if (exists('group', g)) spawnSync('groupdel', [g]);
}

/** `setpriv` arguments that run the rest as `user`. */
function asUser(user: OsUser): string[] {
  return [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--'];
}

/** Spawns `command` as `user` with exactly `env`. */
export function spawnAs(
  user: OsUser,
  command: string[],
  env: NodeJS.ProcessEnv,
  options: SpawnOptions = {},
): ChildProcess {
  return spawn('setpriv', [...asUser(user), ...command], { ...options, env });
}

/** The outcome of a command run as another user. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command` as `user` with exactly `env` and `input` on stdin; resolves when it exits. */
export function runAs(
  user: OsUser,
  command: string[],
  env: NodeJS.ProcessEnv,
  input = '',
  cwd?: string,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawnAs(user, command, env, { stdio: ['pipe', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin?.end(input);
  });
}
