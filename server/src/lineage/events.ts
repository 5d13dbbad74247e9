import { createHash } from 'node:crypto';
import type { ActionAnalysis } from '../core/engine';
import { fingerprintSql, maskerWith, type Masker } from '../core/mask';
import type { Parsers } from '../core/parsers';
import type { Decision } from '../core/policy/model';
import { newRunId } from './ids';
import { datasetOf, type DatasetId, type LineageTarget } from './naming';
import {
  ERROR_MESSAGE_FACET_SCHEMA_URL,
  JOB_TYPE_FACET_SCHEMA_URL,
  RAILGUARD_ACTOR_FACET_SCHEMA_URL,
  RAILGUARD_PRODUCER,
  RUN_EVENT_SCHEMA_URL,
  SQL_JOB_FACET_SCHEMA_URL,
  type BaseFacet,
  type EventType,
  type RailguardActorRunFacet,
  type RunEvent,
} from './openlineage';

/** How an action actually ran (the caller observes it; analysis cannot). */
export interface LineageExecution {
  /** Run id (UUID); a fresh random one when omitted. */
  runId?: string;
  startedAt: Date;
  /** When the action ended; without it only the START event is produced. */
  endedAt?: Date;
  /** Process exit code; non-zero makes the terminal event FAIL. */
  exitCode?: number;
  /** The database connection; when omitted the first host of the analysis (or `unknown`) is used. */
  target?: LineageTarget;
  /** For `ask` decisions: whether the user approved (only approved actions run). */
  approved?: boolean;
  /** The decision id the audit record carries. */
  decisionId?: string;
}

/** Options of {@link lineageEventsFor}. */
export interface LineageOptions {
  /** For PostgreSQL fingerprints through libpg-query (`normalizeSync`); a tokenizer otherwise. */
  parsers?: Pick<Parsers, 'pg'>;
  /** Synchronous masker; default: the masking module's sync recognizers (credentials + PII). */
  masker?: Pick<Masker, 'maskSync'>;
  /** Job namespace; default `railguard.<environment>`. */
  jobNamespace?: string;
  producer?: string;
}

/** Whether the decision let the action run: allow/warn always, ask only when approved. */
export function wasExecuted(decision: Decision, approved: boolean | undefined): boolean {
  if (decision.effect === 'allow' || decision.effect === 'warn') return true;
  return decision.effect === 'ask' && approved === true;
}

