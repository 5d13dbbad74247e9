/**
 * `railguard doctor`'s deployment checks: which deployment is active (the daemon's OS user
 * against the caller's), what it protects from the caller (probed with the caller's own access
 * rights on the folders and policy files the daemon reports in `/v1/health`), and the policy
 * tiers the daemon has loaded. See docs/deployment.md.
 */
import * as fs from 'node:fs';
import type { DeploymentInfo, ProtectedPath } from './deployment';
import type { DoctorCheck } from './doctor';

/** The real uid of process `pid` (Linux `/proc`), or undefined when it is not running. */
export function daemonUid(pid: number): number | undefined {
  try {
    const m = /^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] === undefined ? undefined : Number(m[1]);
  } catch {
    try {
      process.kill(pid, 0);
      return typeof process.getuid === 'function' ? process.getuid() : undefined;
    } catch {
      return undefined;
    }
  }
}

/** `deployment` of a `/v1/health` answer, when it has the expected shape. */
export function deploymentOf(health: Record<string, unknown> | undefined): DeploymentInfo | undefined {
  const d = health?.deployment;
  if (typeof d !== 'object' || d === null) return undefined;
  const o = d as Partial<DeploymentInfo>;
  return Array.isArray(o.protects) && Array.isArray(o.tiers) ? (d as DeploymentInfo) : undefined;
}

/**
 * The `deployment` check: `separate-user` (ok) when the daemon's process runs as another uid
 * than the caller, `same-user` (warn) when it runs as the caller, warn when it is not running.
 */
export function deploymentCheck(pid: number, info: DeploymentInfo | undefined): DoctorCheck {
  const uid = daemonUid(pid);
  const mine = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid === undefined)
    return { name: 'deployment', status: 'warn', detail: `daemon pid ${pid} is not running` };
  if (uid === mine)
    return {
      name: 'deployment',
      status: 'warn',
      detail: `same-user: the daemon (pid ${pid}) runs as your user; an agent of your user can stop it or read its key`,
      fix: 'for stronger guarantees run it as a system service (docs/deployment.md)',
    };
  const who = info?.user ? `${info.user} (uid ${uid})` : `uid ${uid}`;
  const group = info?.clientGroup ? `; clients are the members of group ${info.clientGroup.name}` : '';
  return {
    name: 'deployment',
    status: 'ok',
    detail: `separate-user: the daemon (pid ${pid}) runs as ${who}, not as your user (uid ${mine ?? '?'}), so you cannot stop it${group}`,
  };
}

/** Whether the calling user may access `p` as `mode` (`fs.constants.R_OK`/`W_OK`). */
function can(p: string, mode: number): boolean {
  try {
    fs.accessSync(p, mode);
    return true;
  } catch {
    return false;
  }
}

/** What the caller can do to a protected path that it should not, or undefined when nothing. */
function breach(p: ProtectedPath): string | undefined {
  if (p.mode === undefined) return undefined; // not there (nothing recorded yet)
  const read = p.deny === 'read-write' && can(p.path, fs.constants.R_OK);
  const write = can(p.path, fs.constants.W_OK);
  if (!read && !write) return undefined;
  return `${p.what} ${p.path} (${read && write ? 'read and write' : read ? 'read' : 'write'})`;
}

/**
 * The `protects` check: probes, with the caller's own rights, the folders the daemon reports
 * (audit log, signing key, spool, outbox: neither read nor write; user policies and runtime
 * folder: no write) and every policy file in force (no write). Separate-user: ok when nothing is
 * reachable, fail otherwise; same-user: a warning that lists what an agent of the user can reach.
 */
export function protectionCheck(info: DeploymentInfo, separate: boolean): DoctorCheck {
  const policyFiles = info.tiers.flatMap((t) => t.files).filter((f) => !f.startsWith('<'));
  const paths: ProtectedPath[] = [
    ...info.protects,
    ...policyFiles.map((f): ProtectedPath => ({ what: 'policy file', path: f, deny: 'write', mode: '?' })),
  ];
  const reached = paths.map(breach).filter((b): b is string => b !== undefined);
  const guarded = info.protects.filter((p) => p.mode !== undefined);
  if (reached.length === 0)
    return {
      name: 'protects',
      status: 'ok',
      detail: `your user cannot ${guarded.map((p) => `${p.deny === 'read-write' ? 'read or write' : 'write'} the ${p.what} (${p.path}, ${p.mode})`).join(', ')}, nor write the ${policyFiles.length} policy file(s) in force`,
    };
  if (separate && process.getuid?.() === 0)
    return {
      name: 'protects',
      status: 'warn',
      detail:
        'run as root, which reaches everything: run railguard doctor as a developer to see what is protected from them',
    };
  return separate
    ? {
        name: 'protects',
        status: 'fail',
        detail: `the daemon runs as another user, yet your user can reach: ${reached.join('; ')}`,
        fix: "make them the daemon user's own: chown to it, chmod 0700 (policies: not writable by you)",
      }
    : {
        name: 'protects',
        status: 'warn',
        detail: `an agent of your user can reach: ${reached.join('; ')} (only the policy's protected-resource rules stand in its way)`,
        fix: 'run the daemon as its own user (docs/deployment.md)',
      };
}

/** The `policy tiers` check: the tiers the daemon's own folder's policy set is made of. */
export function tiersCheck(info: DeploymentInfo, healthOk: boolean): DoctorCheck {
  const tiers = info.tiers.map((t) => {
    const stricter = t.stricterOnly.length ? `, ${t.stricterOnly.length} stricter-only` : '';
    return `${t.origin} (${t.files.length} file(s)${stricter}${t.origin === 'builtin' ? '' : `: ${t.files.join(', ')}`})`;
  });
  return {
    name: 'policy tiers',
    status: healthOk ? 'ok' : 'fail',
    detail: `loaded, most trusted first: ${tiers.join(' < ') || 'none'}`,
    ...(healthOk
      ? {}
      : { fix: "a policy file does not load: fix it (the daemon's log and /v1/health name it)" }),
  };
}
