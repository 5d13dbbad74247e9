import assert from 'node:assert/strict';
import * as http from 'node:http';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { eventIdOf } from '../../../server/src/lineage/ids';
import type { RunEvent } from '../../../server/src/lineage/openlineage';
import { openFileStore } from '../../../server/src/teamstore/file-store';
import { openPgStore } from '../../../server/src/teamstore/pg-store';
import { startTeamStore, type TeamStore } from '../../../server/src/teamstore/server';
import type { EventStore } from '../../../server/src/teamstore/store';
import { createTestDatabase, makeEvent, queryOne, tmpDir } from './helpers';

const TOKEN = 'api-test-token-0123456789abcdef';

/** Opens a socket; resolves on open, or rejects with the HTTP status of a refused upgrade. */
function connect(url: string, token: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      url,
      token === undefined ? {} : { headers: { Authorization: `Bearer ${token}` } },
    );
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Sends a frame and resolves to the next answer (or the close code). */
function request(ws: WebSocket, frame: string): Promise<Record<string, unknown> | { closed: number }> {
  return new Promise((resolve) => {
    ws.once('message', (d) => resolve(JSON.parse(d.toString()) as Record<string, unknown>));
    ws.once('close', (code) => resolve({ closed: code }));
    ws.send(frame);
  });
}

/** The JSON answers of the query API, as far as these tests read them. */
interface ApiBody {
  store?: string;
  nodes: { type: string; name: string; distance: number }[];
  edges: unknown[];
  events: { id: string }[];
}

function get(port: number, pathAndQuery: string, token?: string): Promise<{ status: number; body: ApiBody }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: pathAndQuery,
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as ApiBody }));
      },
    );
    req.on('error', reject);
  });
}

