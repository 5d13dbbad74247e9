/**
 * A gateway `ask` reaches the daemon's approver (issue 13): an UPDATE over the gateway's row
 * limit (`gateway/ask-over-rows`) waits for a test approval provider standing in for the editor,
 * which is shown the blast-radius estimate; approved it runs, rejected or unanswered it fails with
 * 42501 naming the rule and the rows stay intact; a client's CancelRequest or disconnect ends the
 * wait (the daemon records it `cancelled`). Real PostgreSQL on 127.0.0.1:5432, a real daemon on a
 * temporary runtime folder, node-postgres as the client (declared an agent).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { loadRuntime } from '../../../server/src/cli/runtime';
import type { ApprovalAnswer, ApprovalRequest } from '../../../server/src/daemon/approvals';
import { findDaemon } from '../../../server/src/daemon/client';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths } from '../../../server/src/daemon/paths';
import { daemonDecider, engineDecider } from '../../../server/src/gateway/decider';
import { startGateway, type RunningGateway } from '../../../server/src/gateway/gateway';
import { SidePool } from '../../../server/src/gateway/side';

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const DB = `rg_gw_approvals_${process.pid}`;
const UPDATE_ALL = "UPDATE accounts SET note = 'touched' WHERE note LIKE 'n%'";

/** What the test approver does with the next request. */
type Behaviour = ApprovalAnswer | 'hang';

/** Every file under `dir`, recursively, as text (the audit log). */
function allText(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

async function admin(sql: string, database = 'postgres'): Promise<unknown[]> {
  const c = new Client({ ...PG, database });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

/** Rows of `accounts` whose note was changed. */
async function touched(): Promise<number> {
  const rows = (await admin("SELECT count(*)::int AS n FROM accounts WHERE note = 'touched'", DB)) as {
    n: number;
  }[];
  return rows[0]?.n ?? -1;
}

/** Sends a CancelRequest for a backend key, as libpq's PQcancel does. */
function sendCancel(port: number, pid: number, secret: number): Promise<void> {
  const msg = Buffer.alloc(16);
  msg.writeInt32BE(16, 0);
  msg.writeInt32BE(80877102, 4);
  msg.writeInt32BE(pid, 8);
  msg.writeInt32BE(secret, 12);
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.end(msg));
    s.on('close', () => resolve());
    s.on('error', () => resolve());
  });
}

