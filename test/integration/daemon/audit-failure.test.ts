/**
 * What the daemon does when its audit log cannot be written (see `daemon/recorder.ts`,
 * `AuditFailureMode`): the failure is logged and shown by `/v1/health`, and in the default
 * `production` mode production actions are denied while elsewhere `allow` becomes `warn`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyAudit } from '../../../server/src/audit/verify';
import { maskerWith, type Masker } from '../../../server/src/core/mask/masker';
import { createDecisionEngine, type DecisionEngine } from '../../../server/src/daemon/engine';
import { startDaemon } from '../../../server/src/daemon/host';
import { runtimePaths } from '../../../server/src/daemon/paths';
import type { DecideRequest } from '../../../server/src/daemon/protocol';
import { openRecorder, type AuditFailureMode } from '../../../server/src/daemon/recorder';
import { createDecisionServer } from '../../../server/src/daemon/server';
import { request, waitFor } from './helpers';

const PROD_READ = "psql -h prod-db -c 'select 1'";
const DEV = 'git status --short';
const DROP = "psql -h prod-db -c 'DROP TABLE users'";

const req = (text: string): DecideRequest => ({
  action: { kind: 'shell', text },
  actor: { type: 'agent', name: 'claude-code' },
  env: {},
  hints: {},
  source: 'agent-hook',
});

describe('audit failure', { timeout: 60_000 }, () => {
  let tmp: string;
  let engine: DecisionEngine;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-auditfail-'));
    engine = await createDecisionEngine({ cwd: tmp, watch: false });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('an audit folder that cannot be opened is logged, shown by /v1/health and blocks production', async () => {
    const notADir = path.join(tmp, 'file');
    fs.writeFileSync(notADir, 'x');
    const logged: string[] = [];
    const d = await startDaemon({
      paths: runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') }),
      engine,
      port: false,
      log: (l) => logged.push(l),
      record: { auditDir: path.join(notADir, 'audit'), outboxDir: false },
    });
    try {
      const token = fs.readFileSync(d.paths.token, 'utf8').trim();
      const at = { socket: d.socket! };
      const health = await request(at, token, 'GET', '/v1/health');
      const audit = health.json.audit as { ok: boolean; lastError: string; failureMode: string };
      assert.equal(audit.ok, false);
      assert.match(audit.lastError, /cannot open the audit log/);
      assert.equal(audit.failureMode, 'production');
      assert.ok(logged.some((l) => /cannot open the audit log/.test(l)));
      const decide = async (text: string): Promise<Record<string, unknown>> =>
        (
          await request(at, token, 'POST', '/v1/decide', {
            action: { kind: 'shell', text },
            actor: 'agent:claude-code',
          })
        ).json;
      const prod = await decide(PROD_READ);
      assert.equal(prod.effect, 'deny');
      assert.match(String(prod.reason), /audit log is failing/);
      const dev = await decide(DEV);
      assert.equal(dev.effect, 'warn');
      assert.match(String(dev.reason), /not audited/);
      const drop = await decide(DROP);
      assert.equal(drop.effect, 'deny');
      assert.doesNotMatch(String(drop.reason), /audit/, 'an existing deny keeps its own reason');
    } finally {
      await d.close();
    }
  });

  for (const [mode, prodEffect, devEffect] of [
    ['closed', 'deny', 'deny'],
    ['open', 'allow', 'allow'],
  ] as [AuditFailureMode, string, string][]) {
    it(`mode ${mode}: production ⇒ ${prodEffect}, elsewhere ⇒ ${devEffect}`, async () => {
      const recorder = await openRecorder({ auditDir: false, outboxDir: false, auditFailure: mode });
      const server = createDecisionServer({ engine, token: 't'.repeat(64), recorder });
      try {
        assert.equal((await server.decide(req(PROD_READ))).json.effect, prodEffect);
        assert.equal((await server.decide(req(DEV))).json.effect, devEffect);
      } finally {
        await recorder.close();
      }
    });
  }

  it('an append that fails gates later decisions until an append succeeds again', async () => {
    const plain = maskerWith(async () => []);
    const masker: Masker = {
      mask: (text) => (text.includes('boom') ? Promise.reject(new Error('disk full')) : plain.mask(text)),
      maskSync: (text) => plain.maskSync(text),
    };
    const logged: string[] = [];
    const recorder = await openRecorder({
      auditDir: path.join(tmp, 'audit-mid'),
      outboxDir: false,
      masker,
      deferred: { quietMs: 0 },
      log: (l) => logged.push(l),
    });
    const server = createDecisionServer({ engine, token: 't'.repeat(64), recorder });
    const auditOk = (): boolean => (recorder.health().audit as { ok: boolean }).ok;
    try {
      assert.equal((await server.decide(req(PROD_READ))).json.effect, 'allow');
      await server.decide(req('echo boom'));
      assert.ok(await waitFor(() => !auditOk(), 5000), 'the failed append is noticed');
      assert.ok(logged.some((l) => /audit append failed: disk full/.test(l)));
      assert.equal((await server.decide(req(PROD_READ))).json.effect, 'deny');
      assert.ok(await waitFor(() => auditOk(), 5000), 'the next append succeeds');
      assert.equal((await server.decide(req(PROD_READ))).json.effect, 'allow');
    } finally {
      await recorder.close();
    }
  });

  it('waits for an audit log locked by a stopping daemon: answers at once, spooled, then appended', async () => {
    const dir = path.join(tmp, 'audit-locked');
    fs.mkdirSync(dir, { recursive: true });
    const lock = path.join(dir, 'audit.lock');
    // A live process of this host (our parent) holds the lock, as a daemon that is stopping would.
    fs.writeFileSync(
      lock,
      JSON.stringify({ pid: process.ppid, host: os.hostname(), time: new Date().toISOString() }),
    );
    const logged: string[] = [];
    const recorder = await openRecorder({
      auditDir: dir,
      spoolDir: path.join(tmp, 'spool-locked'),
      outboxDir: false,
      lockWaitMs: 10_000,
      log: (l) => logged.push(l),
    });
    const server = createDecisionServer({ engine, token: 't'.repeat(64), recorder });
    try {
      const health = recorder.health().audit as { ok: boolean; opening?: boolean };
      assert.deepEqual([health.ok, health.opening], [true, true]);
      assert.ok(logged.some((l) => /locked by pid/.test(l)));
      const d = await server.decide(req(PROD_READ));
      assert.equal(d.json.effect, 'allow', 'not gated while the lock is awaited');
      fs.rmSync(lock);
      assert.ok(await waitFor(() => (recorder.health().audit as { appended: number }).appended === 1, 8000));
    } finally {
      await recorder.close();
    }
    const v = await verifyAudit(dir);
    assert.equal(v.ok, true);
  });

  it('a lock that is never released becomes an audit failure', async () => {
    const dir = path.join(tmp, 'audit-held');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'audit.lock'),
      JSON.stringify({ pid: process.ppid, host: os.hostname(), time: new Date().toISOString() }),
    );
    const recorder = await openRecorder({ auditDir: dir, outboxDir: false, lockWaitMs: 300 });
    const server = createDecisionServer({ engine, token: 't'.repeat(64), recorder });
    try {
      assert.ok(await waitFor(() => !(recorder.health().audit as { ok: boolean }).ok, 5000));
      assert.equal((await server.decide(req(PROD_READ))).json.effect, 'deny');
    } finally {
      await recorder.close();
    }
  });
});
