import { randomUUID } from 'node:crypto';
import { chmodSync } from 'node:fs';
import * as http from 'node:http';
import { decisionJson } from '../runtime/decision-json';
import type { Judgement } from '../core/judge';
import { formatActor } from '../core/policy/actor';
import { adapterFor, type HookAnswer } from '../hooks/agents';
import { hookRequest, verdictOf } from '../hooks/verdict';
import { ApprovalQueue } from './approval-queue';
import { APPROVAL_PATHS, handleApprovalRoute } from './approval-routes';
import { awaitApprovalOutcome, type ApprovalProvider, type ApprovalStatus } from './approvals';
import type { ServedDecision } from './audit-record';
import { withBlastRadius } from './blast-radius';
import type { DecisionEngine } from './engine';
import { authenticate } from './auth';
import type { DeploymentInfo } from './deployment';
import { daemonProof, jsonAnswerProof, NonceLog } from './proof';
import {
  BadRequestError,
  parseDecideRequest,
  parseExecutedReport,
  parseMetaBody,
  parseShellRequest,
  type DecideRequest,
} from './protocol';
import type { DecisionRecorder } from './recorder';
import {
  capConnections,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  parseJson,
  readBody,
  safeJson,
  sendJson,
  TooLarge,
} from './http-io';
import { pickApprover, TtyApprovals, ttyKey } from './tty-approvals';

/** Options of {@link createDecisionServer}. */
export interface DecisionServerOptions {
  engine: DecisionEngine;
  /** The token every request must prove (see `proof.ts`; sent bare only on the status and report routes). */
  token: string;
  /**
   * Who answers `ask` (the editor); without one, a human's terminal that offers a prompt, then an
   * attached `railguard approvals` session; none ⇒ `unavailable` (see `tty-approvals.ts`).
   */
  approvals?: ApprovalProvider;
  /** The queue `railguard approvals` sessions answer (default: a new one). */
  approvalQueue?: ApprovalQueue;
  /** How long an `ask` waits before it expires as rejected, ms (default 120 000). */
  approvalTimeoutMs?: number;
  /** Largest request body accepted, bytes (default 2 MiB); larger ⇒ 413. */
  maxBodyBytes?: number;
  /**
   * Audit + lineage of every decision served (see `recorder.ts`); `startDaemon` opens one by
   * default. Without one nothing is recorded and `/v1/executed` answers 404.
   */
  recorder?: DecisionRecorder;
  /**
   * Connections served at once per listener (default 256); one more is answered `503` at once
   * and closed, so clients apply the fail rule instead of waiting in the accept queue.
   */
  maxConnections?: number;
  /** Time a client has to send the request headers, ms (default 2000); then the connection is closed. */
  headersTimeoutMs?: number;
  /** Time a client has to send the whole request (headers + body), ms (default 10 000); then `408`. */
  requestTimeoutMs?: number;
  /** The daemon's deployment for `/v1/health` (`deployment`; see `deployment.ts`), computed per call. */
  deployment?: () => DeploymentInfo;
}

/** One decision as the daemon answers it: the judgement, its JSON, and the approval if asked. */
export interface DaemonDecision {
  /** Random UUID: the audit record's `decisionId`, the lineage run id, the approval id. */
  decisionId: string;
  judgement: Judgement;
  /** The answer: `decisionJson` + `decisionId` (+ `approval`, `audit` when they apply). */
  json: Record<string, unknown>;
  approval?: { id: string; status: ApprovalStatus; approver?: string };
}

/** A decision server not yet bound: `handler` can be mounted on any `http.Server`. */
export interface DecisionServer {
  handler: http.RequestListener;
  /**
   * Judges (and for `ask`, waits for approval); `onPending` fires before the wait (not for a
   * terminal prompt, whose provider `tty` streams its own line); `cancel` ends the wait as
   * `cancelled` (denied) when the requester goes away.
   */
  decide(
    request: DecideRequest,
    onPending?: (d: DaemonDecision) => void,
    cancel?: AbortSignal,
    tty?: ApprovalProvider,
  ): Promise<DaemonDecision>;
  /** Binds a Unix socket (mode 0600) and/or loopback TCP; resolves to the bound addresses. */
  listen(at: { socket?: string; port?: number; host?: string }): Promise<{ socket?: string; port?: number }>;
  close(): Promise<void>;
}

