import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths } from '../../../server/src/daemon/paths';
import { shellInitScript } from '../../../server/src/hooks/shell/scripts';

/**
 * The zsh (accept-line widget, ztcp) and fish (Enter binding, curl) hooks in real shells running
 * in a pty (tmux). Skipped when the shell is not installed (test/integration/shell/setup.sh
 * installs them).
 */
const has = (cmd: string): boolean => spawnSync(cmd, [cmd === 'tmux' ? '-V' : '--version']).status === 0;

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out after ${ms} ms waiting for ${what}`);
}

for (const shell of ['zsh', 'fish'] as const) {
  const skip = !has('tmux') ? 'tmux is not installed' : !has(shell) ? `${shell} is not installed` : false;
  describe(`${shell} hook in a real pty (tmux)`, { skip }, () => {
    let tmp: string;
    let marks: string;
    let daemon: RunningDaemon | undefined;
    let tmuxSock: string;
    const tmux = (...args: string[]): string =>
      execFileSync('tmux', ['-S', tmuxSock, ...args], { encoding: 'utf8' });
    const screen = (): string => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', 't');
    const type = (line: string): void => {
      tmux('send-keys', '-t', 't', '-l', line);
      tmux('send-keys', '-t', 't', 'Enter');
    };
    const ran = (name: string): boolean => fs.existsSync(path.join(marks, name));

    before(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), `rg-${shell}-`));
      marks = path.join(tmp, 'marks');
      const bin = path.join(tmp, 'bin');
      fs.mkdirSync(marks);
      fs.mkdirSync(bin);
      fs.writeFileSync(
        path.join(bin, 'psql'),
        `#!/bin/bash\nh=unknown; while [ $# -gt 0 ]; do [ "$1" = -h ] && h=$2; shift; done\necho ran > "${marks}/psql-$h"\n`,
        { mode: 0o755 },
      );
      const runDir = path.join(tmp, 'run');
      daemon = await startDaemon({
        paths: runtimePaths({ RAILGUARD_RUNTIME_DIR: runDir }),
        cwd: tmp,
        watch: false,
        // Its own audit log and outbox: never the user's ~/.railguard (the lock is per directory).
        record: { auditDir: path.join(tmp, 'audit'), outboxDir: path.join(tmp, 'outbox') },
      });
      const rc = path.join(tmp, shell === 'zsh' ? '.zshrc' : 'rc.fish');
      fs.writeFileSync(rc, shellInitScript(shell, runDir));
      const env = [
        'env',
        '-i',
        `HOME=${tmp}`,
        `PATH=${bin}:/usr/bin:/bin`,
        'TERM=xterm',
        'USER=alice',
        'RAILGUARD_ACTOR=agent:claude-code',
      ];
      const cmd =
        shell === 'zsh'
          ? [...env, `ZDOTDIR=${tmp}`, 'zsh', '-i']
          : [
              ...env,
              'fish',
              '--no-config',
              '-i',
              '-C',
              `'source ${rc}; function fish_prompt; echo "READY> "; end'`,
            ];
      if (shell === 'zsh') fs.appendFileSync(rc, `\nPS1='READY> '\n`);
      tmuxSock = path.join(tmp, 'tmux.sock');
      tmux('new-session', '-d', '-s', 't', '-x', '220', '-y', '50', cmd.join(' '));
      await waitFor(() => screen().includes('READY>'), 15_000, 'the prompt');
    });

    after(async () => {
      if (tmuxSock) spawnSync('tmux', ['-S', tmuxSock, 'kill-server']);
      await daemon?.close();
      fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    });

    it('does not execute a denied production DROP TABLE; an allowed command runs', async () => {
      type("psql -h prod-db -c 'DROP TABLE users'");
      await waitFor(
        () => /railguard: blocked \(deny in production\)/.test(screen()),
        15_000,
        'the block message',
      );
      assert.match(screen(), /prod-agent-no-data-loss/);
      type(`echo ok > ${marks}/echo-1`);
      await waitFor(() => ran('echo-1'), 15_000, 'echo to run');
      assert.equal(ran('psql-prod-db'), false);
    });

    it('with the daemon stopped: blocks a production command, runs a dev one with a warning', async () => {
      await daemon?.close();
      daemon = undefined;
      type("psql -h prod-db -c 'select 1'");
      await waitFor(() => /looks like production/.test(screen()), 15_000, 'the fail-rule block');
      type("psql -h devbox -c 'select 1'");
      await waitFor(() => ran('psql-devbox'), 15_000, 'the dev command to run');
      assert.match(screen(), /warning: command not checked/);
      assert.equal(ran('psql-prod-db'), false);
    });
  });
}
