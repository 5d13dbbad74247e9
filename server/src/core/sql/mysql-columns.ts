import type { ColumnFact } from '../types';
import { isRecord } from './pg-ast';
import { ColumnCollector, DERIVED, lookup, scopeOf, type Binding, type Scope } from './column-scope';

/**
 * The columns a node-sql-parser statement AST (MySQL/MariaDB and the other databases it parses)
 * reads and writes, with the same meaning and the same name resolution as `pg-columns.ts`:
 * qualified names through the FROM aliases (innermost query first), an unqualified name to the
 * only relation of its FROM clause, `*` to every relation of it, and nothing for names of
 * subqueries and CTEs. Node shapes are node-sql-parser 5's (`column_ref`, `{ ast }` subqueries,
 * `_next` for UNION). Pure; never throws.
 */

/** An identifier as node-sql-parser gives it: a string, `{ value }` or `{ expr: { value } }`. */
function ident(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (!isRecord(v)) return undefined;
  if (typeof v.value === 'string') return v.value;
  return isRecord(v.expr) ? ident(v.expr) : undefined;
}

/** A FROM / target item's relation name as `mysql-facts.ts` writes it (`db.table` or `table`). */
function relationName(item: Record<string, unknown>): string | undefined {
  const table = ident(item.table);
  if (table === undefined) return undefined;
  const db = ident(item.db) ?? ident(item.schema);
  return db ? `${db}.${table}` : table;
}

/** A subquery's select AST: `{ ast: {type:'select'} }` wrappers or the select node itself. */
function subquery(v: Record<string, unknown>): Record<string, unknown> | undefined {
  if (v.type === 'select') return v;
  if (isRecord(v.ast) && v.ast.type === 'select') return v.ast;
  if (isRecord(v.expr)) return subquery(v.expr);
  return undefined;
}

/**
 * A key prefix `col(10)` of CREATE INDEX, which node-sql-parser reads as a call of a function
 * named `col` with one number argument: the column name, else `undefined`.
 */
function prefixKey(v: unknown): string | undefined {
  if (!isRecord(v) || v.type !== 'function' || !isRecord(v.name) || !isRecord(v.args)) return undefined;
  const parts = Array.isArray(v.name.name) ? v.name.name : [];
  const args = Array.isArray(v.args.value) ? v.args.value : [];
  const numeric = args.length === 1 && isRecord(args[0]) && args[0].type === 'number';
  return parts.length === 1 && numeric ? ident(parts[0]) : undefined;
}

class MysqlColumns {
  readonly out = new ColumnCollector();

  /** Binds FROM items (tables, subqueries, joins) into `scope`. */
  fromItems(items: unknown, scope: Scope): void {
    for (const item of Array.isArray(items) ? items : []) {
      if (!isRecord(item)) continue;
      const alias = ident(item.as);
      const name = relationName(item);
      let binding: Binding;
      if (name !== undefined && !isRecord(item.expr)) {
        const bare = ident(item.table) ?? name;
        const isCte = name === bare && scope.ctes.has(bare.toLowerCase());
        binding = isCte ? DERIVED : { kind: 'table', table: name };
        if (alias === undefined) {
          scope.names.set(bare.toLowerCase(), binding);
          scope.names.set(name.toLowerCase(), binding);
        }
      } else {
        if (item.type === 'dual') continue;
        binding = DERIVED;
        const sub = subquery(item);
        if (sub) this.select(sub, scope);
      }
      if (alias !== undefined) scope.names.set(alias.toLowerCase(), binding);
      scope.items.push(binding);
      this.statements(item.on, scope);
    }
  }

  columnRef(ref: Record<string, unknown>, scope: Scope, to: 'read' | 'written'): void {
    const name = ident(ref.column);
    if (name === undefined) return;
    const table = ident(ref.table);
    const db = ident(ref.db) ?? ident(ref.schema);
    if (table === undefined) {
      this.out.addUnqualified(to, name, scope);
      return;
    }
    const qualifier = db ? `${db}.${table}` : table;
    const b = lookup(scope, qualifier.toLowerCase());
    if (b?.kind === 'derived') return;
    if (!b && !db && scope.ctes.has(table.toLowerCase())) return;
    this.out.add(to, name, b?.table ?? qualifier);
  }

