import * as path from 'node:path';
import type { Ctx } from './context';
import type { ShellCommand, ShellWord } from './model';
import { readOptions, type OptionSpec } from './options';
import { analyseScriptText, readScript } from './script-files';

/**
 * The project's own scripts that a package manager runs, looked into like the text of `bash -c`:
 * `npm run db:reset` runs `scripts["db:reset"]` of the nearest `package.json` through `sh -c`, so
 * what that text runs is judged at the `npm run` command. Sources: npm-run-script(1)
 * https://docs.npmjs.com/cli/commands/npm-run-script and npm "scripts"
 * https://docs.npmjs.com/cli/using-npm/scripts (`pre`/`post` scripts; `npm test|start|stop|restart`;
 * `npm install`/`ci` in the project run its `preinstall`, `install`, `postinstall`, `prepublish`,
 * `preprepare`, `prepare`, `postprepare`), yarn 1 https://classic.yarnpkg.com/en/docs/cli/run
 * (`yarn X` runs script X unless X is a yarn command), pnpm https://pnpm.io/cli/run, bun
 * https://bun.sh/docs/cli/run. `pre`/`post` scripts are judged for every manager (an
 * over-approximation: pnpm 7+ and yarn 2+ run them only when configured to).
 *
 * Not looked into: scripts of other packages (`--workspace`, `--filter`, `-r`, `npm install PKG`),
 * a `package.json` that cannot be read or parsed, and script names built at run time.
 */

/** One package manager: options taking a value, the folder options, and its own commands. */
interface Manager {
  options: OptionSpec;
  /** Options naming the folder of the package (`--prefix`, `--cwd`, `-C`). */
  dir: readonly string[];
  /** Options that select other packages of a workspace: their scripts are not looked into. */
  others: readonly string[];
  /** Subcommands running the script named next. */
  run: readonly string[];
  /** Subcommands that run a script of their own name (`npm test` ⇒ `test`; `npm t` ⇒ `test`). */
  aliases: Record<string, readonly string[]>;
  /** Subcommands that install the package itself (its install lifecycle runs) when given no package. */
  install: readonly string[];
  /** Commands of the manager: `yarn NAME` runs a script NAME only when NAME is none of these. */
  commands?: ReadonlySet<string>;
  /** `yarn`, `bun` alone install. */
  bareInstalls?: boolean;
}

const LIFECYCLE_INSTALL = [
  'preinstall',
  'install',
  'postinstall',
  'prepublish',
  'preprepare',
  'prepare',
  'postprepare',
];
const NPM_ALIASES = { test: ['test'], t: ['test'], tst: ['test'], start: ['start'], stop: ['stop'] };

const MANAGERS: Record<string, Manager> = {
  npm: {
    options: { short: 'wC', long: ['prefix', 'workspace', 'userconfig', 'cache', 'registry', 'loglevel'] },
    dir: ['prefix'],
    others: ['w', 'workspace', 'workspaces', 'ws', 'global', 'g'],
    run: ['run', 'run-script', 'rum', 'urn'],
    aliases: { ...NPM_ALIASES, restart: ['restart', 'stop', 'start'] },
    install: [
      'install',
      'i',
      'in',
      'ins',
      'inst',
      'insta',
      'instal',
      'isnt',
      'isnta',
      'isntal',
      'isntall',
      'ci',
      'clean-install',
      'ic',
      'install-clean',
      'isntall-clean',
    ],
  },
  yarn: {
    options: { long: ['cwd', 'cache-folder', 'modules-folder', 'registry'] },
    dir: ['cwd'],
    others: ['global'],
    run: ['run'],
    aliases: NPM_ALIASES,
    install: ['install'],
    bareInstalls: true,
    commands: new Set(
      'add audit autoclean bin cache check config create dlx exec generate-lock-entry global help import info init install licenses link list login logout node outdated owner pack policies publish remove run tag team unlink unplug upgrade upgrade-interactive version versions why workspace workspaces'.split(
        ' ',
      ),
    ),
  },
  pnpm: {
    options: { short: 'CF', long: ['dir', 'filter', 'workspace-dir', 'reporter'] },
    dir: ['C', 'dir'],
    others: ['F', 'filter', 'r', 'recursive', 'workspace-root', 'w', 'global', 'g'],
    run: ['run', 'run-script'],
    aliases: NPM_ALIASES,
    install: ['install', 'i'],
    commands: new Set(
      'add install i update up upgrade remove rm uninstall un link ln unlink import rebuild rb prune fetch patch patch-commit audit list ls outdated why exec dlx create run test start publish pack store env setup init deploy server config root bin licenses doctor'.split(
        ' ',
      ),
    ),
  },
  bun: {
    options: { long: ['cwd', 'config'] },
    dir: ['cwd'],
    others: ['filter', 'global', 'g'],
    run: ['run'],
    aliases: {},
    install: ['install', 'i'],
    bareInstalls: false,
    commands: new Set(
      'run install i add a remove rm update link unlink pm build test x create init upgrade repl exec outdated publish patch audit info why'.split(
        ' ',
      ),
    ),
  },
};

