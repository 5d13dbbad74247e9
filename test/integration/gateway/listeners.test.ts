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

/** Runs a command to completion without blocking the event loop. */
function run(
  cmd: string,
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    p.on('error', (err) => resolve({ status: -1, stdout, stderr: String(err) }));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A self-signed certificate for localhost and 127.0.0.1 (its own root), made with openssl. */
async function makeCert(dir: string): Promise<{ cert: string; key: string } | undefined> {
  const cert = path.join(dir, 'server.crt');
  const key = path.join(dir, 'server.key');
  const r = await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ]);
  return r.status === 0 ? { cert, key } : undefined;
}

/** The bin directory of the newest installed PostgreSQL (Debian layout), if any. */
function pgBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const v = fs
    .readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .find((d) => fs.existsSync(path.join(root, d, 'bin', 'initdb')));
  return v ? path.join(root, v, 'bin') : undefined;
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
  describe('TLS', () => {
    let certs: { cert: string; key: string } | undefined;
    before(async () => {
      certs = await makeCert(fs.mkdtempSync(path.join(dir, 'tls-')));
    });

    it('answers an SSLRequest S with a certificate and judges inside TLS; N without one', async (t) => {
      if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
      if (!hasPsql || !certs) return t.skip('psql or openssl is not installed');
      const gw = await start({ tls: { cert: fs.readFileSync(certs.cert), key: fs.readFileSync(certs.key) } });
      const conn = `host=127.0.0.1 port=${gw.port} dbname=${DB} sslrootcert=${certs.cert}`;
      const read = await psql(
        [`${conn} sslmode=verify-full`, '-c', '\\conninfo'],
        'SELECT count(*) FROM users',
      );
      assert.equal(read.status, 0, read.stderr);
      assert.match(read.stdout, /SSL connection \(protocol: TLS/);
      assert.match(read.stdout, /^5$/m);
      const agent = await psql([`${conn} sslmode=require`], 'DROP TABLE users', { CLAUDECODE: '1' });
      assert.notEqual(agent.status, 0);
      assert.match(agent.stderr, /denied by default\/prod-agent-no-data-loss/);
      // Without a certificate the gateway says N: sslmode=require fails, prefer goes on in clear.
      const plain = await start();
      const refused = await psql(
        [`host=127.0.0.1 port=${plain.port} dbname=${DB} sslmode=require`],
        'SELECT 1',
      );
      assert.notEqual(refused.status, 0);
      assert.match(refused.stderr, /does not support SSL/);
      const prefer = await psql(
        [`host=127.0.0.1 port=${plain.port} dbname=${DB} sslmode=prefer`, '-c', '\\conninfo'],
        'SELECT 1',
      );
      assert.equal(prefer.status, 0, prefer.stderr);
      assert.doesNotMatch(prefer.stdout, /SSL connection/);
    });

    it('refuses bytes sent after an SSLRequest before the handshake', async (t) => {
      if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
      if (!certs) return t.skip('openssl is not installed');
      const gw = await start({ tls: { cert: fs.readFileSync(certs.cert), key: fs.readFileSync(certs.key) } });
      const req = Buffer.alloc(8);
      req.writeInt32BE(8, 0);
      req.writeInt32BE(80877103, 4);
      const injected = Buffer.concat([req, Buffer.from('Q\0\0\0\rSELECT 1\0')]);
      const got = await new Promise<string>((resolve) => {
        const c = net.connect(gw.port, '127.0.0.1', () => c.write(injected));
        let data = '';
        c.on('data', (d) => (data += d.toString('latin1')));
        c.on('error', () => undefined);
        c.on('close', () => resolve(data));
      });
      assert.equal(got, '', 'closed without an answer');
    });

    it('speaks TLS to an upstream with sslmode (a throw-away cluster with ssl = on)', async (t) => {
      if (!hasPsql || !certs) return t.skip('psql or openssl is not installed');
      const bin = pgBin();
      if (!bin || process.getuid?.() !== 0)
        return t.skip('needs a PostgreSQL installation and root (runs it as postgres)');
      const data = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-gwtls-pg-'));
      fs.copyFileSync(certs.cert, path.join(data, 'server.crt'));
      fs.copyFileSync(certs.key, path.join(data, 'server.key'));
      fs.chmodSync(path.join(data, 'server.key'), 0o600);
      await run('chown', ['-R', 'postgres:', data]);
      const cluster = path.join(data, 'db');
      const asPg = (cmd: string, args: string[]) =>
        run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]);
      const port = await freePort();
      try {
        const init = await asPg('initdb', ['-D', cluster, '-A', 'trust', '-U', 'postgres', '--no-sync']);
        if (init.status !== 0) return t.skip(`initdb failed: ${init.stderr.trim().split('\n').pop()}`);
        const opts = [
          `-p ${port}`,
          `-k ${data}`,
          '-c listen_addresses=127.0.0.1',
          '-c ssl=on',
          `-c ssl_cert_file=${path.join(data, 'server.crt')}`,
          `-c ssl_key_file=${path.join(data, 'server.key')}`,
        ].join(' ');
        const up = await asPg('pg_ctl', [
          '-D',
          cluster,
          '-o',
          opts,
          '-l',
          path.join(data, 'log'),
          '-w',
          'start',
        ]);
        assert.equal(up.status, 0, up.stderr);
        const upstream = { host: '127.0.0.1', port };
        const gw = await start({
          upstream,
          upstreamTls: {
            mode: 'verify-full',
            ca: fs.readFileSync(certs.cert, 'utf8'),
            servername: '127.0.0.1',
          },
        });
        const q = 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()';
        const viaTls = await psql([`host=127.0.0.1 port=${gw.port} dbname=postgres sslmode=disable`], q);
        assert.equal(viaTls.status, 0, viaTls.stderr);
        assert.equal(viaTls.stdout.trim(), 't', 'the gateway reached the server over TLS');
        // Without sslmode the same gateway path is clear text.
        const clear = await start({ upstream });
        const viaClear = await psql([`host=127.0.0.1 port=${clear.port} dbname=postgres sslmode=disable`], q);
        assert.equal(viaClear.stdout.trim(), 'f');
        // verify-full against a certificate for another name fails; the client hears why.
        const wrong = await start({
          upstream,
          upstreamTls: {
            mode: 'verify-full',
            ca: fs.readFileSync(certs.cert, 'utf8'),
            servername: 'db.example',
          },
        });
        const bad = await psql([`host=127.0.0.1 port=${wrong.port} dbname=postgres sslmode=disable`], q);
        assert.notEqual(bad.status, 0);
        assert.match(bad.stderr, /cannot reach the upstream over TLS/);
      } finally {
        await asPg('pg_ctl', ['-D', cluster, '-m', 'immediate', '-w', 'stop']);
        fs.rmSync(data, { recursive: true, force: true });
      }
    });

    it('refuses a client when the upstream does not offer TLS under sslmode=require', async (t) => {
      if (!pgUp) return t.skip('PostgreSQL is not running on 127.0.0.1:5432');
      if (!hasPsql) return t.skip('psql is not installed');
      const ssl = await new Promise<string>((resolve) => {
        const c = new Client({ ...PG, database: 'postgres' });
        void c
          .connect()
          .then(() => c.query<{ ssl: string }>('SHOW ssl'))
          .then((r) => resolve(r.rows[0]?.ssl ?? ''))
          .catch(() => resolve(''))
          .finally(() => void c.end());
      });
      if (ssl !== 'off') return t.skip('the local PostgreSQL has ssl on');
      const gw = await start({ upstreamTls: { mode: 'require', servername: '127.0.0.1' } });
      const r = await psql([`host=127.0.0.1 port=${gw.port} dbname=${DB} sslmode=disable`], 'SELECT 1');
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /upstream does not offer TLS \(sslmode=require\)/);
    });
  });
});
