import type { Ctx } from './context';
import type { ShellCommand } from './model';
import { readOptions } from './options';
import { ancestors, folderOf, inFolder, isRecord, readProjectFile } from './project-files';
import { analyseScriptText } from './script-files';

/**
 * The tasks `task NAME` (go-task, also installed as `go-task`) runs, looked into like the text of
 * `sh -c`: the commands of `tasks.NAME` in the nearest `Taskfile.yml` (or the other names Task
 * looks for), read with the `yaml` package. Sources: https://taskfile.dev/usage/ and the schema
 * https://taskfile.dev/reference/schema/.
 *
 * What runs, in order: the `sh` of dynamic variables (`vars: { X: { sh: CMD } }`), the tasks of
 * `deps`, the task's `preconditions` and `status` commands, then its `cmds` (and `cmd`): strings,
 * `{ cmd: … }`, `{ defer: … }` and `{ task: OTHER, vars: … }` calls. A task may be a string or a
 * list of commands. Go templates are expanded: `{{.NAME}}` takes the variable from, in rising
 * priority, the Taskfile's `vars`, the task's `vars`, the calling task's `vars` and the command
 * line's `NAME=value` (as the Task docs order them); `CLI_ARGS` is what follows `--`. A variable
 * set nowhere comes from the environment, so it becomes the shell's `${NAME}` (a run-time value);
 * so do a dynamic variable and any other template action (`{{if …}}`, pipes, functions).
 *
 * Not looked into: `includes` (namespaced tasks), the global Taskfile (`-g`), task names with
 * wildcards, `for` loops' items (run-time values), and Taskfiles that cannot be read or parsed.
 * Nothing runs with `--dry`, `--list`, `--summary`, `--status` or `--help`.
 */

/** Options of task(1) that take a value. */
const OPTIONS = {
  short: 'dtoCI',
  long: [
    'dir',
    'taskfile',
    'output',
    'concurrency',
    'interval',
    'output-group-begin',
    'output-group-end',
    'sort',
  ],
};

/** Options under which no task runs (or another Taskfile than the project's is read). */
const NO_RUN = new Set([
  'n',
  'dry',
  'l',
  'list',
  'a',
  'list-all',
  'summary',
  'status',
  'i',
  'init',
  'h',
  'help',
  'version',
  'g',
  'global',
  'completion',
]);

/** The names Task looks for, in order. */
const TASKFILES = [
  'Taskfile.yml',
  'taskfile.yml',
  'Taskfile.yaml',
  'taskfile.yaml',
  'Taskfile.dist.yml',
  'taskfile.dist.yml',
  'Taskfile.dist.yaml',
  'taskfile.dist.yaml',
];

/** Most task calls followed from one command, and how deep. */
const MAX_TASKS = 64;
const MAX_DEPTH = 8;
/** Most characters template expansion may produce for one task (a guard against nested blow-up). */
const MAX_EXPANDED = 64 * 1024;

/** The run-time placeholder for a template action other than a variable. */
const RUN_TIME = '${RAILGUARD_TASK_EXPANSION}';

/** Variables by name: the value, or `undefined` when it is known at run time only. */
type Vars = Map<string, string | undefined>;

/** The state of one command's walk over its tasks. */
interface Walk {
  tasks: Record<string, unknown>;
  lines: string[];
  calls: number;
  budget: { left: number };
}

/** Static values of a `vars:` block; the `sh` of dynamic ones is added to `lines` (it runs). */
function varsOf(block: unknown, base: Vars, walk: Walk): Vars {
  const vars = new Map(base);
  if (!isRecord(block)) return vars;
  for (const [name, v] of Object.entries(block)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      vars.set(name, expand(String(v), vars, walk.budget));
    else {
      if (isRecord(v) && typeof v['sh'] === 'string') walk.lines.push(expand(v['sh'], vars, walk.budget));
      vars.set(name, undefined);
    }
  }
  return vars;
}

/** Expands Go template actions in `text` (see the module comment). */
function expand(text: string, vars: Vars, budget: { left: number }, depth = 0): string {
  if (depth > MAX_DEPTH || budget.left < 0) return RUN_TIME;
  const out = text.replace(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g, (_, action: string) => {
    const name = /^\.([A-Za-z_]\w*)$/.exec(action)?.[1];
    if (name === undefined) return RUN_TIME;
    if (!vars.has(name)) return `\${${name}}`;
    const v = vars.get(name);
    return v === undefined ? `\${${name}}` : expand(v, vars, budget, depth + 1);
  });
  budget.left -= out.length;
  return budget.left < 0 ? RUN_TIME : out;
}

/** The variables a call passes (`{ task: X, vars: {…} }`), their values expanded in the caller's. */
function passed(block: unknown, caller: Vars, walk: Walk): Vars {
  if (!isRecord(block)) return new Map();
  const all = varsOf(block, caller, walk);
  return new Map(Object.keys(block).map((k) => [k, all.get(k)]));
}

