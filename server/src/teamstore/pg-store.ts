import { createHash } from 'node:crypto';
import pg from 'pg';
import {
  summarize,
  type EventFilter,
  type EventStore,
  type IngestItem,
  type LineageEdge,
  type NodeKey,
  type StoredEvent,
} from './store';

/**
 * The PostgreSQL event store. Tables are created on open (under an advisory lock, so two stores
 * starting together do not race); events are inserted with `ON CONFLICT (event_id) DO NOTHING`
 * (https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT) and their lineage
 * edges in the same transaction, only for the rows actually inserted (`RETURNING`).
 */

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS railguard_lineage_events (
  event_id uuid PRIMARY KEY,
  run_id uuid NOT NULL,
  event_type text NOT NULL,
  event_time timestamptz NOT NULL,
  job_namespace text NOT NULL,
  job_name text NOT NULL,
  actor text,
  on_behalf_of text,
  agent text,
  environment text,
  received_at timestamptz NOT NULL DEFAULT now(),
  event jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS railguard_lineage_events_time ON railguard_lineage_events (event_time);
CREATE INDEX IF NOT EXISTS railguard_lineage_events_actor ON railguard_lineage_events (actor);
CREATE INDEX IF NOT EXISTS railguard_lineage_events_agent ON railguard_lineage_events (agent);
CREATE TABLE IF NOT EXISTS railguard_lineage_edges (
  event_id uuid NOT NULL REFERENCES railguard_lineage_events (event_id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('input', 'output')),
  job_namespace text NOT NULL,
  job_name text NOT NULL,
  dataset_namespace text NOT NULL,
  dataset_name text NOT NULL
);
CREATE INDEX IF NOT EXISTS railguard_lineage_edges_dataset
  ON railguard_lineage_edges (dataset_namespace, dataset_name, role);
CREATE INDEX IF NOT EXISTS railguard_lineage_edges_job ON railguard_lineage_edges (job_namespace, job_name, role);
CREATE TABLE IF NOT EXISTS railguard_audit_checkpoints (
  source text NOT NULL,
  checkpoint_hash text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  checkpoint jsonb NOT NULL,
  PRIMARY KEY (source, checkpoint_hash)
);`;

/** Advisory lock key serialising schema creation (an arbitrary constant). */
const SCHEMA_LOCK = 7_412_093_551;

/** Options of {@link openPgStore}. */
export interface PgStoreOptions {
  /** Pool size; default 10. */
  max?: number;
}

interface EdgeRow {
  role: 'input' | 'output';
  job_namespace: string;
  job_name: string;
  dataset_namespace: string;
  dataset_name: string;
}

function toEdge(r: EdgeRow): LineageEdge {
  return {
    role: r.role,
    job: { namespace: r.job_namespace, name: r.job_name },
    dataset: { namespace: r.dataset_namespace, name: r.dataset_name },
  };
}

/** Hash naming a checkpoint: its own `hash` field when it has one, else SHA-256 of its JSON. */
export function checkpointHash(checkpoint: Record<string, unknown>): string {
  const h = checkpoint['hash'];
  return typeof h === 'string' && h.length > 0
    ? h
    : createHash('sha256').update(JSON.stringify(checkpoint)).digest('hex');
}

class PgStore implements EventStore {
  readonly kind = 'postgresql';
  constructor(private readonly pool: pg.Pool) {}

  async insertEvents(items: readonly IngestItem[]): Promise<string[]> {
    if (items.length === 0) return [];
    const sums = items.map((i) => summarize(i.event));
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const res = await client.query<{ event_id: string }>(
        `INSERT INTO railguard_lineage_events
           (event_id, run_id, event_type, event_time, job_namespace, job_name, actor, on_behalf_of, agent, environment, event)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::text[],
                              $7::text[], $8::text[], $9::text[], $10::text[], $11::jsonb[])
         ON CONFLICT (event_id) DO NOTHING
         RETURNING event_id`,
        [
          items.map((i) => i.id),
          sums.map((s) => s.runId),
          sums.map((s) => s.eventType),
          sums.map((s) => s.eventTime.toISOString()),
          sums.map((s) => s.job.namespace),
          sums.map((s) => s.job.name),
          sums.map((s) => s.actor ?? null),
          sums.map((s) => s.onBehalfOf ?? null),
          sums.map((s) => s.agent ?? null),
          sums.map((s) => s.environment ?? null),
          items.map((i) => JSON.stringify(i.event)),
        ],
      );
      const inserted = new Set(res.rows.map((r) => r.event_id));
      const edges = items.flatMap((item, i) =>
        inserted.has(item.id) ? (sums[i]?.edges ?? []).map((e) => ({ id: item.id, e })) : [],
      );
      if (edges.length > 0) {
        await client.query(
          `INSERT INTO railguard_lineage_edges (event_id, role, job_namespace, job_name, dataset_namespace, dataset_name)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
          [
            edges.map((x) => x.id),
            edges.map((x) => x.e.role),
            edges.map((x) => x.e.job.namespace),
            edges.map((x) => x.e.job.name),
            edges.map((x) => x.e.dataset.namespace),
            edges.map((x) => x.e.dataset.name),
          ],
        );
      }
      await client.query('COMMIT');
      return items.map((i) => i.id).filter((id) => inserted.has(id));
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async insertCheckpoint(source: string, checkpoint: Record<string, unknown>): Promise<boolean> {
    const res = await this.pool.query(
      `INSERT INTO railguard_audit_checkpoints (source, checkpoint_hash, checkpoint) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (source, checkpoint_hash) DO NOTHING`,
      [source, checkpointHash(checkpoint), JSON.stringify(checkpoint)],
    );
    return (res.rowCount ?? 0) > 0;
  }

  async checkpointsOf(source: string): Promise<Record<string, unknown>[]> {
    const res = await this.pool.query<{ checkpoint: Record<string, unknown> }>(
      `SELECT checkpoint FROM railguard_audit_checkpoints WHERE source = $1
       ORDER BY (checkpoint->>'seq')::bigint, received_at`,
      [source],
    );
    return res.rows.map((r) => r.checkpoint);
  }

  async queryEvents(f: EventFilter): Promise<StoredEvent[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.actor !== undefined) {
      params.push(f.actor);
      where.push(`(actor = $${params.length} OR on_behalf_of = $${params.length})`);
    }
    if (f.agent !== undefined) add('agent = ?', f.agent);
    if (f.since) add('event_time >= ?', f.since.toISOString());
    if (f.until) add('event_time < ?', f.until.toISOString());
    params.push(f.limit);
    const res = await this.pool.query<{ event_id: string; received_at: Date; event: StoredEvent['event'] }>(
      `SELECT event_id, received_at, event FROM railguard_lineage_events
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY event_time, event_id LIMIT $${params.length}`,
      params,
    );
    return res.rows.map((r) => ({ id: r.event_id, receivedAt: r.received_at.toISOString(), event: r.event }));
  }

  private async edges(
    role: string,
    column: 'dataset' | 'job',
    keys: readonly NodeKey[],
  ): Promise<LineageEdge[]> {
    if (keys.length === 0) return [];
    const res = await this.pool.query<EdgeRow>(
      `SELECT DISTINCT e.role, e.job_namespace, e.job_name, e.dataset_namespace, e.dataset_name
       FROM railguard_lineage_edges e
       JOIN unnest($2::text[], $3::text[]) AS k(ns, name) ON e.${column}_namespace = k.ns AND e.${column}_name = k.name
       WHERE e.role = $1`,
      [role, keys.map((k) => k.namespace), keys.map((k) => k.name)],
    );
    return res.rows.map(toEdge);
  }

  edgesByDataset(role: LineageEdge['role'], datasets: readonly NodeKey[]): Promise<LineageEdge[]> {
    return this.edges(role, 'dataset', datasets);
  }

  edgesByJob(role: LineageEdge['role'], jobs: readonly NodeKey[]): Promise<LineageEdge[]> {
    return this.edges(role, 'job', jobs);
  }

  async counts(): Promise<{ events: number; distinctIds: number; checkpoints: number }> {
    const res = await this.pool.query<{ events: string; ids: string; cps: string }>(
      `SELECT (SELECT count(*) FROM railguard_lineage_events) AS events,
              (SELECT count(DISTINCT event_id) FROM railguard_lineage_events) AS ids,
              (SELECT count(*) FROM railguard_audit_checkpoints) AS cps`,
    );
    const r = res.rows[0];
    return {
      events: Number(r?.events ?? 0),
      distinctIds: Number(r?.ids ?? 0),
      checkpoints: Number(r?.cps ?? 0),
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * Connects to `databaseUrl` (a libpq connection URI) and creates the tables if missing.
 * @throws Error when the database cannot be reached or the schema cannot be created.
 */
export async function openPgStore(databaseUrl: string, options: PgStoreOptions = {}): Promise<EventStore> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max ?? 10 });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it and the next query reports errors.
  });
  try {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      await client.query(SCHEMA_SQL);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
  return new PgStore(pool);
}
