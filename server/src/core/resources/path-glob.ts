/**
 * Path globs for the policy's `resources:` classes and the built-in protected-path catalogue.
 *
 * Grammar (a subset of gitignore / bash `globstar`, case-sensitive like POSIX file systems):
 * - `*` matches any run of characters except `/`; `?` one character except `/`;
 * - a whole segment `**` matches zero or more segments (`**​/.git/**`, `/var/lib/**`);
 * - a pattern ending in `/**` also matches the folder itself (`/var/lib/mysql/**` matches
 *   `/var/lib/mysql`);
 * - a pattern without `/` matches a path any of whose segments matches it (`dist`, `*.rdb`,
 *   `node_modules` match `app/dist`, `/data/dump.rdb`, `a/node_modules/x/y`), as in `.gitignore`;
 * - `~` and `${workspace}` are ordinary leading segments; {@link expandRoots} substitutes them.
 * No braces or character classes, so the compiled expression has no nested quantifiers.
 * Source: gitignore(5) "PATTERN FORMAT", https://git-scm.com/docs/gitignore.
 */

/** A compiled path glob. */
export interface PathGlob {
  /** The pattern as written. */
  pattern: string;
  /** Anchored expression the path is tested with. */
  regexp: RegExp;
  /**
   * The literal folder the pattern lies under (`/var/lib/mysql` for `/var/lib/mysql/**`, `~` for
   * `~/.vscode*​/extensions/**`); `undefined` for floating patterns (`**​/…`, no `/`). A recursive
   * delete of this folder or of one of its ancestors destroys what the pattern names.
   */
  root: string | undefined;
  /**
   * For floating patterns (`**​/.claude/settings.json`): the pattern's proper tails
   * (`settings.json`); a folder `D` holds a matching path at that depth when the pattern matches
   * `D/tail` (`.claude` holds `.claude/settings.json`). Tails that are only `**` are left out.
   */
  tails: string[];
}

function segmentSource(seg: string): string {
  let src = '';
  for (const ch of seg) {
    if (ch === '*') src += '[^/]*';
    else if (ch === '?') src += '[^/]';
    else src += ch.replace(/[\\^$.|+(){}[\]]/g, '\\$&');
  }
  return src;
}

/** Compiles a path glob (see module doc). Never throws. */
export function compilePathGlob(pattern: string): PathGlob {
  const floating = !pattern.includes('/') && pattern !== '~' && pattern !== '${workspace}';
  const p = floating ? `**/${pattern}/**` : pattern.length > 1 ? pattern.replace(/\/+$/, '') : pattern;
  const segs = p.split('/');
  let src = '';
  segs.forEach((seg, i) => {
    const last = i === segs.length - 1;
    if (seg === '**') {
      // `**` last: the folder itself or anything below; first: any leading folders; else any middle ones.
      src += last ? '(?:/.*)?' : i === 0 ? '(?:[^/]*/)*' : '(?:/[^/]+)*';
      return;
    }
    const afterLeadingGlobstar = i === 1 && segs[0] === '**';
    src += (i === 0 || afterLeadingGlobstar ? '' : '/') + segmentSource(seg);
  });
  if (p === '/') src = '/';
  const wildcard = segs.findIndex((s) => /[*?]/.test(s));
  const literal = wildcard < 0 ? segs : segs.slice(0, wildcard);
  const rootText = literal.join('/') || (p.startsWith('/') ? '/' : '');
  const root = floating || wildcard === 0 || rootText === '' ? undefined : rootText;
  const tails =
    segs[0] === '**'
      ? segs
          .slice(2)
          .map((_, i) => segs.slice(i + 2).join('/'))
          .filter((t) => t !== '**')
      : [];
  return { pattern, regexp: new RegExp(`^${src}$`, 's'), root, tails };
}

/**
 * True when removing the folder `dir` (recursively) removes something the glob names: the glob
 * matches `dir`, `dir` is its {@link PathGlob.root} or an ancestor of it, or `dir` plus one of
 * its {@link PathGlob.tails} matches.
 */
export function destroysGlob(glob: PathGlob, dir: string): boolean {
  if (glob.regexp.test(dir)) return true;
  if (glob.root !== undefined && isAncestorOrSelf(dir, glob.root)) return true;
  const base = dir === '/' ? '' : dir;
  return glob.tails.some((t) => glob.regexp.test(`${base}/${t}`));
}

/** True when `path` (normalized, see `paths.ts`) matches the compiled glob. */
export function pathGlobMatch(glob: PathGlob, path: string): boolean {
  return glob.regexp.test(path);
}

/** True when folder `dir` is `path` or one of its ancestors (`/var` of `/var/lib/mysql`; `/` of all). */
export function isAncestorOrSelf(dir: string, path: string): boolean {
  if (dir === path) return true;
  if (dir === '/') return path.startsWith('/');
  return path.startsWith(`${dir}/`);
}

/**
 * Replaces the leading `~` and `${workspace}` of a pattern or path by the given folders, when known
 * (unknown roots stay symbolic, so patterns and paths still meet on the same symbol).
 */
export function expandRoots(text: string, roots: { home?: string; workspace?: string }): string {
  if (roots.home !== undefined && (text === '~' || text.startsWith('~/')))
    return roots.home.replace(/\/$/, '') + text.slice(1);
  if (roots.workspace !== undefined && (text === '${workspace}' || text.startsWith('${workspace}/')))
    return roots.workspace.replace(/\/$/, '') + text.slice('${workspace}'.length);
  return text;
}
