/**
 * Audit and lineage of the daemon's decisions over real sockets: a daemon started in process on a
 * Unix socket and an ephemeral loopback port, with a temporary RAILGUARD_HOME, syncing to a real
 * `railguard team-store` process (file store, temporary folder, ephemeral port).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readLog } from '../../../server/src/audit/files';
import type { EventRecord } from '../../../server/src/audit/model';
import { verifyAudit } from '../../../server/src/audit/verify';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths, stateDirs } from '../../../server/src/daemon/paths';
import { PlannedApprover, request, spawnTeamStore, waitFor, type TeamStoreProcess } from './helpers';

/** A random string over `alphabet` (generated secrets: no fixed value a masker could special-case). */
function random(alphabet: string, n: number): string {
  return [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
}
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const AWS_KEY_ID = `AKIA${random(UPPER_DIGITS, 16)}`;
const AWS_SECRET = random(B64, 40);
const DB_PASSWORD = 'S3cretP4ss';
const SECRETS = [DB_PASSWORD, AWS_KEY_ID, AWS_SECRET];

const ALLOWED_SQL = "psql -h dev-db -c 'select id, email from users'";
const ASK_APPROVED = "psql -h prod-db -c 'CREATE INDEX approve_me ON users(email)'";
const ASK_REJECTED = "psql -h prod-db -c 'CREATE INDEX reject_me ON users(email)'";
const DENIED = "psql -h prod-db -c 'DROP TABLE users'";

/** Every file under `dir`, recursively, as text. */
function allText(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

async function events(dir: string): Promise<EventRecord[]> {
  const out: EventRecord[] = [];
  for await (const e of readLog(dir)) if (e.record?.type === 'event') out.push(e.record);
  return out;
}

/** `{ id, event }` lines of the outbox journal (after its header). */
function journal(outbox: string): { id: string; event: { eventType: string; run: { runId: string } } }[] {
  const file = path.join(outbox, 'journal.jsonl');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"event"'))
    .map((l) => JSON.parse(l) as { id: string; event: { eventType: string; run: { runId: string } } });
}

describe('daemon audit and lineage', { timeout: 120_000 }, () => {
  let tmp: string;
  let home: string;
  let daemon: RunningDaemon;
  let store: TeamStoreProcess;
  let token: string;
  const storeDir = (): string => path.join(tmp, 'team-store');
  const at = (): { socket?: string; port?: number } => ({ socket: daemon.socket! });
  const tcp = (): { port?: number } => ({ port: daemon.port! });
  const decide = async (
    text: string,
    extra: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> => {
    const r = await request(at(), token, 'POST', '/v1/decide', {
      action: { kind: 'shell', text },
      actor: { type: 'agent', name: 'claude-code', sessionId: 'sess-1', onBehalfOf: 'alice' },
      source: 'agent-hook',
      ...extra,
    });
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const approver = new PlannedApprover((r) =>
    r.action.text.includes('approve_me') ? { answer: 'approved', approver: 'human:bob' } : 'rejected',
  );
  const answered: string[] = [];

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-record-'));
    home = path.join(tmp, 'home');
    process.env.RAILGUARD_HOME = home;
    const tokenFile = path.join(tmp, 'team-token');
    fs.writeFileSync(tokenFile, `${random(B64, 32)}\n`, { mode: 0o600 });
    store = await spawnTeamStore(storeDir(), tokenFile);
    daemon = await startDaemon({
      paths: runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') }),
      cwd: tmp,
      watch: false,
      approvals: approver,
      approvalTimeoutMs: 2000,
      record: {
        teamStore: { url: store.url, token: fs.readFileSync(tokenFile, 'utf8').trim() },
        checkpointEvery: 5,
        // identity is compared whole below; the machine's git identity is tested in git-identity.test.ts
        gitIdentity: false,
      },
    });
    token = fs.readFileSync(daemon.paths.token, 'utf8').trim();
  });
  after(async () => {
    await daemon?.close();
    await store?.stop();
    delete process.env.RAILGUARD_HOME;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('appends one masked audit record per decision, in order, on every route', async () => {
    const texts = [
      'git status --short',
      `psql postgres://u:${DB_PASSWORD}@prod-db/app -c 'select 1'`,
      `AWS_ACCESS_KEY_ID=${AWS_KEY_ID} AWS_SECRET_ACCESS_KEY=${AWS_SECRET} aws s3 ls`,
      DENIED,
      ALLOWED_SQL,
      'echo one',
      'ls -la',
    ];
    for (const [i, text] of texts.entries()) {
      const r =
        i % 2 === 0
          ? await decide(text)
          : (
              await request(tcp(), token, 'POST', '/v1/decide', {
                action: { kind: 'shell', text },
                actor: 'agent:claude-code',
                source: 'agent-hook',
              })
            ).json;
      assert.match(String(r.decisionId), /^[0-9a-f-]{36}$/);
      answered.push(String(r.decisionId));
    }
    const hook = await request(at(), token, 'POST', '/v1/hooks/claude-code', {
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: `PGPASSWORD=${DB_PASSWORD} psql -h dev-db -c 'select 2'` },
      session_id: 'hook-session',
      cwd: tmp,
    });
    assert.equal(hook.status, 200);
    const shell = await request(
      at(),
      token,
      'POST',
      '/v1/shell',
      `cwd=${tmp}\nactor=human:carol\n\necho from-shell\n`,
    );
    assert.match(shell.text, /^allow\t/);
    const total = texts.length + 2;
    assert.ok(
      await waitFor(async () => (await events(stateDirs().audit)).length >= total, 10_000),
      'the deferred appends land',
    );
    const recs = await events(stateDirs().audit);
    assert.equal(recs.length, total);
    assert.deepEqual(
      recs.slice(0, texts.length).map((r) => r.decisionId),
      answered,
      'records follow the order of the answers and carry their decision ids',
    );
    assert.ok(
      recs.every((r, i) => i === 0 || r.seq > recs[i - 1]!.seq),
      'seqs increase (checkpoints take seqs in between)',
    );
    const denied = recs[3]!;
    assert.equal(denied.outcome.effect, 'deny');
    assert.equal(denied.where.environment, 'production');
    assert.equal(denied.where.target, 'prod-db');
    assert.deepEqual(denied.what.statementKinds, ['DROP TABLE']);
    assert.deepEqual(denied.what.tables, ['users']);
    assert.ok(denied.rules.length > 0 && denied.rules.every((r) => r.includes('/')), 'policy/rule ids');
    assert.ok(denied.controls.length > 0, 'compliance controls of the matched rules');
    assert.equal(denied.policySetHash, daemon.engine.policies().hash);
    assert.deepEqual(recs[0]!.identity, {
      user: 'alice',
      agent: { name: 'claude-code', sessionId: 'sess-1' },
    });
    assert.equal(recs[0]!.source, 'agent-hook');
    assert.equal(recs[0]!.outcome.mode, 'enforce');
    const hookRec = recs[texts.length]!;
    assert.equal(hookRec.identity.agent?.sessionId, 'hook-session');
    assert.equal(hookRec.where.workspace, tmp);
    const shellRec = recs[texts.length + 1]!;
    assert.equal(shellRec.source, 'terminal');
    assert.equal(shellRec.identity.user, 'carol');
    assert.equal(shellRec.what.text, 'echo from-shell');
    assert.ok(recs[1]!.what.masked?.length, 'masking is reported by kind');
  });

  it('records the approval and the approver of an ask', async () => {
    const approved = await decide(ASK_APPROVED);
    assert.equal(approved.effect, 'allow');
    assert.deepEqual(approved.approval, {
      id: approved.decisionId,
      status: 'approved',
      approver: 'human:bob',
    });
    const rejected = await decide(ASK_REJECTED);
    assert.equal(rejected.effect, 'deny');
    assert.ok(
      await waitFor(
        async () => (await events(stateDirs().audit)).some((r) => r.decisionId === rejected.decisionId),
        10_000,
      ),
    );
    const recs = await events(stateDirs().audit);
    const a = recs.find((r) => r.decisionId === approved.decisionId);
    const r = recs.find((x) => x.decisionId === rejected.decisionId);
    assert.deepEqual(a?.outcome, { effect: 'allow', mode: 'enforce', approval: 'approved' });
    assert.equal(a?.identity.approver, 'human:bob');
    assert.deepEqual(r?.outcome, { effect: 'deny', mode: 'enforce', approval: 'rejected' });
    assert.equal(r?.identity.approver, undefined);
  });

  it('enqueues START for allowed or approved SQL and COMPLETE/FAIL when told how it ended', async () => {
    const ok = await decide(ALLOWED_SQL);
    const failing = await decide("psql -h dev-db -c 'update users set name = name where id = 1'");
    const approved = await decide(ASK_APPROVED);
    const plain = await decide('echo no-sql');
    const denied = await decide(DENIED);
    const report = (decisionId: unknown, extra: Record<string, unknown> = {}) =>
      request(tcp(), token, 'POST', '/v1/executed', { decisionId, ...extra });
    const done = await report(ok.decisionId, { exitCode: 0, endedAt: '2025-01-02T03:04:05Z' });
    assert.equal(done.status, 200, done.text);
    assert.deepEqual(done.json.events, ['COMPLETE']);
    assert.deepEqual((await report(failing.decisionId, { exitCode: 3 })).json.events, ['FAIL']);
    assert.deepEqual((await report(approved.decisionId, { exitCode: 0 })).json.events, ['COMPLETE']);
    assert.equal((await report(ok.decisionId, { exitCode: 1 })).json.status, 'duplicate');
    assert.equal((await report(plain.decisionId, { exitCode: 0 })).json.status, 'no-sql');
    assert.equal((await report(denied.decisionId, { exitCode: 0 })).status, 409);
    assert.equal((await report('00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await report('not-a-uuid')).status, 400);
    assert.equal((await report(ok.decisionId, { exitCode: 'zero' })).status, 400);
    const unauth = await request(tcp(), 'x'.repeat(64), 'POST', '/v1/executed', {
      decisionId: ok.decisionId,
    });
    assert.equal(unauth.status, 401);

    const lines = journal(stateDirs().outbox);
    const types = (id: unknown): string[] =>
      lines.filter((l) => l.event.run.runId === id).map((l) => l.event.eventType);
    assert.deepEqual(types(ok.decisionId), ['START', 'COMPLETE']);
    assert.deepEqual(types(failing.decisionId), ['START', 'FAIL']);
    assert.deepEqual(types(approved.decisionId), ['START', 'COMPLETE']);
    assert.deepEqual(types(plain.decisionId), []);
    assert.deepEqual(types(denied.decisionId), []);
    const recs = await events(stateDirs().audit);
    const outcome = recs.filter((r) => r.decisionId === failing.decisionId).map((r) => r.outcome.exitCode);
    assert.deepEqual(outcome, [undefined, 3], 'the decision, then its exit code');
  });

  it('syncs every lineage event to the team store exactly once, and the audit checkpoints', async () => {
    const expected = journal(stateDirs().outbox).map((l) => l.id);
    assert.ok(expected.length >= 6);
    const storeToken = fs.readFileSync(path.join(tmp, 'team-token'), 'utf8').trim();
    const stored = async (): Promise<string[]> => {
      const r = await request({ port: store.port }, storeToken, 'GET', '/api/v1/events?limit=1000');
      return ((r.json.events ?? []) as { id: string }[]).map((e) => e.id);
    };
    assert.ok(await waitFor(async () => (await stored()).length >= expected.length, 15_000), 'events arrive');
    const ids = await stored();
    assert.equal(new Set(ids).size, ids.length, 'no event stored twice');
    assert.deepEqual([...ids].sort(), [...expected].sort());
    const health = await request(at(), token, 'GET', '/v1/health');
    const lineage = health.json.lineage as { pending: number; teamStore: { state: string } };
    assert.equal(lineage.pending, 0);
    assert.equal(lineage.teamStore.state, 'online');
    assert.equal((health.json.audit as { ok: boolean }).ok, true);
  });

  it('flushes on close: the log verifies, the last checkpoint reaches the store, no secret is written', async () => {
    const before = (await events(stateDirs().audit)).length;
    await decide('echo last-before-close');
    await daemon.close();
    const recs = await events(stateDirs().audit);
    assert.equal(recs.length, before + 1, 'the queued record is written by close');
    const v = await verifyAudit(stateDirs().audit);
    assert.equal(v.ok, true, JSON.stringify(v.problems));
    assert.ok(v.checkpoints >= 2);
    const cps = fs
      .readFileSync(path.join(storeDir(), 'checkpoints.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { checkpoint: { treeSize: number; seq: number } }).checkpoint);
    assert.ok(cps.length >= 2, 'periodic and final checkpoints are sent');
    assert.equal(
      Math.max(...cps.map((c) => c.treeSize)),
      v.records - 1,
      'the final checkpoint covers the log',
    );
    const written = allText(home) + allText(storeDir());
    for (const s of SECRETS) assert.ok(!written.includes(s), `${s.slice(0, 4)}… is not written anywhere`);
    assert.ok(written.includes('echo last-before-close'));
  });
});
