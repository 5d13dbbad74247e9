/** `railguard doctor` against a real daemon, and against an impostor on the port (issue 10). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runDoctor } from '../../../server/src/daemon/doctor';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths, type RuntimePaths } from '../../../server/src/daemon/paths';
import { request } from './helpers';

describe('railguard doctor', () => {
  let tmp: string;
  let daemon: RunningDaemon;
  let paths: RuntimePaths;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-doctor-'));
    env = { RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run'), RAILGUARD_HOME: path.join(tmp, 'home') };
    paths = runtimePaths(env);
    daemon = await startDaemon({
      paths,
      cwd: tmp,
      record: { auditDir: path.join(tmp, 'home', 'audit'), outboxDir: false, gitIdentity: false },
    });
  });
  after(async () => {
    await daemon?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const byName = (checks: { name: string; status: string; detail: string }[], name: string) =>
    checks.find((c) => c.name === name);

  it('reports the same-user deployment, an authentic daemon, a healthy audit log and missing hooks', async () => {
    const checks = await runDoctor({ paths, env, workspace: tmp, home: tmp });
    assert.equal(byName(checks, 'daemon authentic')?.status, 'ok', JSON.stringify(checks));
    assert.match(byName(checks, 'deployment')?.detail ?? '', /^same-user/);
    assert.equal(byName(checks, 'audit')?.status, 'ok');
    assert.equal(byName(checks, 'hook claude-code')?.status, 'warn');
  });

  it('same-user: says what an agent of the user can reach, and which policy tiers the daemon loaded', async () => {
    const checks = await runDoctor({ paths, env, workspace: tmp, home: tmp });
    const protects = byName(checks, 'protects');
    assert.equal(protects?.status, 'warn', JSON.stringify(checks));
    assert.match(protects?.detail ?? '', /an agent of your user can reach: audit log .*\(read and write\)/);
    assert.match(
      byName(checks, 'policy tiers')?.detail ?? '',
      /^loaded, most trusted first: builtin \(\d+ file\(s\)\)/,
    );
  });

  it('--client-group: the socket is 0660 and the runtime files 0640 with the group; health names the group', async () => {
    const gid = process.getgid?.() ?? 0;
    const dir = path.join(tmp, 'grouped');
    const grouped = runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(dir, 'run') });
    const d = await startDaemon({
      paths: grouped,
      clientGroup: { gid, name: 'clients' },
      cwd: tmp,
      record: { auditDir: path.join(dir, 'audit'), outboxDir: false, gitIdentity: false },
    });
    try {
      const mode = (p: string): string => (fs.statSync(p).mode & 0o777).toString(8);
      assert.equal(mode(grouped.dir), '750');
      assert.equal(mode(grouped.socket), '660');
      for (const f of [grouped.token, grouped.port, grouped.endpoint, grouped.matchers]) {
        assert.equal(mode(f), '640', f);
        assert.equal(fs.statSync(f).gid, gid, f);
      }
      const health = await request(
        { socket: grouped.socket },
        fs.readFileSync(grouped.token, 'utf8').trim(),
        'GET',
        '/v1/health',
      );
      const deployment = health.json.deployment as {
        clientGroup?: unknown;
        protects: { what: string; mode?: string }[];
      };
      assert.deepEqual(deployment.clientGroup, { gid, name: 'clients' });
      assert.equal(deployment.protects.find((p) => p.what === 'audit log')?.mode, '0700');
    } finally {
      await d.close();
    }
  });

  it('fails the authenticity check when something else listens on the recorded port', async () => {
    const fake = net.createServer((c) => {
      c.on('error', () => undefined);
      c.once('data', () => c.end(`HTTP/1.0 200 OK\r\n\r\nallow\tdev\t-\tok\t${'ab'.repeat(32)}\n`));
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const dir = path.join(tmp, 'fake-run');
    fs.mkdirSync(dir, { mode: 0o700 });
    fs.copyFileSync(paths.token, path.join(dir, 'token'));
    const port = (fake.address() as net.AddressInfo).port;
    fs.writeFileSync(path.join(dir, 'endpoint.json'), JSON.stringify({ port, pid: process.pid }));
    try {
      const checks = await runDoctor({
        paths: runtimePaths({ RAILGUARD_RUNTIME_DIR: dir }),
        env,
        workspace: tmp,
        home: tmp,
      });
      assert.equal(byName(checks, 'daemon authentic')?.status, 'fail', JSON.stringify(checks));
    } finally {
      fake.close();
    }
  });
});
