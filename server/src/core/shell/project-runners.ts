import { checkComposer } from './composer-scripts';
import type { Ctx } from './context';
import { checkDenoTask } from './deno-tasks';
import { checkGitHooks } from './git-hooks';
import type { ShellCommand } from './model';
import { checkTaskfile } from './taskfile';

/**
 * Programs that run what the project's own files define, beyond `package.json` scripts
 * (`package-scripts.ts`) and makefiles (`makefile.ts`): git's hooks, composer's scripts, deno's
 * tasks and Task's Taskfile. Each reader finds the file, takes out the shell text the command runs
 * and has it analysed at the command (`analyseScriptText`, `runScriptFile`).
 *
 * No justfile reader: no tree-sitter grammar for `just` is published on the npm registry with a
 * prebuilt `.wasm` (the way tree-sitter-make ships one), and a justfile is not parsed by hand.
 */
const RUNNERS: Record<string, (cmd: ShellCommand, ctx: Ctx) => void> = {
  git: checkGitHooks,
  composer: checkComposer,
  'composer.phar': checkComposer,
  deno: checkDenoTask,
  task: checkTaskfile,
  'go-task': checkTaskfile,
};

/**
 * Looks into what `cmd` runs from the project's files, when its program is one of {@link RUNNERS}.
 * A command run on another host (`ssh host git commit`) reads that host's files, not these.
 */
export function checkProjectRunner(cmd: ShellCommand, ctx: Ctx): void {
  if (cmd.remote) return;
  const check = cmd.name !== undefined && Object.hasOwn(RUNNERS, cmd.name) ? RUNNERS[cmd.name] : undefined;
  check?.(cmd, ctx);
}
