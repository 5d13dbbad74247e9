/**
 * Which table-level lock a PostgreSQL statement takes on an existing relation, for the rules that
 * care about lock queues (`require-lock-timeout`). Modes and the statements taking them follow the
 * PostgreSQL manual, "Explicit Locking", Table-Level Locks
 * (https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES).
 */
import type { SqlFileContext, SqlStatement } from '../../sql/model';
import {
  asNode,
  isRecord,
  list,
  qualifiedName,
  rangeVarName,
  stringValue,
  walk,
  type PgFields,
} from '../../sql/pg-ast';
import { alterTable, constraintOf, createdEarlier } from './lock-util';

/** A lock that blocks reads or writes of `relation` while held, and while it waits in the queue. */
export interface BlockingLock {
  mode: 'ACCESS EXCLUSIVE' | 'SHARE ROW EXCLUSIVE' | 'SHARE';
  relation: string;
}

/** ALTER TABLE sub-commands that take only SHARE UPDATE EXCLUSIVE (reads and writes continue). */
const SHARE_UPDATE_EXCLUSIVE_CMDS = new Set([
  'AT_ValidateConstraint',
  'AT_SetStatistics',
  'AT_ClusterOn',
  'AT_DropCluster',
  'AT_SetRelOptions',
  'AT_ResetRelOptions',
  'AT_AttachPartition',
  'AT_DetachPartitionFinalize',
]);

const DROPS_EXCLUSIVE = new Set([
  'OBJECT_TABLE',
  'OBJECT_VIEW',
  'OBJECT_MATVIEW',
  'OBJECT_INDEX',
  'OBJECT_TRIGGER',
]);

/**
 * CREATE TABLE with foreign keys: SHARE ROW EXCLUSIVE on the first referenced table that existed
 * before the text (self-references and tables created earlier excluded).
 */
function referencedTable(create: PgFields, ctx: SqlFileContext): BlockingLock | undefined {
  const self = rangeVarName(create.relation)?.toLowerCase();
  let relation: string | undefined;
  walk(create.tableElts, (type, fields) => {
    if (type !== 'Constraint' || fields.contype !== 'CONSTR_FOREIGN') return relation === undefined;
    const target = rangeVarName(fields.pktable);
    if (relation === undefined && target && target.toLowerCase() !== self && !createdEarlier(ctx, target)) {
      relation = target;
    }
    return false;
  });
  return relation ? { mode: 'SHARE ROW EXCLUSIVE', relation } : undefined;
}

function alterTableLock(stmt: SqlStatement): BlockingLock | undefined {
  const alter = alterTable(stmt);
  if (!alter) return undefined;
  const modes = alter.cmds.map((c): BlockingLock['mode'] | undefined => {
    if (SHARE_UPDATE_EXCLUSIVE_CMDS.has(c.subtype)) return undefined;
    const k = constraintOf(c.def);
    if (c.subtype === 'AT_AddConstraint' && k?.contype === 'CONSTR_FOREIGN') return 'SHARE ROW EXCLUSIVE';
    return 'ACCESS EXCLUSIVE';
  });
  const mode = modes.includes('ACCESS EXCLUSIVE') ? 'ACCESS EXCLUSIVE' : modes.find((m) => m !== undefined);
  return mode ? { mode, relation: alter.table } : undefined;
}

/**
 * The blocking lock `stmt` takes on a relation that existed before the text ran (relations in
 * `ctx.createdEarlier` are skipped), or `undefined` when it takes none: ALTER TABLE (most forms),
 * CREATE TABLE with a foreign key (SHARE ROW EXCLUSIVE on the referenced table),
 * CREATE INDEX without CONCURRENTLY (SHARE), CREATE TRIGGER (SHARE ROW EXCLUSIVE), DROP of tables,
 * views, indexes and triggers, DROP SCHEMA … CASCADE, RENAME, TRUNCATE, LOCK, REFRESH MATERIALIZED VIEW, CLUSTER, VACUUM
 * FULL, REINDEX without CONCURRENTLY and CREATE OR REPLACE VIEW (ACCESS EXCLUSIVE).
 */
export function blockingLock(stmt: SqlStatement, ctx: SqlFileContext): BlockingLock | undefined {
  const create = asNode(stmt.ast, 'CreateStmt');
  if (create) return referencedTable(create, ctx);
  const lock = rawBlockingLock(stmt);
  return lock && !createdEarlier(ctx, lock.relation) ? lock : undefined;
}

