import type { ShellCommand, ShellWord } from '../../../shell/model';

/** Global git options that take the next word as their argument (git(1), "OPTIONS"). */
const GLOBAL_WITH_VALUE = new Set([
  '-C',
  '-c',
  '--git-dir',
  '--work-tree',
  '--namespace',
  '--exec-path',
  '--config-env',
]);

/**
 * Splits `git [global options] <subcommand> args…` into the subcommand and its argument words.
 * Returns `undefined` when the command is not git or the subcommand is dynamic or missing.
 */
export function gitSubcommand(
  cmd: ShellCommand,
): { sub: string; word: ShellWord; rest: ShellWord[] } | undefined {
  if (cmd.name !== 'git') return undefined;
  for (let i = 1; i < cmd.argv.length; i++) {
    const w = cmd.argv[i];
    const v = w?.value;
    if (!w || v === undefined) return undefined;
    if (GLOBAL_WITH_VALUE.has(v)) {
      i++;
      continue;
    }
    if (v.startsWith('-')) continue;
    return { sub: v, word: w, rest: cmd.argv.slice(i + 1) };
  }
  return undefined;
}

/** Branches that are usually protected: trunk, production and release lines. */
export function isProtectedBranch(ref: string): boolean {
  const b = ref.replace(/^refs\/heads\//, '');
  return /^(main|master|trunk|prod|production|live|stable|release([-/._].*|s)?|develop)$/.test(b);
}

/** A parsed `git push` refspec: `[+]<src>[:<dst>]` (git-push(1), `<refspec>…`). */
export interface Refspec {
  force: boolean;
  src: string;
  /** The remote ref written to; the source name when no `:dst` is given. */
  dst: string;
  /** `:dst` (empty source) deletes the remote ref. */
  deletes: boolean;
}

export function parseRefspec(spec: string): Refspec {
  const force = spec.startsWith('+');
  const body = force ? spec.slice(1) : spec;
  const colon = body.indexOf(':');
  const src = colon < 0 ? body : body.slice(0, colon);
  const dst = colon < 0 ? body : body.slice(colon + 1);
  return { force, src, dst: dst === '' ? src : dst, deletes: colon === 0 };
}
