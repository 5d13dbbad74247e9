/// <reference types="mocha" />
/**
 * Tasks in a real VS Code. A shell task runs as `bash -c COMMAND` in a terminal that has the
 * extension's environment variable collection, whose `BASH_ENV` is the Railguard hook: the hook
 * judges the whole command before bash runs any of it. So an agent's shell task (`CLAUDECODE=1`
 * in its environment) `echo started > …; psql -h prod-db -c 'DROP TABLE users'` never starts:
 * neither the `echo` marker nor the fake `psql`'s marker appears, the task ends with exit code
 * 126, and the terminal shows the reason and the rule. An allowed shell task runs. A process task
 * (no shell, so no `BASH_ENV`; its program called by absolute path, so no PATH shim) is caught by
 * the fallback, `tasks.onDidStartTaskProcess`: it has started, is terminated, and an error
 * notification names the deciding rule.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RailguardApi } from '../../../extension/src/extension';
import { terminalText, until, waitForDaemon } from './terminal-helpers';

const DROP = "psql -h prod-db -c 'DROP TABLE users'";
const RULE = 'default/prod-agent-no-data-loss';

/** Runs `task` and resolves with its process's exit code (undefined when killed without one). */
async function runTask(task: vscode.Task, timeoutMs = 60_000): Promise<number | undefined> {
  let sub: vscode.Disposable | undefined;
  const ended = new Promise<number | undefined>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`task "${task.name}" did not end within ${timeoutMs} ms`)),
      timeoutMs,
    );
    sub = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution.task.name !== task.name) return;
      clearTimeout(timer);
      resolve(e.exitCode);
    });
  });
  try {
    await vscode.tasks.executeTask(task);
    return await ended;
  } finally {
    sub?.dispose();
  }
}

/** A workspace task named `name` (own terminal, kept open after it ends, no problem matcher). */
function taskOf(name: string, execution: vscode.ShellExecution | vscode.ProcessExecution): vscode.Task {
  const task = new vscode.Task(
    { type: 'railguard-e2e', name },
    vscode.TaskScope.Workspace,
    name,
    'railguard-e2e',
    execution,
    [],
  );
  task.presentationOptions = {
    reveal: vscode.TaskRevealKind.Always,
    panel: vscode.TaskPanelKind.Dedicated,
    showReuseMessage: false,
    clear: true,
  };
  return task;
}

/** The terminal a task ran in (VS Code names it after the task). */
function terminalOf(name: string): vscode.Terminal {
  const t = vscode.window.terminals.find((x) => x.name.includes(name));
  assert.ok(
    t,
    `no terminal for task "${name}" among [${vscode.window.terminals.map((x) => x.name).join(', ')}]`,
  );
  return t;
}

/**
 * Waits (through the launcher's screenshot service, up to 15 s) for a visible workbench element
 * matching the Playwright selector `selector`, e.g. a notification's text; false without the
 * service (desktop VS Code).
 */
async function visibleInWorkbench(selector: string, shot: string): Promise<boolean> {
  const service = process.env.RAILGUARD_E2E_SCREENSHOT_URL;
  if (!service) return false;
  const url = new URL(service);
  url.searchParams.set('path', shot);
  url.searchParams.set('waitFor', selector);
  const res = await fetch(url, { method: 'POST' });
  if (!res.ok)
    throw new Error(`"${selector}" not visible in the workbench: ${res.status} ${await res.text()}`);
  return true;
}