  /** Every column reference of `expr` as read; subqueries are visited as queries of their own. */
  expression(expr: unknown, scope: Scope): void {
    if (Array.isArray(expr)) {
      for (const e of expr) this.expression(e, scope);
      return;
    }
    if (!isRecord(expr)) return;
    if (expr.type === 'column_ref') return this.columnRef(expr, scope, 'read');
    const sub = isRecord(expr.ast) ? subquery(expr) : expr.type === 'select' ? expr : undefined;
    if (sub) return this.select(sub, scope);
    for (const k in expr) if (k !== 'loc') this.expression(expr[k], scope);
  }

  /** Finds subqueries below `v` (WHERE, ON…) without collecting its column references. */
  statements(v: unknown, scope: Scope): void {
    if (Array.isArray(v)) {
      for (const item of v) this.statements(item, scope);
      return;
    }
    if (!isRecord(v)) return;
    const sub = isRecord(v.ast) ? subquery(v) : v.type === 'select' ? v : undefined;
    if (sub) return this.select(sub, scope);
    for (const k in v) if (k !== 'loc') this.statements(v[k], scope);
  }

  withClause(w: unknown, parent: Scope): Scope {
    const ctes = (Array.isArray(w) ? w : []).filter(isRecord);
    if (ctes.length === 0) return parent;
    const names = ctes.flatMap((c) => {
      const n = ident(c.name);
      return n === undefined ? [] : [n.toLowerCase()];
    });
    const scope = scopeOf(parent, new Set([...parent.ctes, ...names]));
    for (const c of ctes) this.statements(c.stmt, scope);
    return scope;
  }

  select(ast: Record<string, unknown>, outer: Scope): void {
    const withScope = this.withClause(ast.with, outer);
    const scope = scopeOf(withScope);
    this.fromItems(ast.from, scope);
    const columns = ast.columns;
    if (columns === '*') this.columnRef({ column: '*' }, scope, 'read');
    for (const c of Array.isArray(columns) ? columns : []) {
      if (isRecord(c)) this.expression(c.expr, scope);
    }
    for (const k of ['where', 'having', 'groupby', 'orderby', 'limit']) this.statements(ast[k], scope);
    if (isRecord(ast._next)) this.select(ast._next, withScope);
  }

  /** `SET col = expr, …` items (`{ column, table, value }`): the columns written, the values read. */
  setList(set: unknown, scope: Scope, fallbackTable: string | undefined): void {
    for (const s of Array.isArray(set) ? set : []) {
      if (!isRecord(s)) continue;
      const qualifier = ident(s.table);
      const b = qualifier !== undefined ? lookup(scope, qualifier.toLowerCase()) : undefined;
      const table = b ? (b.kind === 'table' ? b.table : undefined) : (qualifier ?? fallbackTable);
      this.out.add('written', ident(s.column), table);
      this.expression(s.value, scope);
    }
  }

