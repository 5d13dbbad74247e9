import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Outbox } from './outbox';
import { MAX_BATCH_EVENTS, parseServerMessage, type ServerMessage } from './protocol';

/** Connection state, for a status bar: `online` means connected and authenticated. */
export type SyncState = 'idle' | 'connecting' | 'online' | 'offline' | 'stopped';

/** Options of {@link SyncClient}. */
export interface SyncClientOptions {
  /** `ws://host:port` or `wss://host:port` of the team store. */
  url: string;
  /** Bearer token (sent in the `Authorization` header of the upgrade request). */
  token: string;
  outbox: Outbox;
  /** Events per batch (≤ {@link MAX_BATCH_EVENTS}); default 200. */
  batchSize?: number;
  /** Unacknowledged batches at a time; default 4. */
  maxInFlight?: number;
  /** Reconnect delay: full jitter over `min(maxMs, initialMs · 2^attempt)`; defaults 100 ms, 10 s. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** A batch without an answer for this long drops the connection (then reconnects); default 30 s. */
  ackTimeoutMs?: number;
  /** TLS: extra CA (PEM) and whether to verify the server certificate (default true). */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
  onState?: (state: SyncState) => void;
  /** Events the store refused for good (they are moved to the outbox's `rejected.jsonl`). */
  onRejected?: (items: { id: string; reason: string }[]) => void;
  /** Random source in [0, 1) for jitter (tests may fix it). */
  random?: () => number;
}

/** Counters since start. */
export interface SyncStats {
  batchesSent: number;
  eventsAcked: number;
  connects: number;
  disconnects: number;
  checkpointsAcked: number;
}

/**
 * The newest audit checkpoint the team store acknowledged (stored, and countersigned when the
 * store is a witness): `treeSize` records up to `rootHash` are provable to a third party.
 */
export interface AckedCheckpoint {
  treeSize?: number;
  rootHash?: string;
  /** ISO 8601 time the acknowledgement arrived. */
  ackedAt: string;
}

/** An audit checkpoint waiting for the store's ack (see {@link SyncClient.sendCheckpoint}). */
interface PendingCheckpoint {
  source: string;
  checkpoint: Record<string, unknown>;
}

/** Most checkpoints kept while offline: the newest signed tree head covers every earlier record. */
const MAX_PENDING_CHECKPOINTS = 100;

interface InFlight {
  ids: string[];
  timer: NodeJS.Timeout;
}

/**
 * Delivers an {@link Outbox} to the team store over `ws`: sends pending events in batches, acks
 * them in the outbox when the store confirms, and reconnects with exponential backoff and full
 * jitter after any disconnect. After a restart it resumes from the outbox (at-least-once; the
 * store dedupes by event id). Call {@link notify} after enqueueing new events.
 */
export class SyncClient {
  private ws: WebSocket | undefined;
  private state: SyncState = 'idle';
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Map<string, InFlight>();
  private waiters: (() => void)[] = [];
  private readonly checkpoints: PendingCheckpoint[] = [];
  private lastAcked: AckedCheckpoint | undefined;
  private readonly checkpointsInFlight = new Map<
    string,
    { item: PendingCheckpoint; timer: NodeJS.Timeout }
  >();
  /** Counters since start. */
  readonly stats: SyncStats = {
    batchesSent: 0,
    eventsAcked: 0,
    connects: 0,
    disconnects: 0,
    checkpointsAcked: 0,
  };

  constructor(private readonly options: SyncClientOptions) {}

  /** Current connection state. */
  get connectionState(): SyncState {
    return this.state;
  }

  private setState(s: SyncState): void {
    if (this.state === s) return;
    this.state = s;
    this.options.onState?.(s);
  }

  /** Connects and starts delivering. Idempotent. */
  start(): void {
    if (this.state === 'idle' || this.state === 'stopped') this.connect();
  }

  /**
   * Queues an audit checkpoint (a signed tree head record) for the store, sent as a `checkpoint`
   * message now or after the next connect. Kept in memory only (at most 100, oldest dropped
   * first): after a restart the caller re-sends the log's newest checkpoint, which covers every
   * record before it; the store keeps each checkpoint once.
   */
  sendCheckpoint(source: string, checkpoint: Record<string, unknown>): void {
    this.checkpoints.push({ source, checkpoint });
    if (this.checkpoints.length > MAX_PENDING_CHECKPOINTS) this.checkpoints.shift();
    this.notify();
  }

  /** The newest checkpoint (by tree size) the store acknowledged since start, if any. */
  get lastAckedCheckpoint(): AckedCheckpoint | undefined {
    return this.lastAcked;
  }

  /** Checkpoints not yet acknowledged by the store. */
  get pendingCheckpoints(): number {
    return this.checkpoints.length;
  }

  /** New events were enqueued: send them if connected. */
  notify(): void {
    if (this.state === 'online') this.pump();
  }

