import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { openOutbox } from '../../../server/src/lineage/outbox';
import { SyncClient } from '../../../server/src/lineage/sync-client';
import { openFileStore } from '../../../server/src/teamstore/file-store';
import { openPgStore } from '../../../server/src/teamstore/pg-store';
import { startTeamStore, type TeamStore } from '../../../server/src/teamstore/server';
import type { EventStore } from '../../../server/src/teamstore/store';
import { createTestDatabase, makeEvent, queryOne, sleep, tmpDir } from './helpers';

/**
 * THE done criterion: 50 clients × 1,000 events, the store restarted mid-run ⇒ every event stored
 * exactly once. Each client has its own durable outbox and sync client; the store is stopped
 * (connections cut, store closed) once ~20% of the events are acked, and started again on the
 * same port; clients reconnect with backoff and resend what was not acked.
 */

const CLIENTS = 50;
const PER_CLIENT = 1000;
const TOTAL = CLIENTS * PER_CLIENT;
const TOKEN = 'sync-test-token-0123456789abcdef';

async function runScenario(
  openStore: () => Promise<EventStore>,
): Promise<{ ackedAtRestart: number; disconnects: number }> {
  let server: TeamStore = await startTeamStore({
    store: await openStore(),
    token: TOKEN,
    port: 0,
    rate: { burst: 1000, perSecond: 1000 },
  });
  const port = server.port;
  const root = tmpDir('rg-sync-');
  const clients: SyncClient[] = [];
  for (let c = 0; c < CLIENTS; c++) {
    const outbox = await openOutbox(path.join(root, `client-${c}`));
    await outbox.enqueueMany(
      Array.from({ length: PER_CLIENT }, (_, i) =>
        makeEvent(c * PER_CLIENT + i, { agent: `agent-${c % 5}`, job: `job-${c}` }),
      ),
    );
    clients.push(
      new SyncClient({
        url: server.url,
        token: TOKEN,
        outbox,
        batchSize: 250,
        maxInFlight: 2,
        backoff: { initialMs: 50, maxMs: 800 },
      }),
    );
  }
  try {
    for (const c of clients) c.start();
    const acked = (): number => clients.reduce((n, c) => n + c.stats.eventsAcked, 0);
    for (let i = 0; i < 3000 && acked() < TOTAL / 5; i++) await sleep(10);
    const ackedAtRestart = acked();
    await server.close();
    await sleep(200);
    server = await startTeamStore({
      store: await openStore(),
      token: TOKEN,
      port,
      rate: { burst: 1000, perSecond: 1000 },
    });
    await Promise.all(clients.map((c) => c.drained(180_000)));
    return { ackedAtRestart, disconnects: clients.reduce((n, c) => n + c.stats.disconnects, 0) };
  } finally {
    await Promise.all(clients.map((c) => c.stop()));
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

void describe('50 clients × 1,000 events with a store restart mid-run', { timeout: 400_000 }, () => {
  const drops: (() => Promise<void>)[] = [];
  after(async () => {
    for (const d of drops) await d();
  });

  void it('PostgreSQL store: every event stored exactly once', async () => {
    const db = await createTestDatabase();
    drops.push(db.drop);
    const r = await runScenario(() => openPgStore(db.url));
    assert.ok(
      r.ackedAtRestart > 0 && r.ackedAtRestart < TOTAL,
      `restart happened mid-run (${r.ackedAtRestart} acked)`,
    );
    assert.ok(r.disconnects >= CLIENTS, 'every client was disconnected by the restart');
    const row = await queryOne<{ n: string; d: string }>(
      db.url,
      'SELECT count(*) AS n, count(DISTINCT event_id) AS d FROM railguard_lineage_events',
    );
    assert.equal(Number(row?.n), TOTAL);
    assert.equal(Number(row?.d), TOTAL);
    const runs = await queryOne<{ d: string }>(
      db.url,
      'SELECT count(DISTINCT run_id) AS d FROM railguard_lineage_events',
    );
    assert.equal(Number(runs?.d), TOTAL);
  });

  void it('file store: every event stored exactly once', async () => {
    const dir = tmpDir('rg-filestore-');
    const r = await runScenario(async () => (await openFileStore(dir)).store);
    assert.ok(
      r.ackedAtRestart > 0 && r.ackedAtRestart < TOTAL,
      `restart happened mid-run (${r.ackedAtRestart} acked)`,
    );
    const lines = fs.readFileSync(path.join(dir, 'events.jsonl'), 'utf8').trim().split('\n');
    const ids = lines.map((l) => (JSON.parse(l) as { id: string }).id);
    assert.equal(ids.length, TOTAL);
    assert.equal(new Set(ids).size, TOTAL);
    const index = fs.readFileSync(path.join(dir, 'ids.idx'), 'utf8').trim().split('\n');
    assert.equal(new Set(index.map((l) => l.split(' ')[0])).size, TOTAL);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