function rawBlockingLock(stmt: SqlStatement): BlockingLock | undefined {
  const ast = stmt.ast;
  const rel = (mode: BlockingLock['mode'], rv: unknown): BlockingLock | undefined => {
    const relation = rangeVarName(rv);
    return relation ? { mode, relation } : undefined;
  };
  const index = asNode(ast, 'IndexStmt');
  if (index) return index.concurrent === true ? undefined : rel('SHARE', index.relation);
  const trig = asNode(ast, 'CreateTrigStmt');
  if (trig) return rel('SHARE ROW EXCLUSIVE', trig.relation);
  const view = asNode(ast, 'ViewStmt');
  if (view) return view.replace === true ? rel('ACCESS EXCLUSIVE', view.view) : undefined;
  const drop = asNode(ast, 'DropStmt');
  // DROP SCHEMA … CASCADE drops (so locks) every relation in the schema.
  if (drop?.removeType === 'OBJECT_SCHEMA' && drop.behavior === 'DROP_CASCADE') {
    const name = stringValue(list(drop.objects)[0]);
    return name ? { mode: 'ACCESS EXCLUSIVE', relation: name } : undefined;
  }
  if (drop) {
    if (!DROPS_EXCLUSIVE.has(String(drop.removeType)) || drop.concurrent === true) return undefined;
    const items = list(asNode(list(drop.objects)[0], 'List')?.items);
    // DROP TRIGGER names `table.trigger`: the lock is on the table.
    const name = qualifiedName(drop.removeType === 'OBJECT_TRIGGER' ? items.slice(0, -1) : items);
    return name ? { mode: 'ACCESS EXCLUSIVE', relation: name } : undefined;
  }
  const rename = asNode(ast, 'RenameStmt');
  if (rename) return rel('ACCESS EXCLUSIVE', rename.relation);
  const truncate = asNode(ast, 'TruncateStmt');
  if (truncate) return rel('ACCESS EXCLUSIVE', list(truncate.relations)[0]);
  const lockStmt = asNode(ast, 'LockStmt');
  // LOCK modes 1–3 (ACCESS SHARE, ROW SHARE, ROW EXCLUSIVE) block no reads or ordinary writes.
  if (lockStmt)
    return Number(lockStmt.mode) >= 4 ? rel('ACCESS EXCLUSIVE', list(lockStmt.relations)[0]) : undefined;
  const refresh = asNode(ast, 'RefreshMatViewStmt');
  if (refresh) return refresh.concurrent === true ? undefined : rel('ACCESS EXCLUSIVE', refresh.relation);
  const cluster = asNode(ast, 'ClusterStmt');
  if (cluster) return rel('ACCESS EXCLUSIVE', cluster.relation);
  const vacuum = asNode(ast, 'VacuumStmt');
  if (vacuum && list(vacuum.options).some((o) => asNode(o, 'DefElem')?.defname === 'full')) {
    return rel('ACCESS EXCLUSIVE', asNode(list(vacuum.rels)[0], 'VacuumRelation')?.relation);
  }
  const reindex = asNode(ast, 'ReindexStmt');
  if (reindex && !list(reindex.params).some((p) => asNode(p, 'DefElem')?.defname === 'concurrently')) {
    return rel('ACCESS EXCLUSIVE', reindex.relation);
  }
  return alterTableLock(stmt);
}

/** True when `stmt` is `SET [LOCAL|SESSION] lock_timeout` to a non-zero value. */
export function setsLockTimeout(stmt: SqlStatement): boolean {
  const f = asNode(stmt.ast, 'VariableSetStmt');
  if (!f || String(f.name).toLowerCase() !== 'lock_timeout' || f.kind !== 'VAR_SET_VALUE') return false;
  const arg = asNode(list(f.args)[0], 'A_Const');
  const value = isRecord(arg?.sval) ? arg.sval.sval : undefined;
  const ival = isRecord(arg?.ival) ? arg.ival.ival : undefined;
  if (typeof value === 'string') return !/^\s*0\s*(?:ms|s|min)?\s*$/i.test(value);
  return typeof ival === 'number' && ival !== 0;
}
