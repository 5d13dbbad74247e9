/**
 * Lineage for the editor: the local outbox read without taking it over (the daemon owns it; see
 * `server/src/lineage/outbox.ts` for the file format), a dataset's upstream/downstream graph built
 * from those events with the team store's own walk (`server/src/teamstore/lineage-graph.ts`), and
 * the team store's `GET /api/v1/lineage` query. No `vscode` import.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanJournal } from '../../../server/src/lineage/journal';
import type { RunEvent } from '../../../server/src/lineage/openlineage';
import { walkLineage, type Direction, type LineageGraph } from '../../../server/src/teamstore/lineage-graph';
import {
  summarize,
  type EventStore,
  type LineageEdge,
  type NodeKey,
  type StoredEvent,
} from '../../../server/src/teamstore/store';

/** What {@link readOutbox} found in an outbox folder. */
export interface OutboxSnapshot {
  /** False when the folder has no `journal.jsonl` (lineage never recorded here). */
  exists: boolean;
  /** Events in the journal not acked by the team store (`acked.jsonl` of the same generation). */
  pending: number;
  /** Every readable event in the journal (acked or not; compaction drops acked ones). */
  events: RunEvent[];
  /** Unreadable or torn journal lines (the daemon quarantines them when it opens the outbox). */
  badLines: number;
}

function isEntry(v: unknown): v is { id: string; event: RunEvent } {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r['id'] === 'string' && typeof r['event'] === 'object' && r['event'] !== null;
}

/**
 * Reads the outbox in `dir` read-only: `journal.jsonl` (line 1 `{"outbox":1,"generation"}`, then
 * `{"id","event"}` lines) and `acked.jsonl` (`{"generation","offsets"}` lines; other generations
 * are ignored, as `openOutbox` does). Never writes or quarantines.
 * @throws Error on read errors other than a missing file.
 */
export function readOutbox(dir: string): OutboxSnapshot {
  const journal = path.join(dir, 'journal.jsonl');
  if (!fs.existsSync(journal)) return { exists: false, pending: 0, events: [], badLines: 0 };
  const scan = scanJournal(journal);
  const header = scan.lines[0]?.value as { generation?: unknown } | undefined;
  const generation = typeof header?.generation === 'string' ? header.generation : undefined;
  const acked = new Set<number>();
  if (generation) {
    for (const line of scanJournal(path.join(dir, 'acked.jsonl')).lines) {
      const v = line.value as { generation?: unknown; offsets?: unknown } | null;
      if (v?.generation !== generation || !Array.isArray(v.offsets)) continue;
      for (const o of v.offsets) if (typeof o === 'number') acked.add(o);
    }
  }
  const events: RunEvent[] = [];
  const ids = new Set<string>();
  let pending = 0;
  for (const line of scan.lines) {
    if (!isEntry(line.value) || ids.has(line.value.id)) continue;
    ids.add(line.value.id);
    events.push(line.value.event);
    if (!acked.has(line.offset)) pending++;
  }
  return { exists: true, pending, events, badLines: scan.corrupt.length + (scan.torn ? 1 : 0) };
}

/** Splits `NAMESPACE/NAME` at its last `/` (as the team store does). @throws Error without a `/`. */
export function parseDataset(text: string): NodeKey {
  const t = text.trim();
  const at = t.lastIndexOf('/');
  if (at <= 0 || at === t.length - 1) throw new Error(`dataset "${text}" is not NAMESPACE/NAME`);
  return { namespace: t.slice(0, at), name: t.slice(at + 1) };
}

/** Every dataset (`namespace/name`) the events read or write, sorted. */
export function datasetsOf(events: readonly RunEvent[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    for (const d of [...(e.inputs ?? []), ...(e.outputs ?? [])]) out.add(`${d.namespace}/${d.name}`);
  }
  return [...out].sort();
}

/** The read side of an {@link EventStore} over events in memory (the walk needs only edges). */
class MemoryEdges implements EventStore {
  readonly kind = 'memory';
  private readonly edges: LineageEdge[];

  constructor(events: readonly RunEvent[]) {
    this.edges = events.flatMap((e) => summarize(e).edges);
  }

  private static has(keys: readonly NodeKey[], k: NodeKey): boolean {
    return keys.some((n) => n.namespace === k.namespace && n.name === k.name);
  }

  edgesByDataset(role: LineageEdge['role'], datasets: readonly NodeKey[]): Promise<LineageEdge[]> {
    return Promise.resolve(this.edges.filter((e) => e.role === role && MemoryEdges.has(datasets, e.dataset)));
  }

  edgesByJob(role: LineageEdge['role'], jobs: readonly NodeKey[]): Promise<LineageEdge[]> {
    return Promise.resolve(this.edges.filter((e) => e.role === role && MemoryEdges.has(jobs, e.job)));
  }

  insertEvents(): Promise<string[]> {
    return Promise.reject(new Error('read-only'));
  }

  insertCheckpoint(): Promise<boolean> {
    return Promise.reject(new Error('read-only'));
  }

  queryEvents(): Promise<StoredEvent[]> {
    return Promise.resolve([]);
  }

  counts(): Promise<{ events: number; distinctIds: number; checkpoints: number }> {
    return Promise.resolve({ events: 0, distinctIds: 0, checkpoints: 0 });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The lineage graph of `root` over local events, exactly as the team store would walk it. */
export function localLineage(
  events: readonly RunEvent[],
  root: NodeKey,
  direction: Direction,
  depth: number,
): Promise<LineageGraph> {
  return walkLineage(new MemoryEdges(events), root, direction, depth);
}

/**
 * Queries the team store: `GET {url}/api/v1/lineage?dataset=NS/NAME&direction=…&depth=N` with
 * `Authorization: Bearer <token>` (see `server/src/teamstore/http-api.ts`).
 * @throws Error with the HTTP status and body on a non-2xx answer, on timeout (`timeoutMs`), or
 *   when the answer is not a lineage graph.
 */
export async function fetchLineage(
  baseUrl: string,
  token: string,
  root: NodeKey,
  direction: Direction,
  depth: number,
  timeoutMs = 5000,
): Promise<LineageGraph> {
  const url = new URL('/api/v1/lineage', baseUrl.replace(/^ws(s?):/, 'http$1:'));
  url.searchParams.set('dataset', `${root.namespace}/${root.name}`);
  url.searchParams.set('direction', direction);
  url.searchParams.set('depth', String(depth));
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`team store answered ${res.status}: ${body.slice(0, 200)}`);
  const graph = JSON.parse(body) as Partial<LineageGraph>;
  if (!Array.isArray(graph.nodes) || !Array.isArray(graph.edges)) {
    throw new Error('team store answer is not a lineage graph');
  }
  return graph as LineageGraph;
}
