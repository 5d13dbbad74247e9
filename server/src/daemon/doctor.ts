import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { HOOK_CONFIGS } from '../hooks/install';
import { findOnPath, gitIgnores, hookStatus } from '../hooks/layout';
import { deploymentCheck, deploymentOf, protectionCheck, tiersCheck } from './doctor-deployment';
import { readEndpoint, readToken, stateDirs, type RuntimePaths } from './paths';
import { isFailure, requestJson } from './client';
import { clientProof, daemonProof } from './proof';

/** One finding of `railguard doctor`: what was checked, how it went, and what to do about it. */
export interface DoctorCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  /** What to do, when not ok. */
  fix?: string;
}

/** Inputs of {@link runDoctor}. */
export interface DoctorOptions {
  paths: RuntimePaths;
  env: NodeJS.ProcessEnv;
  /** Workspace whose agent hook files are checked. */
  workspace: string;
  home?: string;
  timeoutMs?: number;
}

/**
 * Checks a Railguard setup and says what to fix: which deployment is active (the daemon's OS user
 * against the caller's), whether the daemon answers and proves it knows the token (the bash
 * clients' proof, `proof.ts`), the audit log's health, what the daemon protects from the caller
 * (`protects`: its folders and policy files probed with the caller's rights) and the policy tiers
 * it loaded (see `doctor-deployment.ts`), where the signing key is, decisions waiting in the
 * spool, and which agents have the hook installed (workspace and user scope).
 * Never throws: each failure is a check.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorCheck[]> {
  const out: DoctorCheck[] = [];
  const ep = readEndpoint(options.paths);
  const token = readToken(options.paths);
  const home = options.home ?? os.homedir();
  if (!ep || !token) {
    out.push({
      name: 'daemon',
      status: 'fail',
      detail: `no daemon recorded in ${options.paths.dir}`,
      fix: "start it: 'railguard daemon' (or open VS Code with the extension)",
    });
  } else {
    const health = await fetchHealth(ep, token, options.timeoutMs ?? 2000);
    const info = health instanceof Error ? undefined : deploymentOf(health);
    const deployment = deploymentCheck(ep.pid, info);
    out.push(deployment);
    out.push(await proveDaemon(ep.port, token, options.timeoutMs ?? 2000));
    out.push(auditCheck(health));
    out.push(witnessCheck(health));
    if (info) {
      out.push(protectionCheck(info, deployment.detail.startsWith('separate-user')));
      out.push(tiersCheck(info, !(health instanceof Error) && health.ok !== false));
    }
  }
  const dirs = stateDirs(options.env);
  if (fs.existsSync(path.join(dirs.audit, 'audit-key.pem')))
    out.push({
      name: 'signing key',
      status: 'warn',
      detail: `the audit signing key sits beside the log in ${dirs.audit}`,
      fix: `restart the daemon: it moves the key to ${dirs.keys}`,
    });
  let spooled = 0;
  try {
    spooled = fs.readdirSync(dirs.spool).filter((n) => n.endsWith('.json')).length;
  } catch {
    // no spool folder: nothing waits
  }
  out.push({
    name: 'spool',
    status: spooled === 0 ? 'ok' : 'warn',
    detail: `${spooled} decision(s) made while the daemon was down wait in ${dirs.spool}`,
    ...(spooled ? { fix: 'start the daemon: it appends them to the audit log' } : {}),
  });
  out.push(...hookChecks(options.workspace, home, options.env));
  return out;
}

/**
 * One check per agent: which files hold Railguard's entry and of which kind (`hookStatus`). A
 * machine-specific entry in a file the team commits is a warning (move it: `hooks install`); a
 * portable entry with no `railguard` on PATH fails (that agent's calls are all blocked); a local
 * file holding a machine entry that git does not ignore is a warning.
 */
function hookChecks(workspace: string, home: string, env: NodeJS.ProcessEnv): DoctorCheck[] {
  const status = hookStatus(workspace, home);
  const onPath = findOnPath('railguard', env.PATH) !== undefined;
  return HOOK_CONFIGS.map((spec): DoctorCheck => {
    const files = status.filter((f) => f.agent === spec.agent);
    const name = `hook ${spec.agent}`;
    if (files.length === 0)
      return {
        name,
        status: 'warn',
        detail: 'not installed',
        fix: `railguard hooks install --agent ${spec.agent}`,
      };
    const detail =
      'installed in ' +
      files
        .map((f) => `${f.file} [${f.role}: ${[...new Set(f.entries.map((e) => e.kind))].join(', ')}]`)
        .join(', ');
    const portable = files.some((f) => f.entries.some((e) => e.kind === 'portable'));
    if (portable && !onPath)
      return {
        name,
        status: 'fail',
        detail: `${detail}; no railguard on PATH, so the portable entry blocks every call`,
        fix: 'install railguard on PATH (npm install -g railguard)',
      };
    if (files.some((f) => f.role === 'shared' && f.entries.some((e) => e.kind === 'machine')))
      return {
        name,
        status: 'warn',
        detail: `${detail}; a committed file names paths of this machine`,
        fix: `railguard hooks install --agent ${spec.agent} (moves them to the local file or writes the portable command)`,
      };
    const exposed = files.find((f) => f.role === 'local' && gitIgnores(workspace, f.file) === false);
    if (exposed)
      return {
        name,
        status: 'warn',
        detail: `${detail}; git does not ignore ${exposed.file}, which names paths of this machine`,
        fix: `add ${path.relative(workspace, exposed.file)} to .gitignore`,
      };
    return { name, status: 'ok', detail };
  });
}

