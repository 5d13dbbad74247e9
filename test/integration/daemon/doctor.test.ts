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
