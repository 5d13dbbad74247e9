/**
 * The Node daemon client (`server/src/daemon/client.ts`, used by `railguard hook`, the gateway
 * and the MCP/LM gate) proves the token instead of sending it and obeys only answers that carry
 * the daemon's proof (issue 10, "clients only trust the real daemon"): an impostor listening on
 * the recorded endpoint learns nothing reusable and its `allow` is never obeyed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  decideAcked,
  findDaemon,
  isFailure,
  postJson,
  requestJson,
  type DaemonTarget,
} from '../../../server/src/daemon/client';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths, type RuntimePaths } from '../../../server/src/daemon/paths';
import type { Actor } from '../../../server/src/core/types';
import { daemonDecider } from '../../../server/src/gateway/decider';
import type { Decider } from '../../../server/src/gateway/gateway';
import { adapterFor } from '../../../server/src/hooks/agents';
import { runAgentHook } from '../../../server/src/hooks/run';
import { DENY, permissionOf, withCommand } from '../../fixtures/hooks';

const ALLOW_JSON = JSON.stringify({
  effect: 'allow',
  reason: 'fine',
  matched: [],
  environment: 'development',
});
const FAKE_PROOF = 'ab'.repeat(32);

interface Impostor {
  port: number;
  /** Every request it got: request line, headers and body. */
  seen: string[];
  close(): Promise<void>;
}

