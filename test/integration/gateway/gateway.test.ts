/**
 * The PostgreSQL gateway against the real PostgreSQL on 127.0.0.1:5432 (trust auth), with real
 * clients: psql (a process of its own, identified through /proc) and node-postgres (simple and
 * extended protocol). Each run creates and drops its own database.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import * as net from 'node:net';
import { Client } from 'pg';
import { FrameReader } from '../../../server/src/gateway/wire';
import { engineDecider } from '../../../server/src/gateway/decider';
import { startGateway, type RunningGateway } from '../../../server/src/gateway/gateway';
import { loadRuntime } from '../../../server/src/cli/runtime';
import { SidePool } from '../../../server/src/gateway/side';
import { maskerWith } from '../../../server/src/core/mask';

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const DB = `rg_gateway_${process.pid}`;
const hasPsql = spawnSync('psql', ['--version']).status === 0;

/**
 * Runs psql without blocking the event loop (the gateway under test runs in this process; a
 * spawnSync would deadlock it). CLAUDECODE is cleared unless `env` sets it.
 */
function psql(
  port: number,
  sql: string,
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', PG.user, '-d', DB, '-Atc', sql], {
      env: { ...process.env, CLAUDECODE: '', ...options.env },
      timeout: 20_000,
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
    p.stdin.end(options.input ?? '');
  });
}

