import type { ColumnFact } from '../types';
import { asNode, isRecord, list, rangeVarName, stringValue, type PgFields } from './pg-ast';
import { ColumnCollector, DERIVED, lookup, scopeOf, type Binding, type Scope } from './column-scope';

/**
 * The columns a libpg-query statement node reads and writes (see `StatementFacts.columnsRead` /
 * `columnsWritten` for what counts as each). Pure; one pass over the tree (O(nodes)).
 *
 * Names are resolved the way PostgreSQL resolves them in a query's FROM clause ("Table and Column
 * References", https://www.postgresql.org/docs/current/queries-table-expressions.html), without a
 * catalog:
 * - `alias.col` / `table.col` / `schema.table.col`: the relation the qualifier names in the
 *   innermost scope that has it (outer scopes for correlated subqueries);
 * - `col` alone: the only relation of the innermost FROM clause, else left without a table;
 * - `*` / `alias.*`: every relation of that FROM clause (or the one named), as `name: '*'`;
 * - names that resolve to a subquery, a CTE, a function or a `JOIN … AS` alias are not listed:
 *   the columns they expose are listed where that subquery or CTE selects them from a table;
 * - a qualifier that names nothing in scope (`NEW.email` in a rule, a PL/pgSQL record variable)
 *   is kept as the table name, as written.
 */

/** ALTER TABLE subcommands whose `name` is the column they change (`parsenodes.h` AlterTableType). */
const COLUMN_SUBCOMMANDS = new Set([
  'AT_DropColumn',
  'AT_AlterColumnType',
  'AT_AlterColumnGenericOptions',
  'AT_ColumnDefault',
  'AT_CookedColumnDefault',
  'AT_SetNotNull',
  'AT_DropNotNull',
  'AT_CheckNotNull',
  'AT_SetExpression',
  'AT_DropExpression',
  'AT_SetStatistics',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_SetStorage',
  'AT_SetCompression',
  'AT_AddIdentity',
  'AT_SetIdentity',
  'AT_DropIdentity',
]);

/**
 * A node's type and fields (`{ Type: fields }`), else `undefined`. Allocation-free apart from the
 * result (no `Object.keys`): it runs for every object of every statement.
 */
function fieldsOf(node: unknown): { type: string; f: PgFields } | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  let type: string | undefined;
  for (const k in node) {
    if (type !== undefined) return undefined;
    type = k;
  }
  if (type === undefined) return undefined;
  const f = (node as Record<string, unknown>)[type];
  return isRecord(f) ? { type, f } : undefined;
}

/** A RangeVar's fields whether wrapped (`{RangeVar:{…}}`) or bare (`UpdateStmt.relation`). */
function rangeVar(v: unknown): PgFields | undefined {
  const wrapped = asNode(v, 'RangeVar');
  if (wrapped) return wrapped;
  return isRecord(v) && typeof v.relname === 'string' ? v : undefined;
}

function aliasName(f: PgFields): string | undefined {
  const a = isRecord(f.alias) ? f.alias.aliasname : undefined;
  return typeof a === 'string' ? a : undefined;
}

class PgColumns {
  readonly out = new ColumnCollector();

  /** Binds a RangeVar (a table, or a CTE when unqualified and visible) into `scope`. */
  bindRangeVar(rv: PgFields, scope: Scope): Binding | undefined {
    const name = rangeVarName(rv);
    if (name === undefined) return undefined;
    const relname = rv.relname as string;
    const isCte = rv.schemaname === undefined && scope.ctes.has(relname);
    const binding: Binding = isCte ? DERIVED : { kind: 'table', table: name };
    const alias = aliasName(rv);
    if (alias !== undefined) scope.names.set(alias, binding);
    else {
      scope.names.set(relname, binding);
      if (name !== relname) scope.names.set(name, binding);
    }
    scope.items.push(binding);
    return binding;
  }

