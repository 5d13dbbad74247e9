import * as http from 'node:http';
import { readEndpoint, readToken, type RuntimePaths } from './paths';
import { clientProof, daemonProofMatches, newNonce } from './proof';

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
 * What a client gets when the answer is not the daemon's: no valid proof of the token for this
 * request (issue 10: whatever listens on the recorded endpoint may be an impostor). Callers treat
 * it as an unreachable daemon: they judge in process or apply the fail rule, never obey it.
 */
const UNPROVEN = 'the answer did not prove it came from the daemon (something else listens on its endpoint?)';

/**
 * The headers that authenticate a request carrying `body` without sending the token: a fresh
 * nonce and the client proof (`proof.ts`), and the nonce to check the answer's proof with.
 */
export function provenHeaders(
  token: string,
  body: Buffer,
): { nonce: string; headers: Record<string, string> } {
  const nonce = newNonce();
  return {
    nonce,
    headers: { 'x-railguard-nonce': nonce, 'x-railguard-proof': clientProof(token, nonce, body) },
  };
}

/**
 * True when the answer's `X-Railguard-Answer-Proof` header is the daemon's proof of `answer`
 * (`ROUTE STATUS:BODY`) for the request made with `nonce` (`proof.ts`).
 */
function headerProves(res: http.IncomingMessage, token: string, nonce: string, answer: string): boolean {
  const proof = res.headers['x-railguard-answer-proof'];
  return daemonProofMatches(token, nonce, answer, typeof proof === 'string' ? proof : undefined);
}

/**
 * Sends a JSON request (POST with `body`, or GET when `body` is undefined) to the daemon and parses
 * the JSON answer; never throws. The request proves the token (nonce + proof, never the token
 * itself) and the answer is obeyed only with the daemon's proof (`X-Railguard-Answer-Proof`, see
 * `proof.ts`): without it the result is an `unreachable` failure. `timeoutMs` bounds the whole
 * exchange (connect + answer). Non-2xx proven answers are `error` with the daemon's message; 503
 * is `busy`. `signal` aborting closes the request (the daemon ends an approval wait as
 * `cancelled`) and resolves to an `error` failure.
 */
export function requestJson(
  target: DaemonTarget,
  path: string,
  body: unknown,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Record<string, unknown> | DaemonFailure> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve({ failure: 'error', message: 'cancelled by the caller' });
    const payload = Buffer.from(body === undefined ? '' : JSON.stringify(body), 'utf8');
    const { nonce, headers } = provenHeaders(target.token, payload);
    const req = http.request(
      {
        method: body === undefined ? 'GET' : 'POST',
        path,
        ...(target.socket ? { socketPath: target.socket } : { host: '127.0.0.1', port: target.port }),
        headers: {
          ...headers,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          'content-length': payload.length,
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          const status = res.statusCode ?? 500;
          const text = Buffer.concat(chunks).toString('utf8');
          if (!headerProves(res, target.token, nonce, `${path} ${status}:${text}`)) {
            if (status === 503) resolve({ failure: 'busy', message: 'the daemon is saturated (503)' });
            else resolve({ failure: 'unreachable', message: `${UNPROVEN} (status ${status})` });
            return;
          }
          try {
            const v: unknown = JSON.parse(text);
            if (typeof v !== 'object' || v === null) throw new Error('not an object');
            const o = v as Record<string, unknown>;
            if (status >= 300) resolve({ failure: 'error', message: String(o.error ?? status) });
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
    req.end(payload);
  });
}

/** POSTs JSON to the daemon: {@link requestJson} with a body (and `signal`, see there). */
export function postJson(
  target: DaemonTarget,
  path: string,
  body: unknown,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Record<string, unknown> | DaemonFailure> {
  return requestJson(target, path, body ?? null, timeoutMs, signal);
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
 * `ackMs + approvalMs`. The request proves the token (never sends it) and every line must carry
 * the daemon's proof for this request (`<TAB>PROOF`, see `proof.ts`): a `pending` or a decision
 * without it is an `unreachable` failure at once (an impostor can neither allow nor stretch the
 * wait). Never throws: `timeout` (no acknowledgement / no decision in time), `busy` (503: the
 * daemon is saturated), `unreachable` (nothing listens, or the answer is not the daemon's), or
 * `error` (refused, bad answer).
 */
export function decideAcked(
  target: DaemonTarget,
  body: unknown,
  ackMs: number,
  approvalMs: number,
): Promise<Record<string, unknown> | DaemonFailure> {
  return new Promise((resolve) => {
    const path = '/v1/decide?ack=1';
    const payload = Buffer.from(JSON.stringify(body), 'utf8');
    const { nonce, headers } = provenHeaders(target.token, payload);
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
    /** The text of a proven line (`TEXT<TAB>PROOF`), or undefined when its proof is not the daemon's. */
    const proven = (line: string): string | undefined => {
      const tab = line.lastIndexOf('\t');
      if (tab < 0) return undefined;
      const text = line.slice(0, tab);
      return daemonProofMatches(target.token, nonce, `${path} ${text}`, line.slice(tab + 1))
        ? text
        : undefined;
    };
    const unproven = (): void => finish({ failure: 'unreachable', message: UNPROVEN });
    const req = http.request(
      {
        method: 'POST',
        path,
        ...(target.socket ? { socketPath: target.socket } : { host: '127.0.0.1', port: target.port }),
        headers: { ...headers, 'content-type': 'application/json', 'content-length': payload.length },
      },
      (res) => {
        const status = res.statusCode ?? 500;
        let buf = '';
        let pending = false;
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          buf += c;
          if (status !== 200 || pending) return;
          const nl = buf.indexOf('\n');
          if (nl < 0 || !buf.startsWith('pending')) return;
          if (proven(buf.slice(0, nl)) !== 'pending') return unproven();
          pending = true;
          buf = buf.slice(nl + 1);
          arm(approvalMs + ackMs, 'no answer to the approval request');
        });
        res.on('end', () => {
          if (status === 503) return finish({ failure: 'busy', message: 'the daemon is saturated (503)' });
          if (status !== 200) {
            // Refusals come as JSON with the proof in a header (a stale token gets none).
            if (!headerProves(res, target.token, nonce, `${path} ${status}:${buf}`))
              return finish({ failure: 'unreachable', message: `${UNPROVEN} (status ${status})` });
          }
          const text = status === 200 ? proven(buf.replace(/\n$/, '')) : buf;
          if (text === undefined) return unproven();
          try {
            const v: unknown = JSON.parse(text);
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
    req.end(payload);
  });
}