async function admin(sql: string): Promise<void> {
  const c = new Client({ ...PG, database: 'postgres' });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describe('railguard gateway (real PostgreSQL)', { timeout: 60_000 }, () => {
  let real: RunningGateway;
  let asAgent: RunningGateway;
  let dev: RunningGateway;
  let asHuman: RunningGateway;
  const masker = maskerWith(() => Promise.resolve([]));
  let pgUp = true;

  before(async () => {
    try {
      await admin(`DROP DATABASE IF EXISTS ${DB}`);
      await admin(`CREATE DATABASE ${DB}`);
    } catch {
      pgUp = false;
      return;
    }
    const c = new Client({ ...PG, database: DB });
    await c.connect();
    await c.query('CREATE TABLE users (id int PRIMARY KEY, email text, ssn text)');
    await c.query(
      "INSERT INTO users SELECT g, 'u' || g || '@example.com', '123-45-' || g FROM generate_series(1, 50) g",
    );
    await c.query('CREATE TABLE accounts (id int PRIMARY KEY, email text, note text)');
    await c.query(
      "INSERT INTO accounts SELECT g, 'a' || g || '@example.com', 'n' || g FROM generate_series(1, 5000) g",
    );
    await c.query('ANALYZE accounts');
    await c.end();
    const rt = await loadRuntime({ cwd: __dirname });
    const decider = engineDecider(rt, PG.host, 'production');
    const upstream = { host: PG.host, port: PG.port };
    // Who is behind a connection is read from /proc (psql runs as a process of its own).
    real = await startGateway({ listen: { host: '127.0.0.1', port: 0 }, upstream, decider });
    dev = await startGateway({
      listen: { host: '127.0.0.1', port: 0 },
      upstream,
      decider: engineDecider(rt, PG.host, 'development'),
    });
    // node-postgres runs in this test process: it is declared an agent here (and a human below).
    const features = {
      agentSettings: {
        lock_timeout: '3s',
        statement_timeout: '60s',
        idle_in_transaction_session_timeout: '60s',
      },
      side: new SidePool(upstream),
      askOverRows: 1000,
      agentMasking: {
        columns: rt.policies.entries.flatMap((e) =>
          Object.values(e.policy.dataClasses).flatMap((d) => d.columns ?? []),
        ),
        scan: (text: string) => {
          const r = masker.maskSync(text);
          return r.found.length ? r.text : undefined;
        },
      },
    };
    asAgent = await startGateway({
      listen: { host: '127.0.0.1', port: 0 },
      upstream,
      decider,
      identify: () => ({ chain: [], agent: { name: 'claude-code', reason: 'test' }, user: 'alice' }),
      ...features,
    });
    asHuman = await startGateway({
      listen: { host: '127.0.0.1', port: 0 },
      upstream,
      decider,
      identify: () => ({ chain: [], user: 'alice' }),
      ...features,
      side: new SidePool(upstream),
    });
  });

  after(async () => {
    await real?.close();
    await asAgent?.close();
    await dev?.close();
    await asHuman?.close();
    if (pgUp) await admin(`DROP DATABASE IF EXISTS ${DB}`).catch(() => undefined);
  });

  const client = async (gw: RunningGateway): Promise<Client> => {
    const c = new Client({ host: '127.0.0.1', port: gw.port, user: PG.user, database: DB });
    await c.connect();
    return c;
  };

  it('returns the same results as a direct connection (simple and prepared)', async (t) => {
    if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    const direct = new Client({ ...PG, database: DB });
    await direct.connect();
    const via = await client(asHuman);
    try {
      const q = 'SELECT id, email FROM users WHERE id <= 10 ORDER BY id';
      assert.deepEqual((await via.query(q)).rows, (await direct.query(q)).rows);
      const p = { name: 'by_id', text: 'SELECT id, email FROM users WHERE id = $1', values: [7] };
      assert.deepEqual((await via.query(p)).rows, (await direct.query({ ...p, name: 'd' })).rows);
      assert.deepEqual((await via.query({ ...p, values: [8] })).rows, [{ id: 8, email: 'u8@example.com' }]);
    } finally {
      await via.end();
      await direct.end();
    }
  });

  it("refuses an agent's DROP TABLE with SQLSTATE 42501 naming the rule; the table and rows stay, the session goes on", async (t) => {
    if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    const via = await client(asAgent);
    try {
      await assert.rejects(via.query('DROP TABLE users'), (err: { code?: string; message: string }) => {
        assert.equal(err.code, '42501');
        assert.match(err.message, /railguard: denied by default\/prod-agent-no-data-loss/);
        return true;
      });
      assert.equal((await via.query('SELECT count(*)::int AS n FROM users')).rows[0].n, 50);
      // Extended protocol: a refused Parse, with and without parameters.
      await assert.rejects(
        via.query({ text: 'UPDATE users SET email = $1', values: ['x'] }),
        (err: { code?: string; message: string }) =>
          err.code === '42501' && /railguard: denied/.test(err.message),
      );
      await assert.rejects(
        via.query({ text: 'DELETE FROM users', values: [] }),
        (err: { code?: string }) => err.code === '42501',
      );
      assert.equal(
        (await via.query({ text: 'SELECT count(*)::int AS n FROM users', values: [] })).rows[0].n,
        50,
      );
    } finally {
      await via.end();
    }
  });

  it('inside a transaction a refusal marks it failed, as PostgreSQL would', async (t) => {
    if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    const via = await client(asAgent);
    try {
      await via.query('BEGIN');
      await assert.rejects(via.query('TRUNCATE users'), (err: { code?: string }) => err.code === '42501');
      await assert.rejects(via.query('SELECT 1'), (err: { code?: string }) => err.code === '25P02');
      await via.query('ROLLBACK');
      assert.equal((await via.query('SELECT count(*)::int AS n FROM users')).rows[0].n, 50);
    } finally {
      await via.end();
    }
  });

  it('relays COPY in both directions', async (t) => {
    if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    if (!hasPsql) return t.skip('psql is not installed');
    const out = await psql(dev.port, 'COPY (SELECT id FROM users WHERE id <= 3 ORDER BY id) TO STDOUT');
    assert.equal(out.stdout, '1\n2\n3\n', out.stderr);
    const into = await psql(dev.port, 'COPY users (id, email) FROM STDIN', {
      input: '1001\tx@example.com\n1002\ty@example.com\n',
    });
    assert.equal(into.status, 0, into.stderr);
    assert.equal((await psql(dev.port, 'SELECT count(*) FROM users WHERE id > 1000')).stdout.trim(), '2');
    const c = new Client({ ...PG, database: DB });
    await c.connect();
    await c.query('DELETE FROM users WHERE id > 1000');
    await c.end();
  });

  it('judges a process an agent launched as that agent (its environment, through /proc)', async (t) => {
    if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    if (!hasPsql) return t.skip('psql is not installed');
    if (process.platform !== 'linux') return t.skip('/proc is Linux only');
    const run = (env: NodeJS.ProcessEnv) => psql(real.port, 'DELETE FROM users', { env });
    const agent = await run({ CLAUDECODE: '1' });
    assert.notEqual(agent.status, 0);
    assert.match(agent.stderr, /denied by default\/prod-agent-no-data-loss.*agent claude-code/);
    const human = await run({ USER: 'alice' });
    assert.notEqual(human.status, 0, 'a human is asked in production; no approver here, so it is refused');
    assert.match(human.stderr, /needs approval that was not given by default\/prod-human-ask-risky/);
    const c = new Client({ ...PG, database: DB });
    await c.connect();
    const rows = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    assert.equal(rows.rows[0]?.n, 50);
    await c.end();
    assert.ok((real.stats().refused ?? 0) >= 2);
  });

  it("sets an agent session's timeouts before the client's first ReadyForQuery; a human's session keeps the server's", async (t) => {
    if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    const agent = await client(asAgent);
    const human = await client(asHuman);
    const direct = new Client({ ...PG, database: DB });
    await direct.connect();
    try {
      const show = async (c: Client, name: string): Promise<string> =>
        String(Object.values((await c.query(`SHOW ${name}`)).rows[0] as object)[0]);
      assert.equal(await show(agent, 'lock_timeout'), '3s');
      assert.equal(await show(agent, 'statement_timeout'), '1min');
      assert.equal(await show(agent, 'idle_in_transaction_session_timeout'), '1min');
      assert.equal(await show(human, 'lock_timeout'), await show(direct, 'lock_timeout'));
      assert.equal(await show(human, 'statement_timeout'), await show(direct, 'statement_timeout'));
      // An agent cannot undo them (SET, RESET ALL, set_config); a human may change their own session.
      for (const undo of [
        'SET statement_timeout = 0',
        'RESET ALL',
        "SELECT set_config('lock_timeout', '0', false)",
      ])
        await assert.rejects(agent.query(undo), (err: { code?: string; message: string }) => {
          assert.equal(err.code, '42501', undo);
          assert.match(err.message, /gateway\/agent-session-settings/);
          return true;
        });
      assert.equal(await show(agent, 'statement_timeout'), '1min');
      assert.equal(await show(agent, 'lock_timeout'), '3s');
      await human.query('SET lock_timeout = 5000');
      assert.equal(await show(human, 'lock_timeout'), '5s');
      // The session works as usual afterwards (the settings' replies were swallowed, not queued).
      assert.equal((await agent.query({ text: 'SELECT $1::int AS n', values: [5] })).rows[0].n, 5);
    } finally {
      await agent.end();
      await human.end();
      await direct.end();
    }
  });

  it('closes an agent connection whose session settings fail (no unguarded session)', async (t) => {
    if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    const rt = await loadRuntime({ cwd: __dirname });
    const broken = await startGateway({
      listen: { host: '127.0.0.1', port: 0 },
      upstream: { host: PG.host, port: PG.port },
      decider: engineDecider(rt, PG.host, 'production'),
      identify: () => ({ chain: [], agent: { name: 'claude-code', reason: 'test' }, user: 'alice' }),
      agentSettings: { lock_timeout: 'not-a-duration' },
    });
    try {
      const c = new Client({ host: '127.0.0.1', port: broken.port, user: PG.user, database: DB });
      await assert.rejects(c.connect(), /lock_timeout/);
      await c.end().catch(() => undefined);
      // A raw client that ignores the error: the gateway closes, it never sends ReadyForQuery.
      const params = Buffer.from(`user\0${PG.user}\0database\0${DB}\0\0`);
      const startup = Buffer.alloc(8 + params.length);
      startup.writeInt32BE(startup.length, 0);
      startup.writeInt32BE(196608, 4);
      params.copy(startup, 8);
      const got = await new Promise<{ types: string; closed: boolean }>((resolve) => {
        const sock = net.connect(broken.port, '127.0.0.1', () => sock.write(startup));
        const reader = new FrameReader(false);
        let types = '';
        const timer = setTimeout(() => {
          sock.destroy();
          resolve({ types, closed: false });
        }, 3000);
        sock.on(
          'data',
          (d: Buffer) =>
            (types += reader
              .push(d)
              .map((f) => f.type)
              .join('')),
        );
        sock.on('close', () => {
          clearTimeout(timer);
          resolve({ types, closed: true });
        });
        sock.on('error', () => undefined);
      });
      assert.equal(got.closed, true);
      assert.match(got.types, /E$/);
      assert.doesNotMatch(got.types, /Z/);
    } finally {
      await broken.close();
    }
  });

  it('plans a write before it runs: a scoped UPDATE runs, one over the row limit is refused with the estimate; the estimate changes nothing', async (t) => {
    if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    const via = await client(asAgent);
    const direct = new Client({ ...PG, database: DB });
    await direct.connect();
    try {
      const before = (await direct.query("SELECT md5(string_agg(email, ',' ORDER BY id)) AS h FROM accounts"))
        .rows[0].h;
      const scoped = await via.query("UPDATE accounts SET note = 'x1' WHERE id = 1");
      assert.equal(scoped.rowCount, 1);
      await assert.rejects(
        via.query("UPDATE accounts SET email = email WHERE email LIKE '%@%'"),
        (err: { code?: string; message: string }) => {
          assert.equal(err.code, '42501');
          assert.match(
            err.message,
            /gateway\/ask-over-rows: updates ~5,000 of 5,000 rows of public\.accounts/,
          );
          return true;
        },
      );
      // Prepared (extended protocol) too.
      await assert.rejects(
        via.query({ text: 'DELETE FROM accounts WHERE id > 10', values: [] }),
        (err: { code?: string; message: string }) =>
          err.code === '42501' && /deletes ~4,99\d/.test(err.message),
      );
      // DDL: the lock and the table's size go into the reason (asked for an agent in production).
      await assert.rejects(
        via.query('CREATE INDEX ON accounts (note)'),
        (err: { code?: string; message: string }) => {
          assert.equal(err.code, '42501');
          assert.match(err.message, /takes SHARE on accounts \(~5,000 rows, [\d.]+ [kM]B\)/);
          return true;
        },
      );
      const after = (
        await direct.query(
          "SELECT md5(string_agg(email, ',' ORDER BY id)) AS h, count(*)::int AS n FROM accounts",
        )
      ).rows[0];
      assert.equal(after.h, before);
      assert.equal(after.n, 5000);
      // A statement hidden behind EXPLAIN's text cannot run: the side connection refuses two statements.
      const side = new SidePool({ host: PG.host, port: PG.port });
      try {
        assert.equal(
          await side.estimate(PG.user, DB, 'UPDATE accounts SET note = 1; DROP TABLE accounts'),
          undefined,
        );
        assert.equal((await side.estimate(PG.user, DB, 'DELETE FROM accounts WHERE id = 7'))?.rows, 1);
      } finally {
        await side.close();
      }
      assert.equal((await direct.query('SELECT count(*)::int AS n FROM accounts')).rows[0].n, 5000);
      assert.ok((asAgent.stats().estimated ?? 0) >= 3);
    } finally {
      await via.end();
      await direct.end();
    }
  });

  it("masks PII columns and recognized values in an agent's results, not a human's (simple and prepared)", async (t) => {
    if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    const agent = await client(asAgent);
    const human = await client(asHuman);
    try {
      const q = 'SELECT id, email, ssn, length(email) AS len FROM users WHERE id <= 3 ORDER BY id';
      const a = (await agent.query(q)).rows;
      const h = (await human.query(q)).rows;
      assert.deepEqual(h[0], { id: 1, email: 'u1@example.com', ssn: '123-45-1', len: 14 });
      assert.equal(a.length, 3);
      assert.deepEqual(a[0], { id: 1, email: '***', ssn: '***', len: 14 });
      // Extended protocol, and a value of an unclassified column the recognizers flag.
      const p = {
        text: "SELECT id, note, 'mail me: bob@corp.example' AS free FROM accounts WHERE id = $1",
        values: [2],
      };
      assert.deepEqual((await agent.query(p)).rows, [{ id: 2, note: 'n2', free: 'mail me: [PII:email]' }]);
      assert.deepEqual((await human.query(p)).rows, [
        { id: 2, note: 'n2', free: 'mail me: bob@corp.example' },
      ]);
      // A classified column of a non-text type becomes NULL, not invalid bytes.
      const typed = await agent.query({
        text: 'SELECT email::bytea AS email FROM users WHERE id = $1',
        values: [1],
      });
      assert.deepEqual(typed.rows, [{ email: null }]);
      assert.equal((await agent.query('SELECT count(*)::int AS n FROM users')).rows[0].n, 50);
    } finally {
      await agent.end();
      await human.end();
    }
  });
});