  /** Adds the FROM items to `scope`, visiting subqueries and join conditions on the way. */
  fromItems(items: unknown, scope: Scope): void {
    for (const item of list(items)) {
      const n = fieldsOf(item);
      if (!n) continue;
      switch (n.type) {
        case 'RangeVar':
          this.bindRangeVar(n.f, scope);
          break;
        case 'JoinExpr': {
          this.fromItems([n.f.larg, n.f.rarg], scope);
          this.statements(n.f.quals, scope);
          const alias = aliasName(n.f);
          if (alias !== undefined) scope.names.set(alias, DERIVED);
          break;
        }
        case 'RangeTableSample':
          this.fromItems([n.f.relation], scope);
          break;
        default: {
          // RangeSubselect, RangeFunction, RangeTableFunc, JsonTable…: derived relations.
          this.statements(n.f, scope);
          const alias = aliasName(n.f);
          if (alias !== undefined) scope.names.set(alias, DERIVED);
          scope.items.push(DERIVED);
        }
      }
    }
  }

  /** A ColumnRef's `fields` resolved in `scope` (see module doc) and added to `to`. */
  columnRef(fields: unknown, scope: Scope, to: 'read' | 'written'): void {
    const parts = list(fields).map((p) => (asNode(p, 'A_Star') ? '*' : stringValue(p)));
    if (parts.length === 0 || parts.some((p) => p === undefined)) return;
    const name = parts[parts.length - 1] as string;
    if (parts.length === 1) {
      this.out.addUnqualified(to, name, scope);
      return;
    }
    const qualifier = parts.slice(0, -1).join('.');
    const b = lookup(scope, qualifier);
    if (b?.kind === 'derived') return;
    if (!b && parts.length === 2 && scope.ctes.has(qualifier)) return;
    this.out.add(to, name, b?.table ?? qualifier);
  }

  /**
   * Every ColumnRef of expression `expr` as read; subqueries inside it (SubLink) are visited as
   * queries of their own, with `scope` as their enclosing scope.
   */
  expression(expr: unknown, scope: Scope): void {
    if (Array.isArray(expr)) {
      for (const e of expr) this.expression(e, scope);
      return;
    }
    const n = fieldsOf(expr);
    if (!n) {
      if (isRecord(expr)) for (const k in expr) this.expression(expr[k], scope);
      return;
    }
    if (n.type === 'ColumnRef') return this.columnRef(n.f.fields, scope, 'read');
    if (this.statement(n.type, n.f, scope)) return;
    for (const k in n.f) this.expression(n.f[k], scope);
  }

  /** The values of a target / RETURNING list (`ResTarget.val`) as read. */
  targetValues(targets: unknown, scope: Scope): void {
    for (const t of list(targets)) this.expression(asNode(t, 'ResTarget')?.val, scope);
  }

  /** RETURNING (`returningList` up to PostgreSQL 17, `returningClause.exprs` from 18). */
  returning(f: PgFields, scope: Scope): void {
    this.targetValues(f.returningList, scope);
    if (isRecord(f.returningClause)) this.targetValues(f.returningClause.exprs, scope);
  }

  /** Scope of a WITH clause: its CTE queries are visited, their names become visible. */
  withClause(withClause: unknown, parent: Scope): Scope {
    const w = asNode(withClause, 'WithClause') ?? (isRecord(withClause) ? withClause : undefined);
    const ctes = list(w?.ctes).flatMap((c) => {
      const name = asNode(c, 'CommonTableExpr')?.ctename;
      return typeof name === 'string' ? [name] : [];
    });
    if (ctes.length === 0) return parent;
    const scope = scopeOf(parent, new Set([...parent.ctes, ...ctes]));
    for (const c of list(w?.ctes)) this.statements(asNode(c, 'CommonTableExpr')?.ctequery, scope);
    return scope;
  }

  /** Visits every field of `f` but `skip` for nested statements (not collecting ColumnRefs). */
  rest(f: PgFields, scope: Scope, skip: readonly string[]): void {
    for (const k in f) if (!skip.includes(k)) this.statements(f[k], scope);
  }

  /** Finds statement nodes anywhere below `v` and handles them; ColumnRefs elsewhere are ignored. */
  statements(v: unknown, scope: Scope): void {
    if (Array.isArray(v)) {
      for (const item of v) this.statements(item, scope);
      return;
    }
    if (!isRecord(v)) return;
    const n = fieldsOf(v);
    if (n && this.statement(n.type, n.f, scope)) return;
    const fields = n ? n.f : v;
    for (const k in fields) {
      const x = fields[k];
      if (typeof x === 'object' && x !== null) this.statements(x, scope);
    }
  }

