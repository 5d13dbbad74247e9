import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  RUN_COMMAND_METHOD,
  type JudgeParams,
  type RunCommandResult,
} from '../../../server/src/lsp/approval-protocol';
import { readRunCommandInput, toolResultText, type RunCommandInput } from './tool-text';
import { maskCommandLine } from './observers';

/** The tool's name in `contributes.languageModelTools` and `lm.registerTool`. */
export const RUN_COMMAND_TOOL = 'railguard_run_command';

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
