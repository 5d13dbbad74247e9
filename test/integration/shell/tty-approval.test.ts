import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { latestEvents } from '../../../extension/src/audit/trail';
import { decideAcked, findDaemon, isFailure } from '../../../server/src/daemon/client';
import { shellInitScript } from '../../../server/src/hooks/shell/scripts';
import { fishCommand, ptyFixture, waitFor, type PtyFixture } from './pty';

/**
 * Issue 12: a HUMAN's ask typed into a guarded interactive bash is answered at that terminal, as
 * sudo asks (`[y/N]`, timeout ⇒ no), and the audit record names the approver. An AGENT's ask
 * never gets the prompt. A real bash in a pty (tmux) against a real daemon; the fake `psql` leaves
 * a marker when it runs.
 */
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** The audit events of `t`'s daemon whose text is `text`, newest first (after its queue drained). */
async function auditOf(t: PtyFixture, text: string): Promise<Awaited<ReturnType<typeof latestEvents>>> {
  await waitFor(
    () => (t.daemon.recorder?.health() as { audit: { queued: number } }).audit.queued === 0,
    10_000,
    'the audit queue to drain',
  );
  await new Promise((r) => setTimeout(r, 50));
  return (await latestEvents(path.join(t.tmp, 'audit'), 1000)).filter((e) => e.what.text === text);
}

/** True while the terminal's last line is the question, waiting for its answer. */
const asking = (t: PtyFixture): boolean => /Run it\? \[y\/N\] \(\d+s\)$/.test(t.screen().trimEnd());

/** Starts an interactive bash with the hook in `t`, as `actor` (`human` drops RAILGUARD_ACTOR). */
async function startBash(t: PtyFixture, actor: 'human' | 'agent', extra: string[] = []): Promise<void> {
  const rc = path.join(t.tmp, 'rc.bash');
  fs.writeFileSync(rc, `PS1='READY$ '\n` + shellInitScript('bash', t.runDir));
  const env = actor === 'human' ? t.env.filter((e) => !e.startsWith('RAILGUARD_ACTOR=')) : t.env;
  t.start([...env, ...extra, 'bash', '--noprofile', '--rcfile', rc, '-i']);
  await waitFor(() => t.screen().includes('READY$'), 10_000, 'the prompt');
}

describe('TTY approval of a human ask in bash (tmux)', { skip: !hasTmux && 'tmux is not installed' }, () => {
  let t: PtyFixture;

  before(async () => {
    t = await ptyFixture('rg-tty-human-');
    await startBash(t, 'human', ['RAILGUARD_TTY_TIMEOUT=3']);
  });
  after(() => t?.close());

  it('asks on the terminal; y runs the command and the audit record names human:alice via tty', async () => {
    const cmd = "psql -h prod-a -c 'DELETE FROM users'";
    t.type(cmd);
    await waitFor(() => asking(t), 10_000, 'the prompt');
    const s = t.screen();
    assert.match(s, /needs your approval \(production\)/);
    assert.match(s, /command: psql -h prod-a -c 'DELETE FROM users'/);
    assert.match(s, /default\/prod-human-ask-risky/);
    assert.equal(t.ran('psql-prod-a'), false, 'nothing runs before the answer');
    t.send('y');
    await waitFor(() => t.ran('psql-prod-a'), 10_000, 'psql to run after y');
    const [e] = await auditOf(t, cmd);
    assert.equal(e?.outcome.effect, 'allow');
    assert.equal(e?.outcome.approval, 'approved');
    assert.equal(e?.identity.approver, 'human:alice via tty');
  });

  it('n does not run it (recorded as rejected)', async () => {
    const cmd = "psql -h prod-b -c 'DELETE FROM users'";
    t.type(cmd);
    await waitFor(() => asking(t), 10_000, 'the prompt');
    t.send('n');
    await waitFor(() => /not run: psql -h prod-b/.test(t.screen()), 10_000, 'the block');
    assert.match(t.screen(), /blocked \(deny in production\): rejected/, t.screen());
    assert.equal(t.ran('psql-prod-b'), false);
    const [e] = await auditOf(t, cmd);
    assert.equal(e?.outcome.effect, 'deny');
    assert.equal(e?.outcome.approval, 'rejected');
  });

  it('no answer within the timeout does not run it', async () => {
    t.type("psql -h prod-c -c 'DELETE FROM users'");
    await waitFor(() => /no answer within 3s/.test(t.screen()), 15_000, 'the timeout');
    await waitFor(() => /not run: psql -h prod-c/.test(t.screen()), 10_000, 'the block');
    assert.equal(t.ran('psql-prod-c'), false);
  });

  it('keys typed before the question cannot answer it', async () => {
    // "y" queued right behind Enter arrives before the prompt is shown: it is discarded.
    t.send("psql -h prod-d -c 'DELETE FROM users'");
    t.press('Enter', 'y');
    await waitFor(() => /not run: psql -h prod-d/.test(t.screen()), 15_000, 'the block after the timeout');
    assert.equal(t.ran('psql-prod-d'), false);
  });
});