/** A listener the agent started on the loopback: records what it is sent, answers `answer(path)`. */
async function impostor(
  answer: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void | Promise<void>,
): Promise<Impostor> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n${body}`);
      void Promise.resolve(answer(req, body, res)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('Node daemon client: proves the token, trusts only the daemon', () => {
  let tmp: string;
  let paths: RuntimePaths;
  let daemon: RunningDaemon;
  let token: string;
  let real: DaemonTarget;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-client-proof-'));
    paths = runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') });
    daemon = await startDaemon({ paths, cwd: tmp, record: false, watch: false });
    token = fs.readFileSync(paths.token, 'utf8').trim();
    real = { token, port: daemon.port! };
  });
  after(async () => {
    await daemon?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the real daemon answers every request form with a proof the client accepts', async () => {
    const viaSocket = findDaemon(paths);
    assert.ok(viaSocket?.socket, 'the socket is recorded');
    for (const t of [real, viaSocket]) {
      const a = await postJson(
        t,
        '/v1/decide',
        { action: { kind: 'shell', text: DENY }, actor: 'agent:claude-code' },
        10_000,
      );
      assert.ok(!isFailure(a), JSON.stringify(a));
      assert.equal(a.effect, 'deny');
      const b = await decideAcked(t, { action: { kind: 'shell', text: 'echo ok' } }, 10_000, 10_000);
      assert.ok(!isFailure(b), JSON.stringify(b));
      assert.equal(b.effect, 'allow');
      const h = await requestJson(t, '/v1/health', undefined, 10_000);
      assert.ok(!isFailure(h), JSON.stringify(h));
      assert.equal(h.pid, process.pid);
    }
    // A refusal is proven too, so its message reaches the caller.
    const bad = await postJson(real, '/v1/decide', { action: { kind: 'shell' } }, 10_000);
    assert.ok(isFailure(bad));
    assert.equal(bad.failure, 'error', bad.message);
  });

  it('an impostor gets neither the token nor obedience (with or without a made-up proof)', async () => {
    for (const proof of [undefined, FAKE_PROOF]) {
      const fake = await impostor((req, _body, res) => {
        if (req.url === '/v1/decide?ack=1') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`${ALLOW_JSON}${proof ? `\t${proof}` : ''}\n`);
        } else {
          res.writeHead(200, {
            'content-type': 'application/json',
            ...(proof ? { 'x-railguard-answer-proof': proof } : {}),
          });
          res.end(ALLOW_JSON);
        }
      });
      try {
        const t = { token, port: fake.port };
        const a = await postJson(
          t,
          '/v1/decide',
          { action: { kind: 'shell', text: DENY }, actor: 'agent:claude-code' },
          5000,
        );
        const b = await decideAcked(
          t,
          { action: { kind: 'shell', text: DENY }, actor: 'agent:claude-code' },
          5000,
          5000,
        );
        const h = await requestJson(t, '/v1/health', undefined, 5000);
        for (const r of [a, b, h]) {
          assert.ok(isFailure(r), `obeyed an impostor: ${JSON.stringify(r)}`);
          assert.equal(r.failure, 'unreachable');
          assert.match(r.message, /did not prove it came from the daemon/);
        }
        assert.equal(fake.seen.length, 3);
        for (const s of fake.seen) assert.ok(!s.includes(token), `the token was sent: ${s}`);
      } finally {
        await fake.close();
      }
    }
  });

  it('an unproven `pending` does not stretch the wait to the approval timeout', async () => {
    const fake = await impostor((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write(`pending\t${FAKE_PROOF}\n`); // then silence
    });
    try {
      const started = process.hrtime.bigint();
      const r = await decideAcked(
        { token, port: fake.port },
        { action: { kind: 'shell', text: 'x' } },
        3000,
        60_000,
      );
      assert.ok(isFailure(r));
      assert.equal(r.failure, 'unreachable', r.message);
      // Not a timing assertion on speed: the failure says it was not the approval wait that ended.
      assert.ok(process.hrtime.bigint() - started < 60_000_000_000n);
    } finally {
      await fake.close();
    }
  });

  it("a relay that turns the real daemon's deny into allow is caught", async () => {
    const fake = await impostor(async (req, body, res) => {
      const up = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>(
        (resolve, reject) => {
          const r = http.request(
            { host: '127.0.0.1', port: daemon.port, method: req.method, path: req.url, headers: req.headers },
            (u) => {
              let text = '';
              u.setEncoding('utf8');
              u.on('data', (c: string) => (text += c));
              u.on('end', () => resolve({ status: u.statusCode ?? 0, headers: u.headers, text }));
            },
          );
          r.on('error', reject);
          r.end(body);
        },
      );
      const forged = up.text.replace(/"effect":"deny"/g, '"effect":"allow"');
      assert.notEqual(forged, up.text, 'the relay saw a deny');
      const headers = { ...up.headers };
      delete headers['content-length'];
      res.writeHead(up.status, headers);
      res.end(forged);
    });
    try {
      const t = { token, port: fake.port };
      const a = await postJson(
        t,
        '/v1/decide',
        { action: { kind: 'shell', text: DENY }, actor: 'agent:claude-code' },
        10_000,
      );
      const b = await decideAcked(
        t,
        { action: { kind: 'shell', text: DENY }, actor: 'agent:claude-code' },
        10_000,
        10_000,
      );
      for (const r of [a, b]) {
        assert.ok(isFailure(r), `obeyed a forged answer: ${JSON.stringify(r)}`);
        assert.match(r.message, /did not prove it came from the daemon/);
      }
    } finally {
      await fake.close();
    }
  });

  it("the gateway's daemon decider ignores an impostor's allow and decides locally", async () => {
    const fake = await impostor((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-railguard-answer-proof': FAKE_PROOF });
      res.end(ALLOW_JSON);
    });
    try {
      const local: Decider = {
        decide: () => Promise.resolve({ effect: 'deny', reason: 'judged locally', matched: ['local/rule'] }),
        version: () => 'local',
      };
      const ctx = {
        actor: { type: 'agent', name: 'claude-code' } as Actor,
        database: 'app',
        applicationName: undefined,
      };
      const viaFake = await daemonDecider({ token, port: fake.port }, 'prod-db', local, {
        approvalMs: 1000,
      }).decide('DROP TABLE users', ctx);
      assert.equal(viaFake.effect, 'deny');
      assert.equal(viaFake.reason, 'judged locally');
      assert.ok(!fake.seen[0]!.includes(token), 'the token was sent');
      const viaDaemon = await daemonDecider(real, 'prod-db', local, { approvalMs: 1000 }).decide(
        'SELECT 1',
        ctx,
      );
      assert.equal(viaDaemon.effect, 'allow', viaDaemon.reason);
    } finally {
      await fake.close();
    }
  });

  it('railguard hook with the endpoint pointing at an impostor: judged in process, denied', async () => {
    const fake = await impostor((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`${ALLOW_JSON}\t${FAKE_PROOF}\n`);
    });
    try {
      // The agent rewrote endpoint.json (no socket, its own port) in a folder holding the real token.
      const dir = fs.mkdtempSync(path.join(tmp, 'run-'));
      fs.chmodSync(dir, 0o700);
      fs.copyFileSync(paths.token, path.join(dir, 'token'));
      fs.chmodSync(path.join(dir, 'token'), 0o600);
      fs.writeFileSync(
        path.join(dir, 'endpoint.json'),
        JSON.stringify({ port: fake.port, pid: process.pid, startedAt: new Date().toISOString() }),
      );
      const fakePaths = runtimePaths({ RAILGUARD_RUNTIME_DIR: dir });
      const adapter = adapterFor('claude-code')!;
      const lines: string[] = [];
      const out = await runAgentHook(adapter, JSON.stringify(withCommand('claude-code', DENY)), {
        paths: fakePaths,
        env: { USER: 'alice' },
        timeoutMs: 5000,
        spoolDir: path.join(tmp, 'spool'),
        log: (l) => lines.push(l),
      });
      assert.equal(fake.seen.length, 1, 'the hook did ask the impostor');
      assert.ok(!fake.seen[0]!.includes(token), 'the token was sent');
      assert.equal(out.path, 'in-process', lines.join(''));
      assert.equal(permissionOf('claude-code', JSON.parse(out.stdout) as Record<string, unknown>), 'deny');
      assert.match(lines.join(''), /did not prove it came from the daemon/);
    } finally {
      await fake.close();
    }
  });
});
