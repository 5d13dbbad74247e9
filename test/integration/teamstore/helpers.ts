import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { newRunId } from '../../../server/src/lineage/ids';
import {
  RAILGUARD_PRODUCER,
  RUN_EVENT_SCHEMA_URL,
  type RunEvent,
} from '../../../server/src/lineage/openlineage';

/** The test PostgreSQL server (trust auth); tests create and drop their own database on it. */
export const PG_BASE = process.env['RAILGUARD_TEST_PG'] ?? 'postgres://postgres@127.0.0.1:5432';

/** Creates a database with a random name; resolves to its URL and a function dropping it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `rg_teamstore_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${PG_BASE}/test` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: `${PG_BASE}/${name}`,
    drop: async () => {
      const c = new pg.Client({ connectionString: `${PG_BASE}/test` });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Runs one SQL query on `url`. */
export async function queryOne<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
): Promise<T | undefined> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows[0];
  } finally {
    await c.end();
  }
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A schema-valid RunEvent reading `inputs` and writing `outputs` (dataset names in one namespace). */
export function makeEvent(
  i: number,
  opts: {
    actor?: string;
    agent?: string;
    inputs?: string[];
    outputs?: string[];
    job?: string;
    runId?: string;
  } = {},
): RunEvent {
  const ns = 'postgres://db.test:5432';
  const producer = RAILGUARD_PRODUCER;
  return {
    eventTime: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
    producer,
    schemaURL: RUN_EVENT_SCHEMA_URL,
    eventType: 'COMPLETE',
    run: {
      runId: opts.runId ?? newRunId(),
      facets: {
        railguard_actor: {
          _producer: producer,
          _schemaURL:
            'https://railguard.dev/spec/facets/1-0-0/RailguardActorRunFacet.json#/$defs/RailguardActorRunFacet',
          actorType: opts.agent ? 'agent' : 'human',
          actor: opts.agent ?? opts.actor ?? 'alice',
          ...(opts.agent ? { agent: opts.agent, onBehalfOf: opts.actor ?? 'alice' } : {}),
          environment: 'production',
          effect: 'allow',
        },
      },
    },
    job: { namespace: 'railguard.production', name: opts.job ?? `job-${i}` },
    inputs: (opts.inputs ?? []).map((name) => ({ namespace: ns, name })),
    outputs: (opts.outputs ?? []).map((name) => ({ namespace: ns, name })),
  };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
