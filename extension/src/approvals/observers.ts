import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { credentialRecognizer } from '../../../server/src/core/mask/credentials';
import { applyMask } from '../../../server/src/core/mask/masker';
import {
  JUDGE_METHOD,
  OBSERVED_COMMAND_METHOD,
  type JudgeParams,
  type JudgeResult,
  type ObservedCommand,
} from '../../../server/src/lsp/approval-protocol';
import type { ApprovalBook } from './model';

/** Masks credentials in a command line before it is shown or sent (the server masks again, fully). */
export function maskCommandLine(text: string): string {
  return applyMask(text, credentialRecognizer(text)).text;
}

const CONFIDENCE: Record<vscode.TerminalShellExecutionCommandLineConfidence, ObservedCommand['confidence']> =
  {
    [vscode.TerminalShellExecutionCommandLineConfidence.Low]: 'low',
    [vscode.TerminalShellExecutionCommandLineConfidence.Medium]: 'medium',
    [vscode.TerminalShellExecutionCommandLineConfidence.High]: 'high',
  };

/**
 * Records every command shell integration reports (`window.onDidStartTerminalShellExecution` /
 * `onDidEndTerminalShellExecution`), including terminals without the Railguard hook. Observation
 * only: the command has already started; nothing is asked or blocked here. Each observation goes
 * to the output channel, the view's bounded list and the server (`railguard/observedCommand`),
 * which appends an audit record for each start, judged after the fact and marked
 * `outcome.observed`, and for each end that has an exit code a second one with `outcome.exitCode`
 * (`server/src/lsp/observations.ts`; the end carries the start's `startedAt` and terminal name,
 * which tie the two). Executions with an empty command line (Enter alone, a line the bash hook
 * cleared) ran nothing and are skipped.
 */
export function observeTerminals(
  book: ApprovalBook,
  client: LanguageClient,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const started = new WeakMap<vscode.TerminalShellExecution, string>();
  const report = (o: ObservedCommand): void => {
    book.observe(o);
    const exit = o.exitCode !== undefined ? ` → exit ${o.exitCode}` : '';
    log.info(
      `observed (observation only, not judged) ${o.phase} in "${o.terminal}": ${o.commandLine}${exit}`,
    );
    if (client.isRunning()) void client.sendNotification(OBSERVED_COMMAND_METHOD, o).catch(() => undefined);
  };
  const base = (e: { terminal: vscode.Terminal; execution: vscode.TerminalShellExecution }) => ({
    commandLine: maskCommandLine(e.execution.commandLine.value),
    confidence: CONFIDENCE[e.execution.commandLine.confidence],
    terminal: e.terminal.name,
    ...(e.execution.cwd ? { cwd: e.execution.cwd.fsPath } : {}),
    observationOnly: true as const,
  });
  return vscode.Disposable.from(
    vscode.window.onDidStartTerminalShellExecution((e) => {
      // An empty line (Enter alone, or a line the bash hook blocked and cleared) ran nothing.
      if (!e.execution.commandLine.value.trim()) return;
      const startedAt = new Date().toISOString();
      started.set(e.execution, startedAt);
      report({ ...base(e), startedAt, phase: 'start' });
    }),
    vscode.window.onDidEndTerminalShellExecution((e) => {
      if (!e.execution.commandLine.value.trim()) return;
      report({
        ...base(e),
        startedAt: started.get(e.execution) ?? '',
        endedAt: new Date().toISOString(),
        ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}),
        phase: 'end',
      });
    }),
  );
}

/** `word` as a POSIX shell word: unchanged when it needs no quoting, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A `ShellExecution` argument as VS Code passes it to the shell (`ShellQuoting`: escape, strong, weak). */
function shellArg(a: string | vscode.ShellQuotedString): string {
  if (typeof a === 'string') return shellWord(a);
  switch (a.quoting) {
    case vscode.ShellQuoting.Strong:
      return `'${a.value.replace(/'/g, `'\\''`)}'`;
    case vscode.ShellQuoting.Weak:
      return `"${a.value.replace(/["\\$`]/g, '\\$&')}"`;
    default:
      return a.value.replace(/[^\w@%+=:,./-]/g, '\\$&');
  }
}

/**
 * The command line a task runs, as shell text: a shell execution's `commandLine`, or its command
 * and arguments quoted as VS Code quotes them; a process execution's program and arguments, each
 * quoted as a POSIX shell word (so `sh -c 'a; b'` is judged as one `sh` call, not two commands).
 * Undefined for custom executions.
 */
