import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { EventRecord } from '../../../server/src/audit/model';
import type { Direction } from '../../../server/src/teamstore/lineage-graph';
import { datasetsOf, fetchLineage, localLineage, parseDataset, readOutbox } from './lineage';
import type { LineageView } from './lineage-view';
import { recentTables } from './trail';

/** Inputs of {@link showLineage}; missing dataset/direction are asked for. */
export interface ShowLineageInput {
  view: LineageView;
  outboxDir: string;
  log: vscode.LogOutputChannel;
  dataset?: string;
  direction?: Direction;
  depth?: number;
  /** Recent audit events, whose tables are offered. */
  recent?: readonly EventRecord[];
}

/** Resolves a bare table (`public.users`) to a known `namespace/name` that ends with it. */
function resolveDataset(text: string, known: readonly string[]): string {
  if (text.includes('/')) return text;
  const want = text.toLowerCase();
  return (
    known.find((d) => {
      const name = d.slice(d.lastIndexOf('/') + 1).toLowerCase();
      return name === want || name.endsWith(`.${want}`) || want.endsWith(`.${name}`);
    }) ?? text
  );
}

/**
 * "Railguard: Show Dataset Lineage": asks for a dataset (datasets in the local outbox and tables
 * of recent audit events are offered) and a direction, then queries the team store
 * (`railguard.teamStore.url` + the token in `railguard.teamStore.tokenFile`), or, when none is
 * configured or it fails, walks the local outbox events and says so. Shows the graph in the view.
 */
export async function showLineage(input: ShowLineageInput): Promise<void> {
  const cfg = vscode.workspace.getConfiguration('railguard');
  let events: ReturnType<typeof readOutbox>['events'] = [];
  try {
    events = readOutbox(input.outboxDir).events;
  } catch (err) {
    input.log.warn(`lineage: cannot read the outbox ${input.outboxDir}: ${String(err)}`);
  }
  const known = datasetsOf(events);
  let text = input.dataset;
  if (text === undefined) {
    const items = [...known, ...recentTables(input.recent ?? [])].map((label) => ({ label }));
    const pick = await vscode.window.showQuickPick([...items, { label: 'Other…' }], {
      placeHolder: 'Dataset (NAMESPACE/NAME, e.g. postgres://db:5432/public.users)',
    });
    if (!pick) return;
    text =
      pick.label === 'Other…'
        ? await vscode.window.showInputBox({ prompt: 'Dataset as NAMESPACE/NAME' })
        : pick.label;
    if (!text) return;
  }
  let direction = input.direction;
  if (!direction) {
    const d = await vscode.window.showQuickPick(['downstream', 'upstream'], { placeHolder: 'Direction' });
    if (d !== 'downstream' && d !== 'upstream') return;
    direction = d;
  }
  const depth = input.depth ?? 3;
  let root;
  try {
    root = parseDataset(resolveDataset(text, known));
  } catch (err) {
    void vscode.window.showErrorMessage(`Railguard: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  const url = cfg.get<string>('teamStore.url', '').trim();
  const tokenFile = cfg.get<string>('teamStore.tokenFile', '').trim();
  if (url) {
    try {
      const token = tokenFile ? fs.readFileSync(tokenFile, 'utf8').trim() : '';
      const graph = await fetchLineage(url, token, root, direction, depth);
      input.view.show({ graph, origin: `team store ${url}` });
      return;
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      input.log.warn(`lineage: team store ${url} failed: ${why}; using the local outbox`);
      void vscode.window.showWarningMessage(
        `Railguard: team store query failed (${why}); showing local lineage.`,
      );
    }
  }
  const graph = await localLineage(events, root, direction, depth);
  input.view.show({ graph, origin: `local outbox ${input.outboxDir} (not the team store)` });
  if (!url) {
    void vscode.window.showInformationMessage(
      'Railguard: no team store configured (railguard.teamStore.url); lineage built from the local outbox only.',
    );
  }
  await vscode.commands.executeCommand(`${'railguard.lineage'}.focus`).then(undefined, () => undefined);
}
