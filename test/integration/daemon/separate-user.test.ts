/**
 * The separate-user deployment (issue 10, docs/deployment.md) with real OS users: the daemon runs
 * as its own user with `--client-group`, a developer in the clients' group gets its decisions
 * through the bash agent hook client and the Node hook, and cannot read the audit log or the
 * signing key, write the policies, kill the daemon or replace its endpoint files; `railguard
 * doctor` run by the developer says `separate-user` and what is protected. A user outside the
 * group cannot even read the token. Root only (useradd): skipped with the reason otherwise.
 *
 * Everything the other users run is a self-contained build (`extension/build.ts --outdir`) in a
 * temp folder with the built-in policies and hook scripts beside it, so the repository's own
 * modes never matter (a checkout under /root is not traversable by other users).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runDoctor } from '../../../server/src/daemon/doctor';
import { runtimePaths } from '../../../server/src/daemon/paths';
import { shellInitScript } from '../../../server/src/hooks/shell/scripts';
import { DENY, permissionOf, withCommand } from '../../fixtures/hooks';
import { request, waitFor } from './helpers';
import { ensureGroup, ensureUser, removeUsers, runAs, skipReason, spawnAs, type OsUser } from './os-users';

const ROOT = path.resolve(__dirname, '../../..');

/** Tries file operations and `kill`, printing `{ name: 'ok' | error code }` (run as the developer). */
const PROBE = `const fs = require('fs');
const out = {};
for (const [name, op, a, b] of JSON.parse(process.argv[2])) {
  try {
    if (op === 'read') fs.readFileSync(a);
    else if (op === 'readdir') fs.readdirSync(a);
    else if (op === 'write') fs.writeFileSync(a, 'x');
    else if (op === 'unlink') fs.unlinkSync(a);
    else if (op === 'rename') fs.renameSync(a, b);
    else if (op === 'kill') process.kill(Number(a), 'SIGTERM');
    out[name] = 'ok';
  } catch (e) { out[name] = e.code || String(e); }
}
console.log(JSON.stringify(out));
`;

/** True when `dir` and every folder above it are searchable by any user. */
function searchableByOthers(dir: string): boolean {
  for (let d = fs.realpathSync(dir); ; d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o001) === 0) return false;
    if (path.dirname(d) === d) return true;
  }
}

/** True when `file` is executable by any user and every folder above it searchable. */
function reachableByOthers(file: string): boolean {
  const real = fs.realpathSync(file);
  return (fs.statSync(real).mode & 0o001) !== 0 && searchableByOthers(path.dirname(real));
}

/** `chown -R uid:gid` + a mode for every folder. */
function own(dir: string, uid: number, gid: number, mode: number): void {
  for (const p of [
    dir,
    ...fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((r) => path.join(dir, r)),
  ]) {
    fs.chownSync(p, uid, gid);
    if (fs.statSync(p).isDirectory()) fs.chmodSync(p, mode);
  }
}

const reason = skipReason();

