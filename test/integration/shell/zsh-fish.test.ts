import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { shellInitScript } from '../../../server/src/hooks/shell/scripts';
import { fishCommand, ptyFixture, waitFor, type PtyFixture } from './pty';

/**
 * A listener standing in for the daemon: on a loopback port, or (`socket`) on the daemon's socket
 * path, the real socket moved aside until `close` puts it back. Keeps each request it gets and
 * answers `answer`.
 */
async function impostor(
  answer: string,
  socket?: string,
): Promise<{ port: number; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server = net.createServer((c) => {
    let got = '';
    c.on('error', () => undefined);
    c.on('data', (d: Buffer) => {
      got += d.toString('utf8');
      const end = got.indexOf('\r\n\r\n');
      const len = Number(/content-length: (\d+)/i.exec(got)?.[1] ?? 0);
      if (end < 0 || Buffer.byteLength(got.slice(end + 4)) < len) return;
      seen.push(got);
      c.end(answer);
    });
  });
  if (socket) fs.renameSync(socket, `${socket}.real`);
  await new Promise<void>((resolve) =>
    socket ? server.listen(socket, resolve) : server.listen(0, '127.0.0.1', resolve),
  );
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    seen,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          if (socket) fs.renameSync(`${socket}.real`, socket);
          resolve();
        }),
      ),
  };
}

/**
 * The zsh (accept-line widget, ztcp) and fish (Enter binding, curl) hooks in real shells running
 * in a pty (tmux). Skipped when the shell is not installed (test/integration/shell/setup.sh
 * installs them).
 */
const has = (cmd: string): boolean => spawnSync(cmd, [cmd === 'tmux' ? '-V' : '--version']).status === 0;

