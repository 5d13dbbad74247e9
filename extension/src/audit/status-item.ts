import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RuntimePaths } from '../../../server/src/daemon/paths';
import { readOutbox } from './lineage';
import { daemonLineage, syncStatus, type SyncStatus } from './sync-state';

/** Where the status item reads its inputs. */
export interface SyncSource {
  outboxDir: () => string;
  teamStoreConfigured: () => boolean;
  runtime: () => RuntimePaths;
}

const ICON: Record<SyncStatus['kind'], string> = {
  synced: '$(cloud)',
  pending: '$(sync)',
  offline: '$(cloud-offline)',
  'not-configured': '$(circle-slash)',
};

/**
 * The status bar item "lineage: synced / N pending / offline / not configured" (see
 * {@link syncStatus}); clicking it runs "Railguard: Show Dataset Lineage".
 */
export class SyncStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'railguard.lineage.sync',
    vscode.StatusBarAlignment.Left,
    8,
  );
  private current: SyncStatus = { kind: 'not-configured', pending: 0, text: 'lineage: not configured' };

  constructor(private readonly source: SyncSource) {
    this.item.name = 'Railguard lineage sync';
    this.item.command = 'railguard.lineage.show';
    this.render();
    this.item.show();
  }

  /** Re-reads the outbox and the daemon's health; resolves to the status shown. */
  async refresh(): Promise<SyncStatus> {
    let outboxPending: number | undefined;
    let note = '';
    try {
      const snap = readOutbox(this.source.outboxDir());
      outboxPending = snap.exists ? snap.pending : undefined;
      if (snap.badLines) note = `; ${snap.badLines} unreadable outbox line(s)`;
    } catch (err) {
      note = `; outbox unreadable: ${err instanceof Error ? err.message : String(err)}`;
    }
    // The daemon's health counts only when it drains the outbox folder shown here.
    const health = await daemonLineage(this.source.runtime());
    const same =
      health?.outbox !== undefined && path.resolve(health.outbox) === path.resolve(this.source.outboxDir());
    const daemon = same ? health : undefined;
    if (health && !same) note += `; the running daemon uses another outbox (${health.outbox ?? 'none'})`;
    this.current = syncStatus({
      outboxPending,
      teamStoreConfigured: this.source.teamStoreConfigured(),
      daemon,
    });
    this.render(
      `Railguard lineage outbox ${this.source.outboxDir()}${daemon ? ' (state from the daemon)' : ''}${note}`,
    );
    return this.current;
  }

  /** The status shown (for tests). */
  get status(): SyncStatus {
    return this.current;
  }

  private render(tooltip?: string): void {
    this.item.text = `${ICON[this.current.kind]} ${this.current.text}`;
    this.item.tooltip = tooltip ?? this.current.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