describe('an agent ask never gets a TTY prompt (tmux)', { skip: !hasTmux && 'tmux is not installed' }, () => {
  let t: PtyFixture;

  before(async () => {
    t = await ptyFixture('rg-tty-agent-');
    await startBash(t, 'agent');
  });
  after(() => t?.close());

  it('an agent typing an asked command is blocked at once, without a question', async () => {
    // Outside production an agent's DROP TABLE is `ask` (default/ask-data-loss); no approver ⇒ blocked.
    t.type("psql -h devbox -c 'DROP TABLE users'");
    await waitFor(() => /not run: psql -h devbox/.test(t.screen()), 10_000, 'the block');
    assert.doesNotMatch(t.screen(), /Run it\?|needs your approval/);
    assert.equal(t.ran('psql-devbox'), false);
  });
});

describe(
  'railguard approvals in a real terminal (tmux)',
  { skip: !hasTmux && 'tmux is not installed' },
  () => {
    let t: PtyFixture;

    before(async () => {
      t = await ptyFixture('rg-approvals-tty-');
      const root = path.resolve(__dirname, '../../..');
      const sh = path.join(t.tmp, 'approvals.sh');
      fs.writeFileSync(
        sh,
        `#!/bin/sh\ncd '${root}'\nexport TERM=xterm HOME='${t.tmp}' RAILGUARD_RUNTIME_DIR='${t.runDir}'\n` +
          `'${process.execPath}' --import tsx server/src/cli/main.ts approvals\necho "EXIT=$?"\nsleep 60\n`,
        { mode: 0o755 },
      );
      t.start([sh]);
      await waitFor(() => /waiting for asks/.test(t.screen()), 30_000, 'the session to attach');
    });
    after(() => t?.close());

    it('shows a waiting agent ask and rejects it on n; Ctrl-D ends the session (exit 0)', async () => {
      const target = findDaemon(t.daemon.paths);
      assert.ok(target);
      const answer = decideAcked(
        target,
        {
          action: { kind: 'shell', text: "psql -h devbox -c 'DROP TABLE x'" },
          actor: 'agent:claude-code',
          source: 'agent-hook',
        },
        10_000,
        30_000,
      );
      await waitFor(
        () => /Approve\? \[y\/n\/s\(kip\)\/q\]$/.test(t.screen().trimEnd()),
        10_000,
        'the question',
      );
      assert.match(t.screen(), /agent:claude-code in development, \d+ s ago/);
      assert.match(t.screen(), /shell: psql -h devbox -c 'DROP TABLE x'/);
      t.type('n');
      const r = await answer;
      assert.ok(!isFailure(r), JSON.stringify(r));
      assert.equal(r.effect, 'deny');
      assert.match(
        String((r.approval as { approver?: string }).approver),
        /^human:.+ via railguard approvals$/,
      );
      await waitFor(() => /rejected as human:/.test(t.screen()), 10_000, 'the confirmation');
      t.press('C-d');
      await waitFor(() => /EXIT=0/.test(t.screen()), 10_000, 'the session to end');
    });
  },
);

const hasZsh = spawnSync('zsh', ['--version']).status === 0;

