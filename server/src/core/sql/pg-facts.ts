import type { Sink, StatementFacts } from '../types';
import {
  asNode,
  isRecord,
  list,
  nodeType,
  qualifiedName,
  rangeVarName,
  stringValue,
  type PgFields,
} from './pg-ast';
import { pgColumns } from './pg-columns';
import { pgStatementKind } from './pg-kind';
import { evaluateBool, whereTarget } from './pg-where';

/**
 * Facts of one libpg-query statement node: kind, relations and columns read/written (columns:
 * `pg-columns.ts`), WHERE facts, object kinds and sinks. Pure; two walks over the tree (O(nodes)).
 */

/** Server functions that read/write files or reach other databases (PostgreSQL "System Administration Functions", dblink, large objects). */
const SINK_FUNCTIONS: Record<
  string,
  { kind: Sink['kind']; direction: Sink['direction']; targetArg?: number }
> = {
  pg_read_file: { kind: 'file', direction: 'in', targetArg: 0 },
  pg_read_binary_file: { kind: 'file', direction: 'in', targetArg: 0 },
  pg_ls_dir: { kind: 'file', direction: 'in', targetArg: 0 },
  pg_stat_file: { kind: 'file', direction: 'in', targetArg: 0 },
  lo_import: { kind: 'file', direction: 'in', targetArg: 0 },
  lo_export: { kind: 'file', direction: 'out', targetArg: 1 },
  dblink: { kind: 'remote-db', direction: 'in' },
  dblink_exec: { kind: 'remote-db', direction: 'out' },
  dblink_connect: { kind: 'remote-db', direction: 'out' },
  dblink_connect_u: { kind: 'remote-db', direction: 'out' },
  dblink_send_query: { kind: 'remote-db', direction: 'out' },
  dblink_open: { kind: 'remote-db', direction: 'in' },
  dblink_fetch: { kind: 'remote-db', direction: 'in' },
  dblink_get_result: { kind: 'remote-db', direction: 'in' },
};

/** Object kinds for the AlterTableCmd subtypes that touch more than the table. */
const ALTER_CMD_OBJECTS: Record<string, string> = {
  AT_AddColumn: 'column',
  AT_DropColumn: 'column',
  AT_AlterColumnType: 'column',
  AT_ColumnDefault: 'column',
  AT_SetNotNull: 'column',
  AT_DropNotNull: 'column',
  AT_AddConstraint: 'constraint',
  AT_DropConstraint: 'constraint',
  AT_ValidateConstraint: 'constraint',
  AT_EnableRowSecurity: 'policy',
  AT_DisableRowSecurity: 'policy',
  AT_ForceRowSecurity: 'policy',
  AT_NoForceRowSecurity: 'policy',
  AT_EnableTrig: 'trigger',
  AT_DisableTrig: 'trigger',
  AT_AttachPartition: 'partition',
  AT_DetachPartition: 'partition',
};

/** Relations named by a DropStmt (`objects`: lists of String nodes) for relation-like kinds. */
const DROPPED_RELATIONS = new Set([
  'OBJECT_TABLE',
  'OBJECT_VIEW',
  'OBJECT_MATVIEW',
  'OBJECT_FOREIGN_TABLE',
  'OBJECT_INDEX',
  'OBJECT_SEQUENCE',
]);

function fieldsOf(node: unknown): PgFields | undefined {
  const t = nodeType(node);
  return t && isRecord(node) && isRecord(node[t]) ? (node[t] as PgFields) : undefined;
}

/** A RangeVar's fields whether wrapped (`{RangeVar:{…}}`) or bare (as in `UpdateStmt.relation`). */
function rv(v: unknown): PgFields | undefined {
  if (!isRecord(v)) return undefined;
  const inner = asNode(v, 'RangeVar');
  if (inner) return inner;
  return typeof v.relname === 'string' ? v : undefined;
}

/** The RangeVars a statement writes (targets), by identity. */
function targets(type: string, f: PgFields): PgFields[] {
  const one = (v: unknown): PgFields[] => {
    const r = rv(v);
    return r ? [r] : [];
  };
  switch (type) {
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt':
    case 'CreateStmt':
    case 'AlterTableStmt':
    case 'IndexStmt':
    case 'CreateTrigStmt':
    case 'RuleStmt':
    case 'RefreshMatViewStmt':
    case 'ClusterStmt':
    case 'ReindexStmt':
    case 'CreateForeignTableStmt':
      return one(f.relation ?? (isRecord(f.base) ? f.base.relation : undefined));
    case 'RenameStmt':
    case 'AlterObjectSchemaStmt':
    case 'AlterOwnerStmt':
      return one(f.relation);
    case 'CopyStmt':
      return f.is_from === true ? one(f.relation) : [];
    case 'TruncateStmt':
    case 'LockStmt':
      return list(f.relations).flatMap(one);
    case 'CreateTableAsStmt':
      return one(isRecord(f.into) ? f.into.rel : undefined);
    case 'SelectStmt':
      return one(isRecord(f.intoClause) ? f.intoClause.rel : undefined);
    case 'ViewStmt':
      return one(f.view);
    case 'CreateSeqStmt':
      return one(f.sequence);
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt':
      return one(f.table);
    case 'VacuumStmt':
      return list(f.rels).flatMap((r) => one(asNode(r, 'VacuumRelation')?.relation));
    default:
      return [];
  }
}

