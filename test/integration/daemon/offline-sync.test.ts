/**
 * Lineage and audit checkpoints survive a team store that is down: the daemon keeps events in the
 * durable outbox across its own restart and delivers them, each exactly once, when the store is
 * back; the newest audit checkpoint is re-sent at start.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyAudit } from '../../../server/src/audit/verify';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths } from '../../../server/src/daemon/paths';
import { request, spawnTeamStore, waitFor, type TeamStoreProcess } from './helpers';

describe('daemon sync while the team store is down', { timeout: 120_000 }, () => {
  let tmp: string;
  let tokenFile: string;
  let store: TeamStoreProcess | undefined;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-offline-'));
    tokenFile = path.join(tmp, 'team-token');
    fs.writeFileSync(tokenFile, `${randomBytes(24).toString('hex')}\n`, { mode: 0o600 });
  });
  after(async () => {
    await store?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const start = async (url: string, logs: string[]): Promise<RunningDaemon> =>
    startDaemon({
      paths: runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') }),
      cwd: tmp,
      watch: false,
      port: false,
      log: (l) => logs.push(l),
      record: {
        auditDir: path.join(tmp, 'audit'),
        outboxDir: path.join(tmp, 'outbox'),
        teamStore: { url, token: fs.readFileSync(tokenFile, 'utf8').trim() },
      },
    });

  it('keeps events across a daemon restart and delivers them once the store is back', async () => {
    const dataDir = path.join(tmp, 'store');
    const first = await spawnTeamStore(dataDir, tokenFile);
    const url = first.url;
    await first.stop();

    const logs: string[] = [];
    const d1 = await start(url, logs);
    const token = fs.readFileSync(d1.paths.token, 'utf8').trim();
    const at = { socket: d1.socket! };
    const r = await request(at, token, 'POST', '/v1/decide', {
      action: { kind: 'shell', text: "psql -h dev-db -c 'insert into audit_log(x) values (1)'" },
      actor: 'agent:claude-code',
    });
    assert.equal(r.json.effect, 'allow', r.text);
    const done = await request(at, token, 'POST', '/v1/executed', {
      decisionId: r.json.decisionId,
      exitCode: 0,
    });
    assert.deepEqual(done.json.events, ['COMPLETE']);
    const health = await request(at, token, 'GET', '/v1/health');
    const lineage = health.json.lineage as { pending: number; teamStore: { state: string } };
    assert.equal(lineage.pending, 2);
    assert.notEqual(lineage.teamStore.state, 'online');
    await d1.close();
    assert.ok(
      logs.some((l) => /kept in the outbox/.test(l)),
      'the undelivered events are reported on close',
    );

    store = await spawnTeamStore(dataDir, tokenFile, Number(new URL(url).port));
    const d2 = await start(url, []);
    try {
      const storeToken = fs.readFileSync(tokenFile, 'utf8').trim();
      const stored = async (): Promise<
        { id: string; event: { eventType: string; run: { runId: string } } }[]
      > =>
        ((await request({ port: store!.port }, storeToken, 'GET', '/api/v1/events?limit=100')).json.events ??
          []) as { id: string; event: { eventType: string; run: { runId: string } } }[];
      assert.ok(
        await waitFor(async () => (await stored()).length >= 2, 20_000),
        'delivered after the restart',
      );
      const events = await stored();
      assert.deepEqual(
        events.map((e) => [e.event.run.runId, e.event.eventType]),
        [
          [r.json.decisionId, 'START'],
          [r.json.decisionId, 'COMPLETE'],
        ],
      );
      const cpFile = path.join(dataDir, 'checkpoints.jsonl');
      assert.ok(
        await waitFor(() => fs.existsSync(cpFile), 10_000),
        'the newest checkpoint is re-sent at start',
      );
      const cp = JSON.parse(fs.readFileSync(cpFile, 'utf8').trim().split('\n')[0]!) as {
        checkpoint: { treeSize: number };
      };
      const verified = await verifyAudit(path.join(tmp, 'audit'));
      assert.equal(verified.ok, true);
      assert.equal(cp.checkpoint.treeSize, verified.records - 1, 'the final checkpoint of the first run');
    } finally {
      await d2.close();
    }
  });
});
