import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { HOOK_CONFIGS, MARKER } from '../hooks/install';
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
 * clients' proof, `proof.ts`), the audit log's health and where its signing key is, decisions
 * waiting in the spool, and which agents have the hook installed (workspace and user scope).
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
    const uid = daemonUid(ep.pid);
    const mine = typeof process.getuid === 'function' ? process.getuid() : undefined;
    out.push({
      name: 'deployment',
      status: uid !== undefined && uid !== mine ? 'ok' : 'warn',
      detail:
        uid === undefined
          ? `daemon pid ${ep.pid} is not running`
          : uid === mine
            ? `same-user: the daemon (pid ${ep.pid}) runs as your user; an agent of your user can stop it or read its key`
            : `separate-user: the daemon (pid ${ep.pid}) runs as uid ${uid}`,
      ...(uid === mine
        ? { fix: 'for stronger guarantees run it as a system service (docs/deployment.md)' }
        : {}),
    });
    out.push(await proveDaemon(ep.port, token, options.timeoutMs ?? 2000));
    out.push(...(await auditChecks(ep, token, options)));
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
  for (const spec of HOOK_CONFIGS) {
    const where = (['workspace', 'user'] as const)
      .map((scope) => spec.file(scope, options.workspace, home))
      .filter(
        (f): f is string => f !== undefined && fs.existsSync(f) && MARKER.test(fs.readFileSync(f, 'utf8')),
      );
    out.push({
      name: `hook ${spec.agent}`,
      status: where.length > 0 ? 'ok' : 'warn',
      detail: where.length > 0 ? `installed in ${where.join(', ')}` : 'not installed',
      ...(where.length ? {} : { fix: `railguard hooks install --agent ${spec.agent}` }),
    });
  }
  return out;
}

/** The real uid of process `pid` (Linux `/proc`), or undefined when it is not running. */
function daemonUid(pid: number): number | undefined {
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

/** `/v1/health` (a proof of the token over the socket or port, the answer proven): the audit log's state. */
async function auditChecks(
  ep: { socket?: string; port?: number },
  token: string,
  options: DoctorOptions,
): Promise<DoctorCheck[]> {
  const target = {
    token,
    ...(ep.socket && fs.existsSync(ep.socket) ? { socket: ep.socket } : { port: ep.port }),
  };
  const answer = await requestJson(target, '/v1/health', undefined, options.timeoutMs ?? 2000);
  const health = isFailure(answer) ? new Error(answer.message) : answer;
  if (health instanceof Error)
    return [{ name: 'audit', status: 'fail', detail: `health: ${health.message}` }];
  const audit = (health.audit ?? {}) as {
    ok?: boolean;
    dir?: string;
    lastError?: string;
    failureMode?: string;
  };
  return [
    audit.ok
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
        },
  ];
}
