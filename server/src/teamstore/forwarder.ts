import type { RunEvent } from '../lineage/openlineage';

/** Options of {@link Forwarder}. */
export interface ForwarderOptions {
  /** Base URL of a Marquez-compatible backend; events go to `POST {baseUrl}/api/v1/lineage`. */
  baseUrl: string;
  /** Attempts per event (network errors, 429 and 5xx are retried); default 5. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt, plus up to 100% jitter. Default 200 ms. */
  retryDelayMs?: number;
  /** Queue bound; the oldest event is dropped (and counted) beyond it. Default 10,000. */
  maxQueue?: number;
  /** Extra request headers (e.g. `Authorization`). */
  headers?: Record<string, string>;
  /** Reports give-ups and drops (never throws). */
  onLog?: (message: string) => void;
}

/** Counters since start. */
export interface ForwarderStats {
  forwarded: number;
  failed: number;
  dropped: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Forwards each newly stored event to an OpenLineage HTTP backend (Marquez's
 * `POST /api/v1/lineage`, which also DataHub and OpenMetadata accept), one at a time in arrival
 * order, with retries. Forwarding never delays acks to clients.
 */
export class Forwarder {
  private readonly queue: RunEvent[] = [];
  private running = false;
  private stopped = false;
  private idle: (() => void)[] = [];
  readonly stats: ForwarderStats = { forwarded: 0, failed: 0, dropped: 0 };

  constructor(private readonly options: ForwarderOptions) {}

  /** Queues events for forwarding. */
  push(events: readonly RunEvent[]): void {
    if (this.stopped) return;
    const max = this.options.maxQueue ?? 10_000;
    for (const e of events) {
      if (this.queue.length >= max) {
        this.queue.shift();
        this.stats.dropped++;
        this.options.onLog?.('forward queue full: dropped the oldest event');
      }
      this.queue.push(e);
    }
    if (!this.running) void this.run();
  }

  /** Resolves when the queue is empty (or immediately when stopped). */
  whenIdle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stops after the current request; queued events are discarded (they stay in the store). */
  stop(): void {
    this.stopped = true;
    this.stats.dropped += this.queue.length;
    this.queue.length = 0;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      for (let e = this.queue.shift(); e && !this.stopped; e = this.queue.shift()) await this.send(e);
    } finally {
      this.running = false;
      const w = this.idle;
      this.idle = [];
      for (const f of w) f();
    }
  }

  private async send(event: RunEvent): Promise<void> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/api/v1/lineage`;
    const attempts = this.options.maxAttempts ?? 5;
    const base = this.options.retryDelayMs ?? 200;
    let last = '';
    for (let attempt = 1; attempt <= attempts && !this.stopped; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...this.options.headers },
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) {
          this.stats.forwarded++;
          return;
        }
        last = `HTTP ${res.status}`;
        if (res.status !== 429 && res.status < 500) break;
      } catch (e) {
        last = e instanceof Error ? e.message : String(e);
      }
      if (attempt < attempts) await sleep(base * 2 ** (attempt - 1) * (1 + Math.random()));
    }
    this.stats.failed++;
    this.options.onLog?.(
      `forwarding run ${event.run.runId} ${event.eventType ?? ''} to ${url} failed: ${last}`,
    );
  }
}