function pushUnique(arr: string[], v: string | undefined): void {
  if (v !== undefined && !arr.includes(v)) arr.push(v);
}

function funcSink(f: PgFields): Sink | undefined {
  const name = list(f.funcname).map(stringValue).pop()?.toLowerCase();
  const spec = name ? SINK_FUNCTIONS[name] : undefined;
  if (!spec) return undefined;
  const arg = spec.targetArg === undefined ? undefined : list(f.args)[spec.targetArg];
  const sval = asNode(arg, 'A_Const')?.sval;
  const target = isRecord(sval) && typeof sval.sval === 'string' ? sval.sval : undefined;
  return { kind: spec.kind, direction: spec.direction, ...(target !== undefined ? { target } : {}) };
}

function copySink(f: PgFields): Sink {
  const direction: Sink['direction'] = f.is_from === true ? 'in' : 'out';
  const target = typeof f.filename === 'string' ? f.filename : undefined;
  if (target === undefined) return { kind: direction === 'in' ? 'stdin' : 'stdout', direction };
  return { kind: f.is_program === true ? 'program' : 'file', direction, target };
}

/** Object kinds a statement affects, from its kind and (for ALTER TABLE) its subcommands. */
function objectKinds(type: string, f: PgFields, kind: string): string[] {
  const kinds: string[] = [];
  const verb = /^(CREATE|ALTER|DROP|COMMENT|REFRESH) (.+)$/.exec(kind);
  if (verb?.[2]) pushUnique(kinds, verb[2].toLowerCase());
  if (type === 'AlterTableStmt') {
    for (const c of list(f.cmds)) {
      const sub = asNode(c, 'AlterTableCmd')?.subtype;
      if (typeof sub === 'string') pushUnique(kinds, ALTER_CMD_OBJECTS[sub]);
    }
  }
  if (type === 'RenameStmt') {
    if (f.renameType === 'OBJECT_COLUMN') pushUnique(kinds, 'column');
    if (f.renameType === 'OBJECT_TABCONSTRAINT') pushUnique(kinds, 'constraint');
  }
  if (type === 'GrantStmt' || type === 'GrantRoleStmt' || type === 'AlterDefaultPrivilegesStmt')
    pushUnique(kinds, 'privilege');
  if (
    type === 'GrantRoleStmt' ||
    type === 'CreateRoleStmt' ||
    type === 'AlterRoleStmt' ||
    type === 'DropRoleStmt'
  )
    pushUnique(kinds, 'role');
  if (
    type === 'InsertStmt' ||
    type === 'UpdateStmt' ||
    type === 'DeleteStmt' ||
    type === 'MergeStmt' ||
    type === 'TruncateStmt' ||
    type === 'CopyStmt'
  )
    pushUnique(kinds, 'row');
  if (type === 'AlterSystemStmt' || type === 'VariableSetStmt') pushUnique(kinds, 'setting');
  if (type === 'DoStmt') pushUnique(kinds, 'code');
  return kinds;
}

/** Facts of a libpg-query statement node (`RawStmt.stmt`). */
export function pgFacts(stmt: unknown): StatementFacts {
  const type = nodeType(stmt) ?? '';
  const f = fieldsOf(stmt) ?? {};
  const statementKind = pgStatementKind(stmt);
  const columns = pgColumns(stmt);
  const facts: StatementFacts = {
    statementKind,
    tablesRead: [],
    tablesWritten: [],
    columnsRead: columns.read,
    columnsWritten: columns.written,
    objectKinds: objectKinds(type, f, statementKind),
    sinks: [],
  };
  const written = new Set(targets(type, f));
  for (const t of written) pushUnique(facts.tablesWritten, rangeVarName(t));
  if (type === 'DropStmt' && DROPPED_RELATIONS.has(String(f.removeType))) {
    for (const o of list(f.objects))
      pushUnique(facts.tablesWritten, qualifiedName(asNode(o, 'List')?.items ?? o));
  }
  if (type === 'UpdateStmt' || type === 'DeleteStmt') {
    facts.hasWhere = f.whereClause !== undefined;
    facts.whereIsTautology =
      f.whereClause !== undefined && evaluateBool(f.whereClause, whereTarget(f.relation)) === true;
  }
  if (type === 'CopyStmt') facts.sinks.push(copySink(f));
  const cteNames = new Set<string>();
  const reads: PgFields[] = [];
  // One walk: collect CTE names, RangeVars that are not targets, and sink function calls.
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
      return;
    }
    if (!isRecord(v)) return;
    if (typeof v.relname === 'string') {
      if (!written.has(v)) reads.push(v);
      return;
    }
    if (typeof v.ctename === 'string') cteNames.add(v.ctename);
    const call = asNode(v, 'FuncCall');
    if (call) {
      const sink = funcSink(call);
      if (sink) facts.sinks.push(sink);
    }
    for (const k in v) visit(v[k]);
  };
  visit(f);
  for (const r of reads) {
    const name = rangeVarName(r);
    if (name === undefined) continue;
    if (r.schemaname === undefined && cteNames.has(name)) continue;
    pushUnique(facts.tablesRead, name);
  }
  return facts;
}
