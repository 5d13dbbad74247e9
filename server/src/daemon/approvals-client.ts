import * as http from 'node:http';
import type { PendingAsk, QueueEvent } from './approval-queue';
import { isFailure, provenHeaders, requestJson, type DaemonFailure, type DaemonTarget } from './client';

/**
 * The `railguard approvals` side of the daemon's approval routes (`approval-routes.ts`): list
 * the pending asks, watch them (which makes the session an approver while it lasts) and answer
 * them. Every request proves the token (nonce + proof, `proof.ts`) as the other Node clients do;
 * list and answer results are obeyed only with the daemon's answer proof (`requestJson`). The
 * watch stream is not proven line by line: an impostor could show asks, but answering one goes
 * through {@link answerAsk}, whose unproven answer is an error.
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

/** The failure of a {@link requestJson} call as an {@link ApprovalsClientError}. */
function failed(f: DaemonFailure): ApprovalsClientError {
  return new ApprovalsClientError(f.failure === 'unreachable' ? 'unreachable' : 'error', f.message);
}

/**
 * The asks pending in the daemon now, and whether a session is attached.
 * @throws ApprovalsClientError when the daemon cannot be reached, refuses, or does not prove its answer.
 */
export async function listPending(
  target: DaemonTarget,
  timeoutMs = 5000,
): Promise<{ pending: PendingAsk[]; attached: boolean }> {
  const r = await requestJson(target, '/v1/approvals', undefined, timeoutMs);
  if (isFailure(r)) throw failed(r);
  return { pending: (r.pending ?? []) as PendingAsk[], attached: r.attached === true };
}

/**
 * Answers ask `id` as `user`. Resolves true when the daemon took it, false when the ask is no
 * longer pending (answered elsewhere, expired).
 * @throws ApprovalsClientError when the daemon cannot be reached, refuses, or does not prove its answer.
 */
export async function answerAsk(
  target: DaemonTarget,
  id: string,
  answer: 'approved' | 'rejected',
  user: string,
  timeoutMs = 5000,
): Promise<boolean> {
  const r = await requestJson(target, '/v1/approvals/answer', { id, answer, user }, timeoutMs);
  if (!isFailure(r)) return true;
  if (r.failure === 'error' && r.message.startsWith('no pending ask')) return false;
  throw failed(r);
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
  const { headers } = provenHeaders(target.token, Buffer.alloc(0));
  const req = http.request({
    method: 'GET',
    path: '/v1/approvals/watch',
    ...(target.socket ? { socketPath: target.socket } : { host: '127.0.0.1', port: target.port }),
    headers: { ...headers, 'content-length': 0 },
  });
  req.end();
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