const DEFAULT_APPROVAL_MS = 120_000;

/**
 * The daemon's HTTP API (HTTP/1.0 and 1.1; every route needs the token, else 401):
 * - `GET /v1/health` ⇒ `{ ok, pid, policySetHash, policies, audit: { ok, dir, lastError?… }, lineage,
 *   deployment? }` (`deployment`: user, clients' group, protected folders, policy tiers);
 *   `policies` has one `{ ok, root, hash, problems, diagnostics }` per prepared workspace, and
 *   `ok` is false while a policy file of any of them does not load (see `daemon/engine.ts`)
 * - `POST /v1/decide` (JSON, see `protocol.ts`) ⇒ decision JSON with `decisionId` (+ `approval`)
 * - `POST /v1/executed` `{ decisionId, exitCode?, endedAt? }` ⇒ 200 `{ status: enqueued|duplicate|
 *   no-sql }`, 404 for an unknown (or forgotten) decision, 409 for a denied one (recorded anyway)
 * - `POST /v1/shell` (shell hooks' text request) ⇒ `text/plain` lines
 *   `EFFECT<TAB>ENVIRONMENT<TAB>RULE<TAB>REASON`; an `ask` first streams a `pending` line, then
 *   the final line once approved (`allow`), rejected/expired (`deny`) or without approver (`ask`).
 * - `POST /v1/hooks/AGENT` (an agent's own hook JSON, e.g. Claude Code's `http` hook type) ⇒ the
 *   agent's hook answer JSON (see `hooks/agents`). Sent as `text/plain` by the agent hook client
 *   (`hooks/shell/agent-hook.bash`), the body is a {@link parseMetaBody} block (caller's cwd, OS
 *   user, environment) with the hook JSON as payload, and the answer is `text/plain`: an optional
 *   `pending<TAB>REASON` line as soon as an `ask` waits for the editor, then the agent's exit code
 *   on its own line, then the agent's stdout verbatim.
 * - `POST /v1/decide?ack=1`: the same, acknowledged: `text/plain`, a `pending` line as soon as an
 *   ask waits for the approver, then the decision JSON on one line (see `client.ts` `decideAcked`).
 * Bounded loads: at most `maxConnections` connections per listener (more ⇒ `503` at once),
 * headers within `headersTimeoutMs`, the whole request within `requestTimeoutMs`.
 * Authentication: `X-Railguard-Nonce` + `X-Railguard-Proof` proving the token without sending it
 * (every Railguard client); such a request's answers carry the daemon's proof (`proof.ts`: a
 * `<TAB>PROOF` at the end of the shell route's final line, of the agent route's exit-code line and
 * of each line of the acknowledged decide route; the `X-Railguard-Answer-Proof` header on JSON
 * answers). The bare token is accepted only on `GET /v1/health` and `POST /v1/executed`
 * (`auth.ts` `BEARER_ROUTES`); on the routes that decide it is refused (401).
 * Bad input ⇒ 400 with `{ error }`; unknown route ⇒ 404. The language server can host it too.
 * Every decision served (any route, or `decide()` called by a host) gets a `decisionId` and is
 * handed to the recorder after it is answered: one audit record, and lineage when it holds SQL.
 */
