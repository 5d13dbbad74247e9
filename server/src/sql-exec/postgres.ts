/**
 * Executes SQL an agent sent (already judged and allowed) on the held PostgreSQL connection, inside
 * a transaction bounded by `statement_timeout`, returning capped rows. Uses `pg` (node-postgres).
 * Sources: https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-STATEMENT-TIMEOUT
 * (statement_timeout, ms) and https://www.postgresql.org/docs/current/sql-set.html (SET LOCAL lasts
 * until the end of the transaction).
 */
import pg from 'pg';
import type { ConnectionInfo } from './connection';

/** One statement's outcome, as PostgreSQL's command tag names it (`SELECT`, `INSERT`, `UPDATE`…). */
export interface StatementResult {
  command: string;
  /** Rows returned or affected (PostgreSQL's command tag count); null when the tag has none. */
  rowCount: number | null;
  columns: string[];
  /** At most `maxRows` rows, values as node-postgres returns them (text for unknown types). */
  rows: Record<string, unknown>[];
  /** True when more rows came back than `maxRows`. */
  truncated: boolean;
}

/** Options of {@link SqlExecutor.execute}. */
export interface ExecuteOptions {
  /** `statement_timeout` for the whole transaction, ms (default 30 000). */
  timeoutMs?: number;
  /** Rows kept per statement (default 200). */
  maxRows?: number;
}

/** A failure of the database; `message` is redacted (no URL, no password). */
export class SqlExecError extends Error {
  constructor(
    message: string,
    /** PostgreSQL's SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html), when given. */
    readonly sqlState?: string,
  ) {
    super(message);
  }
}

/** The held connection: a small pool opened on first use. */
export interface SqlExecutor {
  /**
   * Runs `sql` (one or more statements, simple query protocol) in `BEGIN … COMMIT` with
   * `SET LOCAL statement_timeout`; any error rolls the whole transaction back.
   * @throws SqlExecError with a redacted message.
   */
  execute(sql: string, options?: ExecuteOptions): Promise<StatementResult[]>;
  close(): Promise<void>;
}

/**
 * An executor over `connection` (PostgreSQL only).
 * @throws SqlExecError for a MySQL/MariaDB connection: no MySQL client library is installed.
 */
export function createSqlExecutor(connection: ConnectionInfo): SqlExecutor {
  if (connection.dialect !== 'postgresql') {
    throw new SqlExecError(
      `${connection.dialect} connections cannot be executed: no MySQL client library (mysql2) is installed; only PostgreSQL is supported`,
    );
  }
  const pool = new pg.Pool({
    connectionString: connection.url,
    max: 2,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'railguard-mcp',
  });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const execute = async (sql: string, options: ExecuteOptions = {}): Promise<StatementResult[]> => {
    const timeoutMs = Math.max(1, Math.floor(options.timeoutMs ?? 30_000));
    const maxRows = options.maxRows ?? 200;
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      throw toExecError(err, connection);
    }
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL statement_timeout = ${timeoutMs}`);
      const raw: unknown = await client.query(sql);
      await client.query('COMMIT');
      const results = (Array.isArray(raw) ? raw : [raw]) as pg.QueryResult<Record<string, unknown>>[];
      return results.map((r) => ({
        command: r.command ?? '',
        rowCount: typeof r.rowCount === 'number' ? r.rowCount : null,
        columns: (r.fields ?? []).map((f) => f.name),
        rows: (r.rows ?? []).slice(0, maxRows),
        truncated: (r.rows ?? []).length > maxRows,
      }));
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw toExecError(err, connection);
    } finally {
      client.release();
    }
  };
  return { execute, close: () => pool.end() };
}

function toExecError(err: unknown, connection: ConnectionInfo): SqlExecError {
  const message = err instanceof Error ? err.message : String(err);
  const code =
    typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string'
      ? (err as { code: string }).code
      : undefined;
  return new SqlExecError(connection.redact(message), code);
}
