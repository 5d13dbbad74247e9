import { parsers } from '../../helpers/parsers';
import { analyzeShell } from '../../../server/src/core/shell/analyze';
import type { ShellAnalysis, ShellCommand } from '../../../server/src/core/shell/model';

/** Analyzes `text` with the shared parsers. */
export async function analyze(text: string): Promise<ShellAnalysis> {
  return analyzeShell(await parsers(), text);
}

/** The source text a command's span covers. */
export function spanText(text: string, cmd: { span: { start: number; end: number } }): string {
  return text.slice(cmd.span.start, cmd.span.end);
}

/** The one command named `name` (fails the test when there is not exactly one). */
export function only(a: ShellAnalysis, name: string): ShellCommand {
  const found = a.commands.filter((c) => c.name === name);
  if (found.length !== 1)
    throw new Error(`expected one ${name}, got ${found.length}: ${a.commands.map((c) => c.name).join(',')}`);
  return found[0] as ShellCommand;
}

/** `[name, argv values]` of every command, in order. */
export function summary(a: ShellAnalysis): [string | undefined, (string | undefined)[]][] {
  return a.commands.map((c) => [c.name, c.argv.map((w) => w.value)]);
}
