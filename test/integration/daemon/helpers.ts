import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import type {
  ApprovalAnswer,
  ApprovalProvider,
  ApprovalReplyInfo,
  ApprovalRequest,
} from '../../../server/src/daemon/approvals';
import { provenHeaders } from '../../../server/src/daemon/client';

const ROOT = path.resolve(__dirname, '../../..');

/** Answers every approval at once from a plan, optionally naming the approver. */
export class PlannedApprover implements ApprovalProvider {
  readonly seen: ApprovalRequest[] = [];
  constructor(private readonly plan: (r: ApprovalRequest) => ApprovalAnswer | ApprovalReplyInfo) {}
  requestApproval(request: ApprovalRequest): Promise<ApprovalAnswer | ApprovalReplyInfo> {
    this.seen.push(request);
    return Promise.resolve(this.plan(request));
  }
}

/**
 * One HTTP exchange with a daemon endpoint (socket or loopback port); the body is parsed when JSON.
 * Daemon routes (`/v1/…`) get a proof of `token` as the Railguard clients send it (`proof.ts`:
 * nonce + proof, never the token); other paths (the team store's `/api/…`) get it as a bearer token.
 */
export function request(
  at: { socket?: string; port?: number },
  token: string,
  method: string,
  urlPath: string,
  body?: unknown,
): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const auth = urlPath.startsWith('/v1/')
      ? provenHeaders(token, Buffer.from(data ?? '', 'utf8')).headers
      : { authorization: `Bearer ${token}` };
    const req = http.request(
      {
        ...(at.socket ? { socketPath: at.socket } : { host: '127.0.0.1', port: at.port }),
        method,
        path: urlPath,
        headers: auth,
        timeout: 20_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // Text answers (the shell route) stay in `text`.
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${urlPath}: no answer in 20 s`)));
    req.on('error', reject);
    req.end(data);
  });
}

/** Polls `cond` every 50 ms for at most `ms`; resolves to whether it became true. */
export async function waitFor(cond: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** A `railguard team-store` process (file store) on an ephemeral port. */
export interface TeamStoreProcess {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Spawns `railguard team-store --port PORT` (default 0: any free port) from the sources (tsx) with a file store in `dataDir`
 * and waits (at most 30 s) for its "listening on ws://…" line.
 * @throws Error when it exits or does not listen in time.
 */
export function spawnTeamStore(dataDir: string, tokenFile: string, port = 0): Promise<TeamStoreProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'server/src/cli/main.ts'),
      'team-store',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--token-file',
      tokenFile,
    ],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`team store did not start: ${err}`));
    }, 30_000);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (c: string) => {
      err += c;
      const m = /listening on (ws:\/\/[^\s]+:(\d+))/.exec(err);
      if (m?.[1] && m[2]) {
        clearTimeout(timer);
        resolve({ url: m[1], port: Number(m[2]), child, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`team store exited with ${code}: ${err}`));
    });
  });
}
