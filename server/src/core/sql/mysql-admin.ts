import { nextToken } from './lex';

/**
 * MySQL account and session administration statements node-sql-parser has no grammar for, read
 * token by token into a small tree so rules can judge them instead of leaving them `unparsed`.
 * Shapes (`type` first, lower-case words):
 * - `{ type: 'kill', target: 'connection' | 'query', id: string }` — KILL [CONNECTION|QUERY] id
 * - `{ type: 'grant_privileges' | 'revoke_privileges', privileges: string[], level: string,
 *   grantees: string[], grantOption: boolean }` — GRANT/REVOKE privileges ON level TO|FROM users
 * - `{ type: 'set_password', user: string }` — ALTER USER … IDENTIFIED BY / SET PASSWORD
 * Sources: MySQL manual "KILL Statement", "GRANT Statement", "REVOKE Statement", "ALTER USER
 * Statement", "SET PASSWORD Statement" (https://dev.mysql.com/doc/refman/8.0/en/).
 * Returns `undefined` for anything else. Pure.
 */
export function mysqlAdminStatement(sql: string): Record<string, unknown> | undefined {
  const words: string[] = [];
  const raw: string[] = [];
  for (let pos = 0; ;) {
    const t = nextToken(sql, pos, 'mysql');
    if (!t) break;
    pos = t.end;
    if (t.type === 'comment') continue;
    const text = sql.slice(t.start, t.end);
    raw.push(text);
    words.push(t.type === 'word' ? text.toLowerCase() : text);
  }
  const first = words[0];
  if (first === 'kill') {
    const target = words[1] === 'query' ? 'query' : 'connection';
    const id = words[words[1] === 'query' || words[1] === 'connection' ? 2 : 1];
    return id === undefined ? undefined : { type: 'kill', target, id };
  }
  if (first === 'set' && words[1] === 'password') {
    const f = words.indexOf('for');
    return { type: 'set_password', user: f > 0 ? (raw[f + 1] ?? '?').replace(/[`'"]/g, '') : 'CURRENT_USER' };
  }
  if (first === 'alter' && words[1] === 'user') {
    if (!words.includes('identified') && !(words.includes('random') && words.includes('password')))
      return undefined;
    return { type: 'set_password', user: (raw[words[2] === 'if' ? 4 : 2] ?? '?').replace(/[`'"]/g, '') };
  }
  if (first === 'grant' || first === 'revoke') {
    const on = words.indexOf('on');
    const to = words.findIndex((w, i) => i > on && w === (first === 'grant' ? 'to' : 'from'));
    if (on < 1 || to < on) return undefined;
    const privileges = words
      .slice(first === 'revoke' && words[1] === 'if' ? 3 : 1, on)
      .join(' ')
      .replace(/\([^)]*\)/g, '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p);
    let levelEnd = on + 1;
    while (levelEnd < to && ['table', 'function', 'procedure'].includes(words[levelEnd] ?? '')) levelEnd++;
    const level = raw.slice(levelEnd, to).join('');
    const rest = words.slice(to + 1);
    const w = rest.indexOf('with');
    const grantees = raw
      .slice(to + 1, w >= 0 ? to + 1 + w : undefined)
      .join(' ')
      .split(',')
      .map((g) => g.replace(/[`'"\s]/g, ''))
      .filter((g) => g);
    const grantOption = w >= 0 && rest[w + 1] === 'grant' && rest[w + 2] === 'option';
    return { type: `${first}_privileges`, privileges, level, grantees, grantOption };
  }
  return undefined;
}
