/**
 * Tiny globs for policy values (hosts, env var values, kube contexts, table names, agent names):
 * `*` matches any run of characters (dots and slashes included), `?` one character, everything
 * else is literal. Matching is anchored and case-insensitive. No character classes or braces, so
 * a pattern can never be an expensive regular expression (the compiled form has no nested
 * quantifiers).
 */

/** Compiles a glob to an anchored, case-insensitive RegExp. Never throws. */
export function globToRegExp(glob: string): RegExp {
  let src = '';
  for (const ch of glob) {
    if (ch === '*') {
      if (!src.endsWith('.*')) src += '.*';
    } else if (ch === '?') src += '.';
    else src += ch.replace(/[\\^$.|+(){}[\]]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, 'is');
}

/** True when `value` matches `glob` (see module doc). */
export function globMatch(glob: string, value: string): boolean {
  if (isLiteralGlob(glob)) return glob.toLowerCase() === value.toLowerCase();
  return globToRegExp(glob).test(value);
}

/** True when the glob has no wildcard (so it names exactly one value, ignoring case). */
export function isLiteralGlob(glob: string): boolean {
  return !/[*?]/.test(glob);
}
