import type { Sink, StatementFacts } from '../types';
import { mysqlColumns } from './mysql-columns';
import { mysqlNegated, mysqlSelfComparison } from './mysql-same-expr';
import { isRecord } from './pg-ast';

/**
 * Facts of one node-sql-parser statement AST (MySQL/MariaDB and the other databases it offers).
 * Tables come from the parser's `tableList` entries (`operation::db::table`) plus the AST's
 * target fields; columns from the AST (`mysql-columns.ts`, not the parser's `columnList`, which
 * mixes in WHERE columns and does not resolve subquery aliases); kinds are named as the MySQL reference names the statement
 * (https://dev.mysql.com/doc/refman/8.0/en/sql-statements.html).
 */

type Value = boolean | number | string | null | undefined;

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function literal(node: Record<string, unknown>): Value {
  switch (node.type) {
    case 'bool':
      return node.value === true;
    case 'number':
      return typeof node.value === 'number' ? node.value : Number(node.value);
    case 'single_quote_string':
    case 'double_quote_string':
    case 'string':
      return str(node.value) ?? '';
    case 'null':
      return null;
    default:
      return undefined;
  }
}

/** Three-valued constant evaluation of a node-sql-parser WHERE expression (see pg-where.ts). */
export function evaluateMysqlBool(node: unknown): boolean | undefined {
  if (!isRecord(node)) return undefined;
  const lit = literal(node);
  if (lit !== undefined)
    return typeof lit === 'boolean' ? lit : typeof lit === 'number' ? lit !== 0 : undefined;
  const negated = mysqlNegated(node);
  if (negated) {
    const v = evaluateMysqlBool(negated.operand);
    return v === undefined ? undefined : !v;
  }
  if (node.type !== 'binary_expr') return undefined;
  const op = String(node.operator).toUpperCase();
  if (op === 'AND' || op === '&&' || op === 'OR' || op === '||') {
    const l = evaluateMysqlBool(node.left);
    const r = evaluateMysqlBool(node.right);
    if (op === 'AND' || op === '&&')
      return l === false || r === false ? false : l === true && r === true ? true : undefined;
    return l === true || r === true ? true : l === false && r === false ? false : undefined;
  }
  if (op === 'IS NOT' || op === 'IS') {
    const right = isRecord(node.right) ? literal(node.right) : undefined;
    if (right !== null) return undefined;
    if (isRecord(node.left) && node.left.type === 'column_ref') return op === 'IS NOT' ? true : undefined;
    const l = isRecord(node.left) ? literal(node.left) : undefined;
    return l === undefined ? undefined : op === 'IS NOT' ? l !== null : l === null;
  }
  const l = isRecord(node.left) ? literal(node.left) : undefined;
  const r = isRecord(node.right) ? literal(node.right) : undefined;
  if (l === undefined || r === undefined) return mysqlSelfComparison(node);
  if (l === null || r === null) return undefined;
  const [a, b] = typeof l === typeof r ? [l, r] : [String(l), String(r)];
  switch (op) {
    case '=':
      return a === b;
    case '!=':
    case '<>':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    default:
      return undefined;
  }
}

function kindOf(ast: Record<string, unknown>): string {
  const type = String(ast.type ?? '').toLowerCase();
  const keyword = str(ast.keyword)?.toUpperCase();
  switch (type) {
    case 'select': {
      const into = isRecord(ast.into) ? ast.into : undefined;
      return into && (into.keyword !== undefined || into.expr !== undefined) && into.position !== null
        ? 'SELECT INTO'
        : 'SELECT';
    }
    case 'create':
    case 'drop':
    case 'alter':
      return `${type.toUpperCase()} ${keyword ?? 'TABLE'}`;
    case 'rename':
      return 'RENAME TABLE';
    case 'load_data':
      return 'LOAD DATA';
    case 'lock':
      return 'LOCK TABLES';
    case 'unlock':
      return 'UNLOCK TABLES';
    case 'transaction': {
      const action =
        isRecord(ast.expr) && isRecord(ast.expr.action)
          ? str(ast.expr.action.value)?.toUpperCase()
          : undefined;
      return action === 'START' ? 'START TRANSACTION' : (action ?? 'TRANSACTION');
    }
    default:
      return type ? type.toUpperCase().replace(/_/g, ' ') : 'UNKNOWN';
  }
}

