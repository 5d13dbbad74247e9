import type { ShellAnalysis, ShellCommand, ShellWord } from '../../../shell/model';
import { RAILGUARD_PROCESS } from '../../../shell/control-surface';
import type { ActionEffect, EffectVerb, ResourceKind } from '../../../types';

/** One effect on a control resource (`disable` on `control:…`, `destroy` on `process:…`). */
export function controlEffect(
  verb: EffectVerb,
  kind: ResourceKind,
  id: string | undefined,
  via: string | undefined,
): ActionEffect {
  return { verb, resource: { kind, id }, ...(via ? { via } : {}) };
}

/** Whether a word names Railguard (`railguard`, `~/.railguard/run/pid`, `railguard.service`). */
export function namesRailguard(text: string | undefined): boolean {
  return text !== undefined && RAILGUARD_PROCESS.test(text);
}

/**
 * The commands that run inside `word` (its `$(…)`/backtick substitutions), found by position
 * among the analysis' commands.
 */
export function commandsInside(word: ShellWord, analysis: ShellAnalysis): ShellCommand[] {
  return analysis.commands.filter(
    (c) => c.inSubstitution && c.span.start >= word.span.start && c.span.end <= word.span.end,
  );
}

/**
 * Whether a command's words or redirect targets name Railguard (`cat ~/.railguard/run/pid`,
 * `cat "$RAILGUARD_RUNTIME_DIR/daemon.pid"`: a dynamic word counts by its text as written).
 */
export function commandNamesRailguard(cmd: ShellCommand): boolean {
  return (
    cmd.argv.some((w) => namesRailguard(w.value ?? w.raw)) ||
    cmd.redirects.some((r) => namesRailguard(r.target))
  );
}

/**
 * The commands feeding `cmd`'s arguments at run time: the earlier stages of its pipeline when it
 * reads arguments from stdin (`pgrep railguard | xargs kill`).
 */
export function argumentSources(cmd: ShellCommand, analysis: ShellAnalysis): ShellCommand[] {
  if (!cmd.argsFromStdin) return [];
  return analysis.commands.filter(
    (c) => c !== cmd && c.span.end <= cmd.span.start && c.pipeline.length > 1 && c.pipeline.index >= 0,
  );
}
