/**
 * The gateway's decision cache against the real PostgreSQL on 127.0.0.1:5432, with a decider that
 * counts its calls and whose policy version the test changes (the policy engine itself is tested
 * in `gateway.test.ts`; here only what the cache does with verdicts matters): texts of one shape
 * are judged once, a policy change empties the cache, a verdict decided while the policy changed
 * is not kept, and the cache is bounded (oldest first).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import {
  startGateway,
  type Decider,
  type GatewayVerdict,
  type RunningGateway,
} from '../../../server/src/gateway/gateway';

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };

/** A decider that allows everything as literal-insensitive unless the text is listed in `deny`. */
class CountingDecider implements Decider {
  calls: string[] = [];
  policy = 'v1';
  deny = new Set<string>();
  /** Runs during the next decide, before it answers (a policy reload racing the judging). */
  during: (() => void) | undefined;

  decide(sql: string): Promise<GatewayVerdict> {
    this.calls.push(sql);
    this.during?.();
    this.during = undefined;
    const denied = [...this.deny].some((d) => sql.includes(d));
    return Promise.resolve(
      denied
        ? { effect: 'deny', reason: `denied under ${this.policy}`, matched: ['test/deny'] }
        : { effect: 'allow', reason: 'ok', matched: [], literalInsensitive: true },
    );
  }
  version(): string {
    return this.policy;
  }
}

describe('gateway decision cache (real PostgreSQL)', { timeout: 60_000 }, () => {
  let pgUp = true;
  const gateways: RunningGateway[] = [];

  before(async () => {
    const c = new Client({ ...PG, database: 'postgres' });
    try {
      await c.connect();
    } catch {
      pgUp = false;
    } finally {
      await c.end().catch(() => undefined);
    }
  });
  after(async () => {
    for (const g of gateways) await g.close();
  });

  /** A gateway with `decider` and a client connected through it. */
  const open = async (decider: Decider, cacheSize?: number): Promise<{ gw: RunningGateway; c: Client }> => {
    const gw = await startGateway({
      listen: { host: '127.0.0.1', port: 0 },
      upstream: { host: PG.host, port: PG.port },
      decider,
      identify: () => ({ chain: [], user: 'alice' }),
      ...(cacheSize !== undefined ? { cacheSize } : {}),
    });
    gateways.push(gw);
    const c = new Client({ host: PG.host, port: gw.port, user: PG.user, database: 'postgres' });
    await c.connect();
    return { gw, c };
  };

  it('judges texts that differ only in constants once', async (t) => {
    if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    const d = new CountingDecider();
    const { gw, c } = await open(d);
    try {
      for (const n of [1, 22, 333]) {
        const r = await c.query(`SELECT ${n} = ${n} AS same, 'x${n}' AS s`);
        assert.deepEqual(r.rows, [{ same: true, s: `x${n}` }]);
      }
      assert.equal(d.calls.length, 1, d.calls.join(' | '));
      assert.equal(gw.stats().cacheHits, 2);
      // Another shape is judged again.
      await c.query('SELECT 1 AS other');
      assert.equal(d.calls.length, 2);
    } finally {
      await c.end();
    }
  });

  it('forgets every verdict when the policy changes, so a newly denied statement is refused', async (t) => {
    if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    const d = new CountingDecider();
    const { c } = await open(d);
    try {
      await c.query("SELECT 'secret' AS v");
      await c.query("SELECT 'secret' AS v");
      assert.equal(d.calls.length, 1);
      d.policy = 'v2';
      d.deny.add('secret');
      await assert.rejects(c.query("SELECT 'secret' AS v"), /denied under v2/);
      assert.equal(d.calls.length, 2);
    } finally {
      await c.end();
    }
  });

  it('does not keep a verdict decided while the policy was replaced', async (t) => {
    if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    const d = new CountingDecider();
    const { c } = await open(d);
    try {
      d.during = () => (d.policy = 'v2');
      await c.query('SELECT 7 AS v');
      // The verdict came from v1's judging: the next text of that shape is judged under v2.
      d.deny.add('SELECT');
      await assert.rejects(c.query('SELECT 8 AS v'), /denied under v2/);
      assert.equal(d.calls.length, 2);
    } finally {
      await c.end();
    }
  });

  it('is bounded: the oldest verdict is dropped first', async (t) => {
    if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    const d = new CountingDecider();
    // Each statement is cached twice (exact text and shape): 4 entries hold two statements.
    const { c } = await open(d, 4);
    try {
      for (const sql of ['SELECT 1 AS a', 'SELECT 1 AS b', 'SELECT 1 AS c']) await c.query(sql);
      assert.equal(d.calls.length, 3);
      await c.query('SELECT 1 AS c');
      await c.query('SELECT 1 AS b');
      assert.equal(d.calls.length, 3, 'the two newest are cached');
      await c.query('SELECT 1 AS a');
      assert.equal(d.calls.length, 4, 'the oldest was dropped');
    } finally {
      await c.end();
    }
  });
});