/** A task as an object: a string or a list is its commands. */
function taskDef(walk: Walk, name: string): Record<string, unknown> | undefined {
  const t = walk.tasks[name];
  if (typeof t === 'string') return { cmds: [t] };
  if (Array.isArray(t)) return { cmds: t };
  return isRecord(t) ? t : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** A `{ task: NAME, vars }` call (a dep or a command), or `undefined` for anything else. */
function callOf(entry: unknown): { task: string; vars: unknown } | undefined {
  if (typeof entry === 'string') return undefined;
  if (isRecord(entry) && typeof entry['task'] === 'string')
    return { task: entry['task'], vars: entry['vars'] };
  return undefined;
}

/** Adds the commands task `name` runs to `walk.lines` (see the module comment). */
function collect(walk: Walk, name: string, global: Vars, callVars: Vars, cli: Vars, depth: number): void {
  if (depth > MAX_DEPTH || ++walk.calls > MAX_TASKS) return;
  const def = taskDef(walk, name);
  if (!def) return;
  const own = varsOf(def['vars'], new Map([...global, ['TASK', name]]), walk);
  const vars: Vars = new Map([...own, ...callVars, ...cli]);
  const x = (s: string) => expand(s, vars, walk.budget);
  for (const dep of list(def['deps'])) {
    const call = typeof dep === 'string' ? { task: dep, vars: undefined } : callOf(dep);
    if (call) collect(walk, x(call.task), global, passed(call.vars, vars, walk), cli, depth + 1);
  }
  for (const p of list(def['preconditions'])) {
    const sh = typeof p === 'string' ? p : isRecord(p) ? p['sh'] : undefined;
    if (typeof sh === 'string') walk.lines.push(x(sh));
  }
  for (const s of list(def['status'])) if (typeof s === 'string') walk.lines.push(x(s));
  for (const entry of [...list(def['cmds']), ...list(def['cmd'])]) {
    const inner = isRecord(entry) && 'defer' in entry ? entry['defer'] : entry;
    const call = callOf(inner);
    if (call) collect(walk, x(call.task), global, passed(call.vars, vars, walk), cli, depth + 1);
    else if (typeof inner === 'string') walk.lines.push(x(inner));
    else if (isRecord(inner) && typeof inner['cmd'] === 'string') walk.lines.push(x(inner['cmd']));
  }
}

/**
 * Looks into the tasks `cmd` (`task …`) runs (see the module comment): one analysis per task named
 * (`default` when none), at the command's span, from the folder of the Taskfile.
 */
export function checkTaskfile(cmd: ShellCommand, ctx: Ctx): void {
  const { options, next } = readOptions(cmd.argv, 1, OPTIONS);
  if (options.some((o) => NO_RUN.has(o.name))) return;
  const valueOf = (...names: string[]) => {
    const o = options.filter((p) => names.includes(p.name)).pop();
    return o ? { value: o.value } : undefined;
  };
  const dirOption = valueOf('d', 'dir');
  const fileOption = valueOf('t', 'taskfile');
  if ((dirOption && dirOption.value === undefined) || (fileOption && fileOption.value === undefined)) return;
  const dir = dirOption?.value ?? '.';
  const found = fileOption?.value
    ? readProjectFile(ctx, [dir], [fileOption.value], 'yaml')
    : readProjectFile(ctx, ancestors(ctx, dir), TASKFILES, 'yaml');
  if (!found || !isRecord(found.data['tasks'])) return;
  const names: string[] = [];
  const cli: Vars = new Map();
  const words = cmd.argv.slice(next);
  const dashes = words.findIndex((w) => w.value === '--');
  const cliArgs = dashes < 0 ? [] : words.slice(dashes + 1);
  for (const w of dashes < 0 ? words : words.slice(0, dashes)) {
    const v = w.value;
    const eq = v?.indexOf('=') ?? -1;
    if (v === undefined) return;
    if (eq > 0 && /^[A-Za-z_]\w*$/.test(v.slice(0, eq))) cli.set(v.slice(0, eq), v.slice(eq + 1));
    else names.push(v);
  }
  cli.set('CLI_ARGS', cliArgs.map((w) => w.raw).join(' '));
  if (!names.length) names.push('default');
  const root = folderOf(ctx, found.file);
  const budget = { left: MAX_EXPANDED };
  for (const name of names) {
    const walk: Walk = { tasks: found.data['tasks'], lines: [], calls: 0, budget };
    const global = varsOf(
      found.data['vars'],
      new Map([
        ['ROOT_DIR', root],
        ['TASKFILE_DIR', root],
      ]),
      walk,
    );
    collect(walk, name, global, new Map(), cli, 0);
    if (!walk.lines.length) continue;
    analyseScriptText(cmd, inFolder(ctx, root), {
      text: walk.lines.join('\n'),
      from: found.from,
      label: `task ${name}`,
      key: `${found.file}#${name}`,
    });
  }
}
