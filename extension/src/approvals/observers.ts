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
 * only: the command has already started; nothing is judged or blocked here. Each observation goes
 * to the output channel, the view's bounded list and the server (`railguard/observedCommand`).
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
      const startedAt = new Date().toISOString();
      started.set(e.execution, startedAt);
      report({ ...base(e), startedAt, phase: 'start' });
    }),
    vscode.window.onDidEndTerminalShellExecution((e) => {
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

/** The command line a task runs: a shell execution's line, or the process and its arguments. */
export function taskCommandLine(task: vscode.Task): string | undefined {
  const ex = task.execution;
  const arg = (a: string | vscode.ShellQuotedString): string => (typeof a === 'string' ? a : a.value);
  if (ex instanceof vscode.ShellExecution) {
    if (ex.commandLine) return ex.commandLine;
    if (ex.command) return [arg(ex.command), ...(ex.args ?? []).map(arg)].join(' ');
    return undefined;
  }
  if (ex instanceof vscode.ProcessExecution) return [ex.process, ...ex.args].join(' ');
  return undefined;
}

/**
 * The task fallback (`tasks.onDidStartTaskProcess`): judges the started task's command line as a
 * human's task in its folder; a task whose final effect is `deny` (denied, or an `ask` rejected or
 * expired in the approval UI) is terminated and an error says why. The process has already
 * started when the event fires: this is the fallback behind the guarded automation profile.
 */
export function guardTasks(client: LanguageClient, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.tasks.onDidStartTaskProcess(async (e) => {
    const task = e.execution.task;
    const text = taskCommandLine(task);
    if (!text || !client.isRunning()) return;
    const scope = task.scope;
    const folder = typeof scope === 'object' && scope !== null ? scope.uri.fsPath : undefined;
    const params: JudgeParams = { kind: 'task', text, source: 'task', ...(folder ? { cwd: folder } : {}) };
    try {
      const r = await client.sendRequest<JudgeResult>(JUDGE_METHOD, params);
      log.info(
        `task "${task.name}" (${maskCommandLine(text)}): ${r.effect} in ${r.environment}: ${r.reason}`,
      );
      if (r.effect !== 'deny') return;
      e.execution.terminate();
      const rule = r.matched[0] ? ` (${r.matched[0]})` : '';
      void vscode.window.showErrorMessage(`Railguard stopped task "${task.name}"${rule}: ${r.reason}`);
    } catch (err) {
      log.warn(
        `task "${task.name}" could not be judged: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  });
}