describe(
  'TTY approval of a human ask in zsh (tmux)',
  {
    skip: (!hasTmux && 'tmux is not installed') || (!hasZsh && 'zsh is not installed'),
  },
  () => {
    let t: PtyFixture;

    before(async () => {
      t = await ptyFixture('rg-tty-zsh-');
      fs.writeFileSync(path.join(t.tmp, '.zshrc'), shellInitScript('zsh', t.runDir) + `\nPS1='READY> '\n`);
      const env = t.env.filter((e) => !e.startsWith('RAILGUARD_ACTOR='));
      t.start([...env, 'RAILGUARD_TTY_TIMEOUT=3', `ZDOTDIR=${t.tmp}`, 'zsh', '-i']);
      await waitFor(() => t.screen().includes('READY>'), 15_000, 'the prompt');
    });
    after(() => t?.close());

    it('y runs the command (audited as human:alice via tty); n does not', async () => {
      const cmd = "psql -h prod-z -c 'DELETE FROM users'";
      t.type(cmd);
      await waitFor(() => asking(t), 15_000, 'the prompt');
      assert.match(t.screen(), /command: psql -h prod-z -c 'DELETE FROM users'/);
      t.send('y');
      await waitFor(() => t.ran('psql-prod-z'), 15_000, 'psql to run after y');
      const [e] = await auditOf(t, cmd);
      assert.equal(e?.identity.approver, 'human:alice via tty');
      t.type("psql -h prod-y -c 'DELETE FROM users'");
      await waitFor(() => asking(t), 15_000, 'the second prompt');
      t.send('n');
      await waitFor(() => /blocked \(deny in production\): rejected/.test(t.screen()), 15_000, 'the block');
      assert.equal(t.ran('psql-prod-y'), false);
    });
  },
);

const hasFish = spawnSync('fish', ['--version']).status === 0;

describe(
  'TTY approval of a human ask in fish (tmux)',
  {
    skip: (!hasTmux && 'tmux is not installed') || (!hasFish && 'fish is not installed'),
  },
  () => {
    let t: PtyFixture;

    before(async () => {
      t = await ptyFixture('rg-tty-fish-');
      const rc = path.join(t.tmp, 'rc.fish');
      fs.writeFileSync(rc, shellInitScript('fish', t.runDir));
      const env = t.env.filter((e) => !e.startsWith('RAILGUARD_ACTOR='));
      t.start([...env, 'RAILGUARD_TTY_TIMEOUT=3', ...fishCommand(rc)]);
      await waitFor(() => t.screen().includes('READY>'), 15_000, 'the prompt');
    });
    after(() => t?.close());

    // fish sets $USER from the account database at startup: the hook names the real user.
    it('y runs the command (audited as the human via tty); n does not', async () => {
      const cmd = "psql -h prod-f -c 'DELETE FROM users'";
      t.type(cmd);
      await waitFor(() => asking(t), 15_000, 'the prompt');
      assert.match(t.screen(), /needs your approval \(production\)/);
      assert.match(t.screen(), /command: psql -h prod-f -c 'DELETE FROM users'/);
      assert.equal(t.ran('psql-prod-f'), false, 'nothing runs before the answer');
      t.send('y');
      await waitFor(() => t.ran('psql-prod-f'), 15_000, 'psql to run after y');
      const [e] = await auditOf(t, cmd);
      assert.equal(e?.outcome.approval, 'approved');
      assert.equal(e?.identity.approver, `human:${os.userInfo().username} via tty`);
      t.type("psql -h prod-g -c 'DELETE FROM users'");
      await waitFor(() => asking(t), 15_000, 'the second prompt');
      t.send('n');
      await waitFor(() => /blocked \(deny in production\): rejected/.test(t.screen()), 15_000, 'the block');
      assert.equal(t.ran('psql-prod-g'), false);
    });

    it('keys typed before the question, and no answer, do not run it', async () => {
      t.send("psql -h prod-h -c 'DELETE FROM users'");
      t.press('Enter', 'y');
      await waitFor(() => /no answer within 3s/.test(t.screen()), 20_000, 'the timeout');
      await waitFor(() => /blocked \(deny in production\)/.test(t.screen()), 10_000, 'the block');
      assert.equal(t.ran('psql-prod-h'), false);
    });

    it('a dd planted on PATH cannot answer the question (the hook runs the system dd)', async () => {
      // Bypass: a program named like one the hook runs, earlier on PATH, that "types" y.
      fs.writeFileSync(path.join(t.bin, 'dd'), `#!/bin/sh\necho ran > '${t.marks}/fake-dd'\nprintf y\n`, {
        mode: 0o755,
      });
      const count = (re: RegExp): number => t.screen().match(re)?.length ?? 0;
      const timeouts = count(/no answer within 3s/g);
      const blocks = count(/blocked \(deny in production\)/g);
      t.type("psql -h prod-i -c 'DELETE FROM users'");
      await waitFor(() => count(/no answer within 3s/g) > timeouts, 20_000, 'the timeout');
      await waitFor(() => count(/blocked \(deny in production\)/g) > blocks, 10_000, 'the block');
      assert.equal(t.ran('psql-prod-i'), false);
      assert.equal(t.ran('fake-dd'), false, 'the planted dd never ran');
    });
  },
);
