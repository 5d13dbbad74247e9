import type { StatementFacts } from '../types';
import type { SqlStatement } from './model';
import { asNode, isRecord, list, stringValue } from './pg-ast';

/**
 * Statements that look destructive but change nothing: plans that are never executed and
 * transactions that end in ROLLBACK. Pure.
 *
 * Sources: PostgreSQL docs "EXPLAIN" (https://www.postgresql.org/docs/current/sql-explain.html:
 * "the statement is actually executed" only with ANALYZE), MySQL "EXPLAIN Statement"
 * (https://dev.mysql.com/doc/refman/8.0/en/explain.html: EXPLAIN ANALYZE runs the statement),
 * PostgreSQL "ROLLBACK" and MySQL "Statements That Cause an Implicit Commit"
 * (https://dev.mysql.com/doc/refman/8.0/en/implicit-commit.html).
 */

/** Values of an EXPLAIN boolean option that turn it off (PostgreSQL `defGetBoolean`). */
const FALSE_WORDS = new Set(['false', 'off', '0', 'no']);

/**
 * True when a libpg-query statement node is `EXPLAIN` without `ANALYZE` (or with `ANALYZE false`):
 * PostgreSQL plans the inner statement and never runs it. `EXPLAIN ANALYZE …` executes it.
 */
export function isPgPlanOnly(ast: unknown): boolean {
  const explain = asNode(ast, 'ExplainStmt');
  if (!explain) return false;
  for (const o of list(explain.options)) {
    const def = asNode(o, 'DefElem');
    if (def?.defname !== 'analyze') continue;
    const arg = def.arg;
    if (arg === undefined) return false;
    const c = asNode(arg, 'A_Const');
    const word =
      stringValue(arg) ??
      (isRecord(c?.sval) ? String(c.sval.sval) : undefined) ??
      (isRecord(c?.ival) ? String(c.ival.ival ?? 0) : undefined) ??
      (isRecord(c?.boolval) ? String(c.boolval.boolval ?? false) : undefined);
    if (word === undefined || !FALSE_WORDS.has(word.toLowerCase())) return false;
  }
  return true;
}

/**
 * True when MySQL-family statement text is `EXPLAIN`/`DESCRIBE`/`DESC` of a statement without
 * `ANALYZE` (MySQL 8.0.18+ `EXPLAIN ANALYZE` executes it). Comments before the keyword are
 * expected to be stripped by the splitter.
 */
export function isMysqlPlanOnly(text: string): boolean {
  const m = /^\s*(EXPLAIN|DESCRIBE|DESC)\b(.*)$/is.exec(text);
  if (!m) return false;
  return !/^\s*(ANALYZE|ANALYSE)\b/i.test(m[2] ?? '');
}

/**
 * Facts of a statement that is only planned: every table it names is read, none written, and
 * no sink runs (EXPLAIN does not execute COPY TO PROGRAM or `SELECT … INTO OUTFILE`).
 */
export function planOnlyFacts(facts: StatementFacts): StatementFacts {
  const tables = [...new Set([...facts.tablesRead, ...facts.tablesWritten])];
  const columns = [...new Set([...facts.columnsRead, ...facts.columnsWritten])];
  return {
    ...facts,
    tablesRead: tables,
    tablesWritten: [],
    columnsRead: columns,
    columnsWritten: [],
    sinks: [],
  };
}

const OPENS = new Set(['BEGIN', 'START TRANSACTION']);
const COMMITS = new Set(['COMMIT', 'END', 'PREPARE TRANSACTION', 'COMMIT PREPARED']);
/**
 * Statement kinds MySQL runs inside a transaction without committing it (DML, reads, savepoints).
 * Not SET (`SET autocommit = 1` commits) nor CALL (a procedure may COMMIT or run DDL).
 */
const MYSQL_TRANSACTIONAL = new Set([
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'REPLACE',
  'SHOW',
  'EXPLAIN',
  'SAVEPOINT',
  'RELEASE SAVEPOINT',
  'DO',
]);

/**
 * The top-level statements whose data changes are undone: those between `BEGIN`/`START
 * TRANSACTION` and a plain `ROLLBACK` (not `ROLLBACK TO SAVEPOINT`, which keeps the transaction
 * open). In MySQL any other statement (DDL, LOCK TABLES, GRANT…) commits the open transaction
 * implicitly, so a block containing one earns nothing; unparsed statements earn nothing either.
 * Statements inside function bodies are not considered. Locks are still taken while the
 * transaction runs, so callers only discount data changes.
 */
export function rolledBackStatements(statements: readonly SqlStatement[]): Set<SqlStatement> {
  const out = new Set<SqlStatement>();
  let open: SqlStatement[] | undefined;
  for (const stmt of statements) {
    if (stmt.origin !== 'top') continue;
    const kind = stmt.facts.statementKind;
    if (OPENS.has(kind) && stmt.parsed) {
      open = [];
      continue;
    }
    if (!open) continue;
    if (kind === 'ROLLBACK' && stmt.parsed && !/\bTO\b/i.test(stmt.text)) {
      for (const s of open) out.add(s);
      open = undefined;
      continue;
    }
    if (COMMITS.has(kind) || !stmt.parsed) {
      open = undefined;
      continue;
    }
    if (stmt.dialect !== 'postgresql' && !MYSQL_TRANSACTIONAL.has(kind)) {
      open = undefined;
      continue;
    }
    open.push(stmt);
  }
  return out;
}
