/**
 * Matching of policy rules against a finding in a context, and the subset test used to find
 * shadowed rules. Pure functions over plain data.
 */
import type { Actor, Category, ColumnFact, Finding } from '../types';
import { globMatch, globsOverlap, isLiteralGlob } from './glob';
import type { DataClassDef, DataClassMatch, RuleMatch } from './model';

/**
 * True when an actor pattern (`any`, `agent`, `human`, `agent:NAME`, `human:NAME`, NAME a glob)
 * matches the actor.
 */
export function actorMatches(pattern: string, actor: Actor): boolean {
  if (pattern === 'any') return true;
  const [type, name] = pattern.split(':', 2) as [string, string | undefined];
  if (type !== actor.type) return false;
  return name === undefined || globMatch(name, actor.name);
}

/** Lower-cases and strips SQL identifier quotes: `"Public"."Users"` ⇒ `public.users`. */
function normalizeTable(name: string): string {
  return name.replace(/["`[\]]/g, '').toLowerCase();
}

/**
 * True when a data-class table glob matches a table name. A pattern without a dot matches the
 * table's own name in any schema (`users` matches `users` and `public.users`). A pattern with a
 * dot matches the qualified name; an unqualified table (schema unknown before run time) matches
 * on its table part, erring towards classifying data as sensitive.
 *
 * A table containing `*` or `?` is itself a pattern: the tables a database dump selects
 * (`pg_dump -t 'public.user*'`, `-n crm` as `crm.*`, a whole database as `*`; see
 * `shell/dump-tables.ts`). It matches when some table could match both ({@link globsOverlap}),
 * with the same schema rules: `*` matches every pattern, `crm.*` matches `users` and
 * `crm.customers` but not `public.users`.
 */
export function tableMatches(pattern: string, table: string): boolean {
  const t = normalizeTable(table);
  const parts = t.split('.');
  const bare = parts[parts.length - 1] ?? t;
  const dot = pattern.lastIndexOf('.');
  const match = isLiteralGlob(t) ? globMatch : globsOverlap;
  if (dot < 0) return match(pattern, bare);
  if (parts.length > 1) return match(pattern, t);
  return match(pattern.slice(dot + 1), bare);
}

/**
 * A data-class column pattern split at its last dot: `email` ⇒ `{ column: 'email' }`,
 * `users.email` ⇒ `{ table: 'users', column: 'email' }`, `public.users.email` ⇒
 * `{ table: 'public.users', column: 'email' }`, `*.ssn` ⇒ `{ table: '*', column: 'ssn' }`.
 */
export function parseColumnPattern(pattern: string): { table?: string; column: string } {
  const dot = pattern.lastIndexOf('.');
  return dot < 0 ? { column: pattern } : { table: pattern.slice(0, dot), column: pattern.slice(dot + 1) };
}

/**
 * True when a data-class column pattern matches a column a statement reads or writes.
 *
 * Grammar (globs as in `glob.ts`): `COLUMN`, `TABLE.COLUMN` or `SCHEMA.TABLE.COLUMN` (any dotted
 * table prefix), split at the last dot. The column glob is compared with the column's name; the
 * table part, when present, is a table glob compared by {@link tableMatches} (so `users.email`
 * matches `email` of `users` and of `public.users`, `*.ssn` matches `ssn` of any table).
 * - A column whose table the SQL leaves open (`SELECT email FROM a, b`) could be in any relation
 *   of the statement: the table part matches when it matches one of `statementTables` (or when
 *   the statement names no relation), erring towards sensitive as {@link tableMatches} does.
 * - `*` (`SELECT *`, `t.*`, `COPY t`, `INSERT INTO t VALUES …`) reads or writes every column of
 *   its table, whose names are unknown without the catalog. It matches only a pattern that names
 *   its table literally (no `*`/`?` in the part after the table prefix's last dot): `users.email`
 *   says `users` has an `email` column, so `SELECT * FROM users` reads it. `email`, `*.email` and
 *   `user*.email` name no table, so `*` does not match them; classify whole tables with `tables`.
 * - `*` of a table pattern (a dump's `{ table: '*', name: '*' }` for a whole database, `crm.*`
 *   for a schema, `user*`) is every column of every table the pattern may stand for, names unknown
 *   on both sides: any column pattern whose table part could be one of those tables matches
 *   (`email`, `*.ssn` and `accounts.ssn` all match a whole-database dump; `public.users.email` does
 *   not match `crm.*`). The dump holds the classified column wherever the database has it.
 */
export function columnMatches(
  pattern: string,
  column: ColumnFact,
  statementTables: readonly string[] = [],
): boolean {
  const p = parseColumnPattern(pattern);
  const name = column.name.replace(/["`[\]]/g, '');
  if (name === '*' && column.table !== undefined && !isLiteralGlob(column.table))
    return p.table === undefined || tableMatches(p.table, column.table);
  if (name === '*') {
    if (p.table === undefined || column.table === undefined) return false;
    const tableSegment = p.table.slice(p.table.lastIndexOf('.') + 1);
    return isLiteralGlob(tableSegment) && tableMatches(p.table, column.table);
  }
  if (!globMatch(p.column, name)) return false;
  if (p.table === undefined) return true;
  const table = p.table;
  if (column.table !== undefined) return tableMatches(table, column.table);
  return statementTables.length === 0 || statementTables.some((t) => tableMatches(table, t));
}

/** Tables a finding reads or writes (SQL statement facts). */
export function findingTables(finding: Finding): string[] {
  const s = finding.statement;
  return s ? [...new Set([...s.tablesWritten, ...s.tablesRead])] : [];
}

/** Columns a finding reads or writes (SQL statement facts), written ones first. */
export function findingColumns(finding: Finding): ColumnFact[] {
  const s = finding.statement;
  return s ? [...s.columnsWritten, ...s.columnsRead] : [];
}

/**
 * The data classes of a statement with the evidence for each, sorted by class name: a class
 * applies when one of its `tables` globs matches one of `tables` ({@link tableMatches}) OR one of
 * its `columns` patterns matches one of `columns` ({@link columnMatches}; `tables` resolve columns
 * the SQL leaves unqualified). `tables` and `columns` of a match are the ones that matched.
 */
export function dataClassMatches(
  classes: Record<string, DataClassDef>,
  tables: readonly string[],
  columns: readonly ColumnFact[] = [],
): DataClassMatch[] {
  return Object.entries(classes)
    .flatMap(([dataClass, def]) => {
      const t = tables.filter((tb) => (def.tables ?? []).some((p) => tableMatches(p, tb)));
      const c = columns.filter((col) => (def.columns ?? []).some((p) => columnMatches(p, col, tables)));
      return t.length > 0 || c.length > 0 ? [{ dataClass, tables: t, columns: c }] : [];
    })
    .sort((a, b) => (a.dataClass < b.dataClass ? -1 : a.dataClass > b.dataClass ? 1 : 0));
}

/** Names of the data classes of a statement, sorted ({@link dataClassMatches} without the evidence). */
export function dataClassesOf(
  classes: Record<string, DataClassDef>,
  tables: readonly string[],
  columns: readonly ColumnFact[] = [],
): string[] {
  return dataClassMatches(classes, tables, columns).map((m) => m.dataClass);
}

/** Names of the data classes whose table globs match any of `tables`, sorted (tables only). */
export function dataClassesOfTables(
  classes: Record<string, DataClassDef>,
  tables: readonly string[],
): string[] {
  return dataClassesOf(classes, tables);
}

/**
 * What a rule is matched against: one finding, in a context; or, with `facts` set, the action's
 * own facts (a pseudo-finding `facts` whose statement unites every statement of the action).
 */
export interface MatchSubject {
  environment: string;
  actor: Actor;
  finding: Finding;
  dataClasses: readonly string[];
  /** The subject is the action's facts, not a finding: see {@link namesFactCondition}. */
  facts?: boolean;
  /** For a facts subject: every statement kind of the action (any may match `statementKind`). */
  statementKinds?: readonly string[];
  /** Resource classes the finding's effects land on (`resources/classify.ts`); none when absent. */
  resourceClasses?: readonly string[];
  /**
   * The classes the effects' paths are themselves in (`ClassifiedEffect.within`): a rule that
   * loosens (`allow`, `warn`) matches `resource` on these, so a destroy that reaches a class only
   * below its path (`rm -rf /srv` reaching `/srv/app/tmp/**`) is not let through by that class.
   * Absent ⇒ {@link resourceClasses}.
   */
  resourceClassesWithin?: readonly string[];
}

/**
 * True when a rule can judge an action's facts: it names a fact-level condition (`dataClass`,
 * `statementKind`) and no finding-level one (`category`, `ruleId`, `severity`), so the category
 * rules of existing policies never fire on the facts of harmless work.
 */
export function namesFactCondition(m: RuleMatch): boolean {
  if (m.category || m.ruleId || m.severity) return false;
  return m.dataClass !== undefined || m.statementKind !== undefined;
}

/** True when every field present in `m` matches the subject (see {@link RuleMatch}). */
export function ruleMatches(m: RuleMatch, s: MatchSubject): boolean {
  const ci = (list: readonly string[], v: string | undefined): boolean =>
    v !== undefined && list.some((x) => x.toLowerCase() === v.toLowerCase());
  if (s.facts) {
    if (!namesFactCondition(m)) return false;
    if (m.statementKind && !(s.statementKinds ?? []).some((k) => ci(m.statementKind ?? [], k))) return false;
    const { statementKind: _kinds, ...rest } = m;
    return ruleMatches(rest, { ...s, facts: false });
  }
  if (m.environment && !m.environment.some((e) => e.toLowerCase() === s.environment.toLowerCase()))
    return false;
  if (m.actor && !m.actor.some((p) => actorMatches(p, s.actor))) return false;
  if (m.category && !m.category.includes(s.finding.category)) return false;
  if (m.ruleId && !m.ruleId.some((g) => globMatch(g, s.finding.ruleId))) return false;
  if (m.dataClass && !m.dataClass.some((c) => s.dataClasses.includes(c))) return false;
  if (m.statementKind && !ci(m.statementKind, s.finding.statement?.statementKind)) return false;
  if (m.severity && !m.severity.includes(s.finding.severity)) return false;
  if (m.resource && !m.resource.some((c) => s.resourceClasses?.includes(c))) return false;
  return true;
}

/** True when actor pattern `a` matches every actor `b` matches (sound, not complete). */
function actorCovers(a: string, b: string): boolean {
  if (a === 'any') return true;
  if (b === 'any') return false;
  const [at, an] = a.split(':', 2) as [string, string | undefined];
  const [bt, bn] = b.split(':', 2) as [string, string | undefined];
  if (at !== bt) return false;
  if (an === undefined || an === '*') return true;
  if (bn === undefined) return false;
  return isLiteralGlob(bn) ? globMatch(an, bn) : an.toLowerCase() === bn.toLowerCase();
}

/**
 * True when rule match `a` matches every subject that `b` matches (b ⊆ a), so a rule with `b`
 * placed after a rule with `a` can never decide. Sound: it only answers true when provably so.
 * Field by field: `a`'s field absent, or `b`'s field present and each of its values covered by
 * one of `a`'s. `categoryOf` gives a known rule's category, so `ruleId: [drop-table]` in `b`
 * counts as within `category: [data-loss]` in `a`.
 */
export function matchCovers(
  a: RuleMatch,
  b: RuleMatch,
  categoryOf: (ruleId: string) => Category | undefined = () => undefined,
): boolean {
  const sub = (
    as?: readonly string[],
    bs?: readonly string[],
    eq = (x: string, y: string) => x === y,
  ): boolean => as === undefined || (bs !== undefined && bs.every((y) => as.some((x) => eq(x, y))));
  const ci = (x: string, y: string): boolean => x.toLowerCase() === y.toLowerCase();
  const ruleIdCovered = (x: string, y: string): boolean => (isLiteralGlob(y) ? globMatch(x, y) : x === y);
  let bCategories: readonly string[] | undefined = b.category;
  if (
    bCategories === undefined &&
    b.ruleId?.every((id) => isLiteralGlob(id) && categoryOf(id) !== undefined)
  ) {
    bCategories = b.ruleId.map((id) => categoryOf(id) as Category);
  }
  return (
    sub(a.environment, b.environment) &&
    sub(a.actor, b.actor, actorCovers) &&
    sub(a.category, bCategories) &&
    sub(a.ruleId, b.ruleId, ruleIdCovered) &&
    sub(a.dataClass, b.dataClass) &&
    sub(a.statementKind, b.statementKind, ci) &&
    sub(a.severity, b.severity) &&
    sub(a.resource, b.resource)
  );
}