describe('Railguard and VS Code tasks', function () {
  this.timeout(120_000);
  let api: RailguardApi;
  let dir = '';
  let bin = '';

  before(async () => {
    const ext = vscode.extensions.getExtension<RailguardApi>('railguard.railguard');
    assert.ok(ext);
    api = await ext.activate();
    await waitForDaemon();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'railguard-e2e-tasks-'));
    bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    // A fake psql that leaves a marker named after its -h host: if it ever runs, the line ran.
    fs.writeFileSync(
      path.join(bin, 'psql'),
      `#!/bin/sh\nh=unknown; while [ $# -gt 0 ]; do [ "$1" = -h ] && h=$2; shift; done\necho ran > '${dir}'/psql-$h\n`,
      { mode: 0o755 },
    );
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Options of an agent's shell task: fake psql on PATH (the shims stay first), CLAUDECODE=1. */
  const agentShell = (): vscode.ShellExecutionOptions => ({
    cwd: dir,
    env: { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, CLAUDECODE: '1' },
  });

  it('runs shell tasks with bash, the hook as BASH_ENV', () => {
    const files = api.terminal.files();
    assert.ok(files, 'railguard.terminalHook is on by default');
    // VS Code runs shell tasks with the default profile's shell: the hook only covers bash.
    assert.match(vscode.env.shell, /(^|\/)bash$/, `the default shell is ${vscode.env.shell}`);
  });

  it('never starts a shell task the policy denies, and the terminal says why', async () => {
    const name = 'railguard e2e denied shell task';
    const started = path.join(dir, 'shell-started');
    const task = taskOf(
      name,
      new vscode.ShellExecution(`echo started > '${started}'; ${DROP}`, agentShell()),
    );
    const exit = await runTask(task);
    assert.equal(exit, 126, 'bash exits 126 from BASH_ENV, before the command');
    assert.equal(fs.existsSync(started), false, 'the first command of the denied task ran');
    assert.equal(fs.existsSync(path.join(dir, 'psql-prod-db')), false, 'the denied psql ran');
    const text = await until('the reason in the task terminal', async () => {
      const t = await terminalText(terminalOf(name));
      return /railguard: not run:/.test(t) ? t : undefined;
    });
    assert.match(text, /railguard: blocked \(deny in production\)/);
    assert.ok(text.includes(`[${RULE}]`), `the rule is named in: ${text}`);
  });

  it('runs an allowed shell task', async () => {
    const name = 'railguard e2e allowed shell task';
    const started = path.join(dir, 'allowed-started');
    const task = taskOf(
      name,
      new vscode.ShellExecution(`echo started > '${started}'; psql -h localhost -c 'select 1'`, agentShell()),
    );
    assert.equal(await runTask(task), 0);
    assert.equal(fs.readFileSync(started, 'utf8'), 'started\n');
    assert.equal(fs.existsSync(path.join(dir, 'psql-localhost')), true, 'psql (through its shim) ran');
  });

  it('terminates a denied process task through onDidStartTaskProcess and names the rule', async () => {
    // Neither BASH_ENV (it is /bin/sh, not bash) nor a PATH shim (called by absolute path) sees
    // this program: only the fallback can stop it, after it started.
    const name = 'railguard e2e denied process task';
    const slow = path.join(dir, 'slow');
    fs.mkdirSync(slow);
    const program = path.join(slow, 'psql');
    const startedMark = path.join(dir, 'process-started');
    const ranMark = path.join(dir, 'process-finished');
    fs.writeFileSync(
      program,
      `#!/bin/sh\necho started > '${startedMark}'\nsleep 300\necho ran > '${ranMark}'\n`,
      {
        mode: 0o755,
      },
    );
    const task = taskOf(
      name,
      new vscode.ProcessExecution(program, ['-h', 'prod-db', '-c', 'DROP TABLE users'], {
        cwd: dir,
        env: { CLAUDECODE: '1' },
      }),
    );
    // Ends long before the program's own 300 s: it was terminated.
    await runTask(task, 90_000);
    assert.equal(
      fs.existsSync(startedMark),
      true,
      'the process task started (the fallback acts after start)',
    );
    assert.equal(fs.existsSync(ranMark), false);
    const shot = path.join(dir, 'task-stopped.png');
    const selector = `text=/Railguard stopped task "${name}" \\[${RULE.replace('/', '\\/')}\\]/`;
    const seen = await visibleInWorkbench(selector, shot);
    if (seen) assert.ok(fs.statSync(shot).size > 0);
  });
});