function tableName(t: unknown): string | undefined {
  if (!isRecord(t)) return undefined;
  const name = str(t.table);
  if (!name) return undefined;
  const db = str(t.db);
  return db ? `${db}.${name}` : name;
}

function push(arr: string[], v: string | undefined): void {
  if (v !== undefined && !arr.includes(v)) arr.push(v);
}

/** Sinks in a node-sql-parser AST: INTO OUTFILE/DUMPFILE, LOAD DATA INFILE, LOAD_FILE(). */
function sinks(ast: Record<string, unknown>): Sink[] {
  const out: Sink[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!isRecord(v)) return;
    if (v.type === 'into' && (v.keyword === 'OUTFILE' || v.keyword === 'DUMPFILE')) {
      const target = isRecord(v.expr) ? str(v.expr.value) : undefined;
      out.push({ kind: 'file', direction: 'out', ...(target !== undefined ? { target } : {}) });
    }
    if (v.type === 'load_data') {
      const target = isRecord(v.file) ? str(v.file.value) : undefined;
      out.push({ kind: 'file', direction: 'in', ...(target !== undefined ? { target } : {}) });
    }
    if (v.type === 'function' && /"load_file"/i.test(JSON.stringify(v.name ?? null))) {
      const arg = isRecord(v.args) && Array.isArray(v.args.value) ? v.args.value[0] : undefined;
      const target = isRecord(arg) ? str(arg.value) : undefined;
      out.push({ kind: 'file', direction: 'in', ...(target !== undefined ? { target } : {}) });
    }
    for (const k in v) if (k !== 'loc') visit(v[k]);
  };
  visit(ast);
  return out;
}

/** Facts of a node-sql-parser statement `ast` given its `tableList`. */
export function mysqlFacts(ast: unknown, tableList: readonly string[]): StatementFacts {
  const a = isRecord(ast) ? ast : {};
  const statementKind = kindOf(a);
  const columns = mysqlColumns(a);
  const facts: StatementFacts = {
    statementKind,
    tablesRead: [],
    tablesWritten: [],
    columnsRead: columns.read,
    columnsWritten: columns.written,
    objectKinds: [],
    sinks: sinks(a),
  };
  const ctes = new Set(
    (Array.isArray(a.with) ? a.with : []).map((w) =>
      isRecord(w) && isRecord(w.name) ? str(w.name.value) : undefined,
    ),
  );
  for (const entry of tableList) {
    const [op = '', db = 'null', table = 'null'] = entry.split('::');
    if (table === 'null') continue;
    const name = db !== 'null' ? `${db}.${table}` : table;
    if (op.toLowerCase() === 'select' || op.toLowerCase() === 'show') {
      if (db !== 'null' || !ctes.has(table)) push(facts.tablesRead, name);
    } else push(facts.tablesWritten, name);
  }
  const type = String(a.type ?? '');
  if (['create', 'drop', 'alter', 'truncate', 'insert', 'replace', 'update', 'delete'].includes(type)) {
    const keyword = str(a.keyword)?.toLowerCase();
    const targets =
      type === 'drop' || type === 'truncate'
        ? keyword === 'table' || keyword === 'view'
          ? a.name
          : a.table
        : a.table;
    for (const t of Array.isArray(targets) ? targets : [targets]) push(facts.tablesWritten, tableName(t));
    if (type === 'create' && keyword === 'view')
      push(facts.tablesWritten, tableName(isRecord(a.view) ? a.view : undefined));
  }
  if (type === 'load_data') push(facts.tablesWritten, tableName(a.table));
  const verb = /^(CREATE|DROP|ALTER) (.+)$/.exec(statementKind);
  if (verb?.[2]) facts.objectKinds.push(verb[2].toLowerCase());
  if (type === 'alter') {
    for (const e of Array.isArray(a.expr) ? a.expr : []) {
      if (isRecord(e) && typeof e.resource === 'string' && !facts.objectKinds.includes(e.resource))
        facts.objectKinds.push(e.resource);
    }
  }
  if (['insert', 'replace', 'update', 'delete', 'truncate', 'load_data'].includes(type))
    facts.objectKinds.push('row');
  if (type === 'grant' || type === 'revoke') facts.objectKinds.push('privilege');
  if (type === 'update' || type === 'delete') {
    facts.hasWhere = a.where !== null && a.where !== undefined;
    facts.whereIsTautology = facts.hasWhere && evaluateMysqlBool(a.where) === true;
  }
  return facts;
}