  /**
   * Resolves when the outbox is empty and nothing is in flight.
   * @throws Error (rejects) after `timeoutMs`.
   */
  drained(timeoutMs: number): Promise<void> {
    if (this.isDrained()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        reject(new Error(`outbox not drained after ${timeoutMs} ms (${this.options.outbox.size} pending)`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(done);
    });
  }

  /** Closes the connection and stops reconnecting; pending events stay in the outbox. */
  async stop(): Promise<void> {
    this.setState('stopped');
    clearTimeout(this.reconnectTimer);
    this.clearInFlight();
    const ws = this.ws;
    this.ws = undefined;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      });
    }
  }

  private isDrained(): boolean {
    return (
      this.options.outbox.size === 0 &&
      this.inFlight.size === 0 &&
      this.checkpoints.length === 0 &&
      this.checkpointsInFlight.size === 0
    );
  }

  private checkDrained(): void {
    if (!this.isDrained()) return;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private clearInFlight(): void {
    for (const f of this.inFlight.values()) clearTimeout(f.timer);
    this.inFlight.clear();
    for (const f of this.checkpointsInFlight.values()) clearTimeout(f.timer);
    this.checkpointsInFlight.clear();
  }

  private connect(): void {
    this.setState('connecting');
    const { url, token, tls } = this.options;
    const ws = new WebSocket(url, {
      headers: { Authorization: `Bearer ${token}` },
      ...(tls?.ca ? { ca: tls.ca } : {}),
      ...(tls?.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
      handshakeTimeout: 10_000,
    });
    this.ws = ws;
    ws.on('open', () => {
      this.attempt = 0;
      this.stats.connects++;
      this.setState('online');
      this.pump();
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const msg = parseServerMessage(data.toString());
      if (msg) void this.onMessage(msg);
    });
    ws.on('error', () => {
      // A 'close' always follows; reconnecting happens there.
    });
    ws.on('close', () => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.stats.disconnects++;
      this.clearInFlight();
      if (this.state === 'stopped') return;
      this.setState('offline');
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    const initial = this.options.backoff?.initialMs ?? 100;
    const max = this.options.backoff?.maxMs ?? 10_000;
    const cap = Math.min(max, initial * 2 ** Math.min(this.attempt, 30));
    const delay = Math.floor((this.options.random ?? Math.random)() * cap);
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      if (this.state !== 'stopped') this.connect();
    }, delay);
  }

  private pump(): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const size = Math.min(this.options.batchSize ?? 200, MAX_BATCH_EVENTS);
    const maxInFlight = this.options.maxInFlight ?? 4;
    const sending = new Set([...this.checkpointsInFlight.values()].map((f) => f.item));
    for (const item of this.checkpoints) {
      if (sending.has(item)) continue;
      const batch = randomUUID();
      const timer = setTimeout(() => ws.terminate(), this.options.ackTimeoutMs ?? 30_000);
      this.checkpointsInFlight.set(batch, { item, timer });
      ws.send(JSON.stringify({ type: 'checkpoint', batch, ...item }));
    }
    const busy = new Set([...this.inFlight.values()].flatMap((f) => f.ids));
    while (this.inFlight.size < maxInFlight) {
      const entries = this.options.outbox.pending(size, busy);
      if (entries.length === 0) break;
      const batch = randomUUID();
      const ids = entries.map((e) => e.id);
      for (const id of ids) busy.add(id);
      const timer = setTimeout(() => ws.terminate(), this.options.ackTimeoutMs ?? 30_000);
      this.inFlight.set(batch, { ids, timer });
      this.stats.batchesSent++;
      ws.send(JSON.stringify({ type: 'events', batch, events: entries.map((e) => e.event) }));
    }
    this.checkDrained();
  }

  /** Keeps `checkpoint` as {@link lastAckedCheckpoint} unless a larger tree was acked before. */
  private noteAcked(checkpoint: Record<string, unknown>): void {
    const size = typeof checkpoint['treeSize'] === 'number' ? checkpoint['treeSize'] : undefined;
    if (size !== undefined && (this.lastAcked?.treeSize ?? -1) > size) return;
    const hash = typeof checkpoint['rootHash'] === 'string' ? checkpoint['rootHash'] : undefined;
    this.lastAcked = {
      ...(size !== undefined ? { treeSize: size } : {}),
      ...(hash !== undefined ? { rootHash: hash } : {}),
      ackedAt: new Date().toISOString(),
    };
  }

  private async onMessage(msg: ServerMessage): Promise<void> {
    const cp = msg.batch ? this.checkpointsInFlight.get(msg.batch) : undefined;
    if (cp && msg.batch) {
      clearTimeout(cp.timer);
      this.checkpointsInFlight.delete(msg.batch);
      if (msg.type === 'ack') {
        const i = this.checkpoints.indexOf(cp.item);
        if (i >= 0) this.checkpoints.splice(i, 1);
        this.stats.checkpointsAcked++;
        this.noteAcked(cp.item.checkpoint);
        this.checkDrained();
      } else if (msg.retryable) setTimeout(() => this.pump(), msg.retryAfterMs ?? 100);
      else {
        // Refused for good (malformed): drop it rather than resend it forever.
        const i = this.checkpoints.indexOf(cp.item);
        if (i >= 0) this.checkpoints.splice(i, 1);
        this.options.onRejected?.([{ id: `checkpoint:${msg.batch}`, reason: msg.message }]);
        this.checkDrained();
      }
      return;
    }
    const batch = msg.batch ? this.inFlight.get(msg.batch) : undefined;
    if (!batch || !msg.batch) return;
    clearTimeout(batch.timer);
    if (msg.type === 'error') {
      this.inFlight.delete(msg.batch);
      if (msg.retryable) setTimeout(() => this.pump(), msg.retryAfterMs ?? 100);
      else this.ws?.terminate();
      return;
    }
    try {
      const rejected = msg.rejected
        .map((r) => ({ id: batch.ids[r.index] ?? '', reason: r.reason }))
        .filter((r) => r.id !== '');
      if (rejected.length > 0) {
        await this.options.outbox.reject(rejected);
        this.options.onRejected?.(rejected);
      }
      const stored = new Set(msg.ids);
      const acked = batch.ids.filter((id) => stored.has(id));
      await this.options.outbox.ack(acked);
      this.stats.eventsAcked += acked.length;
    } finally {
      this.inFlight.delete(msg.batch);
    }
    this.pump();
  }
}
