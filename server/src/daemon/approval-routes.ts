import type * as http from 'node:http';
import type { ApprovalQueue, QueueEvent } from './approval-queue';
import { BadRequestError } from './protocol';
import { parseTtyAnswer, type TtyApprovals } from './tty-approvals';

/**
 * The daemon's approval routes (issue 12), mounted by `server.ts` behind its authentication:
 * - `GET /v1/approvals` ⇒ `{ pending: PendingAsk[], attached }`: the asks waiting in the queue
 *   (texts masked) and whether a `railguard approvals` session is attached;
 * - `GET /v1/approvals/watch` ⇒ `application/x-ndjson`, one {@link QueueEvent} per line, for as
 *   long as the connection stays open: the asks pending now, then each new or resolved one. While
 *   it is open the session is an approver: agents' asks wait for it instead of being `unavailable`;
 * - `POST /v1/approvals/answer` `{ id, answer: "approved"|"rejected", user }` ⇒ `{ id, answer }`,
 *   404 when no such ask is pending; the audit record names `human:USER via railguard approvals`;
 * - `POST /v1/shell/answer` (nonce-proof authentication only, as the bash hook sends it):
 *   `request=NONCE` and `answer=yes|no|timeout` lines answering that request's TTY prompt
 *   (`tty-approvals.ts`) ⇒ `ok`, 404 when that request is not waiting for its terminal.
 * The policy denies agents all of them (control rule `control-cli-disable`: `railguard approvals`
 * and HTTP requests to these paths), and the token they need is a protected secret.
 */
export interface ApprovalRoutes {
  queue: ApprovalQueue;
  ttys: TtyApprovals;
}

/** The paths {@link handleApprovalRoute} serves. */
export const APPROVAL_PATHS: readonly string[] = [
  '/v1/approvals',
  '/v1/approvals/watch',
  '/v1/approvals/answer',
  '/v1/shell/answer',
];

/** A user name as an approver may be named (`alice`, `a.b@corp`), at most 64 characters. */
const USER = /^[\w.@-]{1,64}$/;

/**
 * Serves one approval route (see {@link ApprovalRoutes}); `body` reads the request body, `proved`
 * says whether the request authenticated with a nonce proof (required for `/v1/shell/answer`),
 * `send` answers JSON (the server's, which adds its answer proof to a proven request).
 * @throws BadRequestError for a malformed body.
 */
export async function handleApprovalRoute(
  routes: ApprovalRoutes,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  path: string,
  body: () => Promise<string>,
  proved: boolean,
  send: (status: number, value: unknown) => void = (status, value) => json(res, status, value),
): Promise<void> {
  const route = `${req.method ?? ''} ${path}`;
  if (route === 'GET /v1/approvals') {
    return send(200, { pending: routes.queue.list(), attached: routes.queue.attached() });
  }
  if (route === 'GET /v1/approvals/watch') {
    // The request is read to its end (which stops the daemon's request deadline) and the headers
    // go out at once: the session knows it is attached before any ask arrives.
    req.resume();
    res.writeHead(200, { 'content-type': 'application/x-ndjson', connection: 'close' });
    res.flushHeaders();
    const send = (e: QueueEvent): void => {
      res.write(JSON.stringify(e) + '\n');
    };
    const detach = routes.queue.watch(send);
    res.once('close', detach);
    return;
  }
  if (route === 'POST /v1/approvals/answer') {
    const o = parseObject(await body());
    const { id, answer, user } = o;
    if (typeof id !== 'string' || id === '') throw new BadRequestError('"id" must be a pending ask\'s id');
    if (answer !== 'approved' && answer !== 'rejected')
      throw new BadRequestError('"answer" must be "approved" or "rejected"');
    if (typeof user !== 'string' || !USER.test(user))
      throw new BadRequestError('"user" must be a user name (letters, digits, . _ @ -)');
    const ok = routes.queue.answer(id, answer, `human:${user} via railguard approvals`);
    return ok ? send(200, { id, answer }) : send(404, { error: `no pending ask ${id}` });
  }
  if (route === 'POST /v1/shell/answer') {
    if (!proved) return send(401, { error: 'a terminal answer needs the nonce proof' });
    const a = parseTtyAnswer(await body());
    if (!a) throw new BadRequestError('expected request=NONCE and answer=yes|no|timeout lines');
    const ok = routes.ttys.answer(a);
    res.writeHead(ok ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
    res.end(ok ? 'ok\n' : 'no prompt is waiting for this request\n');
    return;
  }
  send(404, { error: `no route ${route}` });
}

function parseObject(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new BadRequestError('the body is not valid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new BadRequestError('expected a JSON object');
  return v as Record<string, unknown>;
}

function json(res: http.ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
