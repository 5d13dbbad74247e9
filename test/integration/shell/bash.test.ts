import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { shellInitScript, writeShims } from '../../../server/src/hooks/shell/scripts';
import { ptyFixture, waitFor, type PtyFixture } from './pty';

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

describe('bash hook in a real pty (tmux)', { skip: !hasTmux && 'tmux is not installed' }, () => {
  let t: PtyFixture;
  let rc: string;

  before(async () => {
    t = await ptyFixture('rg-bash-');
    rc = path.join(t.tmp, 'rc.bash');
    fs.writeFileSync(rc, `PS1='READY$ '\n` + shellInitScript('bash', t.runDir));
    t.start([...t.env, 'bash', '--noprofile', '--rcfile', rc, '-i']);
    await waitFor(() => t.screen().includes('READY$'), 10_000, 'the prompt');
  });

  after(() => t?.close());

  it('does not execute a denied production DROP TABLE typed by an agent, and shows why', async () => {
    t.type("psql -h prod-db -c 'DROP TABLE users'");
    await waitFor(
      () => /railguard: blocked \(deny in production\)/.test(t.screen()),
      10_000,
      'the block message',
    );
    const s = t.screen();
    assert.match(s, /prod-agent-no-data-loss/);
    assert.match(s, /not run: psql -h prod-db -c 'DROP TABLE users'/, 'the typed line stays visible');
    t.type(`echo ok > ${t.marks}/echo-1`);
    await waitFor(() => t.ran('echo-1'), 10_000, 'echo to run');
    assert.equal(t.ran('psql-prod-db'), false, 'psql never ran');
  });

  it('keeps the blocked line in history', async () => {
    t.type(`history | tail -n 5 > ${t.marks}/history`);
    const history = (): string =>
      t.ran('history') ? fs.readFileSync(path.join(t.marks, 'history'), 'utf8') : '';
    await waitFor(() => /DROP TABLE users/.test(history()), 10_000, 'the blocked line in history');
  });

  it('runs an allowed command normally', async () => {
    t.type("psql -h localhost -c 'select 1'");
    await waitFor(() => t.ran('psql-localhost'), 10_000, 'psql on localhost to run');
  });

  it('judges non-interactive bash through BASH_ENV (DEBUG trap)', async () => {
    const r = await run('bash', ['-c', `psql -h prod-db -c 'DROP TABLE users'; echo after`], {
      PATH: `${t.bin}:/usr/bin:/bin`,
      BASH_ENV: rc,
      RAILGUARD_ACTOR: 'agent:claude-code',
      HOME: t.tmp,
    });
    assert.doesNotMatch(r.stderr, /debugger/);
    assert.match(r.stdout, /after/);
    assert.match(r.stderr, /blocked \(deny in production\)/);
    assert.equal(t.ran('psql-prod-db'), false);
  });

  it('PATH shims judge the tool and exec the real binary after the shim folder', async () => {
    const shims = path.join(t.tmp, 'shims');
    const again = path.join(t.tmp, 'shims-copy'); // a second shim folder must not make shims recurse
    writeShims(shims, t.runDir);
    writeShims(again, t.runDir);
    const env = {
      PATH: `${shims}:${again}:${t.bin}:/usr/bin:/bin`,
      RAILGUARD_ACTOR: 'agent:claude-code',
      HOME: t.tmp,
    };
    const denied = await run(path.join(shims, 'psql'), ['-h', 'prod-db', '-c', 'DROP TABLE users'], env);
    assert.equal(denied.status, 126);
    assert.match(denied.stderr, /prod-agent-no-data-loss/);
    assert.equal(t.ran('psql-prod-db'), false);
    const ok = await run(path.join(shims, 'psql'), ['-h', 'shimhost', '-c', 'select 1'], env);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(t.ran('psql-shimhost'), true);
  });

  it('with the daemon stopped: blocks a production command, runs a dev one with a warning', async () => {
    await t.stopDaemon();
    t.type("psql -h prod-db -c 'select 1'");
    await waitFor(() => /looks like production/.test(t.screen()), 10_000, 'the fail-rule block');
    t.type("psql -h devbox -c 'select 1'");
    await waitFor(() => t.ran('psql-devbox'), 10_000, 'the dev command to run');
    assert.match(t.screen(), /warning: command not checked \(the daemon is not running\)/);
    assert.equal(t.ran('psql-prod-db'), false);
  });
});
