/// <reference types="mocha" />
/**
 * The bash hook in a real VS Code integrated terminal: a terminal opened with the "Railguard bash"
 * profile (`bash --rcfile <the extension's rc>`) loads VS Code's shell integration and the
 * Railguard readline hook; an agent (`CLAUDECODE=1` in the terminal's environment) typing
 * `psql -h prod-db -c 'DROP TABLE users'` + Enter gets the line refused before it runs (a fake
 * `psql` first on PATH would leave a marker file), the reason shows in the terminal, and the next
 * line runs, and shell integration reports that line's command line exactly as typed (the hook's
 * `bind -x` call on Enter is not taken for the command). PATH shims from the environment variable
 * collection are first on PATH. The same holds
 * for bash started with no arguments (as the default profile: VS Code injects its integration), where
 * the hook arrives through the collection's PROMPT_COMMAND loader.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RailguardApi } from '../../../extension/src/extension';
import { shellIntegrationOf, until, waitForDaemon } from './terminal-helpers';

const DROP = "psql -h prod-db -c 'DROP TABLE users'";

/**
 * Records the shell executions VS Code's shell integration sees end in `terminal`, as
 * `commandLine => exitCode` strings (dispose the returned subscription).
 */
function recordEnds(terminal: vscode.Terminal, into: string[]): vscode.Disposable {
  return vscode.window.onDidEndTerminalShellExecution((e) => {
    if (e.terminal === terminal) into.push(`${e.execution.commandLine.value} => ${String(e.exitCode)}`);
  });
}

