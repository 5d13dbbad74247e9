import * as vscode from 'vscode';
import type { GraphNode, LineageGraph } from '../../../server/src/teamstore/lineage-graph';

/** The view's id in `contributes.views.explorer`. */
export const LINEAGE_VIEW = 'railguard.lineage';

/** What the view shows: a graph and where it came from. */
export interface ShownLineage {
  graph: LineageGraph;
  /** `team store URL` or `local outbox DIR (not synced)`. */
  origin: string;
}

type Node =
  { kind: 'info'; text: string; tooltip?: string } | { kind: 'node'; node: GraphNode; edges: string[] };

/**
 * "Railguard Lineage" tree (Explorer): the root dataset, then every job and dataset the walk
 * reached, ordered by distance (dataset hops), each with the edges that touch it in its tooltip.
 * Empty until "Railguard: Show Dataset Lineage" runs.
 */
export class LineageView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private current: ShownLineage | undefined;

  /** Shows `lineage` (replacing what was shown). */
  show(lineage: ShownLineage): void {
    this.current = lineage;
    this.emitter.fire(undefined);
  }

  /** What is shown (for tests). */
  get shown(): ShownLineage | undefined {
    return this.current;
  }

  getTreeItem(n: Node): vscode.TreeItem {
    if (n.kind === 'info') {
      const t = new vscode.TreeItem(n.text);
      t.tooltip = n.tooltip ?? n.text;
      t.iconPath = new vscode.ThemeIcon('info');
      return t;
    }
    const { node } = n;
    const t = new vscode.TreeItem(`${node.namespace}/${node.name}`);
    t.description = `${node.type} · ${node.distance === 0 ? 'root' : `${node.distance} hop${node.distance === 1 ? '' : 's'}`}`;
    t.tooltip = n.edges.length ? n.edges.join('\n') : 'no edges';
    t.iconPath = new vscode.ThemeIcon(node.type === 'job' ? 'gear' : 'database');
    return t;
  }

  getChildren(n?: Node): Node[] {
    if (n || !this.current) return [];
    const { graph, origin } = this.current;
    const nodes = [...graph.nodes].sort((a, b) => a.distance - b.distance || (a.type < b.type ? -1 : 1));
    const id = (g: GraphNode): string => `${g.type}:${g.namespace}/${g.name}`;
    return [
      {
        kind: 'info',
        text: `${graph.direction} of ${graph.root.namespace}/${graph.root.name}, depth ${graph.depth}`,
        tooltip: `from ${origin}`,
      },
      { kind: 'info', text: `from ${origin}` },
      ...nodes.map((node): Node => ({
        kind: 'node',
        node,
        edges: graph.edges
          .filter((e) => e.from === id(node) || e.to === id(node))
          .map((e) => `${e.from} → ${e.to}`),
      })),
    ];
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
