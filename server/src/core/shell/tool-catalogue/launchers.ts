import type { ShellCommand, ShellWord } from '../model';
import { readOptions, type OptionSpec } from '../options';
import { basename } from '../words';

/**
 * Programs that launch a tool by name: package runners (`npx prisma …`, `pnpm exec`, `yarn dlx`,
 * `npm run prisma -- …` (a script named like a tool is taken to be that tool),
 * `bunx`, `bundle exec rake …`, `poetry run`, `uv run`), interpreters given a script or module
 * (`python manage.py …`, `python -m alembic …`, `php artisan …`, `ruby bin/rails …`,
 * `node node_modules/.bin/prisma …`) and environment loaders (`dotenv -e .env.production -- …`).
 * Sources: npm-exec(1) https://docs.npmjs.com/cli/commands/npm-exec, pnpm exec/dlx
 * https://pnpm.io/cli/exec, yarn https://yarnpkg.com/cli/exec, bun x https://bun.sh/docs/cli/bunx,
 * bundle exec https://bundler.io/man/bundle-exec.1.html, poetry run
 * https://python-poetry.org/docs/cli/#run, uv run https://docs.astral.sh/uv/reference/cli/#uv-run,
 * pipx run https://pipx.pypa.io/stable/docs/#pipx-run, python(1) `-m`, dotenv-cli
 * https://github.com/entropitor/dotenv-cli.
 */
export interface Launcher {
  /** Options of the launcher that take a value. */
  options: OptionSpec;
  /** Subcommands that launch (`exec`, `run`); when set, the first operand must be one of them, unless `subOptional`. */
  subs?: readonly string[];
  /** The launcher also runs a program named directly (`yarn prisma`, `pnpm prisma`). */
  subOptional?: boolean;
  /** The first operand is a script file: its base name is the program (`python manage.py`). */
  script?: boolean;
  /** The option whose value is a module run as the program (`python -m alembic`). */
  module?: string;
  /** Options naming an env file loaded before the program (`dotenv -e .env.production`). */
  envFile?: readonly string[];
}

const NODE_RUNNER: Launcher = { options: { short: 'pc', long: ['package', 'call', 'cache', 'userconfig'] } };
const PY_RUNNER: Launcher = { options: {}, subs: ['run'] };
const PYTHON: Launcher = { options: { short: 'cmWX' }, script: true, module: 'm' };

export const LAUNCHERS: Readonly<Record<string, Launcher>> = {
  npx: NODE_RUNNER,
  pnpx: NODE_RUNNER,
  bunx: NODE_RUNNER,
  npm: {
    options: { long: ['package', 'prefix', 'workspace'], short: 'w' },
    subs: ['exec', 'x', 'run', 'run-script'],
  },
  pnpm: { options: { short: 'C', long: ['dir', 'filter'] }, subs: ['exec', 'dlx', 'run'], subOptional: true },
  yarn: { options: { long: ['cwd'] }, subs: ['exec', 'dlx', 'run'], subOptional: true },
  bun: { options: {}, subs: ['x', 'run'] },
  bundle: { options: {}, subs: ['exec'] },
  poetry: PY_RUNNER,
  pipenv: PY_RUNNER,
  pdm: PY_RUNNER,
  hatch: PY_RUNNER,
  rye: PY_RUNNER,
  uv: {
    options: { short: 'p', long: ['with', 'python', 'project', 'directory', 'package', 'env-file'] },
    subs: ['run'],
  },
  uvx: { options: { long: ['from', 'with', 'python'] } },
  pipx: { options: { long: ['spec', 'python', 'pip-args', 'index-url'] }, subs: ['run'] },
  python: PYTHON,
  python3: PYTHON,
  pypy3: PYTHON,
  php: { options: { short: 'cdz' }, script: true },
  ruby: { options: { short: 'IeErx' }, script: true },
  node: { options: { short: 'er', long: ['require', 'import', 'env-file'] }, script: true },
  dotenv: { options: { short: 'evc', long: [] }, envFile: ['e'] },
  'env-cmd': {
    options: { short: 'fe', long: ['file', 'environments'] },
    envFile: ['f', 'file', 'e', 'environments'],
  },
};

/**
 * Package runners the shell analyzer also unwraps (`shell/package-runners.ts`): `npx prisma …`
 * yields a command `prisma …` of its own, wrapped in `npx`. Such a command is not matched again
 * here ({@link launched} gives `undefined` for it): its launcher's command already resolves to it.
 */
