import type { RunEvent } from '../lineage/openlineage';

/**
 * The storage contract of the team store, implemented by PostgreSQL (`pg-store.ts`) and by an
 * embedded file store (`file-store.ts`). Events are keyed by their idempotent id (`eventIdOf`):
 * storing an id twice keeps the first copy. Lineage is kept as edges between datasets and jobs:
 * an input dataset feeds a job (`input`), a job writes an output dataset (`output`).
 */

/** A validated event with its id. */
export interface IngestItem {
  id: string;
  event: RunEvent;
}

/** A job or dataset identity (OpenLineage `namespace` + `name`). */
export interface NodeKey {
  namespace: string;
  name: string;
}

/** One lineage relation taken from an event's `inputs` / `outputs`. */
export interface LineageEdge {
  role: 'input' | 'output';
  job: NodeKey;
  dataset: NodeKey;
}

/** Filter of {@link EventStore.queryEvents}. `actor` matches the actor or the human it acts for. */
export interface EventFilter {
  actor?: string;
  agent?: string;
  /** Inclusive lower bound on `eventTime`. */
  since?: Date;
  /** Exclusive upper bound on `eventTime`. */
  until?: Date;
  /** At most this many, oldest first. */
  limit: number;
}

/** A stored event as the query API returns it. */
export interface StoredEvent {
  id: string;
  receivedAt: string;
  event: RunEvent;
}

/** Storage of events, lineage edges and audit checkpoints. */
export interface EventStore {
  /** `postgresql` or `file`. */
  readonly kind: string;
  /**
   * Stores the items whose id is not stored yet, durably (committed / fsynced) before resolving.
   * Resolves to the ids newly stored. @throws Error when storage fails (nothing acked then).
   */
  insertEvents(items: readonly IngestItem[]): Promise<string[]>;
  /** Persists an audit checkpoint; resolves to false when the same one was stored before. */
  insertCheckpoint(source: string, checkpoint: Record<string, unknown>): Promise<boolean>;
  /** The checkpoints stored for `source`, by ascending `seq` (each as it was stored); stores without it witness nothing. */
  checkpointsOf?(source: string): Promise<Record<string, unknown>[]>;
  queryEvents(filter: EventFilter): Promise<StoredEvent[]>;
  /** Edges of `role` whose dataset is one of `datasets`. */
  edgesByDataset(role: LineageEdge['role'], datasets: readonly NodeKey[]): Promise<LineageEdge[]>;
  /** Edges of `role` whose job is one of `jobs`. */
  edgesByJob(role: LineageEdge['role'], jobs: readonly NodeKey[]): Promise<LineageEdge[]>;
  /** Number of stored events and of distinct ids (equal unless the store is broken). */
  counts(): Promise<{ events: number; distinctIds: number; checkpoints: number }>;
  close(): Promise<void>;
}

/** The searchable fields of an event: run, job, actor facet, edges. */
export interface EventSummary {
  runId: string;
  eventType: string;
  eventTime: Date;
  job: NodeKey;
  actor: string | undefined;
  onBehalfOf: string | undefined;
  agent: string | undefined;
  environment: string | undefined;
  edges: LineageEdge[];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Extracts {@link EventSummary} from a schema-valid event. */
export function summarize(event: RunEvent): EventSummary {
  const facet = event.run.facets?.['railguard_actor'];
  const job = { namespace: event.job.namespace, name: event.job.name };
  const edges: LineageEdge[] = [
    ...(event.inputs ?? []).map((d) => ({
      role: 'input' as const,
      job,
      dataset: { namespace: d.namespace, name: d.name },
    })),
    ...(event.outputs ?? []).map((d) => ({
      role: 'output' as const,
      job,
      dataset: { namespace: d.namespace, name: d.name },
    })),
  ];
  return {
    runId: event.run.runId.toLowerCase(),
    eventType: event.eventType ?? 'OTHER',
    eventTime: new Date(event.eventTime),
    job,
    actor: str(facet?.['actor']),
    onBehalfOf: str(facet?.['onBehalfOf']),
    agent: str(facet?.['agent']),
    environment: str(facet?.['environment']),
    edges,
  };
}

/** Whether a summary passes a filter (time bounds, actor, agent). */
export function matchesFilter(s: EventSummary, f: EventFilter): boolean {
  const t = s.eventTime.getTime();
  if (f.since && t < f.since.getTime()) return false;
  if (f.until && t >= f.until.getTime()) return false;
  if (f.actor !== undefined && s.actor !== f.actor && s.onBehalfOf !== f.actor) return false;
  if (f.agent !== undefined && s.agent !== f.agent) return false;
  return true;
}

/** `namespace\0name`, a map key for a node. */
export function nodeKey(n: NodeKey): string {
  return `${n.namespace}\u0000${n.name}`;
}
