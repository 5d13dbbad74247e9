import type { Ctx } from './context';
import type { ShellCommand } from './model';
import { hasOption, optionValue, readOptions } from './options';
import { ancestors, folderOf, inFolder, isRecord, readProjectFile, stringsOf } from './project-files';
import { analyseScriptText } from './script-files';

/**
 * The tasks `deno task NAME` runs, looked into like the text of `sh -c`: `tasks.NAME` of the
 * nearest `deno.json` or `deno.jsonc` (read as JSONC: comments and trailing commas), after the
 * tasks in its `dependencies`, with the command's extra arguments appended; a name that is not a
 * task there is a `package.json` script, which deno task runs too. `deno task --eval TEXT` runs
 * TEXT. Source: https://docs.deno.com/runtime/reference/cli/task/ (tasks as strings or objects
 * `{ command, dependencies, description }`, `--config`, `--cwd`, `--filter`, `--recursive`,
 * `--eval`). deno's task shell is sh-like; its text is read as bash.
 *
 * Not looked into: the tasks of other packages of a workspace (`--filter`, `--recursive`), names
 * with a wildcard (`deno task "build-*"`), and config files that cannot be read or parsed.
 */

/** Options of `deno task` that take a value. */
const OPTIONS = { short: 'cf', long: ['config', 'cwd', 'filter', 'lock'] };

const CONFIG_NAMES = ['deno.json', 'deno.jsonc'];

/** Most tasks followed through `dependencies` from one task. */
const MAX_TASKS = 64;

/** A task's command and the tasks it depends on. */
function taskOf(tasks: Record<string, unknown>, name: string): { command?: string; dependencies: string[] } {
  const t = tasks[name];
  if (typeof t === 'string') return { command: t, dependencies: [] };
  if (!isRecord(t)) return { dependencies: [] };
  const deps = Array.isArray(t['dependencies']) ? t['dependencies'] : [];
  return {
    ...(typeof t['command'] === 'string' ? { command: t['command'] } : {}),
    dependencies: deps.filter((d): d is string => typeof d === 'string'),
  };
}

/** The commands of `name`'s dependencies (each task once), then its own. */
function commandsOf(tasks: Record<string, unknown>, name: string, out: string[], seen: Set<string>): void {
  if (seen.has(name) || seen.size >= MAX_TASKS) return;
  seen.add(name);
  const t = taskOf(tasks, name);
  for (const d of t.dependencies) commandsOf(tasks, d, out, seen);
  if (t.command !== undefined) out.push(t.command);
}

/**
 * Looks into the task `cmd` (`deno task …`) runs (see the module comment), analysed as shell text at
 * the command, run from the folder of its config file (or `--cwd`).
 */
export function checkDenoTask(cmd: ShellCommand, ctx: Ctx): void {
  if (cmd.argv[1]?.value !== 'task') return;
  const { options, next } = readOptions(cmd.argv, 2, OPTIONS);
  if (['f', 'filter', 'r', 'recursive'].some((o) => hasOption(options, o))) return;
  const rest = cmd.argv.slice(next + 1).map((w) => w.raw);
  const first = cmd.argv[next];
  if (hasOption(options, 'eval')) {
    const text = cmd.argv.slice(next).map((w) => w.value);
    if (text.some((t) => t === undefined) || !text.length) return;
    analyseScriptText(cmd, ctx, {
      text: text.join(' '),
      from: 'text',
      label: 'deno task --eval',
      key: 'deno-eval',
    });
    return;
  }
  const name = first?.value;
  if (name === undefined || name.includes('*')) return;
  const config = optionValue(options, 'c', 'config');
  if (options.some((o) => (o.name === 'c' || o.name === 'config') && o.value === undefined)) return;
  const found = config
    ? readProjectFile(ctx, ['.'], [config], 'jsonc')
    : readProjectFile(ctx, ancestors(ctx, '.'), CONFIG_NAMES, 'jsonc');
  const tasks = found && isRecord(found.data['tasks']) ? found.data['tasks'] : {};
  let source = found;
  let lines: string[] = [];
  if (Object.hasOwn(tasks, name)) commandsOf(tasks, name, lines, new Set());
  else {
    const pkg = readProjectFile(ctx, ancestors(ctx, '.'), ['package.json'], 'json');
    const script = pkg ? stringsOf(pkg.data['scripts'])[name] : undefined;
    if (script === undefined) return;
    source = pkg;
    lines = [script];
  }
  if (!source || !lines.length) return;
  // The arguments after the task name are appended to its command (the last line).
  if (rest.length) lines[lines.length - 1] += ` ${rest.join(' ')}`;
  const cwd = optionValue(options, 'cwd');
  analyseScriptText(cmd, inFolder(ctx, cwd ?? folderOf(ctx, source.file)), {
    text: lines.join('\n'),
    from: source.from,
    label: `deno task ${name}`,
    key: `${source.file}#${name}`,
  });
}