/** Asks the daemon to judge `echo` with a nonce proof, as the bash clients do, and checks its proof. */
async function proveDaemon(port: number | undefined, token: string, timeoutMs: number): Promise<DoctorCheck> {
  if (port === undefined)
    return {
      name: 'daemon authentic',
      status: 'warn',
      detail: 'the daemon serves no TCP port (bash clients need it)',
    };
  const nonce = randomBytes(16).toString('hex');
  const body = Buffer.from(`cwd=${os.tmpdir()}\nactor=\n\necho railguard-doctor`, 'utf8');
  const text = await new Promise<string | Error>((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/shell',
        timeout: timeoutMs,
        headers: {
          'x-railguard-nonce': nonce,
          'x-railguard-proof': clientProof(token, nonce, body),
          'content-type': 'text/plain',
          'content-length': body.length,
        },
      },
      (res) => {
        let t = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (t += c));
        res.on('end', () =>
          resolve(res.statusCode === 200 ? t : new Error(`status ${res.statusCode}: ${t}`)),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', resolve);
    req.end(body);
  });
  if (text instanceof Error)
    return {
      name: 'daemon authentic',
      status: 'fail',
      detail: `port ${port}: ${text.message}`,
      fix: 'restart the daemon',
    };
  const fields = text.trim().split('\n').at(-1)?.split('\t') ?? [];
  const proven = fields.length >= 5 && fields.at(-1) === daemonProof(token, nonce, fields[0] ?? '');
  return proven
    ? {
        name: 'daemon authentic',
        status: 'ok',
        detail: `port ${port} answered with a valid proof of the token`,
      }
    : {
        name: 'daemon authentic',
        status: 'fail',
        detail: `whatever listens on port ${port} cannot prove it knows the token`,
        fix: 'something else may listen on the port: stop it and restart the daemon',
      };
}

/**
 * `GET /v1/health` (a proof of the token over the socket, else the port; the answer must prove
 * the daemon's, see `client.ts`); an Error when it gives no proven JSON.
 */
async function fetchHealth(
  ep: { socket?: string; port?: number },
  token: string,
  timeoutMs: number,
): Promise<Record<string, unknown> | Error> {
  const target = {
    token,
    ...(ep.socket && fs.existsSync(ep.socket) ? { socket: ep.socket } : { port: ep.port }),
  };
  const answer = await requestJson(target, '/v1/health', undefined, timeoutMs);
  return isFailure(answer) ? new Error(answer.message) : answer;
}

/** The audit log's state from the health answer. */
function auditCheck(health: Record<string, unknown> | Error): DoctorCheck {
  if (health instanceof Error) return { name: 'audit', status: 'fail', detail: `health: ${health.message}` };
  const audit = (health.audit ?? {}) as {
    ok?: boolean;
    dir?: string;
    lastError?: string;
    failureMode?: string;
  };
  return audit.ok
    ? {
        name: 'audit',
        status: 'ok',
        detail: `writable, ${audit.dir ?? '?'} (failure mode ${audit.failureMode ?? '?'})`,
      }
    : {
        name: 'audit',
        status: 'fail',
        detail: audit.lastError ?? 'the audit log is failing',
        fix: 'make the audit folder writable again (or restart the daemon), then run railguard audit verify',
      };
}

/**
 * Whether the audit log's checkpoints reach the team store (the witness that catches a rewritten,
 * truncated or deleted log: `audit verify --witness`): the last checkpoint it acknowledged, how
 * many wait. No team store ⇒ a warning: only the local files vouch for the log.
 */
function witnessCheck(health: Record<string, unknown> | Error): DoctorCheck {
  if (health instanceof Error)
    return { name: 'witness', status: 'fail', detail: `health: ${health.message}` };
  const store = (health.lineage as { teamStore?: Record<string, unknown> } | undefined)?.teamStore as
    | {
        url?: string;
        state?: string;
        pendingCheckpoints?: number;
        lastAckedCheckpoint?: { treeSize?: number; rootHash?: string; ackedAt?: string };
      }
    | undefined;
  if (!store)
    return {
      name: 'witness',
      status: 'warn',
      detail: 'no team store: audit checkpoints are not witnessed, only the local files vouch for the log',
      fix: 'start the daemon with --team-store URL (the store countersigns each checkpoint)',
    };
  const last = store.lastAckedCheckpoint;
  const acked = last
    ? `last acknowledged checkpoint: ${last.treeSize ?? '?'} records (${(last.rootHash ?? '?').slice(0, 16)}…) at ${last.ackedAt ?? '?'}`
    : 'no checkpoint acknowledged since the daemon started';
  const pending = store.pendingCheckpoints ?? 0;
  const detail = `${store.url ?? '?'} (${store.state ?? '?'}); ${acked}; ${pending} waiting`;
  return pending > 0 || !last
    ? {
        name: 'witness',
        status: 'warn',
        detail,
        fix: 'check the team store connection (records after the last acknowledged checkpoint are only as safe as the local files)',
      }
    : { name: 'witness', status: 'ok', detail };
}
