import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  RUN_COMMAND_METHOD,
  type JudgeParams,
  type RunCommandResult,
} from '../../../server/src/lsp/approval-protocol';
import { maskCommandLine } from './observers';

/** The tool's name in `contributes.languageModelTools` and `lm.registerTool`. */
export const RUN_COMMAND_TOOL = 'railguard_run_command';

/** The tool's input (`inputSchema` in package.json). */
export interface RunCommandInput {
  command: string;
  cwd?: string;
}

/** Narrows the tool input; undefined when `command` is missing or empty. */
export function readRunCommandInput(input: unknown): RunCommandInput | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const o = input as Record<string, unknown>;
  if (typeof o.command !== 'string' || o.command.trim() === '') return undefined;
  return { command: o.command, ...(typeof o.cwd === 'string' && o.cwd ? { cwd: o.cwd } : {}) };
}

/** The text an agent gets back: the refusal with its reason, or the exit code and masked output. */
export function toolResultText(r: RunCommandResult): string {
  const j = r.judgement;
  const rule = j.matched[0] ? ` (rule ${j.matched[0]})` : '';
  if (!r.ran) {
    const asked = j.approval ? ` The approval request was ${j.approval.status}.` : '';
    return `Railguard refused to run the command in ${j.environment}${rule}: ${j.reason}.${asked} Do not retry it another way.`;
  }
  const flags = [r.timedOut ? 'killed at the timeout' : '', r.truncated ? 'output truncated at 64 KiB' : '']
    .filter(Boolean)
    .join(', ');
  return [
    `Exit code: ${r.exitCode === null || r.exitCode === undefined ? 'none' : r.exitCode}${flags ? ` (${flags})` : ''}`,
    ...(j.effect === 'warn' ? [`Railguard warning: ${j.reason}`] : []),
    'Output (secrets and PII masked):',
    r.output ?? '',
  ].join('\n');
}

/**
 * `railguard_run_command`: a guarded shell tool for agents in VS Code chat. The server judges the
 * command as `agent:vscode-chat` (deny ⇒ refused with the reason; ask ⇒ the approval UI, the
 * human's answer decides; allow/warn ⇒ run with `bash -c` in the workspace folder) and returns the
 * output masked. `lm.registerTool` exists in VS Code 1.100 (`@types/vscode` 1.100).
 */
export function registerRunCommandTool(
  client: LanguageClient,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  return vscode.lm.registerTool<RunCommandInput>(RUN_COMMAND_TOOL, {
    prepareInvocation(options) {
      const input = readRunCommandInput(options.input);
      return { invocationMessage: `Railguard: judging \`${maskCommandLine(input?.command ?? '')}\`` };
    },
    async invoke(options) {
      const input = readRunCommandInput(options.input);
      if (!input) throw new Error('railguard_run_command needs a non-empty "command" string');
      const cwd = input.cwd ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      const params: JudgeParams = {
        kind: 'shell',
        text: input.command,
        actor: 'agent:vscode-chat',
        source: 'lm-tool',
        ...(cwd ? { cwd } : {}),
      };
      const result = await client.sendRequest<RunCommandResult>(RUN_COMMAND_METHOD, params);
      log.info(
        `${RUN_COMMAND_TOOL}: ${maskCommandLine(input.command)} → ${result.judgement.effect}${result.ran ? `, exit ${String(result.exitCode)}` : ', not run'}`,
      );
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(toolResultText(result))]);
    },
  });
}
