import type { StatementFacts } from '../types';
import { emptyFacts } from './model';
import { codeTokens, type LexFamily } from './lex';

/**
 * Guesses the facts of a statement the parser could not read, from its leading keywords, so that
 * policy can still block or ask (an unparsed `DROP TABLE users` must not look harmless).
 * Kinds are named as the PostgreSQL "SQL Commands" reference names them
 * (https://www.postgresql.org/docs/current/sql-commands.html); unknown ⇒ `UNKNOWN`.
 */

/** Object kinds that may follow CREATE/ALTER/DROP, longest first (multi-word ones too). */
const OBJECTS: readonly string[] = [
  'MATERIALIZED VIEW',
  'FOREIGN TABLE',
  'EVENT TRIGGER',
  'TEXT SEARCH CONFIGURATION',
  'USER MAPPING',
  'DEFAULT PRIVILEGES',
  'ACCESS METHOD',
  'FOREIGN DATA WRAPPER',
  'TABLE',
  'DATABASE',
  'SCHEMA',
  'VIEW',
  'INDEX',
  'FUNCTION',
  'PROCEDURE',
  'TRIGGER',
  'TYPE',
  'SEQUENCE',
  'ROLE',
  'USER',
  'GROUP',
  'OWNED',
  'EXTENSION',
  'DOMAIN',
  'POLICY',
  'RULE',
  'SERVER',
  'PUBLICATION',
  'SUBSCRIPTION',
  'AGGREGATE',
  'OPERATOR',
  'COLLATION',
  'CAST',
  'LANGUAGE',
  'TABLESPACE',
  'STATISTICS',
  'EVENT',
  'SYSTEM',
  'CONVERSION',
];
/** Object kinds whose names following the keywords are relations (guessed into tablesWritten). */
const RELATION_OBJECTS = new Set(['TABLE', 'VIEW', 'MATERIALIZED VIEW', 'FOREIGN TABLE']);
/** Commands named by their first keyword alone. */
const SIMPLE_COMMANDS = new Set([
  'GRANT',
  'REVOKE',
  'SELECT',
  'VALUES',
  'SET',
  'RESET',
  'SHOW',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  'SAVEPOINT',
  'DO',
  'CALL',
  'VACUUM',
  'ANALYZE',
  'REINDEX',
  'CLUSTER',
  'COMMENT',
  'LOCK',
  'MERGE',
  'EXPLAIN',
  'USE',
  'CHECKPOINT',
  'DISCARD',
  'LISTEN',
  'NOTIFY',
  'PREPARE',
  'EXECUTE',
  'DEALLOCATE',
  'DECLARE',
  'FETCH',
]);
/** Words skipped before a relation name (`IF EXISTS`, `ONLY`, `CONCURRENTLY`…). */
const NAME_NOISE = new Set([
  'IF',
  'EXISTS',
  'NOT',
  'ONLY',
  'CONCURRENTLY',
  'TABLE',
  'FROM',
  'INTO',
  'IGNORE',
  'LOW_PRIORITY',
  'QUICK',
]);

interface Word {
  /** Upper-cased for keywords; the identifier as written (unquoted) for names. */
  upper: string;
  raw: string;
  kind: 'word' | 'ident' | 'punct' | 'other';
}

function words(text: string, family: LexFamily, max: number): Word[] {
  const out: Word[] = [];
  for (const t of codeTokens(text, family)) {
    const raw = text.slice(t.start, t.end);
    if (t.type === 'word') out.push({ upper: raw.toUpperCase(), raw, kind: 'word' });
    else if (t.type === 'quoted-ident')
      out.push({ upper: '', raw: raw.slice(1, t.terminated ? -1 : undefined), kind: 'ident' });
    else if (t.type === 'punct') out.push({ upper: raw, raw, kind: 'punct' });
    else out.push({ upper: '', raw, kind: 'other' });
    if (out.length >= max) break;
  }
  return out;
}

/** Qualified names (`a.b`, comma-separated list) starting at `i`, skipping noise words. */
function namesAt(ws: readonly Word[], start: number, list: boolean): string[] {
  let i = start;
  while (i < ws.length && ws[i]?.kind === 'word' && NAME_NOISE.has(ws[i]?.upper ?? '')) i++;
  const names: string[] = [];
  for (;;) {
    const parts: string[] = [];
    for (;;) {
      const w = ws[i];
      if (!w || (w.kind !== 'word' && w.kind !== 'ident')) break;
      parts.push(w.raw);
      i++;
      if (ws[i]?.raw !== '.') break;
      i++;
    }
    if (parts.length === 0) break;
    names.push(parts.join('.'));
    if (!list || ws[i]?.raw !== ',') break;
    i++;
  }
  return names;
}