export function taskCommandLine(task: vscode.Task): string | undefined {
  const ex = task.execution;
  if (ex instanceof vscode.ShellExecution) {
    if (ex.commandLine) return ex.commandLine;
    if (ex.command) {
      const command = typeof ex.command === 'string' ? ex.command : shellArg(ex.command);
      return [command, ...(ex.args ?? []).map(shellArg)].join(' ');
    }
    return undefined;
  }
  if (ex instanceof vscode.ProcessExecution) return [ex.process, ...ex.args].map(shellWord).join(' ');
  return undefined;
}

/** The environment a task's execution sets (`options.env`), without unset entries. */
function taskEnv(task: vscode.Task): Record<string, string> {
  const ex = task.execution;
  const env =
    ex instanceof vscode.ShellExecution || ex instanceof vscode.ProcessExecution
      ? ex.options?.env
      : undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * True when a shell task runs through bash with the Railguard hook as `BASH_ENV`: VS Code runs it
 * as `bash -c COMMAND` in a terminal that has the extension's environment collection, so the hook
 * judged the whole command before any of it ran (and asked, for an `ask`). The shell is the task's
 * `options.executable`, else `terminal.integrated.automationProfile.<platform>`, else the default
 * profile's (`env.shell`), as VS Code's task system picks it.
 */
export function judgedByBashHook(task: vscode.Task, hookOn: boolean): boolean {
  const ex = task.execution;
  if (!hookOn || !(ex instanceof vscode.ShellExecution)) return false;
  if (ex.options?.env && 'BASH_ENV' in ex.options.env) return false;
  const platform = process.platform === 'darwin' ? 'osx' : process.platform === 'win32' ? 'windows' : 'linux';
  const automation = vscode.workspace
    .getConfiguration('terminal.integrated.automationProfile')
    .get<{ path?: string } | null>(platform);
  const shell = ex.options?.executable ?? automation?.path ?? vscode.env.shell;
  return /^bash$/.test(shell.split(/[\\/]/).pop() ?? '');
}

const hookEnabled = (): boolean =>
  vscode.workspace.getConfiguration('railguard').get<boolean>('terminalHook', true);

/**
 * The task fallback (`tasks.onDidStartTaskProcess`): judges the started task's command line in its
 * folder, as the actor its environment names (`RAILGUARD_ACTOR`, else the variables agent CLIs
 * set, such as `CLAUDECODE`), else the user, with the connection variables it sets; a task whose
 * final effect is `deny` (denied, or an `ask` rejected or expired in the approval UI) is terminated
 * and an error names the deciding rule and why. The process has already started when the event
 * fires: this is the fallback for process tasks and shells without the hook. Shell tasks run by
 * bash with the hook (see {@link judgedByBashHook}) were judged before they started and are not
 * judged twice (an `ask` would prompt twice).
 * @param hookOn whether the terminal hook is on (default: the `railguard.terminalHook` setting).
 */
export function guardTasks(
  client: LanguageClient,
  log: vscode.LogOutputChannel,
  hookOn: () => boolean = hookEnabled,
): vscode.Disposable {
  return vscode.tasks.onDidStartTaskProcess(async (e) => {
    const task = e.execution.task;
    const text = taskCommandLine(task);
    if (!text || !client.isRunning()) return;
    if (judgedByBashHook(task, hookOn())) {
      log.info(`task "${task.name}" (${maskCommandLine(text)}): judged by the bash hook before it started`);
      return;
    }
    const scope = task.scope;
    const folder = typeof scope === 'object' && scope !== null ? scope.uri.fsPath : undefined;
    const env = taskEnv(task);
    const actor = env.RAILGUARD_ACTOR?.trim();
    const params: JudgeParams = {
      kind: 'task',
      text,
      source: 'task',
      env,
      ...(folder ? { cwd: folder } : {}),
      ...(actor ? { actor } : {}),
    };
    try {
      const r = await client.sendRequest<JudgeResult>(JUDGE_METHOD, params);
      log.info(
        `task "${task.name}" (${maskCommandLine(text)}): ${r.effect} in ${r.environment}: ${r.reason}`,
      );
      if (r.effect !== 'deny') return;
      e.execution.terminate();
      const rule = r.matched[0] ? ` [${r.matched[0]}]` : '';
      void vscode.window.showErrorMessage(`Railguard stopped task "${task.name}"${rule}: ${r.reason}`);
    } catch (err) {
      log.warn(
        `task "${task.name}" could not be judged: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  });
}
