/** The `railguard_run_command` tool's input and result text, free of the `vscode` API. */
import type { RunCommandResult } from '../../../server/src/lsp/approval-protocol';

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
