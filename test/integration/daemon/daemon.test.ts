import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApprovalAnswer, ApprovalProvider, ApprovalRequest } from '../../../server/src/daemon/approvals';
import {
  findDaemon,
  isFailure,
  postJson,
  provenHeaders,
  type DaemonTarget,
} from '../../../server/src/daemon/client';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths } from '../../../server/src/daemon/paths';
import { createDecisionServer } from '../../../server/src/daemon/server';

/** Answers approvals from a script: 'approved' / 'rejected', or 'never' (waits for the abort). */
class ScriptedApprover implements ApprovalProvider {
  readonly seen: ApprovalRequest[] = [];
  aborted = 0;
  constructor(private readonly plan: (r: ApprovalRequest) => ApprovalAnswer | 'never') {}
  requestApproval(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalAnswer> {
    this.seen.push(request);
    const a = this.plan(request);
    signal.addEventListener('abort', () => this.aborted++);
    if (a === 'never') return new Promise(() => {});
    return new Promise((resolve) => setTimeout(() => resolve(a), 20));
  }
}

function raw(
  target: { socket?: string; port?: number },
  opts: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        ...(target.socket ? { socketPath: target.socket } : { host: '127.0.0.1', port: target.port }),
        method: opts.method,
        path: opts.path,
        headers: opts.headers ?? {},
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const decide = (text: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  action: { kind: 'shell', text },
  actor: 'agent:claude-code',
  source: 'agent-hook',
  ...extra,
});

async function waitFor(cond: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('railguard daemon over real sockets', () => {
  let tmp: string;
  let ws: string;
  let daemon: RunningDaemon;
  let target: DaemonTarget;
  const approver = new ScriptedApprover((r) =>
    r.action.text.includes('approve_me')
      ? 'approved'
      : r.action.text.includes('expire_me')
        ? 'never'
        : 'rejected',
  );

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-daemon-'));
    ws = path.join(tmp, 'ws');
    fs.mkdirSync(path.join(ws, '.railguard', 'policies'), { recursive: true });
    daemon = await startDaemon({
      paths: runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') }),
      cwd: ws,
      approvals: approver,
      approvalTimeoutMs: 400,
      record: { auditDir: path.join(tmp, 'audit'), outboxDir: path.join(tmp, 'outbox') },
    });
    const t = findDaemon(daemon.paths);
    assert.ok(t, 'endpoint.json and token are written');
    target = t;
  });
  after(async () => {
    await daemon?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('keeps its token, socket and folder private', () => {
    assert.equal(fs.statSync(daemon.paths.dir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(daemon.paths.token).mode & 0o777, 0o600);
    assert.equal(fs.statSync(daemon.socket!).mode & 0o777, 0o600);
    assert.match(fs.readFileSync(daemon.paths.port, 'utf8'), /^\d+\n$/);
    assert.match(fs.readFileSync(daemon.paths.matchers, 'utf8'), /^host\t\*prod\*$/m);
  });

  it('rejects requests without the token or with a wrong one, on the socket and on TCP', async () => {
    for (const at of [{ socket: daemon.socket! }, { port: daemon.port! }]) {
      const body = JSON.stringify(decide('echo ok'));
      assert.equal((await raw(at, { method: 'POST', path: '/v1/decide', body })).status, 401);
      const wrong = { authorization: `Bearer ${'0'.repeat(64)}` };
      assert.equal((await raw(at, { method: 'POST', path: '/v1/decide', headers: wrong, body })).status, 401);
      const short = { 'x-railguard-token': target.token.slice(0, 10) };
      assert.equal((await raw(at, { method: 'GET', path: '/v1/health', headers: short })).status, 401);
      const ok = await raw(at, {
        method: 'GET',
        path: '/v1/health',
        headers: { 'x-railguard-token': target.token },
      });
      assert.equal(ok.status, 200);
      assert.equal((JSON.parse(ok.body) as { ok: boolean }).ok, true);
    }
  });

  it('refuses the bare token on the routes that decide: only a proof of it is accepted there', async () => {
    const bearer = { authorization: `Bearer ${target.token}` };
    const hook = JSON.stringify({
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: 'ls' },
    });
    for (const at of [{ socket: daemon.socket! }, { port: daemon.port! }]) {
      for (const [p, body] of [
        ['/v1/decide', JSON.stringify(decide('echo ok'))],
        ['/v1/decide?ack=1', JSON.stringify(decide('echo ok'))],
        ['/v1/shell', `cwd=${ws}\nactor=\n\necho ok`],
        ['/v1/hooks/claude-code', hook],
      ] as const) {
        const r = await raw(at, { method: 'POST', path: p, headers: bearer, body });
        assert.equal(r.status, 401, `${p} accepted the bare token`);
        assert.match(r.body, /needs a proof of the token/);
        const proven = await raw(at, {
          method: 'POST',
          path: p,
          headers: provenHeaders(target.token, Buffer.from(body)).headers,
          body,
        });
        assert.equal(proven.status, 200, `${p}: ${proven.body}`);
      }
    }
  });

  it('answers concurrent requests each with its own decision', async () => {
    const texts = Array.from({ length: 24 }, (_, i) =>
      i % 3 === 0 ? "psql -h prod-db -c 'DROP TABLE users'" : `echo ${i}`,
    );
    const answers = await Promise.all(texts.map((t) => postJson(target, '/v1/decide', decide(t), 30_000)));
    answers.forEach((a, i) => {
      assert.ok(!isFailure(a), JSON.stringify(a));
      assert.equal(a.effect, i % 3 === 0 ? 'deny' : 'allow', texts[i]);
    });
  });

  it('rejects bad requests with 400 and a message', async () => {
    const body = '{"action":';
    const { headers } = provenHeaders(target.token, Buffer.from(body));
    const bad = await raw({ socket: daemon.socket! }, { method: 'POST', path: '/v1/decide', headers, body });
    assert.equal(bad.status, 400);
    const noText = await postJson(target, '/v1/decide', { action: { kind: 'shell' } }, 5000);
    assert.ok(isFailure(noText));
    assert.match(noText.message, /action\.text/);
  });

  it('waits for the approver on ask: approved ⇒ allow', async () => {
    const a = await postJson(
      target,
      '/v1/decide',
      decide("psql -h prod-db -c 'CREATE INDEX approve_me ON users(email)'"),
      10_000,
    );
    assert.ok(!isFailure(a));
    assert.equal(a.effect, 'allow');
    assert.equal(a.decidedEffect, 'ask');
    assert.equal((a.approval as { status: string }).status, 'approved');
    const seen = approver.seen.find((r) => r.action.text.includes('approve_me'));
    assert.equal(seen?.environment, 'production');
    assert.equal(seen?.actor.name, 'claude-code');
  });

  it('rejected ⇒ deny', async () => {
    const a = await postJson(
      target,
      '/v1/decide',
      decide("psql -h prod-db -c 'CREATE INDEX reject_me ON users(email)'"),
      10_000,
    );
    assert.ok(!isFailure(a));
    assert.equal(a.effect, 'deny');
    assert.equal((a.approval as { status: string }).status, 'rejected');
  });

  it('an unanswered ask expires as rejected and the approver is told to withdraw it', async () => {
    const before = approver.aborted;
    const a = await postJson(
      target,
      '/v1/decide',
      decide("psql -h prod-db -c 'CREATE INDEX expire_me ON users(email)'"),
      10_000,
    );
    assert.ok(!isFailure(a));
    assert.equal(a.effect, 'deny');
    assert.equal((a.approval as { status: string }).status, 'expired');
    assert.ok(approver.aborted > before);
  });

  it('streams pending then the final line to the shell route', async () => {
    const body = `cwd=${ws}\nactor=agent:claude-code\n\npsql -h prod-db -c 'CREATE INDEX approve_me2 ON users(email)'`;
    const r = await raw(
      { port: daemon.port! },
      {
        method: 'POST',
        path: '/v1/shell',
        headers: provenHeaders(target.token, Buffer.from(body)).headers,
        body,
      },
    );
    const lines = r.body
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    assert.equal(lines.length, 2);
    assert.equal(lines[0]?.[0], 'pending');
    assert.deepEqual(lines[1]?.slice(0, 3), ['allow', 'production', 'default/prod-agent-ask-lock']);
  });

  it('answers an agent hook body in the agent format (Claude Code http hook)', async () => {
    const hook = {
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: "psql -h prod-db -c 'DROP TABLE users'" },
    };
    const a = await postJson(target, '/v1/hooks/claude-code', hook, 10_000);
    assert.ok(!isFailure(a));
    assert.equal((a.hookSpecificOutput as { permissionDecision: string }).permissionDecision, 'deny');
  });

  it('hot-reloads a workspace policy written while it runs', async () => {
    const text = "psql -h localhost -c 'DROP TABLE users'";
    const first = await postJson(target, '/v1/decide', decide(text, { actor: 'human:alice' }), 10_000);
    assert.ok(!isFailure(first));
    assert.equal(first.decidedEffect, 'ask'); // (the scripted approver then rejects it)
    fs.writeFileSync(
      path.join(ws, '.railguard', 'policies', 'strict.yaml'),
      [
        'apiVersion: railguard.dev/v1',
        'kind: Policy',
        'metadata: { name: strict }',
        'rules:',
        '  - id: no-data-loss-anywhere',
        '    match: { category: data-loss }',
        '    effect: deny',
        '',
      ].join('\n'),
    );
    const reloaded = await waitFor(async () => {
      const a = await postJson(target, '/v1/decide', decide(text, { actor: 'human:alice' }), 10_000);
      return (
        !isFailure(a) &&
        a.effect === 'deny' &&
        !a.approval &&
        (a.matched as string[]).includes('strict/no-data-loss-anywhere')
      );
    }, 15_000);
    assert.ok(reloaded, 'the new policy decides within the bounded wait');
  });

  it('refuses to start a second daemon on a live socket', async () => {
    await assert.rejects(startDaemon({ paths: daemon.paths, cwd: ws, watch: false }), /already listens/);
  });
});

describe('a daemon without an approver', () => {
  it('answers ask as unavailable at once', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-noapp-'));
    const d = await startDaemon({
      paths: runtimePaths({ RAILGUARD_RUNTIME_DIR: tmp }),
      cwd: tmp,
      watch: false,
      port: false,
      record: false,
    });
    try {
      const server = createDecisionServer({ engine: d.engine, token: 't'.repeat(64) });
      const r = await server.decide({
        action: { kind: 'shell', text: "psql -h prod-db -c 'CREATE INDEX i ON users(email)'" },
        actor: { type: 'agent', name: 'claude-code' },
        env: {},
        hints: {},
        source: 'agent-hook',
      });
      assert.equal(r.json.effect, 'ask');
      assert.equal(r.approval?.status, 'unavailable');
    } finally {
      await d.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
