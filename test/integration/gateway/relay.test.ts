/**
 * The gateway's relay with large results against the real PostgreSQL on 127.0.0.1:5432: messages
 * cut across reads, the client reading slower than the server writes (psql, a process of its
 * own), and the read buffer the gateway reuses between reads (see `connection.ts`): what arrives
 * is byte for byte what a direct connection gets.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { engineDecider } from '../../../server/src/gateway/decider';
import { startGateway, type RunningGateway } from '../../../server/src/gateway/gateway';
import { loadRuntime } from '../../../server/src/cli/runtime';

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const DB = `rg_gwrelay_${process.pid}`;
const hasPsql = spawnSync('psql', ['--version']).status === 0;

/** The SHA-256 of what psql prints for `sql` on `port` (run asynchronously: the gateway is in this process). */
function psqlHash(
  port: number,
  sql: string,
): Promise<{ status: number | null; hash: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn('psql', ['-h', PG.host, '-p', String(port), '-U', PG.user, '-d', DB, '-Atc', sql], {
      env: { ...process.env, CLAUDECODE: '' },
    });
    const h = createHash('sha256');
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => h.update(d));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    p.on('close', (status) => resolve({ status, hash: h.digest('hex'), stderr }));
  });
}

describe('gateway relay of large results (real PostgreSQL)', { timeout: 120_000 }, () => {
  let pgUp = true;
  let gw: RunningGateway | undefined;

  before(async () => {
    const admin = new Client({ ...PG, database: 'postgres' });
    try {
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
      await admin.query(`CREATE DATABASE ${DB}`);
    } catch {
      pgUp = false;
      return;
    } finally {
      await admin.end().catch(() => undefined);
    }
    const c = new Client({ ...PG, database: DB });
    await c.connect();
    await c.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
    // Rows of varied widths, some wider than a 64 KiB read.
    await c.query(
      'INSERT INTO t SELECT g, repeat(md5(g::text), CASE WHEN g % 997 = 0 THEN 4000 ELSE 1 + g % 7 END) FROM generate_series(1, 60000) g',
    );
    await c.end();
    const rt = await loadRuntime({ cwd: __dirname });
    gw = await startGateway({
      listen: { host: '127.0.0.1', port: 0 },
      upstream: { host: PG.host, port: PG.port },
      decider: engineDecider(rt, PG.host, 'development'),
      identify: () => ({ chain: [], user: 'alice' }),
    });
  });

  after(async () => {
    await gw?.close();
    if (!pgUp) return;
    const admin = new Client({ ...PG, database: 'postgres' });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  });

  it('relays a large SELECT and COPY TO STDOUT to psql byte for byte', async (t) => {
    if (!pgUp || !gw) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    if (!hasPsql) return t.skip('psql is not installed');
    const port = gw.port;
    for (const sql of ['SELECT id, v FROM t ORDER BY id', 'COPY t TO STDOUT']) {
      const [through, direct] = await Promise.all([psqlHash(port, sql), psqlHash(PG.port, sql)]);
      assert.equal(through.status, 0, through.stderr);
      assert.equal(through.hash, direct.hash, sql);
    }
  });

  it('relays a large result to node-postgres, simple and extended, as a direct connection does', async (t) => {
    if (!pgUp || !gw) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    const via = new Client({ host: PG.host, port: gw.port, user: PG.user, database: DB });
    const direct = new Client({ ...PG, database: DB });
    await via.connect();
    await direct.connect();
    try {
      const q = 'SELECT id, v FROM t WHERE id % 3 = 0 ORDER BY id';
      const digest = (rows: { id: number; v: string }[]) =>
        createHash('sha256')
          .update(rows.map((r) => `${r.id}:${r.v}`).join('\n'))
          .digest('hex');
      const [a, b] = await Promise.all([via.query(q), direct.query(q)]);
      assert.equal(a.rows.length, 20000);
      assert.equal(digest(a.rows), digest(b.rows));
      const p = { text: 'SELECT id, v FROM t WHERE id > $1 ORDER BY id', values: [100] };
      const [c, d] = await Promise.all([via.query(p), direct.query(p)]);
      assert.equal(digest(c.rows), digest(d.rows));
    } finally {
      await via.end();
      await direct.end();
    }
  });
});