/** Matches a (multi-word) object kind at `i`; returns it and the index after it. */
function objectAt(ws: readonly Word[], i: number): [string, number] | undefined {
  for (const o of OBJECTS) {
    const parts = o.split(' ');
    if (parts.every((p, k) => ws[i + k]?.upper === p)) return [o, i + parts.length];
  }
  return undefined;
}

/**
 * Facts guessed from the leading keywords of `text` (one statement). Names are as written;
 * `tablesWritten` is filled for DROP/TRUNCATE/DELETE/UPDATE/INSERT/REPLACE/ALTER TABLE/COPY FROM
 * when the relation name follows the keywords.
 */
export function classifyByKeywords(text: string, family: LexFamily): StatementFacts {
  const ws = words(text, family, 64);
  const facts: StatementFacts = emptyFacts('UNKNOWN');
  const at = (i: number): string => ws[i]?.upper ?? '';
  const first = at(0);
  const setObject = (verb: string, i: number): void => {
    const o = objectAt(ws, i);
    if (!o) {
      facts.statementKind = verb;
      return;
    }
    facts.statementKind = `${verb} ${o[0]}`;
    facts.objectKinds.push(o[0].toLowerCase());
    if (RELATION_OBJECTS.has(o[0]) && verb !== 'CREATE')
      facts.tablesWritten.push(...namesAt(ws, o[1], verb === 'DROP'));
  };
  switch (first) {
    case 'DROP':
    case 'ALTER':
      setObject(first, 1);
      break;
    case 'CREATE': {
      // Skip modifiers (OR REPLACE, UNIQUE, TEMP, DEFINER = user…) up to the object kind.
      let i = 1;
      while (i < 14 && !objectAt(ws, i)) i++;
      setObject('CREATE', i < 14 ? i : 1);
      break;
    }
    case 'TRUNCATE':
      facts.statementKind = 'TRUNCATE';
      facts.tablesWritten.push(...namesAt(ws, 1, true));
      break;
    case 'DELETE':
    case 'UPDATE':
    case 'INSERT':
    case 'REPLACE':
      facts.statementKind = first;
      facts.tablesWritten.push(...namesAt(ws, 1, first === 'DELETE' && family === 'mysql'));
      if (first === 'DELETE' || first === 'UPDATE') facts.hasWhere = ws.some((w) => w.upper === 'WHERE');
      break;
    case 'COPY': {
      facts.statementKind = 'COPY';
      const names = namesAt(ws, 1, false);
      if (ws.some((w) => w.upper === 'FROM')) facts.tablesWritten.push(...names);
      else facts.tablesRead.push(...names);
      break;
    }
    case 'START':
      facts.statementKind = 'START TRANSACTION';
      break;
    case 'REFRESH':
      facts.statementKind = 'REFRESH MATERIALIZED VIEW';
      break;
    case 'LOAD':
      facts.statementKind = 'LOAD DATA';
      break;
    case 'RENAME':
      facts.statementKind = 'RENAME TABLE';
      facts.tablesWritten.push(...namesAt(ws, 2, false));
      break;
    case 'RESET':
      // MySQL's `RESET MASTER|REPLICA|SLAVE|BINARY LOGS…|QUERY CACHE|PERSIST` is no setting reset.
      facts.statementKind = family === 'mysql' && /^[A-Z]/.test(at(1)) ? `RESET ${at(1)}` : 'RESET';
      break;
    case 'TABLE':
      facts.statementKind = 'SELECT';
      facts.tablesRead.push(...namesAt(ws, 1, false));
      break;
    case 'WITH': {
      const dml = ws.find((w) => ['DELETE', 'UPDATE', 'INSERT', 'MERGE'].includes(w.upper));
      facts.statementKind = dml ? dml.upper : 'SELECT';
      break;
    }
    default:
      if (SIMPLE_COMMANDS.has(first)) facts.statementKind = first;
      break;
  }
  return facts;
}
