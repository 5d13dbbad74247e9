import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { shellInitScript } from '../../../server/src/hooks/shell/scripts';
import { ptyFixture, waitFor, type PtyFixture } from './pty';

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
      t.start(
        shell === 'zsh'
          ? [...t.env, `ZDOTDIR=${t.tmp}`, 'zsh', '-i']
          : [
              ...t.env,
              'fish',
              '--no-config',
              '-i',
              '-C',
              `'source ${rc}; function fish_prompt; echo "READY> "; end'`,
            ],
      );
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
