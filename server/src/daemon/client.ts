import * as http from 'node:http';
import { readEndpoint, readToken, type RuntimePaths } from './paths';

/** Why a daemon call gave no decision: nothing listening / no token, no answer in time, saturated (503). */
export type DaemonFailure = { failure: 'unreachable' | 'timeout' | 'busy' | 'error'; message: string };

/** Where and how to reach a daemon. */
export interface DaemonTarget {
  socket?: string;
  port?: number;
  token: string;
}

/** The target recorded in the runtime folder (socket preferred), or undefined when none is. */
export function findDaemon(paths: RuntimePaths): DaemonTarget | undefined {
  const ep = readEndpoint(paths);
  const token = readToken(paths);
  if (!ep || !token) return undefined;
  return { token, ...(ep.socket ? { socket: ep.socket } : {}), ...(ep.port ? { port: ep.port } : {}) };
}

/**
 * POSTs JSON to the daemon and parses the JSON answer; never throws. `timeoutMs` bounds the whole
 * exchange (connect + answer). Non-2xx answers are `error` with the daemon's message. `signal`
 * aborting closes the request (the daemon ends an approval wait as `cancelled`) and resolves to
 * an `error` failure.
 */
export function postJson(
  target: DaemonTarget,
  path: string,
  body: unknown,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Record<string, unknown> | DaemonFailure> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve({ failure: 'error', message: 'cancelled by the caller' });
    const text = JSON.stringify(body);
    const req = http.request(
      {
        method: 'POST',
        path,
        ...(target.socket ? { socketPath: target.socket } : { host: '127.0.0.1', port: target.port }),
        headers: {
          authorization: `Bearer ${target.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          try {
            const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            if (typeof v !== 'object' || v === null) throw new Error('not an object');
            const o = v as Record<string, unknown>;
            if ((res.statusCode ?? 500) >= 300)
              resolve({ failure: 'error', message: String(o.error ?? res.statusCode) });
            else resolve(o);
          } catch (err) {
            resolve({
              failure: 'error',
              message: `bad answer: ${err instanceof Error ? err.message : String(err)}`,
            });
          }
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ failure: 'timeout', message: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      resolve({ failure: 'unreachable', message: err.message });
    });
    // Closing the request tells the daemon its caller went away (it ends an approval wait).
    const cancel = (): void => {
      clearTimeout(timer);
      req.destroy();
      resolve({ failure: 'error', message: 'cancelled by the caller' });
    };
    signal?.addEventListener('abort', cancel, { once: true });
    req.on('close', () => signal?.removeEventListener('abort', cancel));
    req.end(text);
  });
}

/** True when `v` is a {@link DaemonFailure}. */
export function isFailure(v: Record<string, unknown> | DaemonFailure): v is DaemonFailure {
  return typeof v.failure === 'string' && typeof v.message === 'string' && !('effect' in v);
}

/**
 * Asks for a decision with `POST /v1/decide?ack=1` and bounded waits: the daemon must
 * acknowledge (its first line: `pending` for an ask waiting for the approver, or the decision
 * itself) within `ackMs` of the call; only after `pending` may the answer take `approvalMs` more.
 * A daemon that accepts and stays silent therefore holds the caller `ackMs`, never
 * `ackMs + approvalMs`. Never throws: `timeout` (no acknowledgement / no decision in time),
 * `busy` (503: the daemon is saturated), `unreachable`, or `error` (refused, bad answer).
 */
export function decideAcked(
  target: DaemonTarget,
  body: unknown,
  ackMs: number,
  approvalMs: number,
): Promise<Record<string, unknown> | DaemonFailure> {
  return new Promise((resolve) => {
    const text = JSON.stringify(body);
    let done = false;
    let timer: NodeJS.Timeout;
    const finish = (v: Record<string, unknown> | DaemonFailure): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(v);
    };
    const arm = (ms: number, what: string): void => {
      clearTimeout(timer);
      timer = setTimeout(() => finish({ failure: 'timeout', message: `${what} within ${ms} ms` }), ms);
    };
    const req = http.request(
      {
        method: 'POST',
        path: '/v1/decide?ack=1',
        ...(target.socket ? { socketPath: target.socket } : { host: '127.0.0.1', port: target.port }),
        headers: {
          authorization: `Bearer ${target.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        },
      },
      (res) => {
        const status = res.statusCode ?? 500;
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          buf += c;
          if (status !== 200) return;
          if (buf.startsWith('pending\n')) {
            buf = buf.slice('pending\n'.length);
            arm(approvalMs + ackMs, 'no answer to the approval request');
          }
        });
        res.on('end', () => {
          if (status === 503) return finish({ failure: 'busy', message: 'the daemon is saturated (503)' });
          try {
            const v: unknown = JSON.parse(buf.trim());
            if (typeof v !== 'object' || v === null) throw new Error('not an object');
            const o = v as Record<string, unknown>;
            finish(status === 200 ? o : { failure: 'error', message: String(o.error ?? status) });
          } catch (err) {
            finish({
              failure: 'error',
              message: `bad answer (${status}): ${err instanceof Error ? err.message : String(err)}`,
            });
          }
        });
        res.on('error', (err) => finish({ failure: 'error', message: err.message }));
      },
    );
    arm(ackMs, 'no acknowledgement');
    req.on('error', (err) => finish({ failure: 'unreachable', message: err.message }));
    req.end(text);
  });
}