  statement(ast: Record<string, unknown>): void {
    const type = String(ast.type ?? '').toLowerCase();
    const root = scopeOf(undefined);
    switch (type) {
      case 'select':
        return this.select(ast, root);
      case 'insert':
      case 'replace': {
        const target = Array.isArray(ast.table) && isRecord(ast.table[0]) ? ast.table[0] : undefined;
        const table = target ? relationName(target) : undefined;
        const cols = Array.isArray(ast.columns) ? ast.columns.map(ident) : [];
        const scope = scopeOf(this.withClause(ast.with, root));
        if (target) this.fromItems([target], scope);
        if (Array.isArray(ast.set)) this.setList(ast.set, scope, table);
        else if (cols.length === 0) this.out.add('written', '*', table);
        for (const c of cols) this.out.add('written', c, table);
        const values = isRecord(ast.values) ? ast.values : undefined;
        if (values) this.statements(values, scope);
        if (isRecord(ast.on_duplicate_update)) this.setList(ast.on_duplicate_update.set, scope, table);
        return;
      }
      case 'update': {
        const scope = scopeOf(this.withClause(ast.with, root));
        this.fromItems(ast.table, scope);
        this.fromItems(ast.from, scope);
        const first = Array.isArray(ast.table) && isRecord(ast.table[0]) ? ast.table[0] : undefined;
        const only = Array.isArray(ast.table) && ast.table.length === 1 && first;
        this.setList(ast.set, scope, only ? relationName(first) : undefined);
        this.statements(ast.where, scope);
        return;
      }
      case 'delete': {
        const scope = scopeOf(this.withClause(ast.with, root));
        this.fromItems(ast.from, scope);
        this.statements(ast.where, scope);
        return;
      }
      case 'alter':
        return this.alter(ast);
      case 'create':
        return this.create(ast, root);
      case 'load_data': {
        const table = isRecord(ast.table) ? relationName(ast.table) : undefined;
        const refs: string[] = [];
        const collect = (v: unknown): void => {
          if (Array.isArray(v)) return v.forEach(collect);
          if (!isRecord(v)) return;
          if (v.type === 'column_ref') {
            const n = ident(v.column);
            if (n !== undefined) refs.push(n);
            return;
          }
          for (const k in v) if (k !== 'loc') collect(v[k]);
        };
        collect(ast.column);
        if (refs.length === 0) this.out.add('written', '*', table);
        for (const r of refs) this.out.add('written', r, table);
        return;
      }
      default:
        this.statements(ast, root);
    }
  }

  alter(ast: Record<string, unknown>): void {
    const target = Array.isArray(ast.table) && isRecord(ast.table[0]) ? ast.table[0] : undefined;
    const table = target ? relationName(target) : undefined;
    if (table === undefined) return;
    for (const e of Array.isArray(ast.expr) ? ast.expr : []) {
      if (!isRecord(e)) continue;
      if (e.resource === 'column') {
        for (const c of [e.old_column, e.column])
          this.out.add('written', isRecord(c) ? ident(c.column) : undefined, table);
      } else {
        this.keys(e.definition, table);
        if (isRecord(e.create_definitions)) this.constraint(e.create_definitions, table);
      }
    }
  }

  /** Index / constraint key columns (`column_ref` items of a definition list) as read. */
  keys(definition: unknown, table: string | undefined): void {
    for (const d of Array.isArray(definition) ? definition : []) {
      if (isRecord(d) && d.type === 'column_ref') this.out.add('read', ident(d.column), table);
    }
  }

  constraint(c: Record<string, unknown>, table: string | undefined): void {
    this.keys(c.definition, table);
    const ref = isRecord(c.reference_definition) ? c.reference_definition : undefined;
    if (ref) {
      const refTable =
        Array.isArray(ref.table) && isRecord(ref.table[0]) ? relationName(ref.table[0]) : undefined;
      this.keys(ref.definition, refTable);
    }
  }

  create(ast: Record<string, unknown>, root: Scope): void {
    const keyword = String(ast.keyword ?? '').toLowerCase();
    const tableNode = Array.isArray(ast.table) ? ast.table[0] : ast.table;
    const table = isRecord(tableNode) ? relationName(tableNode) : undefined;
    if (keyword === 'index') {
      const scope = scopeOf(root);
      if (isRecord(tableNode)) this.fromItems([tableNode], scope);
      for (const c of Array.isArray(ast.index_columns) ? ast.index_columns : []) {
        if (isRecord(c) && c.type === 'column_ref') this.out.add('read', ident(c.column), table);
        else if (!this.out.add('read', prefixKey(c), table)) this.expression(c, scope);
      }
      return;
    }
    if (keyword === 'table') {
      for (const d of Array.isArray(ast.create_definitions) ? ast.create_definitions : []) {
        if (isRecord(d) && d.resource === 'column' && isRecord(d.column))
          this.out.add('written', ident(d.column.column), table);
      }
    }
    this.statements(ast, root);
  }
}

/**
 * The columns node-sql-parser statement `ast` reads and writes (see module doc and
 * `StatementFacts.columnsRead`). Never throws; an AST it does not know yields no columns.
 */
export function mysqlColumns(ast: unknown): { read: ColumnFact[]; written: ColumnFact[] } {
  const c = new MysqlColumns();
  if (isRecord(ast)) c.statement(ast);
  return { read: c.out.read, written: c.out.written };
}
