/** `railguard doctor` against a real daemon, and against an impostor on the port (issue 10). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runDoctor } from '../../../server/src/daemon/doctor';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths, type RuntimePaths } from '../../../server/src/daemon/paths';
import { HOOK_CONFIGS } from '../../../server/src/hooks/install';
import { applyHookConfig } from '../../../server/src/hooks/layout';
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
    assert.equal(byName(checks, 'witness')?.status, 'warn');
    assert.match(byName(checks, 'witness')?.detail ?? '', /^no team store/);
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

  it('says which file holds which hook, flags machine paths in a committed file and a portable hook without railguard on PATH', async () => {
    const ws = path.join(tmp, 'ws');
    const home = path.join(tmp, 'hooks-home');
    fs.mkdirSync(ws, { recursive: true });
    const spec = (a: string) => HOOK_CONFIGS.find((c) => c.agent === a)!;
    const machine = "bash '/opt/rg/agent-hook.bash' '/usr/bin/node' '/opt/rg/railguard.js' hook";
    const opts = { scope: 'workspace' as const, workspace: ws, home, command: machine, dryRun: false };
    applyHookConfig(spec('claude-code'), 'install', opts);
    applyHookConfig(spec('cursor'), 'install', opts);
    // An install from before issue 12: this machine's paths in the committed Gemini settings.
    fs.mkdirSync(path.join(ws, '.gemini'));
    fs.writeFileSync(
      path.join(ws, '.gemini', 'settings.json'),
      JSON.stringify({
        hooks: { BeforeTool: [{ matcher: 'x', hooks: [{ type: 'command', command: `${machine} gemini` }] }] },
      }),
    );
    const bin = path.join(tmp, 'bin');
    const check = async (pathVar: string) => {
      const checks = await runDoctor({ paths, env: { ...env, PATH: pathVar }, workspace: ws, home });
      return (name: string) => byName(checks, `hook ${name}`);
    };
    let hook = await check('/nonexistent');
    assert.equal(hook('claude-code')?.status, 'ok');
    assert.match(hook('claude-code')?.detail ?? '', /settings\.local\.json \[local: machine\]/);
    assert.equal(hook('cursor')?.status, 'fail');
    assert.match(hook('cursor')?.detail ?? '', /hooks\.json \[shared: portable\].*no railguard on PATH/);
    assert.equal(hook('gemini')?.status, 'warn');
    assert.match(hook('gemini')?.detail ?? '', /a committed file names paths of this machine/);
    assert.equal(hook('codex')?.status, 'warn');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'railguard'), '#!/bin/sh\n', { mode: 0o755 });
    hook = await check(bin);
    assert.equal(hook('cursor')?.status, 'ok');
    // In a git repository, the local file must be ignored: it names paths of this machine.
    spawnSync('git', ['init', '-q', ws]);
    hook = await check(`${bin}:${process.env.PATH ?? ''}`);
    assert.equal(hook('claude-code')?.status, 'warn');
    assert.match(hook('claude-code')?.detail ?? '', /git does not ignore \S+settings\.local\.json/);
    fs.writeFileSync(path.join(ws, '.gitignore'), '.claude/settings.local.json\n');
    hook = await check(`${bin}:${process.env.PATH ?? ''}`);
    assert.equal(hook('claude-code')?.status, 'ok');
  });
});
