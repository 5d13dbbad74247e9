import * as http from 'node:http';
import type { PendingAsk, QueueEvent } from './approval-queue';
import type { DaemonTarget } from './client';

/**
 * The `railguard approvals` side of the daemon's approval routes (`approval-routes.ts`): list
 * the pending asks, watch them (which makes the session an approver while it lasts) and answer
 * them. Bearer-token authenticated like the other Node clients.
 */

/** Why a call failed: nothing listening (`unreachable`), or the daemon refused / answered badly (`error`). */
export class ApprovalsClientError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'error',
    message: string,
  ) {
    super(message);
  }
}

function request(
  target: DaemonTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): http.ClientRequest {
  const text = body === undefined ? undefined : JSON.stringify(body);
  const req = http.request({
    method,
    path,
    ...(target.socket ? { socketPath: target.socket } : { host: '127.0.0.1', port: target.port }),
    headers: {
      authorization: `Bearer ${target.token}`,
      ...(text !== undefined
        ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }
        : {}),
    },
  });
  req.end(text);
  return req;
}

/** Sends one request and parses its JSON answer; resolves `{ status, body }`. */
function call(
  target: DaemonTarget,
  method: 'GET' | 'POST',
  path: string,
  timeoutMs: number,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(target, method, path, body);
    const timer = setTimeout(() => {
      req.destroy();
      reject(new ApprovalsClientError('error', `no answer from the daemon within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(new ApprovalsClientError('unreachable', err.message));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        try {
          const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (typeof v !== 'object' || v === null) throw new Error('not an object');
          resolve({ status: res.statusCode ?? 500, body: v as Record<string, unknown> });
        } catch (err) {
          reject(
            new ApprovalsClientError(
              'error',
              `bad answer: ${err instanceof Error ? err.message : String(err)}`,
            ),
          );
        }
      });
    });
  });
}

/**
 * The asks pending in the daemon now, and whether a session is attached.
 * @throws ApprovalsClientError when the daemon cannot be reached or refuses.
 */
export async function listPending(
  target: DaemonTarget,
  timeoutMs = 5000,
): Promise<{ pending: PendingAsk[]; attached: boolean }> {
  const r = await call(target, 'GET', '/v1/approvals', timeoutMs);
  if (r.status !== 200) throw new ApprovalsClientError('error', String(r.body.error ?? r.status));
  return { pending: (r.body.pending ?? []) as PendingAsk[], attached: r.body.attached === true };
}

/**
 * Answers ask `id` as `user`. Resolves true when the daemon took it, false when the ask is no
 * longer pending (answered elsewhere, expired).
 * @throws ApprovalsClientError when the daemon cannot be reached or refuses the request.
 */
export async function answerAsk(
  target: DaemonTarget,
  id: string,
  answer: 'approved' | 'rejected',
  user: string,
  timeoutMs = 5000,
): Promise<boolean> {
  const r = await call(target, 'POST', '/v1/approvals/answer', timeoutMs, { id, answer, user });
  if (r.status === 404) return false;
  if (r.status !== 200) throw new ApprovalsClientError('error', String(r.body.error ?? r.status));
  return true;
}

/** An open watch: {@link QueueEvent}s arrive through `onEvent` until `close()` or the daemon goes. */
export interface ApprovalWatch {
  /** Resolves once the watch is attached (the daemon answered 200), rejects when it could not be. */
  ready: Promise<void>;
  /** Resolves when the connection ends (closed here or by the daemon). */
  ended: Promise<void>;
  close(): void;
}

/** Attaches a session to the daemon's approval queue (`GET /v1/approvals/watch`). */
export function watchApprovals(target: DaemonTarget, onEvent: (e: QueueEvent) => void): ApprovalWatch {
  const req = request(target, 'GET', '/v1/approvals/watch');
  let endedResolve: () => void = () => undefined;
  const ended = new Promise<void>((r) => (endedResolve = r));
  const ready = new Promise<void>((resolve, reject) => {
    req.on('error', (err) => {
      reject(new ApprovalsClientError('unreachable', err.message));
      endedResolve();
    });
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        reject(new ApprovalsClientError('error', `the daemon refused the watch (${res.statusCode})`));
        res.resume();
        endedResolve();
        return;
      }
      resolve();
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buf += c;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          try {
            onEvent(JSON.parse(line) as QueueEvent);
          } catch {
            // a line that is not an event is skipped
          }
        }
      });
      res.on('close', endedResolve);
    });
  });
  ready.catch(() => undefined);
  return { ready, ended, close: () => req.destroy() };
}
