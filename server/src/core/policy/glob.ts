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

/**
 * True when some value matches both globs (same syntax: `*` any run, `?` one character,
 * case-insensitive), e.g. `user*` and `*s` (both match `users`), `public.*` and `*.users`; false
 * for `crm.*` and `public.users`. Used where a fact is itself a pattern (the `-t 'public.user*'`
 * of a dump) and meets a policy glob. Dynamic programming over both patterns: O(|a|·|b|) time.
 */
export function globsOverlap(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  // memo[i][j]: whether x[i…] and y[j…] match a common value (undefined: not computed yet).
  const memo: (boolean | undefined)[][] = Array.from({ length: x.length + 1 }, () => []);
  const from = (i: number, j: number): boolean => {
    const known = memo[i]?.[j];
    if (known !== undefined) return known;
    let r: boolean;
    if (i === x.length && j === y.length) r = true;
    else if (x[i] === '*') r = from(i + 1, j) || (j < y.length && from(i, j + 1));
    else if (y[j] === '*') r = from(i, j + 1) || (i < x.length && from(i + 1, j));
    else if (i === x.length || j === y.length) r = false;
    else r = (x[i] === '?' || y[j] === '?' || x[i] === y[j]) && from(i + 1, j + 1);
    (memo[i] as (boolean | undefined)[])[j] = r;
    return r;
  };
  return from(0, 0);
}
