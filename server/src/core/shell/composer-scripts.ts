import type { Ctx } from './context';
import type { ShellCommand, ShellWord } from './model';
import { hasOption, readOptions } from './options';
import { ancestors, folderOf, inFolder, isRecord, readProjectFile, under } from './project-files';
import { analyseScriptText } from './script-files';
import { quoteWord } from './words';

/**
 * The `composer.json` scripts a composer command runs, looked into like the text of `sh -c`:
 * `composer run-script X`, `composer run X` and `composer X` (X a script, not a composer command)
 * run script X; `composer install`, `update`, `require`, `remove`, `dump-autoload`, `status` and
 * `archive` run the scripts of their events (`pre-install-cmd`, `post-autoload-dump`…). Source:
 * Composer "Scripts" https://getcomposer.org/doc/articles/scripts.md and "Command-line
 * interface" https://getcomposer.org/doc/03-cli.md (`-d`/`--working-dir`, `--no-scripts`,
 * `COMPOSER`, abbreviated command names).
 *
 * A script is a string or a list of strings, each one: `@NAME`, another script (its entries run in
 * its place); `@php ARGS` and `@composer ARGS`, run as `php ARGS` and `composer ARGS`;
 * `@putenv NAME=value`, which sets a variable for the entries after it; a PHP callback
 * (`Vendor\\Class::method`) or a PHP class, which is PHP code composer runs in its own process: not
 * looked into (no finding, as for any program whose code is not read); anything else is a shell
 * command. The arguments after `composer run-script X` are appended to each command of X.
 *
 * Not looked into: the scripts of packages other than the root one, scripts composer runs from its
 * plugins, and a `composer.json` that cannot be read or parsed.
 */

/** composer's commands (`composer list`) with their aliases. */
const COMMANDS: Record<string, readonly string[]> = {
  about: [],
  archive: [],
  audit: [],
  browse: ['home'],
  bump: [],
  'check-platform-reqs': [],
  'clear-cache': ['clearcache', 'cc'],
  config: [],
  'create-project': [],
  depends: ['why'],
  diagnose: [],
  'dump-autoload': ['dumpautoload'],
  exec: [],
  fund: [],
  global: [],
  help: [],
  init: [],
  install: ['i'],
  licenses: [],
  list: [],
  outdated: [],
  prohibits: ['why-not'],
  reinstall: [],
  remove: ['rm', 'uninstall'],
  require: ['r'],
  'run-script': ['run'],
  search: [],
  'self-update': ['selfupdate'],
  show: ['info'],
  status: [],
  suggests: [],
  update: ['u', 'upgrade'],
  validate: [],
};

const ALIASES = new Map(
  Object.entries(COMMANDS).flatMap(([name, aliases]) => [name, ...aliases].map((a) => [a, name] as const)),
);

const AUTOLOAD = ['pre-autoload-dump', 'post-autoload-dump'];
const PACKAGE_EVENTS = [
  'pre-operations-exec',
  'pre-package-install',
  'post-package-install',
  'pre-package-update',
  'post-package-update',
  'pre-package-uninstall',
  'post-package-uninstall',
];
const UPDATE = ['pre-update-cmd', ...PACKAGE_EVENTS, ...AUTOLOAD, 'post-update-cmd'];

/** The events each command dispatches, in order ("Command Events", "Installer Events"). */
const COMMAND_EVENTS: Record<string, readonly string[]> = {
  install: ['pre-install-cmd', ...PACKAGE_EVENTS, ...AUTOLOAD, 'post-install-cmd'],
  update: UPDATE,
  require: UPDATE,
  remove: UPDATE,
  reinstall: [...PACKAGE_EVENTS, ...AUTOLOAD],
  'dump-autoload': AUTOLOAD,
  status: ['pre-status-cmd', 'post-status-cmd'],
  archive: ['pre-archive-cmd', 'post-archive-cmd'],
};

/** composer's global options that take a value. */
const OPTIONS = { short: 'd', long: ['working-dir'] };

/** Most scripts followed through `@NAME` references from one script. */
const MAX_SCRIPTS = 64;

/** A PHP callback (`Vendor\\Hooks::run`) or a class name: PHP that composer runs itself. */
const PHP_CODE = /^\\?[A-Za-z_]\w*(?:\\[A-Za-z_]\w*)+(?:::\w+)?$|^[A-Za-z_]\w*::\w+$/;

