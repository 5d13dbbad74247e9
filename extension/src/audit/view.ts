import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { EventRecord } from '../../../server/src/audit/model';
import {
  EFFECT_ICON,
  OBSERVED_ICON,
  eventDescription,
  eventLabel,
  eventTooltip,
  latestEvents,
} from './trail';

/** The view's id in `contributes.views.explorer`. */
export const AUDIT_VIEW = 'railguard.audit';

/** Effects the filter offers (`Effect` of `server/src/core/types.ts`). */
export const EFFECTS = ['allow', 'warn', 'ask', 'deny'] as const;

/** The observation icon's colour by the policy's effect (none for `allow`). */
const OBSERVED_COLOR: Readonly<Record<string, vscode.ThemeColor>> = {
  deny: new vscode.ThemeColor('list.errorForeground'),
  ask: new vscode.ThemeColor('list.warningForeground'),
  warn: new vscode.ThemeColor('list.warningForeground'),
};

/** Where the view reads from and how much. */
export interface AuditSource {
  dir: () => string;
  limit: () => number;
}

/**
 * "Railguard Audit Trail" tree (Explorer): the latest events of the audit log, newest first
 * (label: masked text; description: time · effect · exit code · actor · environment; tooltip:
 * rules, controls, decision id, hash prefix), optionally filtered by effect. Observations
 * (`outcome.observed`: commands seen running in a terminal, not decisions) read `observed (policy:
 * EFFECT)`, have the eye icon (red for deny, yellow for ask/warn) and say so in the tooltip.
 * Reloads on {@link AuditTrailView.refresh}, which the watcher calls (debounced) when the log
 * folder changes.
 */
export class AuditTrailView implements vscode.TreeDataProvider<EventRecord>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<EventRecord | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private events: EventRecord[] = [];
  private loading: Promise<EventRecord[]> | undefined;
  private lastError: string | undefined;
  /** The effect shown (`undefined`: all). */
  effect: string | undefined;

  constructor(private readonly source: AuditSource) {}

  /** Re-reads the log; resolves to the events now shown (failures are shown as one error item). */
  refresh(): Promise<EventRecord[]> {
    const run = (async () => {
      try {
        this.events = await latestEvents(this.source.dir(), this.source.limit(), {
          ...(this.effect ? { effect: this.effect } : {}),
        });
        this.lastError = undefined;
      } catch (err) {
        this.events = [];
        this.lastError = err instanceof Error ? err.message : String(err);
      }
      this.emitter.fire(undefined);
      return this.events;
    })();
    this.loading = run;
    return run;
  }

  /** The events shown, newest first (for tests and the lineage pick). */
  get shown(): readonly EventRecord[] {
    return this.events;
  }

  /** The last load error, if the last load failed. */
  get error(): string | undefined {
    return this.lastError;
  }

  /** Resolves when the load in progress (if any) is done. */
  async settled(): Promise<void> {
    await this.loading;
  }

  getTreeItem(r: EventRecord): vscode.TreeItem {
    const t = new vscode.TreeItem(eventLabel(r));
    t.id = `audit:${r.seq}:${r.hash}`;
    t.description = eventDescription(r);
    t.tooltip = eventTooltip(r);
    t.iconPath = r.outcome.observed
      ? new vscode.ThemeIcon(OBSERVED_ICON, OBSERVED_COLOR[r.outcome.effect])
      : new vscode.ThemeIcon(EFFECT_ICON[r.outcome.effect] ?? 'circle-outline');
    t.contextValue = 'auditEvent';
    return t;
  }

  getChildren(r?: EventRecord): EventRecord[] {
    return r ? [] : this.events;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/**
 * Watches the audit folder and calls `onChange` at most once per `delayMs` burst (debounced; one
 * timer, so memory stays bounded however fast the log grows). A folder that does not exist yet
 * is re-checked on every {@link LogWatcher.rewatch}.
 */
export class LogWatcher implements vscode.Disposable {
  private watcher: fs.FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private watched: string | undefined;

  constructor(
    private readonly onChange: () => void,
    private readonly delayMs = 300,
  ) {}

  /** Watches `dir` (replacing any earlier folder); no-op when it is already watched. */
  rewatch(dir: string): void {
    if (this.watched === dir && this.watcher) return;
    this.watcher?.close();
    this.watcher = undefined;
    this.watched = dir;
    try {
      this.watcher = fs.watch(dir, { persistent: false }, () => this.schedule());
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch {
      this.watcher = undefined; // missing folder: picked up on the next rewatch
    }
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange();
    }, this.delayMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.close();
  }
}
