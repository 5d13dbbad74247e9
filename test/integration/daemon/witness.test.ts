/**
 * Tamper evidence that survives a same-user attacker (issue 10 repros 4 and 7): the daemon sends
 * every checkpoint to the team store, which verifies it against the key registered for the
 * source and countersigns it; `verifyWitnessed` (`railguard audit verify --witness URL`) then
 * catches a rewritten (even re-signed with the local key), truncated, emptied or deleted log.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { loadOrCreateKey } from '../../../server/src/audit/keys';
import { AuditLog } from '../../../server/src/audit/writer';
import { fetchWitness, verifyWitnessed } from '../../../server/src/audit/witness-verify';
import { runDoctor } from '../../../server/src/daemon/doctor';
import { maskerWith } from '../../../server/src/core/mask/masker';
import { startDaemon } from '../../../server/src/daemon/host';
import { runtimePaths } from '../../../server/src/daemon/paths';
import { openFileStore } from '../../../server/src/teamstore/file-store';
import { startTeamStore, type TeamStore } from '../../../server/src/teamstore/server';
import { waitFor } from './helpers';

const TOKEN = 'w'.repeat(32);
const SOURCE = `alice@${os.hostname()}`;

/** Sends one checkpoint frame and resolves to the store's answer. */
function sendCheckpoint(
  url: string,
  source: string,
  checkpoint: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'checkpoint', batch: 'b1', source, checkpoint })));
    ws.on('message', (d) => {
      resolve(JSON.parse(String(d)) as Record<string, unknown>);
      ws.close();
    });
    ws.on('error', reject);
  });
}

describe('the team store witnesses audit checkpoints', () => {
  let tmp: string;
  let store: TeamStore;
  let auditDir: string;
  let keyDir: string;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-witness-'));
    const opened = await openFileStore(path.join(tmp, 'store'));
    store = await startTeamStore({
      store: opened.store,
      token: TOKEN,
      port: 0,
      witnessKey: loadOrCreateKey(path.join(tmp, 'witness')),
    });
    auditDir = path.join(tmp, 'home', 'audit');
    keyDir = path.join(tmp, 'home', 'keys');
    const env = {
      RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run'),
      RAILGUARD_HOME: path.join(tmp, 'home'),
      USER: 'alice',
    };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const daemon = await startDaemon({
        paths: runtimePaths(env),
        cwd: tmp,
        port: false,
        record: {
          outboxDir: path.join(tmp, 'home', 'outbox'),
          teamStore: { url: store.url, token: TOKEN },
          checkpointEvery: 3,
          user: 'alice',
          gitIdentity: false,
        },
      });
      for (let i = 0; i < 10; i++) {
        await daemon.server.decide({
          action: { kind: 'shell', text: `echo witnessed-${i}` },
          env: {},
          hints: {},
          source: 'agent-hook',
        });
      }
      assert.ok(
        await waitFor(
          async () => (await fetchWitness(store.url, SOURCE, TOKEN)).receipts.length >= 3,
          20_000,
        ),
        'checkpoints reached the witness',
      );
      // doctor names the last checkpoint the store acknowledged (the witness of the log).
      const checks = await runDoctor({ paths: runtimePaths(env), env, workspace: tmp, home: tmp });
      const witness = checks.find((c) => c.name === 'witness');
      assert.match(witness?.detail ?? '', /last acknowledged checkpoint: \d+ records \([0-9a-f]{16}…\)/);
      await daemon.close();
    } finally {
      process.env = saved;
    }
    assert.equal(fs.existsSync(path.join(auditDir, 'audit-key.pem')), false, 'the key is not beside the log');
  });
  after(async () => {
    await store?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const copy = (name: string): string => {
    const dir = path.join(tmp, name);
    fs.cpSync(auditDir, dir, { recursive: true });
    return dir;
  };
  const check = async (dir: string): Promise<{ ok: boolean; problems: string[] }> =>
    verifyWitnessed(dir, await fetchWitness(store.url, SOURCE, TOKEN));

  it('the untouched log verifies against the witness', async () => {
    const r = await check(auditDir);
    assert.deepEqual(r.problems, []);
    assert.equal(r.ok, true);
  });

  it('rewritten with the local key: caught', async () => {
    const dir = path.join(tmp, 'rewritten');
    const log = await AuditLog.open(dir, { keyDir, masker: maskerWith(async () => []), checkpointEvery: 3 });
    for (let i = 0; i < 10; i++)
      await log.append({
        what: { kind: 'shell', text: `echo innocent-${i}` },
        where: {},
        source: 'agent-hook',
        outcome: { effect: 'allow', mode: 'enforce' },
        identity: { user: 'alice' },
      } as never);
    await log.close();
    const r = await check(dir);
    assert.equal(r.ok, false);
    assert.match(r.problems.join('\n'), /rewritten/);
  });

  it('truncated, emptied or deleted: caught', async () => {
    const truncated = copy('truncated');
    for (const f of fs.readdirSync(truncated).filter((n) => n.endsWith('.jsonl'))) {
      const lines = fs.readFileSync(path.join(truncated, f), 'utf8').split('\n');
      fs.writeFileSync(path.join(truncated, f), lines.slice(0, 2).join('\n') + '\n');
    }
    const emptied = copy('emptied');
    for (const f of fs.readdirSync(emptied).filter((n) => n.endsWith('.jsonl')))
      fs.writeFileSync(path.join(emptied, f), '');
    const deleted = path.join(tmp, 'deleted');
    for (const dir of [truncated, emptied, deleted]) {
      const r = await check(dir);
      assert.equal(r.ok, false, dir);
      assert.match(r.problems.join('\n'), /missing/, dir);
    }
  });

  it('refuses a checkpoint of the source signed by another key, or unsigned (repro 7)', async () => {
    const other = path.join(tmp, 'other');
    const log = await AuditLog.open(other, { masker: maskerWith(async () => []) });
    await log.append({
      what: { kind: 'shell', text: 'echo forged' },
      where: {},
      source: 'agent-hook',
      outcome: { effect: 'allow', mode: 'enforce' },
      identity: { user: 'alice' },
    } as never);
    const cp = await log.checkpoint();
    const pem = log.publicKeyPem;
    await log.close();
    const forged = await sendCheckpoint(store.url, SOURCE, { ...cp, publicKey: pem });
    assert.equal(forged.type, 'error');
    assert.match(String(forged.message), /registered with another key/);
    const unsigned = await sendCheckpoint(store.url, 'someone-new', {
      ...cp,
      signature: undefined,
      publicKey: pem,
    });
    assert.equal(unsigned.type, 'error');
    const noKey = await sendCheckpoint(store.url, 'someone-else', { ...cp });
    assert.match(String(noKey.message), /no publicKey/);
  });
});
