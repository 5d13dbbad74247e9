import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths } from '../../../server/src/daemon/paths';

/** Polls `cond` every 50 ms until true; fails the test after `ms` naming `what`. */
export async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out after ${ms} ms waiting for ${what}`);
}

/**
 * What a shell-hook test runs in: a temp folder, a fake `psql` on `bin` that leaves a marker file
 * `marks/psql-<host>` when it runs (so "not executed" is observable), a daemon with its own
 * runtime folder, audit log and outbox (never the user's ~/.railguard), and a tmux session.
 */
export interface PtyFixture {
  tmp: string;
  marks: string;
  bin: string;
  runDir: string;
  daemon: RunningDaemon;
  /** `env -i …` prefix for the shell command: HOME, PATH (fake bin first), TERM, USER, agent actor. */
  env: string[];
  /** Starts the tmux session running `command` (words joined by spaces). */
  start(command: string[]): void;
  screen(): string;
  /** Types `line` and presses Enter, as a person (or an agent driving a terminal) would. */
  type(line: string): void;
  /** Types `text` without pressing Enter. */
  send(text: string): void;
  /** Presses keys by tmux's names (`Escape`, `Enter`, `C-j`), one after the other. */
  press(...keys: string[]): void;
  /** Appends everything the pane prints from now on, escape sequences included, to `file`. */
  record(file: string): void;
  /** True once the fake command `name` (e.g. `psql-prod-db`) or a test marker exists. */
  ran(name: string): boolean;
  /** Stops the daemon (tests of the fail rule); `close` then skips it. */
  stopDaemon(): Promise<void>;
  close(): Promise<void>;
}

/** Creates a {@link PtyFixture}; `prefix` names the temp folder. */
export async function ptyFixture(prefix: string): Promise<PtyFixture> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const marks = path.join(tmp, 'marks');
  const bin = path.join(tmp, 'bin');
  const runDir = path.join(tmp, 'run');
  fs.mkdirSync(marks);
  fs.mkdirSync(bin);
  fs.writeFileSync(
    path.join(bin, 'psql'),
    `#!/bin/bash\nh=unknown; while [ $# -gt 0 ]; do [ "$1" = -h ] && h=$2; shift; done\necho ran > "${marks}/psql-$h"\n`,
    { mode: 0o755 },
  );
  const daemon = await startDaemon({
    paths: runtimePaths({ RAILGUARD_RUNTIME_DIR: runDir }),
    cwd: tmp,
    watch: false,
    record: { auditDir: path.join(tmp, 'audit'), outboxDir: path.join(tmp, 'outbox') },
  });
  const sock = path.join(tmp, 'tmux.sock');
  let started = false;
  let daemonUp = true;
  const stopDaemon = async (): Promise<void> => {
    if (!daemonUp) return;
    daemonUp = false;
    await daemon.close();
  };
  const tmux = (...args: string[]): string =>
    execFileSync('tmux', ['-S', sock, ...args], { encoding: 'utf8' });
  return {
    tmp,
    marks,
    bin,
    runDir,
    daemon,
    env: [
      'env',
      '-i',
      `HOME=${tmp}`,
      `PATH=${bin}:/usr/bin:/bin`,
      'TERM=xterm',
      'USER=alice',
      'RAILGUARD_ACTOR=agent:claude-code',
    ],
    start(command) {
      tmux('new-session', '-d', '-s', 't', '-x', '220', '-y', '50', command.join(' '));
      started = true;
    },
    screen: () => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', 't'),
    type(line) {
      tmux('send-keys', '-t', 't', '-l', line);
      tmux('send-keys', '-t', 't', 'Enter');
    },
    send(text) {
      tmux('send-keys', '-t', 't', '-l', text);
    },
    press(...keys) {
      tmux('send-keys', '-t', 't', ...keys);
    },
    record(file) {
      tmux('pipe-pane', '-o', '-t', 't', `cat >> '${file.replace(/'/g, `'\\''`)}'`);
    },
    ran: (name) => fs.existsSync(path.join(marks, name)),
    stopDaemon,
    async close() {
      if (started) spawnSync('tmux', ['-S', sock, 'kill-server']);
      await stopDaemon();
      // The killed shell may still be writing its history on the way out: retry for up to 5 s.
      await waitFor(
        () => {
          try {
            fs.rmSync(tmp, { recursive: true, force: true });
            return true;
          } catch {
            return false;
          }
        },
        5_000,
        `removing ${tmp}`,
      );
    },
  };
}

/** The command that starts an interactive fish without user config, sourcing `rc`, prompt `READY> `. */
export function fishCommand(rc: string): string[] {
  return ['fish', '--no-config', '-i', '-C', `'source ${rc}; function fish_prompt; echo "READY> "; end'`];
}
