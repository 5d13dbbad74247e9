/**
 * The gateway's listeners against the real PostgreSQL on 127.0.0.1:5432 (trust auth), with real
 * psql processes: the Unix socket `DIR/.s.PGSQL.PORT` (its peer process identified through ss and
 * /proc), TLS to clients (SSLRequest answered `S`), TLS to the upstream (`sslmode`). Each run creates
 * and drops its own database; certificates are made with openssl in a temporary directory.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { engineDecider } from '../../../server/src/gateway/decider';
import { startGateway, type RunningGateway } from '../../../server/src/gateway/gateway';
import { unixPeerInode } from '../../../server/src/gateway/identity';
import { loadRuntime } from '../../../server/src/cli/runtime';

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const DB = `rg_gwlisten_${process.pid}`;
const has = (cmd: string): boolean => spawnSync(cmd, ['--version']).status === 0;
const hasPsql = has('psql');
const hasSs = spawnSync('ss', ['-V']).status === 0;

/**
 * Runs psql with `args` without blocking the event loop (the gateway under test runs in this
 * process; a spawnSync would deadlock it). CLAUDECODE is cleared unless `env` sets it.
 */
function psql(
  args: string[],
  sql: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const base: NodeJS.ProcessEnv = { ...process.env, CLAUDECODE: '' };
    delete base.PGSSLMODE;
    const p = spawn('psql', [...args, '-U', PG.user, '-Atc', sql], {
      env: { ...base, ...env },
      timeout: 20_000,
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
    p.stdin.end();
  });
}

/** Whether nothing listens on loopback TCP `port`. */
function freePortIs(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function admin(sql: string, database = 'postgres'): Promise<void> {
  const c = new Client({ ...PG, database });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describe('gateway listeners (real PostgreSQL, real psql)', { timeout: 60_000 }, () => {
  let pgUp = true;
  let dir: string;
  const gateways: RunningGateway[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-gwlisten-'));
    try {
      await admin(`DROP DATABASE IF EXISTS ${DB}`);
      await admin(`CREATE DATABASE ${DB}`);
      await admin('CREATE TABLE users (id int PRIMARY KEY, email text)', DB);
      await admin("INSERT INTO users SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 5) g", DB);
    } catch {
      pgUp = false;
    }
  });

  after(async () => {
    for (const g of gateways) await g.close();
    if (pgUp) await admin(`DROP DATABASE IF EXISTS ${DB}`).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = async (extra: Partial<Parameters<typeof startGateway>[0]> = {}): Promise<RunningGateway> => {
    const rt = await loadRuntime({ cwd: __dirname });
    const gw = await startGateway({
      listen: { host: '127.0.0.1', port: 0 },
      upstream: { host: PG.host, port: PG.port },
      decider: engineDecider(rt, PG.host, 'production'),
      ...extra,
    });
    gateways.push(gw);
    return gw;
  };

  it('reads the peer inode of a Unix socket from ss output', () => {
    const out = [
      'u_str ESTAB 0 0 /tmp/d/.s.PGSQL.6432 4711 * 4712',
      'u_str ESTAB 0 0 * 4712 * 4711',
      'u_str ESTAB 0 0 /tmp/with space/.s.PGSQL.1 99 * 0',
    ].join('\n');
    assert.equal(unixPeerInode(out, '4711'), '4712');
    assert.equal(unixPeerInode(out, '4712'), '4711');
    assert.equal(unixPeerInode(out, '99'), undefined, 'no peer');
    assert.equal(unixPeerInode(out, '5'), undefined);
  });

  it('listens on DIR/.s.PGSQL.PORT for psql -h DIR, judging its peer process as who it is', async (t) => {
    if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    if (!hasPsql) return t.skip('psql is not installed');
    if (process.platform !== 'linux' || !hasSs) return t.skip('peer lookup needs Linux and ss');
    const gw = await start({ socketDir: dir });
    assert.equal(gw.socket, path.join(dir, `.s.PGSQL.${gw.port}`));
    assert.ok(fs.statSync(gw.socket).isSocket());
    const via = ['-h', dir, '-p', String(gw.port), '-d', DB];
    const read = await psql(via, 'SELECT count(*) FROM users');
    assert.equal(read.status, 0, read.stderr);
    assert.equal(read.stdout.trim(), '5');
    // The same statement, by an agent's process and by a human's: judged as each.
    const agent = await psql(via, 'DELETE FROM users', { CLAUDECODE: '1' });
    assert.notEqual(agent.status, 0);
    assert.match(agent.stderr, /denied by default\/prod-agent-no-data-loss.*agent claude-code/);
    const human = await psql(via, 'DELETE FROM users', { USER: 'alice' });
    assert.notEqual(human.status, 0);
    assert.match(human.stderr, /needs approval that was not given by default\/prod-human-ask-risky/);
    const c = new Client({ ...PG, database: DB });
    await c.connect();
    assert.equal((await c.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0]?.n, 5);
    await c.end();
    await gw.close();
    gateways.splice(gateways.indexOf(gw), 1);
    assert.equal(fs.existsSync(gw.socket), false, 'the socket file is removed on close');
  });

  /** A free loopback TCP port. */
  const freePort = (): Promise<number> =>
    new Promise((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });

  it('replaces a stale socket file but refuses one in use', async (t) => {
    if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
    const stale = fs.mkdtempSync(path.join(dir, 'stale-'));
    // A file left behind by a gateway that was killed: nobody listens on it.
    const port = await freePort();
    const file = path.join(stale, `.s.PGSQL.${port}`);
    fs.writeFileSync(file, '');
    const gw = await start({ socketDir: stale, listen: { host: '127.0.0.1', port } });
    assert.equal(gw.socket, file);
    assert.ok(fs.statSync(file).isSocket());
    // A live socket of another server on the port the next gateway would use.
    const other = await freePort();
    const live = net.createServer((c) => {
      c.on('error', () => undefined);
      c.end('x');
    });
    await new Promise<void>((resolve) => live.listen(path.join(stale, `.s.PGSQL.${other}`), resolve));
    try {
      await assert.rejects(
        start({ socketDir: stale, listen: { host: '127.0.0.1', port: other } }).then(() => undefined),
        /in use/,
      );
      // The other server still answers, and the refused gateway left its TCP port free.
      const got = await new Promise<string>((resolve) => {
        const c = net.connect(path.join(stale, `.s.PGSQL.${other}`));
        c.on('data', (d) => resolve(d.toString()));
      });
      assert.equal(got, 'x');
      assert.equal(await freePortIs(other), true);
    } finally {
      await new Promise<void>((resolve) => live.close(() => resolve()));
    }
  });
});
