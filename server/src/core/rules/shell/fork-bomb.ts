import type { ShellCommand } from '../../shell/model';
import { defineShellRule } from '../rule';

/**
 * A fork bomb: a function whose body pipes the function into itself (`:(){ :|:& };:`,
 * `bomb() { bomb | bomb & }; bomb`), then is called.
 *
 * The shell model has no function definitions, so the rule recognises the shape from commands:
 * a pipeline stage named N whose neighbour is also N, and N also run as a command of its own
 * later in the text (the call that starts the recursion).
 */
export default defineShellRule({
  meta: {
    id: 'fork-bomb',
    title: 'Fork bomb',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description:
        'Flags a function that pipes itself into itself and is then called, such as `:(){ :|:& };:`.',
      problem:
        'Each call starts two more copies of itself, so processes multiply until the process table ' +
        'or memory is exhausted; the machine stops responding and unsaved work is lost.',
      solution:
        'Never run it. Limit processes per user (`ulimit -u`, systemd `TasksMax`) on shared machines.',
    },
    messages: {
      forkBomb: 'Fork bomb: `{{name}}` pipes itself into itself and is called, exhausting processes.',
    },
    controls: ['SOC2:A1.1', 'NIST:SC-5'],
    examples: {
      valid: ['yes | head -n 3', 'echo ":(){ :|:& };:"', 'cat a | cat'],
      invalid: [':(){ :|:& };:', 'bomb() { bomb | bomb & }; bomb'],
    },
  },
  check(cmd, analysis, report) {
    const name = cmd.name;
    if (!name || cmd.pipeline.length < 2 || cmd.pipeline.index !== 0 || cmd.pipeline.next !== name) return;
    const called = analysis.commands.some(
      (c: ShellCommand) => c.name === name && c.pipeline.length === 1 && c.span.start >= cmd.span.end,
    );
    if (called) report({ messageId: 'forkBomb', data: { name } });
  },
});