export function createDecisionServer(options: DecisionServerOptions): DecisionServer {
  const servers: http.Server[] = [];
  const maxBody = options.maxBodyBytes ?? 2 * 1024 * 1024;
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const nonces = new NonceLog();
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, headersTimeout);
  const approvalMs = options.approvalTimeoutMs ?? DEFAULT_APPROVAL_MS;
  const queue = options.approvalQueue ?? new ApprovalQueue();
  const ttys = new TtyApprovals();

  /**
   * Applies the audit failure mode and records the decision durably before it is answered (no
   * decision without a record: `kill -9` after an answer loses nothing). A record that cannot be
   * written makes the failure mode apply to this very answer.
   */
  const served = async (request: DecideRequest, d: DaemonDecision): Promise<DaemonDecision> => {
    const dec = d.judgement.decision;
    const gated = (json: Record<string, unknown>): Record<string, unknown> => {
      const gate = options.recorder?.gate(dec.environment, String(json.effect));
      return gate
        ? { ...json, effect: gate.effect, reason: `${gate.reason}: ${dec.reason}`, audit: { ok: false } }
        : json;
    };
    const json = gated(d.json);
    const effect = json.effect as ServedDecision['effect'];
    const approval = d.approval ? { status: d.approval.status, approver: d.approval.approver } : undefined;
    const recorded = await options.recorder?.recordDurably({
      decisionId: d.decisionId,
      request,
      judgement: d.judgement,
      effect,
      ...(approval ? { approval } : {}),
      time: new Date(),
    });
    return { ...d, json: recorded === false && json === d.json ? gated(d.json) : json };
  };

  const decide = async (
    request: DecideRequest,
    onPending?: (d: DaemonDecision) => void,
    cancel?: AbortSignal,
    tty?: ApprovalProvider,
  ): Promise<DaemonDecision> => {
    const judgement = withBlastRadius(options.engine.decide(request), request.blastRadius);
    const decisionId = randomUUID();
    const json = { ...decisionJson(judgement), decisionId };
    const d = judgement.decision;
    if (d.effect !== 'ask') return served(request, { decisionId, judgement, json });
    const id = decisionId;
    const wait = Math.min(approvalMs, request.timeoutMs ?? approvalMs);
    const now = Date.now();
    const pending: DaemonDecision = { decisionId, judgement, json, approval: { id, status: 'unavailable' } };
    const approver = pickApprover({ host: options.approvals, queue, tty }, d.actor);
    if (approver && approver.channel !== 'tty') onPending?.(pending);
    const outcome = await awaitApprovalOutcome(
      approver?.provider,
      {
        id,
        action: request.action,
        actor: d.actor,
        environment: d.environment,
        reason: d.reason,
        matched: d.matched.map((m) => `${m.policy}/${m.rule}`),
        source: request.source,
        requestedAt: new Date(now).toISOString(),
        expiresAt: new Date(now + wait).toISOString(),
      },
      wait,
      cancel,
    );
    const { status } = outcome;
    const effect = status === 'approved' ? 'allow' : status === 'unavailable' ? 'ask' : 'deny';
    const approval = { id, status, ...(outcome.approver ? { approver: outcome.approver } : {}) };
    return served(request, {
      decisionId,
      judgement,
      json: { ...json, effect, decidedEffect: d.decidedEffect, approval },
      approval,
    });
  };

  const handler: http.RequestListener = (req, res) => {
    void route(req, res).catch((err: unknown) => failed(res, err));
  };

  const route = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    // A proof of the token bound to a fresh nonce and the body, answered with the daemon's own
    // proof (see `proof.ts`); the bare token only where `auth.ts` allows it.
    const admitted = await authenticate(req, options.token, nonces, () => readBody(req, maxBody));
    if ('refused' in admitted) {
      req.resume();
      sendJson(res, 401, { error: admitted.refused });
      return;
    }
    const { nonce, body: raw } = admitted;
    /** The daemon's proof of `answer` for this request, or '' without a nonce. */
    const prove = (answer: string): string =>
      nonce === undefined ? '' : `\t${daemonProof(options.token, nonce, answer)}`;
    const target = req.url ?? '/';
    /** A JSON answer, with its proof header when the request was proven. */
    const send = (status: number, value: unknown): void =>
      sendJson(res, status, value, (text) =>
        nonce === undefined ? undefined : jsonAnswerProof(options.token, nonce, target, status, text),
      );
    await serve(req, res, raw, nonce, prove, send).catch((err: unknown) => failed(res, err, send));
  };

  /** Answers a failed request: 400 (bad input), 413 (too large), else 500; ends a started answer. */
  const failed = (
    res: http.ServerResponse,
    err: unknown,
    send: (status: number, value: unknown) => void = (status, value) => sendJson(res, status, value),
  ): void => {
    const status = err instanceof BadRequestError ? 400 : err instanceof TooLarge ? 413 : 500;
    if (!res.headersSent) send(status, { error: err instanceof Error ? err.message : String(err) });
    else res.end();
  };

  /** Serves one authenticated request (`raw`: its body when already read for the proof). */
  const serve = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    raw: Buffer | undefined,
    nonce: string | undefined,
    prove: (answer: string) => string,
    send: (status: number, value: unknown) => void,
  ): Promise<void> => {
    const target = req.url ?? '/';
    const url = new URL(target, 'http://daemon');
    if (APPROVAL_PATHS.includes(url.pathname)) {
      const text = async (): Promise<string> => (raw ?? (await readBody(req, maxBody))).toString('utf8');
      return handleApprovalRoute({ queue, ttys }, req, res, url.pathname, text, nonce !== undefined, send);
    }
    if (req.method === 'GET' && url.pathname === '/v1/health') {
      const policies = options.engine.policyHealth?.() ?? [];
      send(200, {
        ok: policies.every((p) => p.ok),
        pid: process.pid,
        policySetHash: options.engine.policies().hash,
        policies,
        ...(options.recorder?.health() ?? { audit: { ok: false, dir: null, lastError: 'no recorder' } }),
        ...(options.deployment ? { deployment: options.deployment() } : {}),
      });
      return;
    }
    if (req.method !== 'POST') return send(404, { error: `no route ${req.method} ${url.pathname}` });
    const body = (raw ?? (await readBody(req, maxBody))).toString('utf8');
    if (url.pathname === '/v1/decide' && url.searchParams.get('ack') === '1') {
      // Acknowledged form (the Node hook client): `pending` as soon as an ask waits for the
      // approver, then the decision JSON on one line; the client bounds the wait for the first line.
      // A proven request gets each line proven: `<TAB>` + the daemon's proof of `TARGET LINE`.
      const request = parseDecideRequest(parseJson(body));
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      const line = (text: string): string => `${text}${prove(`${target} ${text}`)}\n`;
      const final = await decide(request, () => res.write(line('pending')));
      res.end(line(JSON.stringify(final.json)));
    } else if (url.pathname === '/v1/decide') {
      const request = parseDecideRequest(parseJson(body));
      // A caller that goes away (a gateway client cancelled or disconnected) ends an approval wait.
      const gone = new AbortController();
      res.once('close', () => gone.abort());
      send(200, (await decide(request, undefined, gone.signal)).json);
    } else if (url.pathname === '/v1/shell') {
      const request = parseShellRequest(body);
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      // An interactive bash or zsh hook offers a prompt at its terminal (used for a human's ask only).
      const key = ttyKey(body, nonce);
      const tty =
        key !== undefined ? ttys.provider(key, (line) => res.write(line), queue.maskForDisplay) : undefined;
      if (tty && key !== undefined) {
        res.once('close', () => ttys.cancel(key));
        void queue.maskForDisplay(''); // loads the masker ahead of the first prompt (once)
      }
      const final = await decide(request, (p) => res.write(shellLine('pending', p)), undefined, tty);
      const effect = String(final.json.effect);
      res.end(shellLine(effect, final).replace(/\n$/, `${prove(effect)}\n`));
    } else if (url.pathname === '/v1/executed') {
      const report = parseExecutedReport(parseJson(body));
      const outcome = options.recorder ? await options.recorder.executed(report) : { status: 'unknown' };
      const status = outcome.status === 'unknown' ? 404 : outcome.status === 'denied' ? 409 : 200;
      send(status, { decisionId: report.decisionId, ...outcome });
    } else if (url.pathname.startsWith('/v1/hooks/')) {
      const adapter = adapterFor(url.pathname.slice('/v1/hooks/'.length));
      if (!adapter) return send(404, { error: `unknown agent ${url.pathname}` });
      // text/plain: the agent hook client (agent-hook.bash) framing, see the route list above.
      const meta = /^text\/plain\b/i.test(req.headers['content-type'] ?? '')
        ? parseMetaBody(body)
        : undefined;
      const reply = (a: HookAnswer): void => {
        if (!meta) return send(200, JSON.parse(a.stdout || '{}'));
        if (!res.headersSent)
          res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
        res.end(`${a.exitCode}${prove(`${a.exitCode}:${a.stdout}`)}\n${a.stdout}`);
      };
      const parsed = adapter.parse(safeJson(meta ? meta.payload : body));
      if (parsed.kind !== 'command') return reply(adapter.answer(verdictOf(parsed, undefined, adapter)));
      const cwd = parsed.cwd ?? meta?.cwd;
      const request = hookRequest(adapter, { ...parsed, ...(cwd ? { cwd } : {}) }, meta?.env ?? {});
      const final = await decide(request, (p) => {
        if (!meta) return;
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
        res.write(`pending\t${oneLine(p.judgement.decision.reason)}\n`);
      });
      reply(adapter.answer(verdictOf(parsed, final.json, adapter)));
    } else send(404, { error: `no route POST ${url.pathname}` });
  };

  const listen = async (at: {
    socket?: string;
    port?: number;
    host?: string;
  }): Promise<{ socket?: string; port?: number }> => {
    const out: { socket?: string; port?: number } = {};
    const create = (): http.Server => {
      // Node's own headersTimeout/requestTimeout are off: once a request has been read, Node
      // times the connection as waiting for its next request's headers, and closed an answer
      // still waiting for a human's approval after headersTimeout. capConnections bounds the
      // first byte and the whole request itself; the answer may take as long as the approval.
      const s = http.createServer({ headersTimeout: 0, requestTimeout: 0 }, handler);
      capConnections(s, maxConnections, headersTimeout, requestTimeout);
      servers.push(s);
      return s;
    };
    if (at.socket !== undefined) {
      const s = create();
      await new Promise<void>((resolve, reject) =>
        s.once('error', reject).listen(at.socket, () => resolve()),
      );
      chmodSync(at.socket, 0o600);
      out.socket = at.socket;
    }
    if (at.port !== undefined) {
      const s = create();
      await new Promise<void>((resolve, reject) =>
        s.once('error', reject).listen(at.port, at.host ?? '127.0.0.1', () => resolve()),
      );
      const addr = s.address();
      if (addr && typeof addr === 'object') out.port = addr.port;
    }
    return out;
  };

  const close = async (): Promise<void> => {
    await Promise.all(
      servers.splice(0).map(
        (s) =>
          new Promise<void>((resolve) => {
            s.closeAllConnections();
            s.close(() => resolve());
          }),
      ),
    );
  };

  return { handler, decide, listen, close };
}

const oneLine = (s: string): string => s.replace(/[\t\r\n]+/g, ' ');

/** `EFFECT<TAB>ENVIRONMENT<TAB>RULE<TAB>REASON\n` for the shell hooks. */
function shellLine(effect: string, d: DaemonDecision): string {
  const dec = d.judgement.decision;
  const rule = dec.matched[0] ? `${dec.matched[0].policy}/${dec.matched[0].rule}` : '-';
  let reason = typeof d.json.reason === 'string' ? d.json.reason : dec.reason;
  const st = d.approval?.status;
  if (effect !== 'pending' && st) {
    reason =
      st === 'unavailable'
        ? `needs approval but no approver is connected: ${reason}`
        : `${st} (asked as ${formatActor(dec.actor)}): ${reason}`;
  }
  return `${oneLine(effect)}\t${oneLine(dec.environment)}\t${oneLine(rule)}\t${oneLine(reason)}\n`;
}
