import type { SqlFileContext, SqlStatement } from './model';
import { asNode, isRecord } from './pg-ast';
import type { Dialect } from '../types';

/**
 * Tracks what earlier statements of a text established, to give each statement the
 * {@link SqlFileContext} it runs in. Contexts are snapshots: a statement sees only what ran
 * before it (a CREATE TABLE is not "created earlier" for itself; BEGIN itself is outside the
 * transaction it opens, COMMIT inside the one it closes).
 */
export interface ContextTracker {
  /** The context of `stmt`, then advances the state past it. */
  next(stmt: SqlStatement): SqlFileContext;
}

/** Kinds that create a relation whose later use must not trigger lock rules. */
const CREATES = new Set([
  'CREATE TABLE',
  'CREATE TABLE AS',
  'SELECT INTO',
  'CREATE MATERIALIZED VIEW',
  'CREATE SEQUENCE',
]);
const OPENS = new Set(['BEGIN', 'START TRANSACTION']);
const CLOSES = new Set(['COMMIT', 'ROLLBACK', 'PREPARE TRANSACTION', 'END']);

/**
 * `lock_timeout` change made by `stmt`: `'set'` / `'local'` (until the transaction ends) /
 * `'reset'`, or `undefined`. PostgreSQL: `SET [LOCAL] lock_timeout = …` (0 disables it);
 * MySQL: `SET [SESSION] lock_wait_timeout = …`.
 */
function lockTimeoutChange(stmt: SqlStatement): 'set' | 'local' | 'reset' | undefined {
  const set = asNode(stmt.ast, 'VariableSetStmt');
  if (set) {
    if (set.name !== 'lock_timeout') return undefined;
    if (set.kind !== 'VAR_SET_VALUE') return 'reset';
    const arg = (Array.isArray(set.args) ? set.args : [])[0];
    const c = asNode(arg, 'A_Const');
    const ival = c?.ival;
    const sval = isRecord(c?.sval) ? c.sval.sval : undefined;
    // Protobuf omits zero values: `{ ival: {} }` is the integer 0.
    const zero =
      (isRecord(ival) && (ival.ival === undefined || ival.ival === 0)) ||
      (typeof sval === 'string' && /^0+\s*(ms|s|min)?$/i.test(sval));
    if (zero) return 'reset';
    return set.is_local === true ? 'local' : 'set';
  }
  if (
    stmt.dialect !== 'postgresql' &&
    /^\s*SET\s+(SESSION\s+|@@(SESSION\.)?)?(lock_wait_timeout|innodb_lock_wait_timeout)\b/i.test(stmt.text)
  ) {
    return 'set';
  }
  return undefined;
}

/** A tracker for one text; `file` is copied into every context. */
export function contextTracker(dialect: Dialect, file?: string): ContextTracker {
  let created: ReadonlySet<string> = new Set<string>();
  let inTransaction = false;
  let lockTimeout: 'none' | 'session' | 'local' = 'none';
  return {
    next(stmt) {
      const ctx: SqlFileContext = {
        dialect,
        createdEarlier: created,
        inTransaction: inTransaction || stmt.origin === 'plpgsql',
        lockTimeoutSet: lockTimeout !== 'none',
        ...(file !== undefined ? { file } : {}),
      };
      if (stmt.origin === 'plpgsql') return ctx;
      const kind = stmt.facts.statementKind;
      if (CREATES.has(kind) && stmt.facts.tablesWritten.length > 0) {
        const next = new Set(created);
        for (const name of stmt.facts.tablesWritten) {
          const lower = name.toLowerCase();
          next.add(lower);
          next.add(lower.slice(lower.lastIndexOf('.') + 1));
        }
        created = next;
      }
      if (OPENS.has(kind)) inTransaction = true;
      if (CLOSES.has(kind)) {
        inTransaction = false;
        if (lockTimeout === 'local') lockTimeout = 'none';
      }
      const change = lockTimeoutChange(stmt);
      if (change === 'reset') lockTimeout = 'none';
      else if (change === 'set') lockTimeout = 'session';
      else if (change === 'local' && lockTimeout === 'none') lockTimeout = 'local';
      return ctx;
    },
  };
}
