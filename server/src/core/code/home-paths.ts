/**
 * Paths code builds from the user's home folder and from parts, resolved statically so that file
 * actions name the real target: `os.path.expanduser('~/.claude/settings.json')`,
 * `Path.home() / '.claude'`, `os.environ['HOME'] + '/.ssh'` (Python), `os.homedir()`,
 * `process.env.HOME`, `path.join(a, b)` (Node.js). The home folder is written `~`, as path globs
 * and the path classes (`resources/`) read it. Sources: Python `os.path.join`/`expanduser`
 * (https://docs.python.org/3/library/os.path.html), `pathlib.Path.home`; Node.js `path.join`
 * (https://nodejs.org/api/path.html#pathjoinpaths), `os.homedir`.
 */

/** The home folder as path values write it. */
export const HOME = '~';

/** Environment variables naming the home folder (POSIX `HOME`, Windows `USERPROFILE`). */
export const HOME_VARIABLES: ReadonlySet<string> = new Set(['HOME', 'USERPROFILE']);

/**
 * Joins path parts as `os.path.join` and `path.posix.join` do for the parts seen in agents' code:
 * an absolute part (or `~`) restarts the path, `/` separates; `.`/`..` are kept as written
 * (the path classes normalise them).
 */
export function joinPath(parts: readonly string[]): string {
  let out = '';
  for (const p of parts) {
    if (p === '') continue;
    if (p.startsWith('/') || p === HOME || p.startsWith(`${HOME}/`) || out === '') out = p;
    else out = `${out.replace(/\/+$/, '')}/${p}`;
  }
  return out;
}