describe('separate-user deployment with real OS users', { skip: reason ?? false }, () => {
  const sfx = randomBytes(3).toString('hex');
  const names = { group: `rgc-${sfx}`, daemon: `rgd-${sfx}`, dev: `rgdev-${sfx}`, outsider: `rgout-${sfx}` };
  let tmp = '';
  let node = process.execPath;
  let cli = '';
  let daemonUser: OsUser;
  let dev: OsUser;
  let outsider: OsUser;
  let daemon: ChildProcess | undefined;
  let daemonLog = '';
  /** Folders of the deployment (as in the systemd unit of docs/deployment.md). */
  const at = { app: '', run: '', state: '', config: '', userPolicy: '', devHome: '', outHome: '' };
  const devEnv = (): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: at.devHome,
    USER: dev.name,
    RAILGUARD_RUNTIME_DIR: at.run,
  });

  before(async () => {
    // The other users must reach it: $TMPDIR may be private to root, /tmp never is.
    const base = searchableByOthers(os.tmpdir()) ? os.tmpdir() : '/tmp';
    tmp = fs.mkdtempSync(path.join(base, 'rg-sepuser-'));
    fs.chmodSync(tmp, 0o755);
    const gid = ensureGroup(names.group);
    daemonUser = ensureUser(names.daemon, [names.group]);
    dev = ensureUser(names.dev, [names.group]);
    outsider = ensureUser(names.outsider, []);

    // What every user runs: root-owned, readable, not writable by them.
    at.app = path.join(tmp, 'app');
    execFileSync(
      process.execPath,
      ['--import', 'tsx', 'extension/build.ts', '--outdir', path.join(at.app, 'dist')],
      {
        cwd: ROOT,
        stdio: 'ignore',
      },
    );
    cli = path.join(at.app, 'dist', 'railguard-cli.js');
    fs.cpSync(path.join(ROOT, 'policies'), path.join(at.app, 'policies'), { recursive: true });
    fs.mkdirSync(path.join(at.app, 'hooks'));
    for (const f of ['agent-hook.bash', 'railguard.bash'])
      fs.copyFileSync(path.join(ROOT, 'server/src/hooks/shell', f), path.join(at.app, 'hooks', f));
    fs.writeFileSync(path.join(at.app, 'probe.js'), PROBE);
    if (!reachableByOthers(process.execPath)) {
      node = path.join(at.app, 'node');
      fs.copyFileSync(process.execPath, node);
    }
    own(at.app, 0, 0, 0o755);
    execFileSync('chmod', ['-R', 'a+rX', at.app]);

    // The daemon's own folders, as systemd's RuntimeDirectory= (0750) and StateDirectory= (0700) make them.
    at.run = path.join(tmp, 'run');
    at.state = path.join(tmp, 'state');
    at.config = path.join(at.state, 'config');
    at.userPolicy = path.join(at.config, 'railguard', 'policies', 'team.yaml');
    fs.mkdirSync(at.run);
    fs.mkdirSync(path.dirname(at.userPolicy), { recursive: true });
    fs.writeFileSync(
      at.userPolicy,
      'apiVersion: railguard.dev/v1\nkind: Policy\nmetadata: { name: team }\n' +
        'rules: [{id: no-truncate, match: {statementKind: TRUNCATE}, effect: deny}]\n',
    );
    own(at.run, daemonUser.uid, daemonUser.gid, 0o750);
    own(at.state, daemonUser.uid, daemonUser.gid, 0o700);
    at.devHome = path.join(tmp, 'dev');
    at.outHome = path.join(tmp, 'outsider');
    for (const [home, u] of [
      [at.devHome, dev],
      [at.outHome, outsider],
    ] as const) {
      fs.mkdirSync(home);
      own(home, u.uid, u.gid, 0o700);
    }

    daemon = spawnAs(
      daemonUser,
      [node, cli, 'daemon', '--client-group', names.group, '--cwd', at.state],
      {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: at.state,
        USER: names.daemon,
        RAILGUARD_HOME: at.state,
        RAILGUARD_RUNTIME_DIR: at.run,
        XDG_CONFIG_HOME: at.config,
      },
      { cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    daemon.stderr?.setEncoding('utf8').on('data', (c: string) => (daemonLog += c));
    const up = await waitFor(() => /listening/.test(daemonLog) || daemon?.exitCode !== null, 60_000);
    assert.ok(up && daemon.exitCode === null, `the daemon did not start: ${daemonLog}`);
    assert.equal(gid, fs.statSync(at.run).gid);
  });

  after(async () => {
    if (daemon && daemon.exitCode === null) {
      const exited = new Promise<void>((resolve) => daemon?.once('exit', () => resolve()));
      daemon.kill('SIGTERM');
      if (!(await waitFor(() => daemon?.exitCode !== null || daemon?.signalCode !== null, 10_000)))
        daemon.kill('SIGKILL');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    }
    removeUsers([names.daemon, names.dev, names.outsider], [names.group]);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The daemon's health as root sees it (token read by root). */
  const health = async (): Promise<Record<string, unknown>> => {
    const token = fs.readFileSync(path.join(at.run, 'token'), 'utf8').trim();
    return (await request({ socket: path.join(at.run, 'daemon.sock') }, token, 'GET', '/v1/health')).json;
  };

  it('lays out the runtime folder for the clients group and keeps its state to itself', () => {
    const mode = (p: string): string => (fs.statSync(p).mode & 0o777).toString(8);
    const run = fs.statSync(at.run);
    assert.deepEqual([run.uid, mode(at.run)], [daemonUser.uid, '750']);
    const group = fs.statSync(at.run).gid;
    for (const f of ['token', 'port', 'endpoint.json', 'prod-matchers'])
      assert.deepEqual(
        [mode(path.join(at.run, f)), fs.statSync(path.join(at.run, f)).gid],
        ['640', group],
        f,
      );
    assert.deepEqual(
      [mode(path.join(at.run, 'daemon.sock')), fs.statSync(path.join(at.run, 'daemon.sock')).gid],
      ['660', group],
    );
    for (const d of ['audit', 'keys', 'spool', 'outbox']) {
      const p = path.join(at.state, d);
      if (!fs.existsSync(p)) continue; // created on first use
      assert.deepEqual([fs.statSync(p).uid, mode(p)], [daemonUser.uid, '700'], d);
    }
    assert.ok(fs.existsSync(path.join(at.state, 'keys', 'audit-key.pem')), 'the signing key is in keys/');
  });

  it('the developer gets decisions through the daemon: the bash agent hook client and the Node hook deny a production DROP', async () => {
    const before = ((await health()).audit as { appended: number }).appended;
    const input = JSON.stringify({ ...withCommand('claude-code', DENY), cwd: at.devHome });
    // A fallback that gives itself away: the answer must come from the daemon.
    const bash = await runAs(
      dev,
      ['bash', path.join(at.app, 'hooks', 'agent-hook.bash'), 'sh', '-c', 'echo FALLBACK', 'claude-code'],
      devEnv(),
      input,
      at.devHome,
    );
    assert.doesNotMatch(bash.stdout, /FALLBACK/, `${bash.stdout} ${bash.stderr} daemon: ${daemonLog}`);
    assert.equal(permissionOf('claude-code', JSON.parse(bash.stdout) as Record<string, unknown>), 'deny');

    const nodeHook = await runAs(dev, [node, cli, 'hook', 'claude-code'], devEnv(), input, at.devHome);
    assert.doesNotMatch(
      nodeHook.stderr,
      /judged in process|no daemon/,
      `${nodeHook.stderr} daemon: ${daemonLog}`,
    );
    assert.equal(permissionOf('claude-code', JSON.parse(nodeHook.stdout) as Record<string, unknown>), 'deny');

    const allowed = await runAs(
      dev,
      ['bash', path.join(at.app, 'hooks', 'agent-hook.bash'), 'sh', '-c', 'echo FALLBACK', 'claude-code'],
      devEnv(),
      JSON.stringify({ ...withCommand('claude-code', 'echo ok'), cwd: at.devHome }),
      at.devHome,
    );
    assert.doesNotMatch(allowed.stdout, /FALLBACK/);
    assert.notEqual(
      permissionOf('claude-code', JSON.parse(allowed.stdout) as Record<string, unknown>),
      'deny',
    );
    const appended = ((await health()).audit as { appended: number }).appended;
    assert.equal(appended - before, 3, 'the three decisions are in the daemon user’s audit log');
  });

  it("the developer's zsh and fish hooks prove the token although the runtime folder is not theirs to write", async () => {
    // Their proof step writes the token-bearing texts somewhere private: not the daemon's folder here.
    for (const shell of ['zsh', 'fish'] as const) {
      if (spawnSync(shell, ['--version']).status !== 0) continue;
      const rc = path.join(at.app, 'hooks', `rc.${shell}`);
      const text = shellInitScript(shell, at.run);
      fs.writeFileSync(
        rc,
        shell === 'zsh' ? text.replace(/^zle -N .*$/gm, '') : text.replace(/^for __rg_mode[\s\S]*$/m, ''),
        { mode: 0o644 },
      );
      const judge = (command: string): Promise<{ stdout: string; stderr: string }> =>
        runAs(
          dev,
          shell === 'zsh'
            ? ['zsh', '-f', '-c', 'source $1; __railguard_judge "$2"; echo rc=$?', 'zsh', rc, command]
            : [
                'fish',
                '--no-config',
                '-c',
                'source $argv[1]; __railguard_judge $argv[2]; echo rc=$status',
                rc,
                command,
              ],
          { ...devEnv(), RAILGUARD_ACTOR: 'agent:claude-code' },
          '',
          at.devHome,
        );
      const ok = await judge('echo ok');
      assert.equal(ok.stdout.trim(), 'rc=0', `${shell}: ${ok.stderr}`);
      assert.doesNotMatch(ok.stderr, /not checked|cannot judge/, `${shell}: ${ok.stderr}`);
      const drop = await judge("psql -h prod-db -c 'DROP TABLE users'");
      assert.equal(drop.stdout.trim(), 'rc=1', `${shell}: ${drop.stderr}`);
      assert.match(drop.stderr, /blocked \(deny in production\)/, `${shell}: ${drop.stderr}`);
    }
  });

  it('the developer cannot read the audit log or the key, write the policies, kill the daemon or replace its endpoint', async () => {
    const pid = daemon?.pid ?? 0;
    const fake = path.join(at.devHome, 'fake');
    const run = (f: string): string => path.join(at.run, f);
    const ops = [
      ['read token', 'read', run('token')],
      ['list audit', 'readdir', path.join(at.state, 'audit')],
      ['read key', 'read', path.join(at.state, 'keys', 'audit-key.pem')],
      ['list spool', 'readdir', path.join(at.state, 'spool')],
      ['write user policy', 'write', at.userPolicy],
      ['add user policy', 'write', path.join(path.dirname(at.userPolicy), 'loose.yaml')],
      ['write builtin policy', 'write', path.join(at.app, 'policies', 'default.yaml')],
      ['kill daemon', 'kill', String(pid)],
      ['write port', 'write', run('port')],
      ['replace port', 'rename', fake, run('port')],
      ['remove port', 'unlink', run('port')],
      ['write endpoint', 'write', run('endpoint.json')],
      ['write token', 'write', run('token')],
      ['remove socket', 'unlink', run('daemon.sock')],
      ['replace socket', 'rename', fake, run('daemon.sock')],
      ['add to runtime folder', 'write', run('matchers.new')],
    ];
    fs.writeFileSync(fake, '1\n');
    fs.chownSync(fake, dev.uid, dev.gid);
    const probe = await runAs(dev, [node, path.join(at.app, 'probe.js'), JSON.stringify(ops)], devEnv());
    const got = JSON.parse(probe.stdout) as Record<string, string>;
    const expected: Record<string, string> = {};
    for (const [name] of ops)
      expected[name!] = name === 'read token' ? 'ok' : name === 'kill daemon' ? 'EPERM' : 'EACCES';
    assert.deepEqual(got, expected, probe.stderr);
    assert.equal(daemon?.exitCode, null, 'the daemon still runs');
    assert.equal((await health()).pid, pid);
  });

  it('a user outside the clients group cannot read the token, and its hook client falls back', async () => {
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: at.outHome,
      RAILGUARD_RUNTIME_DIR: at.run,
    };
    const probe = await runAs(
      outsider,
      [node, path.join(at.app, 'probe.js'), JSON.stringify([['token', 'read', path.join(at.run, 'token')]])],
      env,
    );
    assert.deepEqual(JSON.parse(probe.stdout), { token: 'EACCES' });
    const hook = await runAs(
      outsider,
      ['bash', path.join(at.app, 'hooks', 'agent-hook.bash'), 'sh', '-c', 'echo FALLBACK', 'claude-code'],
      env,
      JSON.stringify({ ...withCommand('claude-code', DENY), cwd: at.outHome }),
      at.outHome,
    );
    assert.match(hook.stdout, /^FALLBACK/);
  });

  it('railguard doctor run by the developer says separate-user, what is protected and the policy tiers', async () => {
    const text = await runAs(dev, [node, cli, 'doctor', '--cwd', at.devHome], devEnv(), '', at.devHome);
    assert.match(
      text.stdout,
      /^ok +deployment: separate-user: the daemon \(pid \d+\) runs as rgd-/m,
      text.stdout,
    );
    const json = await runAs(
      dev,
      [node, cli, 'doctor', '--json', '--cwd', at.devHome],
      devEnv(),
      '',
      at.devHome,
    );
    const checks = JSON.parse(json.stdout) as { name: string; status: string; detail: string }[];
    const check = (name: string) => checks.find((c) => c.name === name);
    assert.equal(check('daemon authentic')?.status, 'ok', json.stdout);
    assert.equal(check('audit')?.status, 'ok', json.stdout);
    assert.equal(check('protects')?.status, 'ok', json.stdout);
    assert.match(check('protects')?.detail ?? '', /cannot read or write the audit log .*signing key/);
    assert.match(
      check('policy tiers')?.detail ?? '',
      /builtin \(\d+ file\(s\)\) < user \(1 file\(s\), 1 stricter-only: .*team\.yaml\)/,
    );
  });

  it('railguard doctor run by root says separate-user and that root is not the user to ask what is protected', async () => {
    const checks = await runDoctor({
      paths: runtimePaths({ RAILGUARD_RUNTIME_DIR: at.run }),
      env: { HOME: tmp },
      workspace: tmp,
      home: tmp,
    });
    const check = (name: string) => checks.find((c) => c.name === name);
    assert.match(check('deployment')?.detail ?? '', /^separate-user/, JSON.stringify(checks));
    assert.equal(check('protects')?.status, 'warn');
    assert.match(check('protects')?.detail ?? '', /run as root/);
  });
});
