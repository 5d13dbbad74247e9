/**
 * A path glob as a regular expression over a normalised path (`/` separators): `*` matches within
 * one segment, `**` across segments (`**\/x` also matches `x` at the top), `{a,b}` either word;
 * `~` stands for itself (paths under the home folder are written `~/…`).
 */
export function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      const words = glob.slice(i + 1, end).split(',');
      re += `(?:${words.map((w) => w.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('|')})`;
      i = end;
    } else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
