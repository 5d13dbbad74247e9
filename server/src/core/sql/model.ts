import type { Dialect, Finding, Span, StatementFacts } from '../types';

/**
 * One SQL statement as the analyzer saw it.
 *
 * `ast` is the parser's own node for the statement: for PostgreSQL the libpg-query `RawStmt.stmt`
 * node (e.g. `{ DropStmt: {...} }`, shapes in `@pgsql/types`), for other dialects the
 * node-sql-parser AST object. It is `undefined` when `parsed` is false.
 */
export interface SqlStatement {
  dialect: Dialect;
  /** The statement's own text (without the trailing `;`). */
  text: string;
  /** Range of the statement in the action text. */
  span: Span;
  parsed: boolean;
  ast: unknown;
  facts: StatementFacts;
  /**
   * Where the statement sits: at top level, or inside a routine body — a PL/pgSQL function / DO
   * body, or the BEGIN … END body of a MySQL stored program (`'plpgsql'` for both).
   */
  origin: 'top' | 'plpgsql';
  /** Index of the statement in its file (0-based, top-level statements only). */
  index: number;
  /**
   * True when the statement is only planned, never executed (`EXPLAIN` without `ANALYZE`): rules
   * skip it and its facts list every table it names as read (see `harmless.ts`).
   */
  planOnly?: boolean;
  /**
   * Maps a parser position to a span in the action text: `location` is a node's `location`
   * field (libpg-query: a UTF-8 byte offset into the text the parser saw; node-sql-parser: its
   * `loc.start.offset`), `length` a length in characters of the source text at that point.
   * Falls back to the statement's span when the position cannot be mapped.
   */
  spanAt(location: number, length: number): Span;
  /**
   * PostgreSQL statements: the nodes of `ast` of one node type (`FuncCall`, `DeleteStmt`…), as
   * their fields, in the order `walk` (pg-ast.ts) visits them (depth first, pre-order, `ast`
   * included). The index is built by one walk on the first call and kept with the statement, so
   * rules looking for different node types share that walk. Optional: absent for other dialects
   * and statements built by hand (rules use `pgNodes`, which falls back to a walk).
   */
  nodesOfType?(type: string): readonly Record<string, unknown>[];
}

/**
 * What is known about the file or text a statement belongs to, so rules can judge a statement in
 * its context (e.g. squawk's false positive: an index on a table created earlier in the same file).
 */
export interface SqlFileContext {
  dialect: Dialect;
  /** Lower-cased relation names (both `schema.name` and bare `name`) created earlier in the text. */
  createdEarlier: ReadonlySet<string>;
  /** True when the statement runs inside an explicit BEGIN … COMMIT or a function body. */
  inTransaction: boolean;
  /** True when a `SET lock_timeout` (or `SET LOCAL lock_timeout`) ran earlier in the text. */
  lockTimeoutSet: boolean;
  /**
   * True when the statement runs in a transaction the text ends with `ROLLBACK`: its data changes
   * are undone (data-loss rules skip it), its locks are still taken (see `harmless.ts`).
   */
  rolledBack?: boolean;
  /** File name when known (migration layout, `down.sql`…). */
  file?: string;
  /**
   * Every top-level statement of the text, in order (the current one is `statements[stmt.index]`),
   * so file-level rules can look back (e.g. report a missing `lock_timeout` once, at the first
   * statement that needs it). Optional: absent when the analyzer does not provide it.
   */
  statements?: readonly SqlStatement[];
}

/** The result of analyzing a whole SQL text. */
export interface SqlAnalysis {
  dialect: Dialect;
  statements: SqlStatement[];
  /** Per statement (same index), the context it was judged in. */
  contexts: SqlFileContext[];
  /** Findings the analyzer itself makes: `unparsed`, `dynamic-sql`. */
  findings: Finding[];
}

/** Facts of a statement nothing is known about yet: no tables, columns, object kinds or sinks. */
export function emptyFacts(statementKind: string, objectKinds: string[] = []): StatementFacts {
  return {
    statementKind,
    tablesRead: [],
    tablesWritten: [],
    columnsRead: [],
    columnsWritten: [],
    objectKinds,
    sinks: [],
  };
}