export const PACKAGE_RUNNERS: readonly string[] = [
  'npx',
  'pnpx',
  'bunx',
  'npm',
  'pnpm',
  'yarn',
  'bun',
  'bundle',
  'poetry',
  'pipenv',
  'pdm',
  'hatch',
  'rye',
  'uv',
  'uvx',
  'pipx',
];

/**
 * Whether `cmd` is the command a package runner launches: its last wrapper is the runner's own
 * label (`npx`, `uv run`, `pnpm dlx`, a bare `yarn`), as `shell/package-runners.ts` writes it.
 */
export function launchedByPackageRunner(cmd: ShellCommand): boolean {
  const label = cmd.wrappers[cmd.wrappers.length - 1];
  if (label === undefined) return false;
  const [name, sub, extra] = label.split(' ');
  if (extra !== undefined || name === undefined || !PACKAGE_RUNNERS.includes(name)) return false;
  const l = Object.hasOwn(LAUNCHERS, name) ? LAUNCHERS[name] : undefined;
  return sub === undefined ? !l?.subs || l.subOptional === true : l?.subs?.includes(sub) === true;
}

/** A tool invocation after its launchers: the program's name and the words after it. */
export interface Launched {
  /** Base name of the program (`prisma`, `manage.py`, `artisan`). */
  program: string;
  /** The word naming the program. */
  programWord: ShellWord;
  /** The words after the program. */
  args: ShellWord[];
  /** Launchers removed, outermost first (`npx`, `bundle exec`). */
  launchers: string[];
  /** Env files loaded by a launcher (`.env.production`). */
  envFiles: string[];
}

/**
 * The tool `cmd` runs once package runners, interpreters and env loaders are removed; for other
 * commands, the command itself. `undefined` when the program name is dynamic, and for the command
 * a package runner launches (see {@link PACKAGE_RUNNERS}). Never throws.
 */
export function launched(cmd: ShellCommand): Launched | undefined {
  const cached = launchedCache.get(cmd);
  if (cached !== undefined) return cached ?? undefined;
  const l = launchedUncached(cmd);
  launchedCache.set(cmd, l ?? null);
  return l;
}

/** {@link launched} per command: the rules and the facts of one analysis all ask. */
const launchedCache = new WeakMap<ShellCommand, Launched | null>();

function launchedUncached(cmd: ShellCommand): Launched | undefined {
  const first = cmd.argv[0];
  if (cmd.name === undefined || !first) return undefined;
  if (launchedByPackageRunner(cmd)) return undefined;
  let cur: Launched = {
    program: cmd.name,
    programWord: first,
    args: cmd.argv.slice(1),
    launchers: [],
    envFiles: [],
  };
  for (let depth = 0; depth < 4; depth++) {
    const l = Object.hasOwn(LAUNCHERS, cur.program) ? LAUNCHERS[cur.program] : undefined;
    if (!l) return cur;
    const argv = [cur.programWord, ...cur.args];
    const { options, next } = readOptions(argv, 1, l.options);
    let i = next;
    let name = cur.program;
    const envFiles = options
      .filter((o) => l.envFile?.includes(o.name) && o.value !== undefined)
      .map((o) => o.value ?? '');
    const mod = l.module ? options.find((o) => o.name === l.module)?.valueWord : undefined;
    if (mod?.value !== undefined) {
      cur = {
        ...cur,
        program: mod.value,
        programWord: mod,
        args: argv.slice(next),
        launchers: [...cur.launchers, name],
      };
      continue;
    }
    if (l.subs) {
      const sub = argv[i]?.value;
      if (sub !== undefined && l.subs.includes(sub)) {
        name = `${name} ${sub}`;
        i = readOptions(argv, i + 1, l.options).next;
      } else if (!l.subOptional) return cur;
    }
    if (argv[i]?.value === '--') i++;
    const word = argv[i];
    // `npx prisma@5.22.0 …`, `npx @scope/tool@latest …`: the package's version is not its name.
    const program = basename(word?.value)?.replace(/(?<=.)@[^@/]*$/, '');
    if (!word || program === undefined) return cur;
    cur = {
      program,
      programWord: word,
      args: argv.slice(i + 1),
      launchers: [...cur.launchers, name],
      envFiles: [...cur.envFiles, ...envFiles],
    };
  }
  return cur;
}
