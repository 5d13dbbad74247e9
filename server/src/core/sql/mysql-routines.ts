import { nextToken, type LexToken } from './lex';
import type { Piece } from './split';

/**
 * MySQL / MariaDB stored programs (`CREATE PROCEDURE | FUNCTION | TRIGGER | EVENT … BEGIN … END`):
 * recognising the statement and splitting its compound body into the SQL statements it runs, so
 * they are judged like any other (node-sql-parser has no grammar for stored programs). Sources:
 * MySQL "Compound Statement Syntax" (https://dev.mysql.com/doc/refman/8.0/en/sql-compound-statements.html)
 * and "Defining Stored Programs" (…/stored-programs-defining.html). Pure, O(n).
 */

/** A stored program's header: what it creates and the range of its body. */
export interface StoredProgram {
  /** `PROCEDURE`, `FUNCTION`, `TRIGGER` or `EVENT`. */
  kind: string;
  name: string;
  /** The SQL statements of the body (offsets into the statement text), flow control left out. */
  body: Piece[];
}

const HEADER =
  /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*(?:`[^`]*`|'[^']*'|[\w$]+)(?:@(?:`[^`]*`|'[^']*'|[\w.%$-]+))?\s+)?(?:AGGREGATE\s+)?(PROCEDURE|FUNCTION|TRIGGER|EVENT)\s+(?:IF\s+NOT\s+EXISTS\s+)?((?:`[^`]*`|[\w$]+)(?:\.(?:`[^`]*`|[\w$]+))?)/i;

/** Words after which a new statement starts inside a compound body. */
const OPENERS = new Set(['BEGIN', 'THEN', 'ELSE', 'DO', 'LOOP', 'REPEAT']);
/** Leading words of pieces that are flow control or declarations, not statements to judge. */
const CONTROL = new Set([
  'IF',
  'ELSEIF',
  'WHILE',
  'UNTIL',
  'CASE',
  'WHEN',
  'END',
  'DECLARE',
  'LEAVE',
  'ITERATE',
  'RETURN',
  'OPEN',
  'FETCH',
  'CLOSE',
  'EXECUTE',
  'DEALLOCATE',
  'SIGNAL',
  'RESIGNAL',
  'GET',
]);

/**
 * The stored program a MySQL statement creates, or `undefined` when it is not one (or has no
 * BEGIN … END body: a single-statement body is returned as one piece).
 */
export function storedProgram(sql: string): StoredProgram | undefined {
  const m = HEADER.exec(sql);
  if (!m) return undefined;
  const tokens: LexToken[] = [];
  for (let pos = m[0].length; ;) {
    const t = nextToken(sql, pos, 'mysql');
    if (!t) break;
    pos = t.end;
    if (t.type !== 'comment') tokens.push(t);
  }
  const word = (t: LexToken | undefined): string =>
    t && t.type === 'word' ? sql.slice(t.start, t.end).toUpperCase() : '';
  const body: Piece[] = [];
  let start = -1;
  let end = -1;
  const close = (): void => {
    if (start >= 0 && end > start) body.push({ start, end });
    start = -1;
  };
  // Routine characteristics and parameters come before the body: for a trigger/event the body
  // follows `FOR EACH ROW` / `DO`; for a routine, the first BEGIN (or, without one, RETURN/the
  // statement after the parameter list is out of scope here: judged whole below).
  const first = tokens.findIndex((t) => {
    const w = word(t);
    return w === 'BEGIN' || (w === 'DO' && m[1]?.toUpperCase() === 'EVENT') || w === 'ROW';
  });
  if (first < 0) return { kind: (m[1] ?? '').toUpperCase(), name: m[2] ?? '', body };
  for (let i = first + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    const w = word(t);
    if (t.type === 'punct' && sql[t.start] === ';') {
      close();
      continue;
    }
    if (
      OPENERS.has(w) ||
      (w === 'END' && start >= 0 && !['IF', 'LOOP', 'WHILE', 'REPEAT', 'CASE'].includes(word(tokens[i + 1])))
    ) {
      close();
      if (OPENERS.has(w)) continue;
    }
    if (start < 0) {
      // A label (`outer: LOOP`) is not a statement.
      if (tokens[i + 1] && sql[tokens[i + 1]?.start ?? 0] === ':' && t.type === 'word') {
        i++;
        continue;
      }
      start = t.start;
    }
    end = t.end;
  }
  close();
  return {
    kind: (m[1] ?? '').toUpperCase(),
    name: m[2] ?? '',
    body: body.filter((p) => !CONTROL.has(word(nextToken(sql, p.start, 'mysql')))),
  };
}

/** `PREPARE name FROM @variable` (or any non-literal): SQL built at run time. */
export function preparesDynamicSql(sql: string): boolean {
  return /^\s*PREPARE\s+[`\w$]+\s+FROM\s+[^'"\s]/i.test(sql);
}