  /** Handles one statement node; false when `type` is not a statement with column facts. */
  statement(type: string, f: PgFields, outer: Scope): boolean {
    switch (type) {
      case 'SelectStmt':
        this.select(f, outer);
        return true;
      case 'InsertStmt':
        this.insert(f, outer);
        return true;
      case 'UpdateStmt':
        this.update(f, outer);
        return true;
      case 'DeleteStmt': {
        const withScope = this.withClause(f.withClause, outer);
        const scope = scopeOf(withScope);
        const target = rangeVar(f.relation);
        if (target) this.bindRangeVar(target, scope);
        this.fromItems(f.usingClause, scope);
        this.returning(f, scope);
        this.rest(f, scope, ['withClause', 'relation', 'usingClause', 'returningList', 'returningClause']);
        return true;
      }
      case 'MergeStmt':
        this.merge(f, outer);
        return true;
      case 'CopyStmt':
        this.copy(f, outer);
        return true;
      case 'AlterTableStmt':
        this.alterTable(f);
        return true;
      case 'RenameStmt': {
        const table = rangeVarName(rangeVar(f.relation));
        if (f.renameType === 'OBJECT_COLUMN' && table !== undefined) {
          this.out.add('written', typeof f.subname === 'string' ? f.subname : undefined, table);
          this.out.add('written', typeof f.newname === 'string' ? f.newname : undefined, table);
        }
        return true;
      }
      case 'IndexStmt': {
        const scope = scopeOf(outer);
        const target = rangeVar(f.relation);
        const table = target ? this.bindRangeVar(target, scope) : undefined;
        for (const e of [...list(f.indexParams), ...list(f.indexIncludingParams)]) {
          const elem = asNode(e, 'IndexElem');
          if (!elem) continue;
          if (typeof elem.name === 'string')
            this.out.add('read', elem.name, table?.kind === 'table' ? table.table : undefined);
          this.expression(elem.expr, scope);
        }
        return true;
      }
      case 'CreateStmt': {
        const table = rangeVarName(rangeVar(f.relation));
        for (const e of list(f.tableElts)) {
          const name = asNode(e, 'ColumnDef')?.colname;
          this.out.add('written', typeof name === 'string' ? name : undefined, table);
        }
        return true;
      }
      default:
        return false;
    }
  }

  select(f: PgFields, outer: Scope): void {
    const withScope = this.withClause(f.withClause, outer);
    if (isRecord(f.larg) || isRecord(f.rarg)) {
      // UNION / INTERSECT / EXCEPT: each side is a query of its own (bare SelectStmt fields).
      if (isRecord(f.larg)) this.select(f.larg, withScope);
      if (isRecord(f.rarg)) this.select(f.rarg, withScope);
      this.rest(f, withScope, ['withClause', 'larg', 'rarg']);
      return;
    }
    const scope = scopeOf(withScope);
    this.fromItems(f.fromClause, scope);
    this.targetValues(f.targetList, scope);
    this.rest(f, scope, ['withClause', 'fromClause', 'targetList', 'intoClause']);
  }

  insert(f: PgFields, outer: Scope): void {
    const withScope = this.withClause(f.withClause, outer);
    const target = rangeVar(f.relation);
    const table = rangeVarName(target);
    const cols = list(f.cols).map((c) => asNode(c, 'ResTarget')?.name);
    if (cols.length === 0) this.out.add('written', '*', table);
    for (const c of cols) this.out.add('written', typeof c === 'string' ? c : undefined, table);
    this.statements(f.selectStmt, withScope);
    const scope = scopeOf(withScope);
    if (target) this.bindRangeVar(target, scope);
    const conflict = asNode(f.onConflictClause, 'OnConflictClause') ?? f.onConflictClause;
    if (isRecord(conflict)) {
      // ON CONFLICT DO UPDATE SET col = EXCLUDED.col: EXCLUDED is the row proposed for insertion.
      if (table !== undefined) scope.names.set('excluded', { kind: 'table', table });
      this.setList(conflict.targetList, table, scope);
      this.statements(conflict.whereClause, scope);
    }
    this.returning(f, scope);
  }

