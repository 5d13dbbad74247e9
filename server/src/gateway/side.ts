/**
 * Side connections: the gateway's own connections to the upstream, one per (user, database),
 * opened on first use with the client's user and database and kept open (a pool of one per pair,
 * queries queued by node-postgres). They answer questions the gateway asks about a statement
 * before it runs — the planner's row estimate (`EXPLAIN (FORMAT JSON)`, never `ANALYZE`), the size
 * of the target table (`pg_class.reltuples`, `pg_total_relation_size`) — and the names of the
 * tables behind the table OIDs of a RowDescription (for masking).
 *
 * Each side session is read-only (`default_transaction_read_only = on`) and bounded
 * (`statement_timeout`, default 500 ms), and every question goes through the extended protocol,
 * which refuses a string of several statements: `EXPLAIN <stmt>; DROP …` fails instead of running
 * the DROP. Authentication: the side connection has no password (the client's credentials pass
 * through the gateway to the server and are not kept), so it works with `trust` (and `peer`-less
 * loopback setups); with md5/SCRAM it fails and the estimate is simply absent (see README).
 *
 * Sources: PostgreSQL docs "EXPLAIN" (FORMAT JSON, Plan Rows), "pg_class" (reltuples),
 * "Database Object Management Functions" (pg_total_relation_size).
 */
import { Client, type ClientConfig } from 'pg';
import type { UpstreamTls } from './tls';

/**
 * node-postgres `ssl` settings for the upstream's sslmode: `require` encrypts without checking
 * the certificate, `verify-ca` checks the chain, `verify-full` the chain and host name; `prefer`
 * (which node-postgres cannot express) and `disable` connect in clear text.
 */
export function sideSsl(t: UpstreamTls | undefined): ClientConfig['ssl'] {
  if (!t || t.mode === 'prefer' || t.mode === 'disable') return undefined;
  if (t.mode === 'require') return { rejectUnauthorized: false };
  return {
    rejectUnauthorized: true,
    ...(t.ca ? { ca: t.ca } : {}),
    ...(t.mode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
  };
}

/** The planner's estimate for a data-modifying statement. */
export interface BlastEstimate {
  /** `Update`, `Delete`, `Insert` or `Merge` (the plan's ModifyTable operation). */
  operation: string;
  /** The target table, `schema.name`. */
  table: string;
  /** Rows the plan expects to modify (the ModifyTable's input row estimate). */
  rows: number;
  /** The table's row count as of its last ANALYZE/VACUUM (`reltuples`; -1 when never analyzed). */
  tableRows: number;
  /** The table's total size on disk in bytes (heap, indexes, TOAST). */
  tableBytes: number;
}

interface PlanNode {
  'Node Type'?: string;
  Operation?: string;
  'Relation Name'?: string;
  Schema?: string;
  'Plan Rows'?: number;
  Plans?: PlanNode[];
}

/** Finds the first ModifyTable node of a plan tree (a CTE may hold it below the top). */
function modifyNode(node: PlanNode | undefined): PlanNode | undefined {
  if (!node) return undefined;
  if (node['Node Type'] === 'ModifyTable') return node;
  for (const child of node.Plans ?? []) {
    const m = modifyNode(child);
    if (m) return m;
  }
  return undefined;
}

/** `48213` ⇒ `48,213`; `1234567` ⇒ `1.2M`. */
export function approxCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  return Math.round(n).toLocaleString('en-US');
}

/** Bytes ⇒ `3.1 GB`, `816 kB`. */
export function approxBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** One sentence: "updates ~5,000 of 5,000 rows of public.accounts (816 kB)". */
export function describeEstimate(e: BlastEstimate): string {
  const verb = { Update: 'updates', Delete: 'deletes', Insert: 'inserts', Merge: 'merges' }[e.operation];
  const of = e.tableRows >= 0 ? ` of ${approxCount(e.tableRows)}` : '';
  return `${verb ?? e.operation.toLowerCase()} ~${approxCount(e.rows)}${of} rows of ${e.table} (${approxBytes(e.tableBytes)})`;
}

/** Side connections to one upstream, keyed by user and database. */
export class SidePool {
  private clients = new Map<string, Promise<Client>>();
  private tableNames = new Map<string, Map<number, string>>();