describe('gateway asks reach the daemon approver (real PostgreSQL)', { timeout: 90_000 }, () => {
  let tmp = '';
  let daemon: RunningDaemon;
  let gw: RunningGateway;
  let slowGw: RunningGateway;
  let next: Behaviour = 'rejected';
  const seen: ApprovalRequest[] = [];
  /** Resolved with each request's abort (the daemon withdrew the prompt). */
  let withdrawn: Promise<void> = Promise.resolve();
  /** Resolved when the next request reaches the approver. */
  let arrived: () => void = () => {};
  let pgUp = true;

  before(async () => {
    try {
      await admin(`DROP DATABASE IF EXISTS ${DB}`);
      await admin(`CREATE DATABASE ${DB}`);
    } catch {
      pgUp = false;
      return;
    }
    await admin(
      'CREATE TABLE accounts (id int PRIMARY KEY, note text); ' +
        "INSERT INTO accounts SELECT g, 'n' || g FROM generate_series(1, 5000) g; ANALYZE accounts",
      DB,
    );
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-gw-approvals-'));
    daemon = await startDaemon({
      paths: runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') }),
      cwd: tmp,
      watch: false,
      record: { auditDir: path.join(tmp, 'audit'), outboxDir: path.join(tmp, 'outbox') },
      approvals: {
        requestApproval: (request, signal) => {
          seen.push(request);
          withdrawn = new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
          arrived();
          if (next === 'hang') return new Promise<ApprovalAnswer>(() => undefined);
          return Promise.resolve({ answer: next, approver: 'human:tester' });
        },
      },
    });
    const target = findDaemon(daemon.paths);
    assert.ok(target, 'the daemon wrote its endpoint');
    const rt = await loadRuntime({ cwd: __dirname });
    const upstream = { host: PG.host, port: PG.port };
    const start = (approvalMs: number): Promise<RunningGateway> =>
      startGateway({
        listen: { host: '127.0.0.1', port: 0 },
        upstream,
        decider: daemonDecider(target, PG.host, engineDecider(rt, PG.host, 'production'), {
          environment: 'production',
          approvalMs,
        }),
        identify: () => ({ chain: [], agent: { name: 'claude-code', reason: 'test' }, user: 'alice' }),
        side: new SidePool(upstream),
        askOverRows: 1000,
      });
    gw = await start(1500);
    slowGw = await start(60_000);
  });

  after(async () => {
    await gw?.close();
    await slowGw?.close();
    await daemon?.close();
    if (pgUp) await admin(`DROP DATABASE IF EXISTS ${DB}`).catch(() => undefined);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const connect = async (g: RunningGateway): Promise<Client> => {
    const c = new Client({ host: '127.0.0.1', port: g.port, user: PG.user, database: DB });
    c.on('error', () => undefined);
    await c.connect();
    return c;
  };

  it('rejected: 42501 naming gateway/ask-over-rows, rows intact; the approver saw the estimate', async (t) => {
    if (!pgUp) return t.skip('no PostgreSQL on 127.0.0.1:5432');
    next = 'rejected';
    seen.length = 0;
    const c = await connect(gw);
    try {
      await assert.rejects(
        c.query(UPDATE_ALL),
        (err: Error & { code?: string }) =>
          err.code === '42501' && /gateway\/ask-over-rows/.test(err.message),
      );
      assert.equal(await touched(), 0);
      assert.equal(seen.length, 1);
      const r = seen[0] as ApprovalRequest;
      assert.match(r.reason, /updates ~5,000 of 5,000 rows of public\.accounts/);
      assert.equal(r.matched[0], 'gateway/ask-over-rows');
      assert.equal(r.source, 'proxy');
      assert.equal(r.environment, 'production');
      // The session stays usable.
      assert.equal((await c.query('SELECT 1 AS one')).rows[0].one, 1);
    } finally {
      await c.end();
    }
  });

  it('approved: the UPDATE runs (simple and prepared), and the next one is asked again', async (t) => {
    if (!pgUp) return t.skip('no PostgreSQL on 127.0.0.1:5432');
    next = 'approved';
    seen.length = 0;
    const c = await connect(gw);
    try {
      const r = await c.query(UPDATE_ALL);
      assert.equal(r.rowCount, 5000);
      assert.equal(await touched(), 5000);
      await admin("UPDATE accounts SET note = 'n'", DB);
      const p = await c.query({ text: UPDATE_ALL, values: [] }); // extended protocol
      assert.equal(p.rowCount, 5000);
      // An approval is not cached: the same statement is asked again.
      next = 'rejected';
      await assert.rejects(c.query(UPDATE_ALL), (err: Error & { code?: string }) => err.code === '42501');
      assert.ok(seen.length >= 2, `asked ${seen.length} times`);
    } finally {
      await c.end();
      await admin("UPDATE accounts SET note = 'n'", DB);
    }
  });

  it('unanswered: refused when the wait ends, rows intact', async (t) => {
    if (!pgUp) return t.skip('no PostgreSQL on 127.0.0.1:5432');
    next = 'hang';
    const c = await connect(gw);
    try {
      await assert.rejects(
        c.query(UPDATE_ALL),
        (err: Error & { code?: string }) =>
          err.code === '42501' && /gateway\/ask-over-rows/.test(err.message),
      );
      await withdrawn;
      assert.equal(await touched(), 0);
      assert.match(allText(path.join(tmp, 'audit')), /"approval":"expired"/);
    } finally {
      await c.end();
    }
  });

  it("a client's CancelRequest ends the wait: refused as cancelled, recorded cancelled", async (t) => {
    if (!pgUp) return t.skip('no PostgreSQL on 127.0.0.1:5432');
    next = 'hang';
    const c = await connect(slowGw);
    const inner = c as unknown as { processID: number; secretKey: number };
    try {
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      const q = c.query(UPDATE_ALL);
      q.catch(() => undefined); // asserted below
      await reached;
      await sendCancel(slowGw.port, inner.processID, inner.secretKey);
      await assert.rejects(
        q,
        (err: Error & { code?: string }) =>
          err.code === '42501' && /cancelled by the client/.test(err.message),
      );
      await withdrawn;
      assert.equal(await touched(), 0);
      assert.match(allText(path.join(tmp, 'audit')), /"approval":"cancelled"/);
      assert.equal((await c.query('SELECT 2 AS two')).rows[0].two, 2);
    } finally {
      await c.end();
    }
  });

  it('a client that disconnects ends the wait; the statement never runs', async (t) => {
    if (!pgUp) return t.skip('no PostgreSQL on 127.0.0.1:5432');
    next = 'hang';
    const audit = path.join(tmp, 'audit');
    const before = (allText(audit).match(/"approval":"cancelled"/g) ?? []).length;
    const c = await connect(slowGw);
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const q = c.query(UPDATE_ALL).catch(() => undefined);
    await reached;
    (c as unknown as { connection: { stream: net.Socket } }).connection.stream.destroy();
    await q;
    await withdrawn;
    // The daemon records the decision after the wait ends; wait for the record, not a time.
    for (let i = 0; i < 50 && (allText(audit).match(/"approval":"cancelled"/g) ?? []).length <= before; i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.equal((allText(audit).match(/"approval":"cancelled"/g) ?? []).length, before + 1);
    assert.equal(await touched(), 0);
  });
});
