/**
 * Path arithmetic for effects on files, without I/O (POSIX semantics, as the shell sees paths
 * before running; symbolic links are not followed since resolving them needs the file system).
 */

/** The symbol for the workspace root when the caller does not know it (see `path-glob.ts`). */
export const WORKSPACE = '${workspace}';

/**
 * Normalizes a path: collapses `//`, removes `.` segments and trailing slashes, and resolves `..`
 * against the segment before it (`/var/lib/../lib/mysql` ⇒ `/var/lib/mysql`; `..` above `/`
 * stays at `/`, above a relative start it is kept: `../x`). `$HOME`/`${HOME}` at the start ⇒ `~`.
 */
export function normalizePath(path: string): string {
  const p = path.replace(/^(\$HOME|\$\{HOME\})(?=\/|$)/, '~');
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      const last = out[out.length - 1];
      if (last !== undefined && last !== '..' && !(out.length === 1 && (last === '~' || last === WORKSPACE)))
        out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const joined = out.join('/');
  if (absolute) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** True when the path is absolute or starts at a named root (`/x`, `~`, `~/x`, `${workspace}/x`). */
export function isRooted(path: string): boolean {
  return path.startsWith('/') || path === '~' || path.startsWith('~/') || path.startsWith(WORKSPACE);
}

/**
 * Resolves `path` against the folder `cwd` (absolute, `~…`, `${workspace}…`, or `undefined`
 * when unknown: then relative paths resolve against {@link WORKSPACE}), normalized.
 * `~user` forms are kept as written (another user's home).
 */
export function resolvePath(path: string, cwd: string | undefined): string {
  const p = normalizePath(path);
  if (isRooted(p) || /^~[a-z_][\w-]*(\/|$)/.test(p)) return p;
  const base = cwd ?? WORKSPACE;
  return normalizePath(p === '.' ? base : `${base}/${p}`);
}