/** A tiny Marquez-like receiver: records each POSTed body; fails the first `failFirst` requests with 503. */
async function startReceiver(
  failFirst: number,
): Promise<{ url: string; bodies: RunEvent[]; paths: string[]; close: () => Promise<void> }> {
  const bodies: RunEvent[] = [];
  const paths: string[] = [];
  let seen = 0;
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      paths.push(`${req.method} ${req.url}`);
      if (seen++ < failFirst) {
        res.writeHead(503).end();
        return;
      }
      bodies.push(JSON.parse(text) as RunEvent);
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    paths,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

for (const kind of ['file', 'postgresql'] as const) {
  void describe(`team store API (${kind} store)`, { timeout: 60_000 }, () => {
    let server: TeamStore;
    let drop: (() => Promise<void>) | undefined;
    let dbUrl = '';
    let receiver: Awaited<ReturnType<typeof startReceiver>>;

    before(async () => {
      let store: EventStore;
      if (kind === 'postgresql') {
        const db = await createTestDatabase();
        drop = db.drop;
        dbUrl = db.url;
        store = await openPgStore(db.url);
      } else {
        store = (await openFileStore(tmpDir('rg-api-'))).store;
      }
      receiver = await startReceiver(2);
      server = await startTeamStore({
        store,
        token: TOKEN,
        port: 0,
        maxMessageBytes: 64 * 1024,
        rate: { burst: 5, perSecond: 0.1 },
        forward: { baseUrl: receiver.url, retryDelayMs: 10 },
      });
    });
    after(async () => {
      await server.close();
      await receiver.close();
      await drop?.();
    });

    void it('refuses upgrades without or with a wrong token (HTTP 401)', async () => {
      await assert.rejects(connect(server.url, undefined), /HTTP 401/);
      await assert.rejects(connect(server.url, 'wrong-token'), /HTTP 401/);
      await assert.rejects(connect(server.url, `${TOKEN}x`), /HTTP 401/);
    });

    void it('stores events idempotently, rejects invalid ones by index, forwards new ones with retries, and walks lineage', async () => {
      const ws = await connect(server.url, TOKEN);
      // raw.orders → job etl → staging.orders → job report → mart.revenue
      const e1 = makeEvent(1, {
        job: 'etl',
        inputs: ['shop.raw.orders'],
        outputs: ['shop.staging.orders'],
        actor: 'alice',
      });
      const e2 = makeEvent(2, {
        job: 'report',
        inputs: ['shop.staging.orders'],
        outputs: ['shop.mart.revenue'],
        agent: 'claude-code',
        actor: 'bob',
      });
      const bad = { ...makeEvent(3), run: { runId: 'not-a-uuid' } };
      const first = await request(ws, JSON.stringify({ type: 'events', batch: 'b1', events: [e1, bad, e2] }));
      assert.deepEqual(first, {
        type: 'ack',
        batch: 'b1',
        ids: [eventIdOf(e1), eventIdOf(e2)],
        inserted: 2,
        rejected: [{ index: 1, reason: (first as { rejected: { reason: string }[] }).rejected[0]?.reason }],
      });
      assert.match(String((first as { rejected: { reason: string }[] }).rejected[0]?.reason), /runId/);
      const again = await request(ws, JSON.stringify({ type: 'events', batch: 'b2', events: [e2, e1] }));
      assert.equal((again as { inserted: number }).inserted, 0);
      assert.deepEqual((again as { ids: string[] }).ids, [eventIdOf(e2), eventIdOf(e1)]);
      ws.close();

      await server.forwarder?.whenIdle();
      assert.deepEqual(receiver.bodies.map((b) => b.run.runId).sort(), [e1.run.runId, e2.run.runId].sort());
      assert.ok(receiver.paths.every((p) => p === 'POST /api/v1/lineage'));
      assert.equal(receiver.paths.length, 4, 'two 503 answers were retried');

      if (kind === 'postgresql') {
        const row = await queryOne<{ n: string }>(
          dbUrl,
          'SELECT count(*) AS n FROM railguard_lineage_events',
        );
        assert.equal(Number(row?.n), 2);
      }

      const ds = encodeURIComponent('postgres://db.test:5432/shop.raw.orders');
      const down = await get(
        server.port,
        `/api/v1/lineage?dataset=${ds}&direction=downstream&depth=2`,
        TOKEN,
      );
      assert.equal(down.status, 200);
      assert.deepEqual(
        down.body.nodes.map(
          (n: { type: string; name: string; distance: number }) => `${n.distance} ${n.type} ${n.name}`,
        ),
        [
          '0 dataset shop.raw.orders',
          '1 dataset shop.staging.orders',
          '1 job etl',
          '2 dataset shop.mart.revenue',
          '2 job report',
        ],
      );
      const one = await get(server.port, `/api/v1/lineage?dataset=${ds}&direction=downstream&depth=1`, TOKEN);
      assert.equal(one.body.nodes.length, 3);
      const up = await get(
        server.port,
        `/api/v1/lineage?dataset=${encodeURIComponent('postgres://db.test:5432/shop.mart.revenue')}&direction=upstream&depth=5`,
        TOKEN,
      );
      assert.deepEqual(up.body.edges, [
        { from: 'dataset:postgres://db.test:5432/shop.raw.orders', to: 'job:railguard.production/etl' },
        {
          from: 'dataset:postgres://db.test:5432/shop.staging.orders',
          to: 'job:railguard.production/report',
        },
        { from: 'job:railguard.production/etl', to: 'dataset:postgres://db.test:5432/shop.staging.orders' },
        { from: 'job:railguard.production/report', to: 'dataset:postgres://db.test:5432/shop.mart.revenue' },
      ]);

      const byAgent = await get(server.port, '/api/v1/events?agent=claude-code', TOKEN);
      assert.deepEqual(
        byAgent.body.events.map((e: { id: string }) => e.id),
        [eventIdOf(e2)],
      );
      const byActor = await get(server.port, '/api/v1/events?actor=bob', TOKEN);
      assert.deepEqual(
        byActor.body.events.map((e: { id: string }) => e.id),
        [eventIdOf(e2)],
      );
      const since = await get(server.port, `/api/v1/events?since=${encodeURIComponent(e2.eventTime)}`, TOKEN);
      assert.equal(since.body.events.length, 1);
      const until = await get(
        server.port,
        `/api/v1/events?until=${encodeURIComponent(e2.eventTime)}&limit=10`,
        TOKEN,
      );
      assert.deepEqual(
        until.body.events.map((e: { id: string }) => e.id),
        [eventIdOf(e1)],
      );
    });

    void it('guards the HTTP API: healthz is open, the rest needs the token, bad parameters are 400', async () => {
      assert.equal((await get(server.port, '/healthz')).body.store, kind);
      assert.equal((await get(server.port, '/api/v1/events')).status, 401);
      assert.equal((await get(server.port, '/api/v1/events', 'nope')).status, 401);
      assert.equal((await get(server.port, '/api/v1/events?limit=0', TOKEN)).status, 400);
      assert.equal((await get(server.port, '/api/v1/events?since=someday', TOKEN)).status, 400);
      assert.equal((await get(server.port, '/api/v1/lineage?dataset=nope', TOKEN)).status, 400);
      assert.equal(
        (await get(server.port, '/api/v1/lineage?dataset=a/b&direction=sideways', TOKEN)).status,
        400,
      );
      assert.equal((await get(server.port, '/nowhere', TOKEN)).status, 404);
    });

    void it('answers bad frames with errors, closes on oversized messages, rate-limits, and keeps serving', async () => {
      const ws = await connect(server.url, TOKEN);
      for (const frame of ['not json', '[1]', '{"type":"events"}', '{"type":"nope","batch":"x"}']) {
        const r = await request(ws, frame);
        assert.equal((r as { code?: string }).code, 'bad-request', frame);
      }
      // The fifth message of the burst passes; the sixth is refused, retryable.
      const fifth = await request(ws, JSON.stringify({ type: 'events', batch: 'r0', events: [] }));
      assert.equal((fifth as { type?: string }).type, 'ack');
      const limited = await request(ws, JSON.stringify({ type: 'events', batch: 'r1', events: [] }));
      assert.equal((limited as { code?: string }).code, 'rate-limited');
      assert.equal((limited as { batch?: string }).batch, 'r1');
      assert.equal((limited as { retryable?: boolean }).retryable, true);
      const big = await request(
        ws,
        JSON.stringify({ type: 'events', batch: 'big', events: ['x'.repeat(70 * 1024)] }),
      );
      assert.deepEqual(big, { closed: 1009 });
      // A fresh connection still works: the checkpoint message is persisted once.
      const ws2 = await connect(server.url, TOKEN);
      const checkpoint = {
        type: 'checkpoint',
        seq: 10,
        treeSize: 10,
        rootHash: 'ab'.repeat(32),
        hash: 'cd'.repeat(32),
      };
      const cp = await request(
        ws2,
        JSON.stringify({ type: 'checkpoint', batch: 'c1', source: 'laptop-1', checkpoint }),
      );
      assert.equal((cp as { inserted?: number }).inserted, 1);
      ws2.close();
      if (kind === 'postgresql') {
        const row = await queryOne<{ n: string }>(
          dbUrl,
          'SELECT count(*) AS n FROM railguard_audit_checkpoints',
        );
        assert.equal(Number(row?.n), 1);
      }
    });
  });
}