/** `word` as composer reads a command name: a command, a script, or a unique abbreviation. */
function resolve(
  word: string,
  scripts: Record<string, unknown>,
): { command: string } | { script: string } | undefined {
  const command = ALIASES.get(word);
  if (command) return { command };
  if (Object.hasOwn(scripts, word)) return { script: word };
  const matches = [
    ...Object.keys(COMMANDS).filter((c) => c.startsWith(word)),
    ...Object.keys(scripts).filter((s) => s.startsWith(word) && !ALIASES.has(s)),
  ];
  const only = matches.length === 1 ? matches[0] : undefined;
  if (only === undefined) return undefined;
  return Object.hasOwn(COMMANDS, only) ? { command: only } : { script: only };
}

/** The shell commands script `name` runs, `@` references followed (each script once). */
function commandsOf(
  scripts: Record<string, unknown>,
  name: string,
  args: string,
  out: string[],
  seen: Set<string>,
): void {
  if (seen.has(name) || seen.size >= MAX_SCRIPTS) return;
  seen.add(name);
  const value = scripts[name];
  const entries = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  for (const entry of entries) {
    if (typeof entry !== 'string') continue;
    const text = entry.trim();
    const special = /^@(php|composer|putenv)(?:\s+([\s\S]*))?$/.exec(text);
    if (special) {
      const rest = special[2] ?? '';
      if (special[1] === 'putenv') out.push(`export ${quoteWord(rest)}`);
      else out.push(`${special[1] ?? ''} ${rest}${args}`);
    } else if (text.startsWith('@')) {
      commandsOf(scripts, text.slice(1).split(/\s+/)[0] ?? '', args, out, seen);
    } else if (!PHP_CODE.test(text)) out.push(text + args);
  }
}

/** Where the composer command runs and what it runs: script names, with the arguments given. */
function runOf(
  cmd: ShellCommand,
  scripts: Record<string, unknown>,
  next: number,
): { names: readonly string[]; args: ShellWord[]; label: string } | undefined {
  const sub = cmd.argv[next]?.value;
  if (sub === undefined) return undefined;
  const prog = cmd.name ?? 'composer';
  const target = resolve(sub, scripts);
  if (!target) return undefined;
  if ('script' in target)
    return { names: [target.script], args: cmd.argv.slice(next + 1), label: `${prog} ${sub}` };
  const rest = readOptions(cmd.argv, next + 1, { long: ['timeout'] });
  if (target.command === 'run-script') {
    const name = cmd.argv[rest.next]?.value;
    if (name === undefined) return undefined;
    const args = cmd.argv.slice(rest.next + 1).filter((w, i) => !(i === 0 && w.value === '--'));
    return { names: [name], args, label: `${prog} ${sub} ${name}` };
  }
  const events = Object.hasOwn(COMMAND_EVENTS, target.command) ? COMMAND_EVENTS[target.command] : undefined;
  if (!events) return undefined;
  // `--no-scripts` anywhere among the command's words skips the events.
  if (cmd.argv.slice(next + 1).some((w) => w.value === '--no-scripts')) return undefined;
  return { names: events, args: [], label: `${prog} ${sub}` };
}

/**
 * Looks into the `composer.json` scripts `cmd` runs (see the module comment), each analysed as
 * shell text at the command, run from the folder of the `composer.json`.
 */
export function checkComposer(cmd: ShellCommand, ctx: Ctx): void {
  const { options, next } = readOptions(cmd.argv, 1, OPTIONS);
  if (hasOption(options, 'no-scripts') && cmd.argv[next]?.value !== 'run-script') return;
  const dirOption = options.filter((o) => o.name === 'd' || o.name === 'working-dir').pop();
  if (dirOption && dirOption.value === undefined) return;
  const dir = dirOption?.value ?? '.';
  const named = cmd.assignments.find((a) => a.name === 'COMPOSER');
  if (named && named.value === undefined) return;
  const file = named?.value ?? 'composer.json';
  const json = readProjectFile(ctx, file.includes('/') ? [dir] : ancestors(ctx, dir), [file], 'json');
  if (!json || !isRecord(json.data['scripts'])) return;
  const scripts = json.data['scripts'];
  const run = runOf(cmd, scripts, next);
  if (!run) return;
  const args = run.args.length ? ` ${run.args.map((w) => w.raw).join(' ')}` : '';
  const projectCtx = inFolder(ctx, folderOf(ctx, json.file));
  for (const name of run.names) {
    const lines: string[] = [];
    commandsOf(scripts, name, args, lines, new Set());
    if (!lines.length) continue;
    analyseScriptText(cmd, projectCtx, {
      text: lines.join('\n'),
      from: json.from,
      label: `${run.label} (${name})`,
      key: `${under(dir, file)}#${name}`,
    });
  }
}