  /** `SET col = expr, …`: each column written on `table`, each expression read. */
  setList(targets: unknown, table: string | undefined, scope: Scope): void {
    for (const t of list(targets)) {
      const rt = asNode(t, 'ResTarget');
      if (!rt) continue;
      this.out.add('written', typeof rt.name === 'string' ? rt.name : undefined, table);
      this.expression(rt.val, scope);
    }
  }

  update(f: PgFields, outer: Scope): void {
    const withScope = this.withClause(f.withClause, outer);
    const scope = scopeOf(withScope);
    const target = rangeVar(f.relation);
    if (target) this.bindRangeVar(target, scope);
    this.fromItems(f.fromClause, scope);
    this.setList(f.targetList, rangeVarName(target), scope);
    this.returning(f, scope);
    this.rest(f, scope, [
      'withClause',
      'relation',
      'fromClause',
      'targetList',
      'returningList',
      'returningClause',
    ]);
  }

  merge(f: PgFields, outer: Scope): void {
    const withScope = this.withClause(f.withClause, outer);
    const scope = scopeOf(withScope);
    const target = rangeVar(f.relation);
    const table = rangeVarName(target);
    if (target) this.bindRangeVar(target, scope);
    this.fromItems([f.sourceRelation], scope);
    this.statements(f.joinCondition, scope);
    for (const w of list(f.mergeWhenClauses)) {
      const clause = asNode(w, 'MergeWhenClause');
      if (!clause) continue;
      if (clause.commandType === 'CMD_UPDATE') this.setList(clause.targetList, table, scope);
      if (clause.commandType === 'CMD_INSERT') {
        const cols = list(clause.targetList).map((c) => asNode(c, 'ResTarget')?.name);
        if (cols.length === 0) this.out.add('written', '*', table);
        for (const c of cols) this.out.add('written', typeof c === 'string' ? c : undefined, table);
        this.expression(clause.values, scope);
      }
      this.statements(clause.condition, scope);
    }
    this.returning(f, scope);
  }

  copy(f: PgFields, outer: Scope): void {
    const table = rangeVarName(rangeVar(f.relation));
    if (table !== undefined) {
      const cols = list(f.attlist).map(stringValue);
      const to = f.is_from === true ? 'written' : 'read';
      if (cols.length === 0) this.out.add(to, '*', table);
      for (const c of cols) this.out.add(to, c, table);
    }
    this.statements(f.query, outer);
  }

  alterTable(f: PgFields): void {
    if (f.objtype === 'OBJECT_INDEX') return;
    const table = rangeVarName(rangeVar(f.relation));
    if (table === undefined) return;
    for (const c of list(f.cmds)) {
      const cmd = asNode(c, 'AlterTableCmd');
      if (!cmd || typeof cmd.subtype !== 'string') continue;
      if (COLUMN_SUBCOMMANDS.has(cmd.subtype) && typeof cmd.name === 'string') {
        this.out.add('written', cmd.name, table);
      } else if (cmd.subtype === 'AT_AddColumn' || cmd.subtype === 'AT_AddColumnToView') {
        const name = asNode(cmd.def, 'ColumnDef')?.colname;
        this.out.add('written', typeof name === 'string' ? name : undefined, table);
      } else if (cmd.subtype === 'AT_AddConstraint' || cmd.subtype === 'AT_AddIndex') {
        const con = asNode(cmd.def, 'Constraint');
        if (!con) continue;
        for (const k of [...list(con.keys), ...list(con.including), ...list(con.fk_attrs)])
          this.out.add('read', stringValue(k), table);
        const ref = rangeVarName(rangeVar(con.pktable));
        for (const k of list(con.pk_attrs)) this.out.add('read', stringValue(k), ref);
      }
    }
  }
}

/**
 * The columns libpg-query statement node `stmt` (`RawStmt.stmt`) reads and writes, resolved to
 * their tables where the SQL says which (see module doc). Never throws; a node it does not know
 * yields no columns.
 */
export function pgColumns(stmt: unknown): { read: ColumnFact[]; written: ColumnFact[] } {
  const c = new PgColumns();
  c.statements(stmt, scopeOf(undefined));
  return { read: c.out.read, written: c.out.written };
}