for (const shell of ['zsh', 'fish'] as const) {
  const skip = !has('tmux') ? 'tmux is not installed' : !has(shell) ? `${shell} is not installed` : false;
  describe(`${shell} hook in a real pty (tmux)`, { skip }, () => {
    let t: PtyFixture;

    before(async () => {
      t = await ptyFixture(`rg-${shell}-`);
      const rc = path.join(t.tmp, shell === 'zsh' ? '.zshrc' : 'rc.fish');
      fs.writeFileSync(rc, shellInitScript(shell, t.runDir));
      if (shell === 'zsh') fs.appendFileSync(rc, `\nPS1='READY> '\n`);
      t.start(shell === 'zsh' ? [...t.env, `ZDOTDIR=${t.tmp}`, 'zsh', '-i'] : [...t.env, ...fishCommand(rc)]);
      await waitFor(() => t.screen().includes('READY>'), 15_000, 'the prompt');
    });

    after(() => t?.close());

    it('does not execute a denied production DROP TABLE; an allowed command runs', async () => {
      t.type("psql -h prod-db -c 'DROP TABLE users'");
      await waitFor(
        () => /railguard: blocked \(deny in production\)/.test(t.screen()),
        15_000,
        'the block message',
      );
      assert.match(t.screen(), /prod-agent-no-data-loss/);
      t.type(`echo ok > ${t.marks}/echo-1`);
      await waitFor(() => t.ran('echo-1'), 15_000, 'echo to run');
      assert.equal(t.ran('psql-prod-db'), false);
    });

    it('judges a command continued over several lines as one, before any of it runs', async () => {
      // Issue 12: continuation lines were judged (or, in a heredoc body, run) one by one.
      const cases =
        shell === 'zsh'
          ? [
              ['psql -h prod-db <<EOF', 'DROP TABLE users', 'EOF'],
              ["echo 'DROP TABLE users' |", 'psql -h prod-db'],
              ['psql -h prod-db -c "DROP', 'TABLE users"'],
            ]
          : [
              ["echo 'DROP TABLE users' |", 'psql -h prod-db'],
              ['psql -h prod-db -c "DROP', 'TABLE users"'],
            ];
      for (const lines of cases) {
        const before = blocks();
        for (const l of lines) t.type(l);
        await waitFor(() => blocks() === before + 1, 15_000, `${lines.join(' / ')} refused as one command`);
      }
      t.type(`echo continued > ${t.marks}/continued`);
      await waitFor(() => t.ran('continued'), 15_000, 'the next line to run');
      assert.equal(t.ran('psql-prod-db'), false, 'psql never ran');
    });

    /** How many block messages the screen shows. */
    const blocks = (): number =>
      (t.screen().match(/railguard: blocked \(deny in production\)/g) ?? []).length;

    /**
     * Types `psql -h HOST -c 'DROP TABLE users'` (without Enter), runs `accept` (the keys that
     * accept the line, after any mode switch) and asserts that the line was judged and not run.
     */
    const refused = async (host: string, accept: () => Promise<void> | void): Promise<void> => {
      const before = blocks();
      t.send(`psql -h ${host} -c 'DROP TABLE users'`);
      await accept();
      await waitFor(() => t.ran(`psql-${host}`) || blocks() > before, 15_000, `the block of ${host}`);
      assert.equal(t.ran(`psql-${host}`), false, `psql -h ${host} ran`);
    };

    /**
     * Presses `key` (ESC, a vi command) on the typed line for `host` and waits until the prompt,
     * which shows the editing mode, reads `prompt`: the mode has changed before the next key.
     */
    const mode = async (key: string, prompt: string, host: string): Promise<void> => {
      t.press(key);
      const line = `${prompt}psql -h ${host} -c 'DROP TABLE users'`;
      await waitFor(() => t.screen().includes(line), 15_000, `"${line}" on screen`);
    };

    /** Runs `line` and waits until it has (it leaves a marker). */
    const run = async (line: string, marker: string): Promise<void> => {
      t.type(`${line}; echo > ${t.marks}/${marker}`);
      await waitFor(() => t.ran(marker), 15_000, `${line} to run`);
    };

    if (shell === 'zsh') {
      it('every widget that accepts a line judges it: C-o, ESC a, vi insert and command mode; !! as expanded', async () => {
        await refused('prod-ctrl-o', () => t.press('C-o')); // accept-line-and-down-history
        t.press('C-u');
        await refused('prod-esc-a', () => t.press('M-a')); // accept-and-hold
        t.press('C-u');
        // A blocked line is in history: `!!` must be judged as the command it expands to.
        await refused('prod-bang', () => t.press('Enter'));
        const before = blocks();
        t.type('!!');
        await waitFor(() => t.ran('psql-prod-bang') || blocks() > before, 15_000, 'the block of !!');
        assert.equal(t.ran('psql-prod-bang'), false, '!! ran the blocked line');
        // The prompt shows the keymap, so ESC is seen to have taken effect before Enter.
        await run(
          `bindkey -v; function zle-line-init zle-keymap-select { PS1="<$KEYMAP>READY> "; zle reset-prompt }; zle -N zle-line-init; zle -N zle-keymap-select`,
          'vi-on',
        );
        await refused('prod-viins', () => t.press('Enter'));
        for (const [host, key] of [
          ['prod-vicmd-m', 'Enter'],
          ['prod-vicmd-j', 'C-j'],
        ] as const)
          await refused(host, async () => {
            await mode('Escape', '<vicmd>READY> ', host);
            t.press(key);
          });
        await run(`bindkey -e; zle -D zle-line-init zle-keymap-select; PS1='READY> '`, 'vi-off');
      });
    } else {
      it('every key that executes a line judges it: C-j, Ctrl/Shift+Enter, vi insert, normal and replace mode', async () => {
        await refused('prod-ctrl-j', () => t.press('C-j'));
        for (const [i, seq] of ['\x1b[13;5u', '\x1b[27;5;13~', '\x1b[13;2u', '\x1b[27;2;13~'].entries())
          await refused(`prod-modified-enter-${i}`, () => t.send(seq));
        // fish --no-config has no handler for $fish_key_bindings: the function is called again.
        await run('set -g fish_key_bindings fish_vi_key_bindings; fish_vi_key_bindings', 'vi-on');
        await refused('prod-insert', () => t.press('Enter'));
        // The mode prompt ([I], [N], [R]) shows that ESC took effect before Enter.
        await refused('prod-normal', async () => {
          await mode('Escape', '[N] READY> ', 'prod-normal');
          t.press('Enter');
        });
        await refused('prod-replace', async () => {
          await mode('Escape', '[N] READY> ', 'prod-replace');
          await mode('R', '[R] READY> ', 'prod-replace');
          t.press('Enter');
        });
        // Enter in normal mode ends in insert mode, as fish's own binding there does.
        t.send(`echo > ${t.marks}/from-normal`);
        t.press('Escape');
        await waitFor(
          () => t.screen().includes(`[N] READY> echo > ${t.marks}/from-normal`),
          15_000,
          'normal mode',
        );
        t.press('Enter');
        await waitFor(() => t.ran('from-normal'), 15_000, 'the allowed line from normal mode to run');
        const lastLine = (): string => t.screen().trimEnd().split('\n').pop() ?? '';
        await waitFor(() => lastLine().startsWith('[I] READY>'), 15_000, 'insert mode after Enter');
        // As fish's handler of $fish_key_bindings would (it also sets the mode).
        await run(
          'set -g fish_key_bindings fish_default_key_bindings; fish_default_key_bindings; set -g fish_bind_mode default',
          'vi-off',
        );
      });
    }

    it('an impostor on the endpoint (allow, with or without a made-up proof) gets no token and the command is not run', async () => {
      // Issue 10 repro 3: something else listens where the hook looks (zsh: the port file, fish:
      // the socket) and answers `allow`; the real daemon comes back afterwards.
      const token = fs.readFileSync(path.join(t.runDir, 'token'), 'utf8').trim();
      const sock = path.join(t.runDir, 'daemon.sock');
      const portFile = path.join(t.runDir, 'port');
      const realPort = fs.readFileSync(portFile, 'utf8');
      for (const [i, proof] of ['', `\t${'ab'.repeat(32)}`].entries()) {
        const fake = await impostor(
          `HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nallow\tdevelopment\t-\tfine${proof}\n`,
          shell === 'zsh' ? undefined : sock,
        );
        try {
          if (shell === 'zsh') fs.writeFileSync(portFile, `${fake.port}\n`);
          const before = (t.screen().match(/did not prove it came from the daemon/g) ?? []).length;
          t.type(`echo > ${t.marks}/impostor-${i}`);
          await waitFor(
            () => (t.screen().match(/did not prove it came from the daemon/g) ?? []).length > before,
            15_000,
            'the block of an unproven allow',
          );
          assert.equal(t.ran(`impostor-${i}`), false, "the command ran on the impostor's allow");
          assert.equal(fake.seen.length, 1, 'the hook asked the impostor');
          assert.ok(!fake.seen[0]!.includes(token), 'the token was sent');
          assert.match(fake.seen[0]!, /x-railguard-nonce: [0-9a-f]{32}\r\n/i);
        } finally {
          if (shell === 'zsh') fs.writeFileSync(portFile, realPort);
          await fake.close();
        }
      }
      await run('echo real-daemon-again', 'after-impostor');
    });

    it('with the daemon stopped: blocks a production command, runs a dev one with a warning', async () => {
      await t.stopDaemon();
      t.type("psql -h prod-db -c 'select 1'");
      await waitFor(() => /looks like production/.test(t.screen()), 15_000, 'the fail-rule block');
      t.type("psql -h devbox -c 'select 1'");
      await waitFor(() => t.ran('psql-devbox'), 15_000, 'the dev command to run');
      assert.match(t.screen(), /warning: command not checked/);
      assert.equal(t.ran('psql-prod-db'), false);
    });
  });
}
