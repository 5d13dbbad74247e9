/**
 * The daemon's deployment as it describes itself in `GET /v1/health` (`deployment`), for
 * `railguard doctor`: which OS user it runs as, the clients' group of a separate-user deployment
 * (`railguard daemon --client-group`, docs/deployment.md), the folders it protects with their
 * owner and mode as the daemon sees them, and the policy tiers it has loaded.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { POLICY_TIERS, type PolicyOrigin, type PolicySet } from '../core/policy/model';

/** A group by number and name. */
export interface ClientGroup {
  gid: number;
  name: string;
}

/**
 * Resolves `--client-group NAME|GID` through the system's group database (`getent group`, so
 * NSS sources such as LDAP count) and checks that this process may hand files to it.
 * @throws Error when the group is unknown or the current process is not a member of it (it
 *   could not give the runtime folder to that group).
 */
export function resolveClientGroup(spec: string): ClientGroup {
  let line: string;
  try {
    line = execFileSync('getent', ['group', spec], { encoding: 'utf8' }).split('\n')[0] ?? '';
  } catch {
    throw new Error(`unknown group "${spec}" (getent group ${spec} found nothing)`);
  }
  // group(5): name:password:GID:members
  const [name = spec, , gidText = ''] = line.split(':');
  const gid = Number(gidText);
  if (!Number.isInteger(gid)) throw new Error(`group "${spec}": unreadable entry "${line}"`);
  const groups = typeof process.getgroups === 'function' ? process.getgroups() : [];
  const mine = typeof process.getgid === 'function' ? process.getgid() : undefined;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root && gid !== mine && !groups.includes(gid))
    throw new Error(
      `the daemon's user is not a member of group "${name}" (gid ${gid}); add it (usermod -aG ${name} USER, or SupplementaryGroups= in the service)`,
    );
  return { gid, name };
}

/** A file or folder the daemon protects, as the daemon sees it (absent fields: it does not exist). */
export interface ProtectedPath {
  /** What it is: `audit log`, `signing key`, `spool`, `outbox`, `user policies`, `runtime folder`… */
  what: string;
  path: string;
  /** What clients must not do to it: `read-write` (neither read nor write) or `write`. */
  deny: 'read-write' | 'write';
  uid?: number;
  gid?: number;
  /** Permission bits, octal text (`0700`). */
  mode?: string;
}

/** One policy tier in force: the files it applies (built-in packs, user, workspace…). */
export interface TierInfo {
  origin: PolicyOrigin;
  files: string[];
  /** Files of the tier applied stricter-only (no human approved their content). */
  stricterOnly: string[];
}

/** `deployment` of `/v1/health`. */
export interface DeploymentInfo {
  uid?: number;
  user: string;
  clientGroup?: ClientGroup;
  protects: ProtectedPath[];
  /** Tiers of the daemon's own folder's policy set, most trusted first. */
  tiers: TierInfo[];
}

/** Inputs of {@link describeDeployment}: the folders the daemon was given. */
export interface DeploymentInputs {
  runtimeDir: string;
  clientGroup?: ClientGroup;
  auditDir?: string | false;
  keyDir?: string;
  spoolDir?: string;
  outboxDir?: string | false;
  /** The user-tier policy folder (`$XDG_CONFIG_HOME/railguard`). */
  configDir: string;
  policies: PolicySet;
}

/** Stats `p` into a {@link ProtectedPath} (no owner/mode when it does not exist). */
function protectedPath(what: string, p: string, deny: ProtectedPath['deny']): ProtectedPath {
  try {
    const st = fs.statSync(p);
    return { what, path: p, deny, uid: st.uid, gid: st.gid, mode: `0${(st.mode & 0o777).toString(8)}` };
  } catch {
    return { what, path: p, deny };
  }
}

/** The policy tiers of `set`, most trusted first, with their files. */
export function policyTiers(set: PolicySet): TierInfo[] {
  const out: TierInfo[] = [];
  for (const origin of [...POLICY_TIERS].reverse()) {
    const entries = set.entries.filter((e) => e.origin === origin);
    if (entries.length === 0) continue;
    out.push({
      origin,
      files: [...new Set(entries.map((e) => e.policy.file))],
      stricterOnly: [...new Set(entries.filter((e) => e.trusted === false).map((e) => e.policy.file))],
    });
  }
  return out;
}

/** Describes the running daemon's deployment (stats the protected folders now). Never throws. */
export function describeDeployment(inputs: DeploymentInputs): DeploymentInfo {
  const protects: ProtectedPath[] = [];
  if (inputs.auditDir) protects.push(protectedPath('audit log', inputs.auditDir, 'read-write'));
  const keyDir = inputs.keyDir ?? (inputs.auditDir || undefined);
  if (keyDir) protects.push(protectedPath('signing key', keyDir, 'read-write'));
  const spool =
    inputs.spoolDir ?? (inputs.auditDir ? path.join(path.dirname(inputs.auditDir), 'spool') : undefined);
  if (spool) protects.push(protectedPath('spool', spool, 'read-write'));
  if (inputs.outboxDir) protects.push(protectedPath('outbox', inputs.outboxDir, 'read-write'));
  protects.push(protectedPath('user policies and approvals', inputs.configDir, 'write'));
  protects.push(protectedPath('runtime folder', inputs.runtimeDir, 'write'));
  let user = '';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry for this uid: the uid says it
  }
  return {
    ...(typeof process.getuid === 'function' ? { uid: process.getuid() } : {}),
    user,
    ...(inputs.clientGroup ? { clientGroup: inputs.clientGroup } : {}),
    protects,
    tiers: policyTiers(inputs.policies),
  };
}
