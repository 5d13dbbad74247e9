/**
 * Helpers shared by the lock/downtime and compatibility rules: reading `ALTER TABLE` commands from
 * the libpg-query AST, knowing whether a relation was created earlier in the same text, placing
 * spans and building quick-fix edits inside a statement.
 *
 * Lock levels follow the PostgreSQL manual, "Explicit Locking"
 * (https://www.postgresql.org/docs/current/explicit-locking.html) and "ALTER TABLE"
 * (https://www.postgresql.org/docs/current/sql-altertable.html).
 */
import type { SqlFileContext, SqlStatement } from '../../sql/model';
import { asNode, list, rangeVarName, stringValue, walk, type PgFields } from '../../sql/pg-ast';
import type { Span, TextEdit } from '../../types';
import { newlinesBefore } from './util/text';

/** One `ALTER TABLE` sub-command (`AlterTableCmd`): `subtype` is e.g. `AT_AddColumn`. */
export interface AlterCmd {
  subtype: string;
  /** Column or constraint name the command names (`AT_SetNotNull`, `AT_AlterColumnType`…). */
  name?: string;
  /** The command's definition node (`{ ColumnDef }`, `{ Constraint }`), when it has one. */
  def: unknown;
}

/** An `ALTER TABLE` statement on a table: its target (as written) and its sub-commands. */
export interface AlterTable {
  table: string;
  /** libpg-query `RangeVar` fields of the target (has `location`). */
  relation: PgFields;
  cmds: AlterCmd[];
}

/**
 * `ALTER TABLE` of a table that existed before this text: `undefined` when the statement is not an
 * ALTER TABLE or the text created the table earlier (it is empty, so no lock rule applies — the
 * squawk false positive users complain about).
 */
export function alterOfExistingTable(stmt: SqlStatement, ctx: SqlFileContext): AlterTable | undefined {
  const alter = alterTable(stmt);
  return alter && !createdEarlier(ctx, alter.table) ? alter : undefined;
}

/** Reads `stmt.ast` as `ALTER TABLE` (objtype table, or unset); `undefined` for anything else. */
export function alterTable(stmt: SqlStatement): AlterTable | undefined {
  const f = asNode(stmt.ast, 'AlterTableStmt');
  if (!f) return undefined;
  if (f.objtype !== undefined && f.objtype !== 'OBJECT_TABLE') return undefined;
  const relation = asNode({ RangeVar: f.relation }, 'RangeVar');
  const table = rangeVarName(f.relation);
  if (!relation || !table) return undefined;
  const cmds: AlterCmd[] = [];
  for (const c of list(f.cmds)) {
    const cf = asNode(c, 'AlterTableCmd');
    if (!cf || typeof cf.subtype !== 'string') continue;
    cmds.push({
      subtype: cf.subtype,
      def: cf.def,
      ...(typeof cf.name === 'string' ? { name: cf.name } : {}),
    });
  }
  return { table, relation, cmds };
}

/**
 * True when the file created `name` earlier (then it is empty and invisible to other sessions, so
 * lock rules do not apply). Compares case-insensitively, qualified and bare.
 */
export function createdEarlier(ctx: SqlFileContext, name: string): boolean {
  const lower = name.toLowerCase();
  const bare = lower.split('.').pop() ?? lower;
  return ctx.createdEarlier.has(lower) || ctx.createdEarlier.has(bare);
}

/** The `Constraint` fields of a `{ Constraint }` node, else `undefined`. */
export function constraintOf(node: unknown): PgFields | undefined {
  return asNode(node, 'Constraint');
}

/** Constraints attached to a `{ ColumnDef }` (`DEFAULT`, `NOT NULL`, `REFERENCES`, `PRIMARY KEY`…). */
export function columnConstraints(def: unknown): PgFields[] {
  const col = asNode(def, 'ColumnDef');
  return list(col?.constraints)
    .map(constraintOf)
    .filter((c): c is PgFields => c !== undefined);
}

/** Type name (last part, lower-cased: `int4`, `serial`, `uuid`) of a `{ ColumnDef }`; `''` when absent. */
export function columnType(def: unknown): string {
  const col = asNode(def, 'ColumnDef');
  const names = list(asNode({ TypeName: col?.typeName }, 'TypeName')?.names).map(stringValue);
  return (names[names.length - 1] ?? '').toLowerCase();
}

/** Column name and type name (see {@link columnType}) of a `{ ColumnDef }` with a name. */
export function columnInfo(def: unknown): { name: string; type: string; location?: number } | undefined {
  const col = asNode(def, 'ColumnDef');
  if (!col || typeof col.colname !== 'string') return undefined;
  const type = columnType(def);
  return { name: col.colname, type, ...(typeof col.location === 'number' ? { location: col.location } : {}) };
}

