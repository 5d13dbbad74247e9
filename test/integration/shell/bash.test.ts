import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths } from '../../../server/src/daemon/paths';
import { shellInitScript, writeShims } from '../../../server/src/hooks/shell/scripts';

/**
 * The bash hook in a real interactive bash running in a pty (tmux): typed lines are judged by the
 * daemon before readline accepts them. A fake `psql` earlier on PATH leaves a marker file when it
 * runs, so "not executed" is observable.
 */
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/**
 * Runs a command without blocking the event loop (the daemon under test lives in this process).
 * stdin is /dev/null: Debian's bash treats a socket on stdin (Node's default) as an ssh session
 * and reads ~/.bashrc instead of $BASH_ENV.
 */
function run(
  file: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    p.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out after ${ms} ms waiting for ${what}`);
}

describe('bash hook in a real pty (tmux)', { skip: !hasTmux && 'tmux is not installed' }, () => {
  let tmp: string;
  let marks: string;
  let daemon: RunningDaemon | undefined;
  let tmuxSock: string;
  let rc: string;
  let fakeBin: string;
  const runtimeDir = (): string => path.join(tmp, 'run');

  const tmux = (...args: string[]): string =>
    execFileSync('tmux', ['-S', tmuxSock, ...args], { encoding: 'utf8' });
  const screen = (): string => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', 't');
  const type = (line: string): void => {
    tmux('send-keys', '-t', 't', '-l', line);
    tmux('send-keys', '-t', 't', 'Enter');
  };
  const ran = (name: string): boolean => fs.existsSync(path.join(marks, name));

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-bash-'));
    marks = path.join(tmp, 'marks');
    fakeBin = path.join(tmp, 'bin');
    fs.mkdirSync(marks);
    fs.mkdirSync(fakeBin);
    // The fake psql records that it ran (and the host it was given) in a marker file.
    fs.writeFileSync(
      path.join(fakeBin, 'psql'),
      `#!/bin/bash\nh=unknown; while [ $# -gt 0 ]; do [ "$1" = -h ] && h=$2; shift; done\necho ran > "${marks}/psql-$h"\n`,
      { mode: 0o755 },
    );
    daemon = await startDaemon({
      paths: runtimePaths({ RAILGUARD_RUNTIME_DIR: runtimeDir() }),
      cwd: tmp,
      watch: false,
      // Its own audit log and outbox: never the user's ~/.railguard (the lock is per directory).
      record: { auditDir: path.join(tmp, 'audit'), outboxDir: path.join(tmp, 'outbox') },
    });
    rc = path.join(tmp, 'rc.bash');
    fs.writeFileSync(rc, `PS1='READY$ '\n` + shellInitScript('bash', runtimeDir()));
    tmuxSock = path.join(tmp, 'tmux.sock');
    const env = [
      'env',
      '-i',
      `HOME=${tmp}`,
      `PATH=${fakeBin}:/usr/bin:/bin`,
      'TERM=xterm',
      'USER=alice',
      'RAILGUARD_ACTOR=agent:claude-code',
    ];
    tmux(
      'new-session',
      '-d',
      '-s',
      't',
      '-x',
      '220',
      '-y',
      '50',
      [...env, 'bash', '--noprofile', '--rcfile', rc, '-i'].join(' '),
    );
    await waitFor(() => screen().includes('READY$'), 10_000, 'the prompt');
  });

  after(async () => {
    if (tmuxSock) spawnSync('tmux', ['-S', tmuxSock, 'kill-server']);
    await daemon?.close();
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  it('does not execute a denied production DROP TABLE typed by an agent, and shows why', async () => {
    type("psql -h prod-db -c 'DROP TABLE users'");
    await waitFor(
      () => /railguard: blocked \(deny in production\)/.test(screen()),
      10_000,
      'the block message',
    );
    const s = screen();
    assert.match(s, /prod-agent-no-data-loss/);
    assert.match(s, /not run: psql -h prod-db -c 'DROP TABLE users'/, 'the typed line stays visible');
    type(`echo ok > ${marks}/echo-1`);
    await waitFor(() => ran('echo-1'), 10_000, 'echo to run');
    assert.equal(ran('psql-prod-db'), false, 'psql never ran');
  });

  it('keeps the blocked line in history', async () => {
    type(`history | tail -n 5 > ${marks}/history`);
    const history = (): string =>
      ran('history') ? fs.readFileSync(path.join(marks, 'history'), 'utf8') : '';
    await waitFor(() => /DROP TABLE users/.test(history()), 10_000, 'the blocked line in history');
  });

  it('runs an allowed command normally', async () => {
    type("psql -h localhost -c 'select 1'");
    await waitFor(() => ran('psql-localhost'), 10_000, 'psql on localhost to run');
  });

  it('judges non-interactive bash through BASH_ENV (DEBUG trap)', async () => {
    const r = await run('bash', ['-c', `psql -h prod-db -c 'DROP TABLE users'; echo after`], {
      PATH: `${fakeBin}:/usr/bin:/bin`,
      BASH_ENV: rc,
      RAILGUARD_ACTOR: 'agent:claude-code',
      HOME: tmp,
    });
    assert.doesNotMatch(r.stderr, /debugger/);
    assert.match(r.stdout, /after/);
    assert.match(r.stderr, /blocked \(deny in production\)/);
    assert.equal(ran('psql-prod-db'), false);
  });

  it('PATH shims judge the tool and exec the real binary after the shim folder', async () => {
    const shims = path.join(tmp, 'shims');
    const again = path.join(tmp, 'shims-copy'); // a second shim folder must not make shims recurse
    writeShims(shims, runtimeDir());
    writeShims(again, runtimeDir());
    const env = {
      PATH: `${shims}:${again}:${fakeBin}:/usr/bin:/bin`,
      RAILGUARD_ACTOR: 'agent:claude-code',
      HOME: tmp,
    };
    const denied = await run(path.join(shims, 'psql'), ['-h', 'prod-db', '-c', 'DROP TABLE users'], env);
    assert.equal(denied.status, 126);
    assert.match(denied.stderr, /prod-agent-no-data-loss/);
    assert.equal(ran('psql-prod-db'), false);
    const ok = await run(path.join(shims, 'psql'), ['-h', 'shimhost', '-c', 'select 1'], env);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ran('psql-shimhost'), true);
  });

  it('with the daemon stopped: blocks a production command, runs a dev one with a warning', async () => {
    await daemon?.close();
    daemon = undefined;
    type("psql -h prod-db -c 'select 1'");
    await waitFor(() => /looks like production/.test(screen()), 10_000, 'the fail-rule block');
    type("psql -h devbox -c 'select 1'");
    await waitFor(() => ran('psql-devbox'), 10_000, 'the dev command to run');
    assert.match(screen(), /warning: command not checked \(the daemon is not running\)/);
    assert.equal(ran('psql-prod-db'), false);
  });
});
