import { nextToken, type LexToken } from './lex';

/**
 * Rewrites of valid MySQL syntax that node-sql-parser's grammar does not know into equivalent
 * syntax it does, tried only after a statement failed to parse. Token-based (strings, quoted
 * identifiers and comments are never touched). One entry per gap, each with the MySQL manual
 * page that makes the two spellings equivalent for Railguard's purposes:
 *
 * | written                            | parsed as                   | source |
 * |------------------------------------|-----------------------------|--------|
 * | `bool` (type)                      | `boolean`                   | https://dev.mysql.com/doc/refman/8.0/en/numeric-type-syntax.html (BOOL, BOOLEAN: synonyms for TINYINT(1)) |
 * | `VARCHAR(n) BINARY` (attribute)    | `VARCHAR(n)`                | https://dev.mysql.com/doc/refman/8.0/en/string-type-syntax.html (BINARY: shorthand for the _bin collation) |
 * | `CONVERT TO CHARACTER SET x COLLATE y` | `CHARACTER SET x, COLLATE y` + `convertsCharset` | https://dev.mysql.com/doc/refman/8.0/en/alter-table.html#alter-table-character-set (CONVERT rewrites every row: reported by `mysql-copying-alter`) |
 * | `DROP CONSTRAINT name`             | `DROP FOREIGN KEY name`     | https://dev.mysql.com/doc/refman/8.0/en/alter-table.html (8.0.19+: DROP CONSTRAINT drops a constraint of any type) |
 */
export interface ShimmedSql {
  /** The rewritten statement text. */
  text: string;
  /** Maps an offset in `text` to the offset in the original statement text. */
  toOriginal(offset: number): number;
  /** True when `CONVERT TO CHARACTER SET` was rewritten (the table is rebuilt). */
  convertsCharset: boolean;
}

interface Edit {
  start: number;
  end: number;
  replacement: string;
}

/** Applies the shims to one statement's text; `undefined` when none applies. */
export function mysqlShims(sql: string): ShimmedSql | undefined {
  const tokens: LexToken[] = [];
  for (let pos = 0; ;) {
    const t = nextToken(sql, pos, 'mysql');
    if (!t) break;
    pos = t.end;
    if (t.type !== 'comment') tokens.push(t);
  }
  const word = (i: number): string => {
    const t = tokens[i];
    return t && t.type === 'word' ? sql.slice(t.start, t.end).toUpperCase() : '';
  };
  const edits: Edit[] = [];
  let convertsCharset = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    const w = word(i);
    if (w === 'BOOL') edits.push({ start: t.start, end: t.end, replacement: 'boolean' });
    else if (w === 'BINARY' && sql[tokens[i - 1]?.start ?? -1] === ')')
      edits.push({ start: t.start, end: t.end, replacement: '' });
    else if (
      w === 'CONVERT' &&
      word(i + 1) === 'TO' &&
      word(i + 2) === 'CHARACTER' &&
      word(i + 3) === 'SET'
    ) {
      convertsCharset = true;
      edits.push({ start: t.start, end: tokens[i + 2]?.start ?? t.end, replacement: '' });
      const collate = tokens.findIndex((_x, j) => j > i + 4 && word(j) === 'COLLATE');
      const at = tokens[collate];
      if (at && collate === i + 5) edits.push({ start: at.start, end: at.start, replacement: ', ' });
    } else if (w === 'DROP' && word(i + 1) === 'CONSTRAINT') {
      const c = tokens[i + 1];
      if (c) edits.push({ start: c.start, end: c.end, replacement: 'FOREIGN KEY' });
    }
  }
  if (edits.length === 0) return undefined;
  let text = '';
  let at = 0;
  // Pairs (offset in text, offset in sql) at each edit's end, for mapping offsets back.
  const marks: [number, number][] = [];
  for (const e of edits) {
    text += sql.slice(at, e.start) + e.replacement;
    marks.push([text.length, e.end]);
    at = e.end;
  }
  text += sql.slice(at);
  return {
    text,
    convertsCharset,
    toOriginal(offset) {
      let base: [number, number] = [0, 0];
      for (const m of marks) if (m[0] <= offset) base = m;
      return Math.min(sql.length, base[1] + (offset - base[0]));
    },
  };
}