/** Lower-cased names (last part) of every function called inside an expression. */
export function calledFunctions(expr: unknown): string[] {
  const names: string[] = [];
  walk(expr, (type, fields) => {
    if (type !== 'FuncCall') return;
    const parts = list(fields.funcname).map(stringValue);
    const last = parts[parts.length - 1];
    if (last) names.push(last.toLowerCase());
  });
  return names;
}

/** Offset (UTF-16, inside `stmt.text`) of the first character after leading whitespace and comments. */
export function bodyStart(text: string): number {
  const m = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/.exec(text);
  return m ? m[0].length : 0;
}

/**
 * Span of `[start, end)` given as UTF-16 offsets inside `stmt.text`, computed from the statement's
 * own span (line/column 1-based, as {@link Span}).
 */
export function spanIn(stmt: SqlStatement, start: number, end: number): Span {
  const pos = (off: number): { line: number; column: number } => {
    const { lines, nl } = newlinesBefore(stmt.text, off);
    return lines === 0
      ? { line: stmt.span.line, column: stmt.span.column + off }
      : { line: stmt.span.line + lines, column: off - nl };
  };
  const a = pos(start);
  const b = pos(end);
  return {
    start: stmt.span.start + start,
    end: stmt.span.start + end,
    line: a.line,
    column: a.column,
    endLine: b.line,
    endColumn: b.column,
  };
}

/** The statement's span without its leading comments (where editors should underline). */
export function statementSpan(stmt: SqlStatement): Span {
  return spanIn(stmt, bodyStart(stmt.text), stmt.text.length);
}

/**
 * Span from a node's parser `location` to the end of that source line (trailing `,` and blanks
 * dropped), clipped to the statement: a readable underline for one clause of a long statement.
 * Falls back to {@link statementSpan} when the location is unknown or outside the statement.
 */
export function clauseSpan(stmt: SqlStatement, location: unknown): Span {
  if (typeof location !== 'number' || location < 0) return statementSpan(stmt);
  const at = stmt.spanAt(location, 0).start - stmt.span.start;
  if (at < 0 || at >= stmt.text.length) return statementSpan(stmt);
  const nl = stmt.text.indexOf('\n', at);
  let end = nl < 0 ? stmt.text.length : nl;
  while (end > at + 1 && /[\s,]/.test(stmt.text[end - 1] ?? '')) end--;
  return spanIn(stmt, at, end);
}

/**
 * An edit inserting `newText` right after the leading keywords matched by `keywords` (a sticky
 * regex source such as `CREATE\s+(?:UNIQUE\s+)?INDEX`) at the start of the statement body;
 * `undefined` when the text does not start that way. Offsets are in the action text.
 */
export function insertAfterKeywords(
  stmt: SqlStatement,
  keywords: string,
  newText: string,
): TextEdit | undefined {
  const from = bodyStart(stmt.text);
  const m = new RegExp(`^(?:${keywords})\\b`, 'i').exec(stmt.text.slice(from));
  if (!m) return undefined;
  const at = stmt.span.start + from + m[0].length;
  return { start: at, end: at, newText };
}

/** An edit inserting `newText` at the end of the statement text (before its `;`). */
export function appendToStatement(stmt: SqlStatement, newText: string): TextEdit {
  return { start: stmt.span.end, end: stmt.span.end, newText };
}

/** Quotes an identifier for SQL when it is not a plain lower-case name. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** Quotes each part of a dotted relation name (`public.users`). */
export function quoteQualified(name: string): string {
  return name.split('.').map(quoteIdent).join('.');
}

/** PostgreSQL manual pages the lock rules cite. */
export const PG_DOCS = {
  locking: 'https://www.postgresql.org/docs/current/explicit-locking.html',
  alterTable: 'https://www.postgresql.org/docs/current/sql-altertable.html',
  createIndex: 'https://www.postgresql.org/docs/current/sql-createindex.html',
  dropIndex: 'https://www.postgresql.org/docs/current/sql-dropindex.html',
  reindex: 'https://www.postgresql.org/docs/current/sql-reindex.html',
  lockTimeout: 'https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT',
} as const;

/** Framework recipes for running a statement outside a transaction (CONCURRENTLY needs it). */
export const NO_TRANSACTION_RECIPES = [
  '- Rails: `disable_ddl_transaction!` in the migration, then `add_index …, algorithm: :concurrently`.',
  '- Django: `atomic = False` on the migration and `AddIndexConcurrently` (django.contrib.postgres).',
  '- Prisma: edit the generated `migration.sql`; keep the statement alone in its migration.',
  '- golang-migrate: the statement alone in its own file, without `BEGIN`/`COMMIT`.',
  "- diesel: `run_in_transaction = false` in the migration's `metadata.toml`.",
].join('\n');

/** Serial pseudo-types (`serial`, `bigserial`…): columns with an implicit `nextval()` default. */
export const SERIAL_TYPES: ReadonlySet<string> = new Set([
  'serial',
  'serial2',
  'serial4',
  'serial8',
  'smallserial',
  'bigserial',
]);