  constructor(
    private readonly upstream: { host: string; port: number },
    private readonly timeoutMs = 500,
    private readonly tls?: UpstreamTls,
  ) {}

  /** The side connection of `user`@`database` (opened once; a failed one is retried next time). */
  private client(user: string, database: string): Promise<Client> {
    const key = `${user}\0${database}`;
    let c = this.clients.get(key);
    if (!c) {
      c = (async (): Promise<Client> => {
        const client = new Client({
          host: this.upstream.host,
          port: this.upstream.port,
          user,
          database,
          application_name: 'railguard-gateway',
          connectionTimeoutMillis: this.timeoutMs * 4,
          statement_timeout: this.timeoutMs,
          options: '-c default_transaction_read_only=on',
          ...(sideSsl(this.tls) ? { ssl: sideSsl(this.tls) } : {}),
        });
        client.on('error', () => this.clients.delete(key));
        await client.connect();
        return client;
      })();
      c.catch(() => this.clients.delete(key));
      this.clients.set(key, c);
    }
    return c;
  }

  /**
   * The planner's estimate for `sql`, or `undefined` when it modifies no table, has parameters,
   * or the upstream does not answer in time (never throws). Plans only: nothing is executed.
   */
  async estimate(user: string, database: string, sql: string): Promise<BlastEstimate | undefined> {
    try {
      const c = await this.client(user, database);
      const plan = await c.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>({
        text: `EXPLAIN (FORMAT JSON) ${sql}`,
        values: [],
      });
      const m = modifyNode(plan.rows[0]?.['QUERY PLAN'][0]?.Plan);
      if (!m || !m['Relation Name']) return undefined;
      const table = `${m.Schema ?? 'public'}.${m['Relation Name']}`;
      const size = await c.query<{ reltuples: number; bytes: string }>({
        text: 'SELECT c.reltuples::float8 AS reltuples, pg_total_relation_size(c.oid)::text AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2',
        values: [m.Schema ?? 'public', m['Relation Name']],
      });
      const row = size.rows[0];
      return {
        operation: m.Operation ?? 'Update',
        table,
        rows: m.Plans?.[0]?.['Plan Rows'] ?? m['Plan Rows'] ?? 0,
        tableRows: row ? Number(row.reltuples) : -1,
        tableBytes: row ? Number(row.bytes) : 0,
      };
    } catch {
      return undefined;
    }
  }

  /**
   * Rows (`reltuples`, -1 when never analyzed) and total bytes of `table` as the SQL names it
   * (resolved with the side session's search_path), or `undefined` when unknown; never throws.
   */
  async tableSize(
    user: string,
    database: string,
    table: string,
  ): Promise<{ table: string; rows: number; bytes: number } | undefined> {
    try {
      const c = await this.client(user, database);
      const r = await c.query<{ name: string; reltuples: number; bytes: string }>({
        text: 'SELECT c.oid::regclass::text AS name, c.reltuples::float8 AS reltuples, pg_total_relation_size(c.oid)::text AS bytes FROM pg_class c WHERE c.oid = to_regclass($1)',
        values: [table],
      });
      const row = r.rows[0];
      return row ? { table: row.name, rows: Number(row.reltuples), bytes: Number(row.bytes) } : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Names (`schema.table`) of the tables with the given OIDs in `database`, cached per database
   * (OIDs are stable while a table exists). Unknown OIDs are absent; never throws.
   */
  async tables(user: string, database: string, oids: number[]): Promise<Map<number, string>> {
    let cache = this.tableNames.get(database);
    if (!cache) this.tableNames.set(database, (cache = new Map()));
    const missing = oids.filter((o) => o !== 0 && !cache.has(o));
    if (missing.length) {
      try {
        const c = await this.client(user, database);
        const r = await c.query<{ oid: number; name: string }>({
          text: "SELECT c.oid::int8::float8 AS oid, n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ANY($1::oid[])",
          values: [missing],
        });
        for (const row of r.rows) cache.set(Number(row.oid), row.name);
      } catch {
        // no names: columns are matched by name only
      }
    }
    return cache;
  }

  /** Closes every side connection. */
  async close(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map(async (c) => (await c.catch(() => undefined))?.end().catch(() => undefined)));
  }
}
