import { nodeKey, type EventStore, type LineageEdge, type NodeKey } from './store';

/** Walk direction: `downstream` follows data from a dataset to what was written from it. */
export type Direction = 'upstream' | 'downstream';

/** A node of the lineage graph; `distance` counts dataset hops from the root (jobs sit between). */
export interface GraphNode extends NodeKey {
  type: 'dataset' | 'job';
  distance: number;
}

/** `from` → `to` in data-flow order (input dataset → job → output dataset); ids `type:namespace/name`. */
export interface GraphEdge {
  from: string;
  to: string;
}

/** The answer of `GET /api/v1/lineage`. */
export interface LineageGraph {
  root: NodeKey;
  direction: Direction;
  depth: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** `type:namespace/name`, the node id used in {@link GraphEdge}. */
export function nodeId(type: GraphNode['type'], n: NodeKey): string {
  return `${type}:${n.namespace}/${n.name}`;
}

/**
 * Breadth-first walk over stored input/output relations from `root`, at most `depth` dataset hops
 * (each hop: dataset → jobs → datasets). Each node appears once, at its shortest distance.
 */
export async function walkLineage(
  store: EventStore,
  root: NodeKey,
  direction: Direction,
  depth: number,
): Promise<LineageGraph> {
  const nodes = new Map<string, GraphNode>([
    [nodeId('dataset', root), { ...root, type: 'dataset', distance: 0 }],
  ]);
  const edges = new Map<string, GraphEdge>();
  const addEdge = (e: LineageEdge): void => {
    const d = nodeId('dataset', e.dataset);
    const j = nodeId('job', e.job);
    const edge = e.role === 'input' ? { from: d, to: j } : { from: j, to: d };
    edges.set(`${edge.from}\u0001${edge.to}`, edge);
  };
  // downstream: datasets read by jobs (input edges), then what those jobs wrote (output edges).
  const [first, second]: LineageEdge['role'][] =
    direction === 'downstream' ? ['input', 'output'] : ['output', 'input'];
  let frontier: NodeKey[] = [root];
  for (let hop = 1; hop <= depth && frontier.length > 0; hop++) {
    const viaDataset = await store.edgesByDataset(first ?? 'input', frontier);
    const jobs = new Map<string, NodeKey>();
    for (const e of viaDataset) {
      addEdge(e);
      const id = nodeId('job', e.job);
      if (!nodes.has(id)) {
        nodes.set(id, { ...e.job, type: 'job', distance: hop });
        jobs.set(nodeKey(e.job), e.job);
      }
    }
    const viaJob = await store.edgesByJob(second ?? 'output', [...jobs.values()]);
    const next: NodeKey[] = [];
    for (const e of viaJob) {
      addEdge(e);
      const id = nodeId('dataset', e.dataset);
      if (!nodes.has(id)) {
        nodes.set(id, { ...e.dataset, type: 'dataset', distance: hop });
        next.push(e.dataset);
      }
    }
    frontier = next;
  }
  const byId = (a: { from: string; to: string }, b: { from: string; to: string }): number =>
    a.from.localeCompare(b.from) || a.to.localeCompare(b.to);
  return {
    root,
    direction,
    depth,
    nodes: [...nodes.values()].sort(
      (a, b) =>
        a.distance - b.distance || a.type.localeCompare(b.type) || nodeKey(a).localeCompare(nodeKey(b)),
    ),
    edges: [...edges.values()].sort(byId),
  };
}
