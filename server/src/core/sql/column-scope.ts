import type { ColumnFact } from '../types';

/**
 * Name resolution shared by the column extractors of both parsers (`pg-columns.ts` for
 * libpg-query, `mysql-columns.ts` for node-sql-parser): the FROM clauses of nested query levels as
 * a chain of scopes, and the collector of column facts. The rules are documented in
 * `pg-columns.ts`.
 */

/** What a name in a FROM clause stands for: a table (as written) or a derived relation. */
export type Binding = { kind: 'table'; table: string } | { kind: 'derived' };

/** A subquery, CTE, function or `JOIN … AS` alias: its columns are not a table's. */
export const DERIVED: Binding = { kind: 'derived' };

/** The FROM clause of one query level, linked to the enclosing ones. */
export interface Scope {
  /** Alias (or relation name, bare and qualified) ⇒ binding, keyed as the extractor normalises names. */
  names: Map<string, Binding>;
  /** The FROM items in order (what an unqualified column or `*` refers to). */
  items: Binding[];
  /** CTE names visible at this level (enclosing levels' included). */
  ctes: ReadonlySet<string>;
  parent?: Scope;
}

/** A new query level inside `parent`, seeing `ctes` (default: the parent's). */
export function scopeOf(parent: Scope | undefined, ctes?: ReadonlySet<string>): Scope {
  return {
    names: new Map(),
    items: [],
    ctes: ctes ?? parent?.ctes ?? new Set(),
    ...(parent ? { parent } : {}),
  };
}

/** Looks a qualifier (already normalised as the scope's keys) up through the chain, innermost first. */
export function lookup(scope: Scope, key: string): Binding | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const b = s.names.get(key);
    if (b) return b;
  }
  return undefined;
}

/** Accumulates column facts without repeats, in first-seen order. */
export class ColumnCollector {
  readonly read: ColumnFact[] = [];
  readonly written: ColumnFact[] = [];
  private readonly seen = { read: new Set<string>(), written: new Set<string>() };

  /** Adds a column (once); returns whether `name` was a name at all. */
  add(to: 'read' | 'written', name: string | undefined, table?: string): boolean {
    if (name === undefined || name === '') return false;
    const key = `${table ?? ''}\u0000${name}`;
    if (this.seen[to].has(key)) return true;
    this.seen[to].add(key);
    this[to].push(table === undefined ? { name } : { name, table });
    return true;
  }

  /**
   * An unqualified column `name` (or `*`) in `scope`: the only relation of the innermost FROM
   * clause, every relation of it for `*`, no table when several could hold it, nothing when all
   * the candidates are derived.
   */
  addUnqualified(to: 'read' | 'written', name: string, scope: Scope): void {
    let s: Scope | undefined = scope;
    while (s && s.items.length === 0) s = s.parent;
    const tables = (s?.items ?? []).flatMap((b) => (b.kind === 'table' ? [b.table] : []));
    if (name === '*') {
      for (const t of tables) this.add(to, '*', t);
    } else if (!s) this.add(to, name);
    else if (s.items.length === 1) this.add(to, name, tables[0]);
    else if (tables.length > 0) this.add(to, name);
  }
}
