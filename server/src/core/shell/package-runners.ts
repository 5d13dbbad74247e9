import { managerCommand } from './package-scripts';
import { readOptions } from './options';
import { LAUNCHERS, PACKAGE_RUNNERS } from './tool-catalogue/launchers';
import type { Unwrapper } from './wrappers';

/**
 * Package runners as wrappers: what they launch is a command of its own (`npx tsx wipe.ts` runs
 * `tsx wipe.ts`, `uv run python x.py` runs `python x.py`, `bundle exec rake …`), analysed like
 * `sudo CMD`. (Environment loaders such as `dotenv --` are runners of `runners.ts`.) The options and
 * subcommands come from the catalogue's launcher table (`tool-catalogue/launchers.ts`, with its
 * sources), which the destructive-verb catalogue also reads. Not here: interpreters given a script
 * (`python x.py`: `interpreters.ts`), and `npm|pnpm|yarn|bun run NAME`, which run `package.json`
 * scripts (`package-scripts.ts`); `yarn NAME`/`pnpm NAME` run a program only when NAME is not one
 * of their own commands (`pnpm rm lodash` removes a dependency, it does not run `rm`).
 */

/** Subcommands of a runner that run `package.json` scripts, not programs. */
const SCRIPT_SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = {
  npm: ['run', 'run-script'],
  pnpm: ['run'],
  yarn: ['run'],
  bun: ['run'],
};

function runner(name: string): Unwrapper {
  const l = LAUNCHERS[name];
  return (cmd) => {
    if (!l) return undefined;
    const { next } = readOptions(cmd.argv, 1, l.options);
    let i = next;
    const sub = cmd.argv[i]?.value;
    if (sub === undefined) return undefined;
    let wrapper = name;
    if (l.subs?.includes(sub)) {
      if (SCRIPT_SUBCOMMANDS[name]?.includes(sub)) return undefined;
      wrapper = `${name} ${sub}`;
      i = readOptions(cmd.argv, i + 1, l.options).next;
    } else if (l.subs && !(l.subOptional && !managerCommand(name, sub))) return undefined;
    if (cmd.argv[i]?.value === '--') i++;
    return i < cmd.argv.length ? [{ kind: 'argv', wrapper, start: i }] : undefined;
  };
}

/** The package runners by program name (see the module comment). */
export const PACKAGE_RUNNER_WRAPPERS: Readonly<Record<string, Unwrapper>> = Object.fromEntries(
  PACKAGE_RUNNERS.filter((n) => LAUNCHERS[n] !== undefined).map((n) => [n, runner(n)]),
);
