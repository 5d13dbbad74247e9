import type { Masker } from '../core/mask/masker';
import type { Parsers } from '../core/parsers';
import { lineageEventsFor, terminalEventFor } from '../lineage/events';
import type { RunEvent } from '../lineage/openlineage';
import { openOutbox, type Outbox } from '../lineage/outbox';
import { SyncClient, type AckedCheckpoint, type SyncState } from '../lineage/sync-client';
import type { ServedDecision } from './audit-record';

/** The team store the outbox drains to (`railguard team-store`, see `lineage/sync-client.ts`). */
export interface TeamStoreTarget {
  /** `ws://…` or `wss://…`. */
  url: string;
  token: string;
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
}

/** Options of {@link openLineageRecorder}. */
export interface LineageRecorderOptions {
  /** The durable outbox folder (see `lineage/outbox.ts`). */
  outboxDir: string;
  teamStore?: TeamStoreTarget;
  masker: Pick<Masker, 'maskSync'>;
  parsers?: Pick<Parsers, 'pg'>;
  log: (line: string) => void;
  /** Decisions remembered for `/v1/executed` (oldest forgotten first); default 10 000. */
  remember?: number;
}

/** What `/v1/executed` did: the events enqueued, or why none. */
export type ExecutedOutcome =
  | { status: 'enqueued'; events: string[] }
  | { status: 'duplicate' }
  | { status: 'no-sql' }
  | { status: 'unknown' }
  | { status: 'denied' };

interface Remembered {
  /** START of the run (SQL actions only); `enqueued` once it is in the outbox. */
  start?: RunEvent;
  enqueued: boolean;
  denied: boolean;
  reported: boolean;
}

/**
 * Lineage of the daemon's decisions: an allowed (or approved) action holding SQL gets an
 * OpenLineage START (runId = decision id) in the durable outbox; a later execution report adds
 * COMPLETE or FAIL. An `ask` nobody in the editor answered (the standalone daemon passes it to the
 * agent's own prompt) gets its START only when reported as executed. With a team store, a
 * {@link SyncClient} drains the outbox and carries audit checkpoints.
 */
export class LineageRecorder {
  private readonly decisions = new Map<string, Remembered>();
  private lastError: string | undefined;

  private constructor(
    private readonly options: LineageRecorderOptions,
    readonly outbox: Outbox,
    readonly sync: SyncClient | undefined,
  ) {}

  /** Opens the outbox (creating it) and starts syncing. @throws Error when the outbox cannot be opened. */
  static async open(options: LineageRecorderOptions): Promise<LineageRecorder> {
    const outbox = await openOutbox(options.outboxDir);
    const r = outbox.recovery;
    if (r.torn || r.corrupt.length > 0)
      options.log(
        `lineage outbox: quarantined ${r.torn ? 1 : 0} torn and ${r.corrupt.length} corrupt line(s)`,
      );
    const t = options.teamStore;
    const sync = t
      ? new SyncClient({
          url: t.url,
          token: t.token,
          outbox,
          ...(t.tls ? { tls: t.tls } : {}),
          onState: (s) => options.log(`team store ${t.url}: ${s}`),
          onRejected: (items) =>
            options.log(`team store refused ${items.length} item(s): ${items[0]?.reason ?? ''}`),
        })
      : undefined;
    sync?.start();
    return new LineageRecorder(options, outbox, sync);
  }

  /** Remembers a served decision and enqueues START when it let SQL run. Never throws. */
  async decided(d: ServedDecision): Promise<void> {
    const dec = d.judgement.decision;
    const status = d.approval?.status;
    const denied = d.effect === 'deny';
    // Built as executed: `ask` without an editor answer may still run after the agent's own prompt.
    const [start] = denied
      ? []
      : lineageEventsFor(
          d.judgement.analysis,
          dec,
          { runId: d.decisionId, decisionId: d.decisionId, startedAt: d.time, approved: true },
          { masker: this.options.masker, ...(this.options.parsers ? { parsers: this.options.parsers } : {}) },
        );
    const runsNow = !denied && (d.effect !== 'ask' || status === 'approved');
    this.remember(d.decisionId, { ...(start ? { start } : {}), enqueued: false, denied, reported: false });
    if (start && runsNow) await this.enqueue(d.decisionId, [start]);
  }

  /** Handles an execution report (see {@link ExecutedOutcome}). @throws Error when the outbox write fails. */
  async executed(decisionId: string, endedAt: Date, exitCode?: number): Promise<ExecutedOutcome> {
    const m = this.decisions.get(decisionId);
    if (!m) return { status: 'unknown' };
    if (m.denied) return { status: 'denied' };
    if (m.reported) return { status: 'duplicate' };
    m.reported = true;
    if (!m.start) return { status: 'no-sql' };
    const events = [...(m.enqueued ? [] : [m.start]), terminalEventFor(m.start, endedAt, exitCode)];
    await this.enqueue(decisionId, events);
    return { status: 'enqueued', events: events.map((e) => e.eventType ?? 'OTHER') };
  }

  /** Sends an audit checkpoint to the team store (no-op without one). */
  checkpoint(source: string, checkpoint: Record<string, unknown>): void {
    this.sync?.sendCheckpoint(source, checkpoint);
  }

  /** For `/v1/health`. */
  health(): {
    ok: boolean;
    outbox: string;
    pending: number;
    lastError?: string;
    teamStore?: {
      url: string;
      state: SyncState;
      pendingCheckpoints: number;
      lastAckedCheckpoint?: AckedCheckpoint;
    };
  } {
    return {
      ok: this.lastError === undefined,
      outbox: this.outbox.dir,
      pending: this.outbox.size,
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.sync && this.options.teamStore
        ? {
            teamStore: {
              url: this.options.teamStore.url,
              state: this.sync.connectionState,
              pendingCheckpoints: this.sync.pendingCheckpoints,
              ...(this.sync.lastAckedCheckpoint
                ? { lastAckedCheckpoint: this.sync.lastAckedCheckpoint }
                : {}),
            },
          }
        : {}),
    };
  }

  /** Gives the sync client up to `drainMs` to deliver, then stops it and closes the outbox. */
  async close(drainMs = 2000): Promise<void> {
    if (this.sync) {
      await this.sync
        .drained(drainMs)
        .catch((err: unknown) =>
          this.options.log(
            `team store: ${err instanceof Error ? err.message : String(err)} (kept in the outbox)`,
          ),
        );
      await this.sync.stop();
    }
    await this.outbox.close();
  }

  private remember(id: string, m: Remembered): void {
    this.decisions.set(id, m);
    const max = this.options.remember ?? 10_000;
    for (const key of this.decisions.keys()) {
      if (this.decisions.size <= max) break;
      this.decisions.delete(key);
    }
  }

  private async enqueue(decisionId: string, events: RunEvent[]): Promise<void> {
    try {
      await this.outbox.enqueueMany(events);
      const m = this.decisions.get(decisionId);
      if (m) m.enqueued = true;
      this.lastError = undefined;
      this.sync?.notify();
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      this.options.log(`lineage outbox write failed: ${this.lastError}`);
      throw err;
    }
  }
}