describe('Railguard bash hook in an integrated terminal', function () {
  this.timeout(90_000);
  let api: RailguardApi;
  let dir = '';
  const terminals: vscode.Terminal[] = [];

  before(async () => {
    const ext = vscode.extensions.getExtension<RailguardApi>('railguard.railguard');
    assert.ok(ext);
    api = await ext.activate();
    await waitForDaemon();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'railguard-e2e-term-'));
    // A fake psql that only leaves a marker: if it ever runs, the line was executed.
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(path.join(dir, 'bin', 'psql'), `#!/bin/sh\necho ran > '${dir}/psql-ran'\n`, {
      mode: 0o755,
    });
  });

  after(() => {
    for (const t of terminals) t.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the hook, the profile rc and the PATH shims', () => {
    const files = api.terminal.files();
    assert.ok(files, 'railguard.terminalHook is on by default');
    assert.match(fs.readFileSync(files.rc, 'utf8'), /shellIntegration-bash\.sh/);
    assert.ok(fs.statSync(path.join(files.shimDir, 'psql')).mode & 0o100);
  });

  it('does not run a production DROP typed by an agent, shows why, then runs the next line', async () => {
    const files = api.terminal.files();
    assert.ok(files);
    const work = workDir('profile');
    // The profile's rc, with the terminal's stderr (where the hook reports) also copied to a log.
    const rc = path.join(work, 'rc');
    fs.writeFileSync(rc, `exec 2> >(tee -a '${path.join(work, 'terminal.log')}' >&2)\n. '${files.rc}'\n`);
    const options = api.terminal.terminalOptions(agentTerminal(work));
    const terminal = vscode.window.createTerminal({ ...options, shellArgs: ['--rcfile', rc] });
    await expectDropRefused(terminal, work, files.shimDir, false);
  });

  it('also guards bash started as VS Code starts the default profile (PROMPT_COMMAND loader)', async () => {
    const files = api.terminal.files();
    assert.ok(files);
    const work = workDir('default');
    // No arguments: VS Code injects its own shell integration (--init-file); the hook can only
    // arrive through the environment collection's PROMPT_COMMAND.
    const terminal = vscode.window.createTerminal({
      name: 'default bash',
      shellPath: 'bash',
      ...agentTerminal(work),
    });
    await expectDropRefused(terminal, work, files.shimDir, true);
  });

  /** A fresh folder for one test, holding its markers and log. */
  function workDir(name: string): string {
    const work = path.join(dir, name);
    // Empty, also when a failed first run of the test left it behind (the suite retries once).
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work);
    return work;
  }

  /** Terminal options for an agent typing in `work`: fake psql first on PATH, CLAUDECODE=1. */
  function agentTerminal(work: string): vscode.TerminalOptions {
    return {
      cwd: work,
      env: { PATH: `${path.join(dir, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`, CLAUDECODE: '1' },
    };
  }

  /**
   * Types the DROP line + Enter into `terminal`, waits for the denial in `work/terminal.log`
   * (stderr copied there by the rc, or by a typed `exec` when `typeLogSetup`), then types a line
   * that must run, and checks the DROP's fake psql never ran and `psql` resolves to the shim.
   */
  async function expectDropRefused(
    terminal: vscode.Terminal,
    work: string,
    shimDir: string,
    typeLogSetup: boolean,
  ): Promise<void> {
    const log = path.join(work, 'terminal.log');
    terminals.push(terminal);
    terminal.show();
    await shellIntegrationOf(terminal);
    const logSetup = `exec 2> >(tee -a '${log}' >&2)`;
    if (typeLogSetup) {
      // The harness's own line. It moves bash's stderr, where bash writes its prompt and with it
      // shell integration's end-of-command sequence, behind an asynchronous `tee`: VS Code once
      // ended this very line without an exit code (CI, 1.139.1). Its end is awaited (any exit
      // code) before recording starts, so only the lines under test are asserted.
      const setupEnds: string[] = [];
      const setup = recordEnds(terminal, setupEnds);
      terminal.sendText(logSetup, true);
      await until('the end of the log setup line', () =>
        setupEnds.some((e) => e.startsWith(`${logSetup} => `)) ? true : undefined,
      );
      setup.dispose();
    }
    // Every execution shell integration reports from here on (its events lag behind the pty).
    const ends: string[] = [];
    const recording = recordEnds(terminal, ends);

    terminal.sendText(DROP, true);
    const shown = await until('the denial in the terminal', () => {
      const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
      return /railguard: not run: psql -h prod-db/.test(text) ? text : undefined;
    });
    assert.match(shown, /railguard: blocked \(deny in production\).*\[[\w/-]+\]/);

    // Lines run in order: once this one has run, the DROP line was handled; it must not have run.
    const allowed = 'echo ok > marker2; command -v psql > which-psql';
    terminal.sendText(allowed, true);
    const which = await until('marker2 and which-psql', () => {
      const read = (f: string): string =>
        fs.existsSync(path.join(work, f)) ? fs.readFileSync(path.join(work, f), 'utf8') : '';
      return read('marker2') === 'ok\n' && read('which-psql').endsWith('\n')
        ? read('which-psql').trim()
        : undefined;
    });
    assert.equal(fs.existsSync(path.join(dir, 'psql-ran')), false, 'the denied psql line ran');
    // VS Code's shell integration reports each line that ran, as typed, with exit code 0: the
    // hook's `bind -x` call on Enter is not taken for the command (see __railguard_vscode). The
    // blocked line was cleared before it ran: at most an execution with an empty command line.
    try {
      // VS Code's shell integration sometimes reports the allowed line's end with an empty command
      // line (seen in 1 of 3 runs on 1.100.3 with the profile rc, under load): its command
      // capture races the prompt. What this test is about holds either way: the allowed line ran
      // (marker2 above) and ended with 0, and no execution ever carried the blocked line's text.
      // Also seen (CI, 1.100.3, a loaded machine): the reported command line starting with the
      // prompt before the typed line (`root@vm:…# echo ok …`): its capture began before the
      // prompt was drawn. It is still the allowed line, and it ended with 0.
      const isAllowed = (e: string): boolean => e === `${allowed} => 0` || e.endsWith(`# ${allowed} => 0`);
      await until('the end of the allowed line', () =>
        ends.some(isAllowed) || ends.includes(' => 0') ? true : undefined,
      );
      assert.ok(
        ends.every((e) => !e.includes('DROP TABLE')),
        'the blocked line is never reported as executed',
      );
      // Seen once in CI (default profile, 1.100.3): VS Code also ended the allowed line once
      // without an exit code just before its real end, as when it sees a second start of it.
      const duplicateStart = (e: string, i: number): boolean =>
        e === `${allowed} => undefined` && ends.findIndex(isAllowed) > i;
      for (const e of ends.filter((e, i) => !e.startsWith(' => ') && !duplicateStart(e, i)))
        assert.ok(isAllowed(e), `a reported command line is the typed one: ${e}`);
    } catch (err) {
      throw new Error(`${String(err)}; ends seen: [${ends.join(' | ')}]`);
    } finally {
      recording.dispose();
    }
    // The environment variable collection put the shim folder before the terminal's own PATH.
    assert.equal(which, path.join(shimDir, 'psql'));
  }
});