/**
 * Whether `word` is one of the package manager's own commands (`pnpm rm`, `yarn add`), which
 * `yarn WORD`/`pnpm WORD`/`bun WORD` runs instead of a script or a program of that name.
 */
export function managerCommand(manager: string, word: string): boolean {
  const m = Object.hasOwn(MANAGERS, manager) ? MANAGERS[manager] : undefined;
  return (
    m?.commands?.has(word) === true || (m?.install.includes(word) ?? false) || word in (m?.aliases ?? {})
  );
}

/** The scripts of the nearest `package.json` from `dir` up (npm's "prefix"), or `undefined`. */
function packageScripts(
  ctx: Ctx,
  dir: string,
): { scripts: Record<string, string>; from: 'text' | 'disk' } | undefined {
  let at = dir;
  for (let i = 0; i < 12; i++) {
    const file = path.posix.join(at, 'package.json');
    const found = readScript(ctx, file);
    if (found?.text !== undefined) {
      try {
        const json = JSON.parse(found.text) as { scripts?: unknown };
        const scripts: Record<string, string> = {};
        if (json.scripts && typeof json.scripts === 'object')
          for (const [k, v] of Object.entries(json.scripts)) if (typeof v === 'string') scripts[k] = v;
        return { scripts, from: found.from };
      } catch {
        return undefined;
      }
    }
    const up =
      ctx.cwd || path.isAbsolute(at)
        ? path.dirname(path.resolve(ctx.cwd ?? '/', at))
        : path.posix.join(at, '..');
    if (up === at) return undefined;
    at = up;
  }
  return undefined;
}

/** The scripts a package-manager command runs, in order, with the arguments given to the last. */
function scriptsRun(
  cmd: ShellCommand,
  m: Manager,
): { names: string[]; args: ShellWord[]; dir: string; label: string } | undefined {
  const { options, next } = readOptions(cmd.argv, 1, m.options);
  // Package managers read their options anywhere before `--` (`npm run x -w pkg`).
  const end = cmd.argv.findIndex((w, i) => i > 0 && w.value === '--');
  const selects = (v: string | undefined): boolean =>
    v !== undefined &&
    m.others.some((o) =>
      o.length === 1 || o === 'ws' ? v === `-${o}` : v === `--${o}` || v.startsWith(`--${o}=`),
    );
  if (cmd.argv.slice(1, end < 0 ? undefined : end).some((w) => selects(w.value))) return undefined;
  const dirOption = options.find((o) => m.dir.includes(o.name));
  const dir = dirOption ? dirOption.value : '.';
  if (dir === undefined) return undefined;
  const sub = cmd.argv[next];
  const prog = cmd.name ?? '';
  if (!sub) return m.bareInstalls ? { names: LIFECYCLE_INSTALL, args: [], dir, label: prog } : undefined;
  if (sub.value === undefined) return undefined;
  if (m.install.includes(sub.value)) {
    const rest = readOptions(cmd.argv, next + 1, m.options);
    if (rest.next < cmd.argv.length) return undefined; // packages named: their scripts, not ours
    return { names: LIFECYCLE_INSTALL, args: [], dir, label: `${prog} ${sub.value}` };
  }
  if (m.run.includes(sub.value)) {
    const rest = readOptions(cmd.argv, next + 1, m.options);
    const name = cmd.argv[rest.next];
    if (name?.value === undefined) return undefined;
    const args = cmd.argv.slice(rest.next + 1).filter((w, i) => !(i === 0 && w.value === '--'));
    return { names: withHooks(name.value), args, dir, label: `${prog} ${sub.value} ${name.value}` };
  }
  const alias = m.aliases[sub.value];
  if (alias)
    return {
      names: alias.flatMap(withHooks),
      args: cmd.argv.slice(next + 1),
      dir,
      label: `${prog} ${sub.value}`,
    };
  if (m.commands && !m.commands.has(sub.value))
    return {
      names: withHooks(sub.value),
      args: cmd.argv.slice(next + 1),
      dir,
      label: `${prog} ${sub.value}`,
    };
  return undefined;
}

function withHooks(name: string): string[] {
  return [`pre${name}`, name, `post${name}`];
}

/**
 * Looks into the `package.json` scripts `cmd` runs (see the module comment): each is analysed as
 * shell text at the command, with the command's extra arguments appended to the script it names
 * (npm appends them to the script's command line).
 */
export function checkPackageScript(cmd: ShellCommand, ctx: Ctx): void {
  const m = cmd.name === undefined ? undefined : MANAGERS[cmd.name];
  if (!m) return;
  const run = scriptsRun(cmd, m);
  if (!run) return;
  const pkg = packageScripts(ctx, run.dir);
  if (!pkg) return;
  const main = run.names.filter((n) => !n.startsWith('pre') && !n.startsWith('post'));
  for (const name of run.names) {
    const script = pkg.scripts[name];
    if (script === undefined) continue;
    const extra = main.includes(name) && run.args.length ? ` ${run.args.map((w) => w.raw).join(' ')}` : '';
    analyseScriptText(cmd, ctx, {
      text: script + extra,
      from: pkg.from,
      label: `${run.label} (${name})`,
      key: `package.json#${name}`,
    });
  }
}