function uniqueDatasets(ids: DatasetId[]): DatasetId[] {
  const seen = new Map<string, DatasetId>();
  for (const d of ids) seen.set(`${d.namespace}\u0000${d.name}`, d);
  return [...seen.values()].sort(
    (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  );
}

function facetBase(producer: string, schemaURL: string): BaseFacet {
  return { _producer: producer, _schemaURL: schemaURL };
}

/**
 * The OpenLineage RunEvents of one executed data action: START at `startedAt`, and when
 * `endedAt` is known COMPLETE (exit code 0 or unknown) or FAIL (non-zero, with an
 * `errorMessage` run facet). Inputs are the tables read, outputs the tables written (see
 * `naming.ts`). The `sql` job facet holds the masked fingerprint of every statement (literals
 * replaced as `pg_stat_statements` does, then secrets/PII masked); the `railguard_actor` run
 * facet says who ran it under which decision. The job name is
 * `<kind>.<first statement kind>.<12 hex of SHA-256(fingerprint)>`, stable per query shape.
 *
 * Returns `[]` when the action did not run (deny, unapproved ask) or holds no SQL.
 * Pure apart from a random run id when none is given; never throws on bad input.
 */
export function lineageEventsFor(
  analysis: ActionAnalysis,
  decision: Decision,
  execution: LineageExecution,
  options: LineageOptions = {},
): RunEvent[] {
  if (!wasExecuted(decision, execution.approved)) return [];
  const statements = analysis.sql.flatMap((a) => a.statements);
  if (statements.length === 0) return [];
  const producer = options.producer ?? RAILGUARD_PRODUCER;
  const masker = options.masker ?? maskerWith(async () => []);
  const mask = (text: string): string => masker.maskSync(text).text;
  const dialect = execution.target?.dialect ?? statements[0]?.dialect ?? 'postgresql';
  const target: LineageTarget = execution.target ?? { host: analysis.hosts[0] ?? 'unknown', dialect };

  const fingerprint = mask(
    statements.map((s) => fingerprintSql(options.parsers, s.text, s.dialect)).join(';\n'),
  );
  const firstKind = (statements[0]?.facts.statementKind ?? 'unknown').toLowerCase().replace(/\W+/g, '_');
  const digest = createHash('sha256').update(fingerprint).digest('hex').slice(0, 12);
  const job = {
    namespace: options.jobNamespace ?? `railguard.${decision.environment}`,
    name: `${analysis.action.kind}.${firstKind}.${digest}`,
    facets: {
      sql: { ...facetBase(producer, SQL_JOB_FACET_SCHEMA_URL), query: fingerprint, dialect },
      jobType: {
        ...facetBase(producer, JOB_TYPE_FACET_SCHEMA_URL),
        processingType: 'BATCH',
        integration: 'RAILGUARD',
        jobType: 'QUERY',
      },
    },
  };
  const actor = decision.actor;
  const actorFacet: RailguardActorRunFacet = {
    ...facetBase(producer, RAILGUARD_ACTOR_FACET_SCHEMA_URL),
    actorType: actor.type,
    actor: mask(actor.name),
    ...(actor.type === 'agent' ? { agent: mask(actor.name) } : {}),
    ...(actor.onBehalfOf ? { onBehalfOf: mask(actor.onBehalfOf) } : {}),
    ...(actor.sessionId ? { sessionId: mask(actor.sessionId) } : {}),
    environment: decision.environment,
    ...(execution.decisionId ? { decisionId: execution.decisionId } : {}),
    effect: decision.effect,
    ...(decision.effect === 'ask' ? { approved: true } : {}),
    policySetHash: decision.policySetHash,
  };
  const inputs = uniqueDatasets(analysis.tablesRead.map((t) => datasetOf(t, target)));
  const outputs = uniqueDatasets(analysis.tablesWritten.map((t) => datasetOf(t, target)));
  const runId = execution.runId ?? newRunId();

  const event = (eventType: EventType, time: Date, extraRunFacets: Record<string, BaseFacet>): RunEvent => ({
    eventTime: time.toISOString(),
    producer,
    schemaURL: RUN_EVENT_SCHEMA_URL,
    eventType,
    run: { runId, facets: { railguard_actor: actorFacet, ...extraRunFacets } },
    job,
    inputs,
    outputs,
  });

  const events = [event('START', execution.startedAt, {})];
  if (execution.endedAt) {
    const failed = execution.exitCode !== undefined && execution.exitCode !== 0;
    events.push(
      failed
        ? event('FAIL', execution.endedAt, {
            errorMessage: {
              ...facetBase(producer, ERROR_MESSAGE_FACET_SCHEMA_URL),
              message: `exited with code ${execution.exitCode}`,
              programmingLanguage: analysis.action.kind === 'sql' ? 'SQL' : 'shell',
            },
          })
        : event('COMPLETE', execution.endedAt, {}),
    );
  }
  return events;
}

/**
 * The terminal event of a run whose START was produced earlier (the daemon enqueues START when it
 * allows an action and the terminal event when the caller reports how it ended): the same run,
 * job and datasets, `eventType` COMPLETE (exit code 0 or unknown) or FAIL (non-zero, with an
 * `errorMessage` run facet), `eventTime` = `endedAt`. Pure; never throws.
 */
export function terminalEventFor(start: RunEvent, endedAt: Date, exitCode?: number): RunEvent {
  const failed = exitCode !== undefined && exitCode !== 0;
  const facets = { ...(start.run.facets ?? {}) };
  if (failed) {
    const kind = start.job.name.split('.')[0];
    facets.errorMessage = {
      ...facetBase(start.producer, ERROR_MESSAGE_FACET_SCHEMA_URL),
      message: `exited with code ${exitCode}`,
      programmingLanguage: kind === 'sql' ? 'SQL' : 'shell',
    };
  }
  return {
    ...start,
    eventType: failed ? 'FAIL' : 'COMPLETE',
    eventTime: endedAt.toISOString(),
    run: { ...start.run, facets },
  };
}
