import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { eventIdOf, newRunId } from '../../server/src/lineage/ids';
import {
  RAILGUARD_PRODUCER,
  RUN_EVENT_SCHEMA_URL,
  type RunEvent,
} from '../../server/src/lineage/openlineage';
import { openOutbox } from '../../server/src/lineage/outbox';
import { SyncClient } from '../../server/src/lineage/sync-client';
import { openFileStore } from '../../server/src/teamstore/file-store';
import { openPgStore } from '../../server/src/teamstore/pg-store';
import { startTeamStore } from '../../server/src/teamstore/server';
import type { EventStore } from '../../server/src/teamstore/store';

/**
 * Team store ingest throughput, end to end: N clients, each with a durable outbox, sync M events
 * over `ws` (batches of 250) into the store; events/s = N·M / wall time from start to all drained.
 * Also the raw store insert rate (batches of 250 straight into the store, no network).
 * PostgreSQL: `RAILGUARD_TEST_PG` (default postgres://postgres@127.0.0.1:5432), a scratch database.
 */

const PG_BASE = process.env['RAILGUARD_TEST_PG'] ?? 'postgres://postgres@127.0.0.1:5432';
const TOKEN = 'bench-token-0123456789abcdef';

function event(i: number): RunEvent {
  const ns = 'postgres://bench:5432';
  return {
    eventTime: new Date(Date.UTC(2025, 0, 1) + i).toISOString(),
    producer: RAILGUARD_PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA_URL,
    eventType: 'COMPLETE',
    run: { runId: newRunId() },
    job: { namespace: 'railguard.bench', name: `job-${i % 100}` },
    inputs: [{ namespace: ns, name: `db.public.t${i % 50}` }],
    outputs: [{ namespace: ns, name: `db.public.t${(i + 1) % 50}` }],
  };
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: `${PG_BASE}/test` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function endToEnd(
  openStore: () => Promise<EventStore>,
  clients: number,
  perClient: number,
): Promise<number> {
  const server = await startTeamStore({
    store: await openStore(),
    token: TOKEN,
    port: 0,
    rate: { burst: 1000, perSecond: 1000 },
  });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-bench-'));
  const syncs: SyncClient[] = [];
  try {
    for (let c = 0; c < clients; c++) {
      const outbox = await openOutbox(path.join(root, `c${c}`));
      await outbox.enqueueMany(Array.from({ length: perClient }, (_, i) => event(c * perClient + i)));
      syncs.push(new SyncClient({ url: server.url, token: TOKEN, outbox, batchSize: 250, maxInFlight: 2 }));
    }
    const t0 = performance.now();
    for (const s of syncs) s.start();
    await Promise.all(syncs.map((s) => s.drained(300_000)));
    return Math.round((clients * perClient) / ((performance.now() - t0) / 1000));
  } finally {
    await Promise.all(syncs.map((s) => s.stop()));
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function direct(store: EventStore, total: number): Promise<number> {
  const items = Array.from({ length: total }, (_, i) => {
    const e = event(i);
    return { id: eventIdOf(e), event: e };
  });
  const t0 = performance.now();
  for (let i = 0; i < total; i += 250) await store.insertEvents(items.slice(i, i + 250));
  const rate = Math.round(total / ((performance.now() - t0) / 1000));
  await store.close();
  return rate;
}

/** Runs the benchmark; resolves to figures (events per second). */
export async function run(): Promise<Record<string, unknown>> {
  const clients = 20;
  const perClient = 1000;
  const dbName = `rg_bench_${randomBytes(5).toString('hex')}`;
  const dirs: string[] = [];
  const fileDir = (): string => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-bench-fs-'));
    dirs.push(d);
    return d;
  };
  await admin(`CREATE DATABASE ${dbName}`);
  try {
    const url = `${PG_BASE}/${dbName}`;
    const pgDirect = await direct(await openPgStore(url), 20_000);
    await admin(`DROP DATABASE ${dbName} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${dbName}`);
    const pgSync = await endToEnd(() => openPgStore(url), clients, perClient);
    const fileDirect = await direct((await openFileStore(fileDir())).store, 20_000);
    const fsDir = fileDir();
    const fileSync = await endToEnd(async () => (await openFileStore(fsDir)).store, clients, perClient);
    return {
      'teamstore.postgresql.insert.eventsPerSec': pgDirect,
      'teamstore.postgresql.sync.eventsPerSec': pgSync,
      'teamstore.file.insert.eventsPerSec': fileDirect,
      'teamstore.file.sync.eventsPerSec': fileSync,
      'teamstore.sync.setup': `${clients} clients × ${perClient} events over ws, batches of 250`,
    };
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
