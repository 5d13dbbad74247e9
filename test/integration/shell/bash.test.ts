import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { shellInitScript, writeShims } from '../../../server/src/hooks/shell/scripts';
import { latestEvents } from '../../../extension/src/audit/trail';
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

/** The texts of every audit event the fixture's daemon wrote so far, in order (after its queue ran). */
async function auditTexts(t: PtyFixture): Promise<string[]> {
  // The recorder writes after 20 ms of quiet; its health shows nothing queued once it has.
  await waitFor(
    () => (t.daemon.recorder?.health() as { audit: { queued: number } }).audit.queued === 0,
    10_000,
    'the audit queue to drain',
  );
  await new Promise((r) => setTimeout(r, 50));
  const events = await latestEvents(path.join(t.tmp, 'audit'), 10_000);
  return events.reverse().map((e) => e.what.text);
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

  it('judges a heredoc typed line by line as one command, body included, before any of it runs', async () => {
    // Issue 12: the first line used to be judged alone and the body then ran as PS2 input.
    t.type('psql -h prod-db <<EOF');
    t.type('DROP TABLE users');
    t.type('EOF');
    await waitFor(
      () => /not run: psql -h prod-db <<EOF\s+DROP TABLE users\s+EOF/.test(t.screen()),
      10_000,
      'the whole heredoc refused',
    );
    assert.match(t.screen(), /blocked \(deny in production\)/);
    t.type(`cat > ${t.marks}/heredoc <<'X'`);
    t.type('allowed body');
    t.type('X');
    await waitFor(() => t.ran('heredoc'), 10_000, 'an allowed heredoc to run');
    assert.equal(fs.readFileSync(path.join(t.marks, 'heredoc'), 'utf8'), 'allowed body\n');
    assert.equal(t.ran('psql-prod-db'), false, 'psql never ran');
  });

  it('judges lines continued by a trailing pipe, backslash or open quote together', async () => {
    const refusals = (): number => t.screen().split('railguard: not run:').length - 1;
    for (const lines of [
      ["echo 'DROP TABLE users' |", 'psql -h prod-db'],
      ['psql -h prod-db -c \\', "'DROP TABLE users'"],
      ['psql -h prod-db -c "DROP', 'TABLE users"'],
    ]) {
      const before = refusals();
      for (const l of lines) t.type(l);
      await waitFor(() => refusals() === before + 1, 10_000, `${lines.join(' / ')} refused as one command`);
    }
    t.type(`echo done > ${t.marks}/continued`);
    await waitFor(() => t.ran('continued'), 10_000, 'the next line to run');
    assert.equal(t.ran('psql-prod-db'), false, 'psql never ran');
  });

  it('runs an allowed command normally', async () => {
    t.type("psql -h localhost -c 'select 1'");
    await waitFor(() => t.ran('psql-localhost'), 10_000, 'psql on localhost to run');
  });

  it('bash -c through BASH_ENV: a denied string never starts, whole, and says why', async () => {
    const env = {
      PATH: `${t.bin}:/usr/bin:/bin`,
      BASH_ENV: rc,
      RAILGUARD_ACTOR: 'agent:claude-code',
      HOME: t.tmp,
    };
    const r = await run(
      'bash',
      ['-c', `echo started > ${t.marks}/c-started; psql -h prod-db -c 'DROP TABLE users'; echo after`],
      env,
    );
    assert.equal(r.status, 126);
    assert.equal(r.stdout, '');
    assert.equal(t.ran('c-started'), false, 'the command before psql ran');
    assert.equal(t.ran('psql-prod-db'), false);
    assert.match(r.stderr, /blocked \(deny in production\).*\[default\/prod-agent-no-data-loss\]/);
    assert.match(
      r.stderr,
      /railguard: not run: echo started > .*; psql -h prod-db -c 'DROP TABLE users'; echo after/,
    );
    assert.doesNotMatch(r.stderr, /debugger/);
  });

  it('bash -c through BASH_ENV: an allowed string runs, then sources the BASH_ENV it replaced', async () => {
    const mine = path.join(t.tmp, 'my-bash-env');
    // Records who sourced it: the -c string, or the script (the fake psql is a bash script too).
    fs.writeFileSync(
      mine,
      `printf '%s\\n' "\${BASH_EXECUTION_STRING:-script \$0}" >> ${t.marks}/chained\nMY_BASH_ENV=yes\n`,
    );
    const env = {
      PATH: `${t.bin}:/usr/bin:/bin`,
      BASH_ENV: rc,
      RAILGUARD_CHAINED_BASH_ENV: mine,
      RAILGUARD_ACTOR: 'agent:claude-code',
      HOME: t.tmp,
    };
    const line = `psql -h chainhost -c 'select 1'; echo "mine=$MY_BASH_ENV"`;
    const ok = await run('bash', ['-c', line], env);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout, 'mine=yes\n');
    assert.equal(t.ran('psql-chainhost'), true);
    const sourcedBy = (): string[] => fs.readFileSync(path.join(t.marks, 'chained'), 'utf8').split('\n');
    assert.deepEqual(sourcedBy(), [line, `script ${path.join(t.bin, 'psql')}`, '']);
    // Denied: bash exits before the user's BASH_ENV is read.
    const denied = await run('bash', ['-c', `psql -h prod-db -c 'DROP TABLE users'`], env);
    assert.equal(denied.status, 126);
    assert.deepEqual(sourcedBy(), [line, `script ${path.join(t.bin, 'psql')}`, '']);
  });

  it('a bash script through BASH_ENV: each external command is judged (DEBUG trap)', async () => {
    const script = path.join(t.tmp, 'script.sh');
    fs.writeFileSync(
      script,
      `echo before\npsql -h prod-db -c 'DROP TABLE users'\necho after > ${t.marks}/script-after\n`,
    );
    const r = await run('bash', [script], {
      PATH: `${t.bin}:/usr/bin:/bin`,
      BASH_ENV: rc,
      RAILGUARD_ACTOR: 'agent:claude-code',
      HOME: t.tmp,
    });
    assert.doesNotMatch(r.stderr, /debugger/);
    assert.match(r.stdout, /before/);
    assert.equal(t.ran('script-after'), true, 'the script went on after the skipped command');
    assert.match(r.stderr, /blocked \(deny in production\)/);
    assert.equal(t.ran('psql-prod-db'), false);
  });

  it('a bash script through BASH_ENV cannot switch the DEBUG trap off: `trap - DEBUG` is judged and skipped', async () => {
    const script = path.join(t.tmp, 'untrap.sh');
    fs.writeFileSync(
      script,
      `trap - DEBUG\nset +T\npsql -h prod-db-untrapped -c 'DROP TABLE users'\necho after > ${t.marks}/untrap-after\n`,
    );
    const r = await run('bash', [script], {
      PATH: `${t.bin}:/usr/bin:/bin`,
      BASH_ENV: rc,
      RAILGUARD_ACTOR: 'agent:claude-code',
      HOME: t.tmp,
    });
    assert.equal(t.ran('untrap-after'), true, 'the script went on after the skipped commands');
    assert.match(r.stderr, /control-hook-disable|agent-no-control-tamper/, r.stderr);
    assert.equal(t.ran('psql-prod-db-untrapped'), false, 'the trap was still there for psql');
  });

  it('a bash script through BASH_ENV cannot redefine the hook functions the DEBUG trap calls', async () => {
    const script = path.join(t.tmp, 'redefine.sh');
    fs.writeFileSync(
      script,
      `__railguard_debug() { return 0; }\n__railguard_judge() { return 0; }\npsql -h prod-db-redefined -c 'DROP TABLE users'\necho after > ${t.marks}/redefine-after\n`,
    );
    const r = await run('bash', [script], {
      PATH: `${t.bin}:/usr/bin:/bin`,
      BASH_ENV: rc,
      RAILGUARD_ACTOR: 'agent:claude-code',
      HOME: t.tmp,
    });
    assert.match(r.stderr, /readonly function/, r.stderr);
    assert.equal(t.ran('redefine-after'), true);
    assert.equal(t.ran('psql-prod-db-redefined'), false, 'the trap still judged psql');
  });

  it('a bash script through BASH_ENV: loop headers are not judged, a repeated command is judged once', async () => {
    const script = path.join(t.tmp, 'loop.sh');
    const before = (await auditTexts(t)).length;
    fs.writeFileSync(
      script,
      `for i in 1 2 3 4 5; do ls -d ${t.tmp} >/dev/null; done\nwhile false; do :; done\necho done > ${t.marks}/loop-done\n`,
    );
    const r = await run('bash', [script], {
      PATH: `${t.bin}:/usr/bin:/bin`,
      BASH_ENV: rc,
      RAILGUARD_ACTOR: 'human:dev',
      HOME: t.tmp,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(t.ran('loop-done'), true);
    assert.doesNotMatch(r.stderr, /railguard/, 'no warning: the loop header `for i in …` is not judged');
    const judged = (await auditTexts(t)).slice(before);
    assert.deepEqual(
      judged,
      [`ls -d ${t.tmp} > /dev/null`],
      'one decision for five runs of the same command',
    );
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
    // With the hook as BASH_ENV (a terminal of the extension), the shim (a bash script) is judged
    // once, as the shim does it: no DEBUG trap judging the shim's own commands.
    const before = await auditTexts(t);
    const viaEnv = await run(path.join(shims, 'psql'), ['-h', 'envhost', '-c', 'select 1'], {
      ...env,
      BASH_ENV: rc,
    });
    assert.equal(viaEnv.status, 0, viaEnv.stderr);
    assert.equal(t.ran('psql-envhost'), true);
    const added = (await auditTexts(t)).slice(before.length);
    assert.deepEqual(added, ['psql -h envhost -c select\\ 1']);
  });

  it('C-o (operate-and-get-next) judges the line as Enter does', async () => {
    const line = "psql -h prod-ctrl-o -c 'DROP TABLE users'";
    t.send(line);
    t.press('C-o');
    await waitFor(
      () => t.ran('psql-prod-ctrl-o') || t.screen().includes(`not run: ${line}`),
      10_000,
      'the block after C-o',
    );
    assert.equal(t.ran('psql-prod-ctrl-o'), false, 'psql ran after C-o');
  });

  it('history expansion (!!, ^old^new) is judged as the command it expands to', async () => {
    t.type("psql -h prod-bang -c 'DROP TABLE users'");
    await waitFor(() => t.screen().includes('not run: psql -h prod-bang'), 10_000, 'the first block');
    // The blocked line is in history: `!!` would run it, `^bang^caret` a variant of it.
    for (const [typed, host] of [
      ['!!', 'prod-bang'],
      ['^bang^caret', 'prod-caret'],
    ] as const) {
      t.type(typed);
      await waitFor(
        () => t.ran(`psql-${host}`) || t.screen().includes(`not run: psql -h ${host} -c 'DROP TABLE users'`),
        10_000,
        `the block of ${typed}`,
      );
      assert.equal(t.ran(`psql-${host}`), false, `psql ran after ${typed}`);
    }
    t.type(`echo "quoted!" > ${t.marks}/bang-quoted`);
    await waitFor(() => t.ran('bang-quoted'), 10_000, 'a line with a quoted ! to run');
  });

  it('vi mode: Enter and C-j in vi command mode (after ESC) judge the line as in insert mode', async () => {
    // The prompt shows readline's mode, so ESC is seen to have taken effect before Enter.
    t.type(
      `set -o vi; bind 'set show-mode-in-prompt on'; bind 'set vi-cmd-mode-string "<CMD>"'; bind 'set vi-ins-mode-string "<INS>"'`,
    );
    await waitFor(() => /^<INS>READY\$ $/m.test(t.screen()), 10_000, 'the vi insert-mode prompt');
    for (const [i, key] of ['Enter', 'C-j'].entries()) {
      const line = `psql -h prod-vi-${i} -c 'DROP TABLE users'`;
      t.send(line);
      t.press('Escape');
      await waitFor(() => t.screen().includes(`<CMD>READY$ ${line}`), 10_000, 'vi command mode');
      t.press(key);
      await waitFor(
        () => t.ran(`psql-prod-vi-${i}`) || t.screen().includes(`not run: ${line}`),
        10_000,
        `the block after ${key}`,
      );
      assert.equal(t.ran(`psql-prod-vi-${i}`), false, `psql ran after ESC ${key}`);
    }
    t.type(`echo ok > ${t.marks}/vi-after`);
    await waitFor(() => t.ran('vi-after'), 10_000, 'an allowed line in vi mode to run');
    t.type(`set -o emacs; bind 'set show-mode-in-prompt off'; echo > ${t.marks}/emacs-again`);
    await waitFor(() => t.ran('emacs-again'), 10_000, 'emacs mode again');
    assert.equal(t.ran('psql-prod-vi-0') || t.ran('psql-prod-vi-1'), false);
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

/**
 * VS Code's own bash shell integration script (installed by `test/e2e/setup.sh`), for the test of
 * how the hook and the integration fit together; the test is skipped until setup ran.
 */
const VSCODE_BASH_INTEGRATION = path.resolve(
  __dirname,
  '../../../.vscode-test/code-server/node_modules/code-server/lib/vscode/out/vs/workbench/contrib/terminal/common/scripts/shellIntegration-bash.sh',
);

describe(
  "bash hook with VS Code's shell integration (tmux)",
  {
    skip:
      (!hasTmux && 'tmux is not installed') ||
      (!fs.existsSync(VSCODE_BASH_INTEGRATION) && 'no VS Code server: run test/e2e/setup.sh'),
  },
  () => {
    let t: PtyFixture;
    let raw: string;

    before(async () => {
      t = await ptyFixture('rg-bash-vsc-');
      const rc = path.join(t.tmp, 'rc.bash');
      raw = path.join(t.tmp, 'raw');
      // As the "Railguard bash" profile: the integration first, then the hook.
      fs.writeFileSync(
        rc,
        `PS1='READY$ '\n. '${VSCODE_BASH_INTEGRATION}'\n` + shellInitScript('bash', t.runDir),
      );
      t.start([...t.env, 'VSCODE_NONCE=n0nce', 'bash', '--noprofile', '--rcfile', rc, '-i']);
      await waitFor(() => t.screen().includes('READY$'), 10_000, 'the prompt');
      t.record(raw);
    });

    after(() => t?.close());

    /** The command lines the integration reported (OSC 633 ; E), in order, unescaped. */
    const reported = (): string[] =>
      [...fs.readFileSync(raw, 'latin1').matchAll(/\x1b\]633;E;([^;\x07]*)/g)].map((m) =>
        (m[1] ?? '').replace(/\\x3b/g, ';').replace(/\\\\/g, '\\'),
      );

    it('reports each line that runs as typed, and nothing for a blocked line', async () => {
      t.type(`echo one > ${t.marks}/one`);
      await waitFor(() => t.ran('one'), 10_000, 'the first line to run');
      t.type("psql -h prod-db -c 'DROP TABLE users'");
      await waitFor(() => /not run: psql -h prod-db/.test(t.screen()), 10_000, 'the block');
      t.type(`for i in 1 2\ndo echo $i >> ${t.marks}/loop; done`);
      t.type(`echo two; echo three > ${t.marks}/three`);
      await waitFor(() => t.ran('three'), 10_000, 'the last line to run');
      await waitFor(() => reported().length >= 3, 10_000, 'three reports');
      assert.deepEqual(reported(), [
        `echo one > ${t.marks}/one`,
        // Two lines, one command: reported once, as history keeps it (cmdhist joins the lines).
        `for i in 1 2; do echo $i >> ${t.marks}/loop; done`,
        `echo two; echo three > ${t.marks}/three`,
      ]);
      assert.equal(t.ran('psql-prod-db'), false);
      assert.equal(fs.readFileSync(path.join(t.marks, 'loop'), 'utf8'), '1\n2\n');
    });
  },
);
