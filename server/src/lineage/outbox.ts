import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { eventIdOf } from './ids';
import { fsyncDir, quarantineTail, scanJournal, type BadLine } from './journal';
import type { RunEvent } from './openlineage';

/**
 * A durable outbox of lineage events (transactional-outbox pattern) in a directory:
 *
 * - `journal.jsonl`: line 1 `{"outbox":1,"generation":UUID}`, then one `{"id","event"}` line per
 *   enqueued event, appended and fsynced before `enqueue` resolves.
 * - `acked.jsonl`: `{"generation","offsets":[byte offsets of acked journal lines]}` lines,
 *   appended and fsynced by `ack`. Lines of another generation are ignored, so a crash during
 *   compaction can never mark the wrong entries acked (at worst entries are re-sent).
 * - `quarantine.jsonl`: torn or unreadable journal lines found on open (raw bytes, base64).
 * - `rejected.jsonl`: events the receiver refused (see {@link Outbox.reject}).
 *
 * One process owns a directory at a time. Delivery is at-least-once; receivers dedupe by id.
 */

/** An event waiting for delivery, with its idempotent id (`eventIdOf`). */
export interface OutboxEntry {
  id: string;
  event: RunEvent;
}

/** What {@link openOutbox} found wrong with the files (all already quarantined). */
export interface OutboxRecovery {
  /** A torn last journal line (a crash mid-append): moved to `quarantine.jsonl`. */
  torn: BadLine | undefined;
  /** Unreadable lines in the middle of the journal, or entries without id/event. */
  corrupt: BadLine[];
}

/** Options of {@link openOutbox}. */
export interface OutboxOptions {
  /** Compact when at least this many acked entries sit in the journal and they are the majority. Default 10,000. */
  compactAfter?: number;
}

interface Pending {
  offset: number;
  event: RunEvent;
}

function isEntry(v: unknown): v is OutboxEntry {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r['id'] === 'string' && typeof r['event'] === 'object' && r['event'] !== null;
}

/** A durable outbox; create with {@link openOutbox}. Methods are serialised internally. */
export class Outbox {
  private queue: Promise<unknown> = Promise.resolve();
  private journalSize: number;
  private ackedInJournal = 0;

  /** @internal use {@link openOutbox}. */
  constructor(
    readonly dir: string,
    private generation: string,
    private readonly entries: Map<string, Pending>,
    private readonly ackedIds: Set<string>,
    journalSize: number,
    private readonly compactAfter: number,
    /** What opening found and quarantined. */
    readonly recovery: OutboxRecovery,
  ) {
    this.journalSize = journalSize;
    this.ackedInJournal = ackedIds.size;
  }

  private get journalFile(): string {
    return path.join(this.dir, 'journal.jsonl');
  }

  private get ackedFile(): string {
    return path.join(this.dir, 'acked.jsonl');
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Number of events not yet acked. */
  get size(): number {
    return this.entries.size;
  }

  /** Appends one event durably. Resolves to its id. @throws Error on I/O failure. */
  async enqueue(event: RunEvent): Promise<string> {
    const [id] = await this.enqueueMany([event]);
    return id ?? eventIdOf(event);
  }

  /**
   * Appends events with one write and one fsync; events whose id is already pending or acked
   * in this journal are skipped (idempotent). Resolves to the ids in input order.
   * @throws Error on I/O failure (nothing is then recorded as pending).
   */
  enqueueMany(events: readonly RunEvent[]): Promise<string[]> {
    return this.serial(async () => {
      const ids = events.map((e) => eventIdOf(e));
      let text = '';
      const added: { id: string; event: RunEvent; offset: number }[] = [];
      const seen = new Set<string>();
      let offset = this.journalSize;
      events.forEach((event, i) => {
        const id = ids[i] ?? '';
        if (this.entries.has(id) || this.ackedIds.has(id) || seen.has(id)) return;
        seen.add(id);
        const line = `${JSON.stringify({ id, event })}\n`;
        added.push({ id, event, offset });
        offset += Buffer.byteLength(line);
        text += line;
      });
      if (text) {
        const fh = await fs.promises.open(this.journalFile, 'a');
        try {
          await fh.write(text);
          await fh.datasync();
        } finally {
          await fh.close();
        }
        this.journalSize = offset;
        for (const a of added) this.entries.set(a.id, { offset: a.offset, event: a.event });
      }
      return ids;
    });
  }

  /** Up to `limit` pending entries, oldest first, skipping ids in `exclude`. */
  pending(limit = Number.POSITIVE_INFINITY, exclude?: ReadonlySet<string>): OutboxEntry[] {
    const out: OutboxEntry[] = [];
    for (const [id, p] of this.entries) {
      if (out.length >= limit) break;
      if (!exclude?.has(id)) out.push({ id, event: p.event });
    }
    return out;
  }

  /**
   * Marks delivered events acked (durably: appended and fsynced). Unknown ids are ignored.
   * May compact the journal afterwards. @throws Error on I/O failure.
   */
  ack(ids: Iterable<string>): Promise<void> {
    const list = [...ids];
    return this.serial(async () => {
      const offsets: number[] = [];
      for (const id of list) {
        const p = this.entries.get(id);
        if (p) offsets.push(p.offset);
      }
      if (offsets.length === 0) return;
      const fh = await fs.promises.open(this.ackedFile, 'a');
      try {
        await fh.write(`${JSON.stringify({ generation: this.generation, offsets })}\n`);
        await fh.datasync();
      } finally {
        await fh.close();
      }
      for (const id of list) {
        if (this.entries.delete(id)) this.ackedIds.add(id);
      }
      this.ackedInJournal += offsets.length;
      if (this.ackedInJournal >= this.compactAfter && this.ackedInJournal >= this.entries.size) {
        await this.compactNow();
      }
    });
  }

  /**
   * Drops events the receiver refused for good (schema errors): records them with the reason in
   * `rejected.jsonl` (so they are not lost silently), then acks them.
   */
  async reject(items: readonly { id: string; reason: string }[]): Promise<void> {
    const lines = items
      .map((r) => ({ ...r, event: this.entries.get(r.id)?.event }))
      .filter((r) => r.event !== undefined)
      .map((r) => `${JSON.stringify({ ...r, at: new Date().toISOString() })}\n`)
      .join('');
    if (!lines) return;
    await fs.promises.appendFile(path.join(this.dir, 'rejected.jsonl'), lines);
    await this.ack(items.map((r) => r.id));
  }

  /** Rewrites the journal with only pending entries under a new generation. @throws Error on I/O failure. */
  compact(): Promise<void> {
    return this.serial(() => this.compactNow());
  }

  private async compactNow(): Promise<void> {
    const generation = randomUUID();
    let text = `${JSON.stringify({ outbox: 1, generation })}\n`;
    const offsets = new Map<string, number>();
    for (const [id, p] of this.entries) {
      offsets.set(id, Buffer.byteLength(text));
      text += `${JSON.stringify({ id, event: p.event })}\n`;
    }
    const tmp = `${this.journalFile}.tmp`;
    const fh = await fs.promises.open(tmp, 'w');
    try {
      await fh.write(text);
      await fh.datasync();
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, this.journalFile);
    fsyncDir(this.dir);
    await fs.promises.writeFile(this.ackedFile, '');
    this.generation = generation;
    this.journalSize = Buffer.byteLength(text);
    for (const [id, off] of offsets) {
      const p = this.entries.get(id);
      if (p) p.offset = off;
    }
    this.ackedIds.clear();
    this.ackedInJournal = 0;
  }

  /** Waits for queued writes. The outbox can be reopened afterwards. */
  async close(): Promise<void> {
    await this.serial(async () => undefined);
  }
}

function readAckedOffsets(file: string, generation: string): Set<number> {
  const acked = new Set<number>();
  for (const line of scanJournal(file).lines) {
    const v = line.value as { generation?: unknown; offsets?: unknown };
    if (v?.generation !== generation || !Array.isArray(v.offsets)) continue;
    for (const o of v.offsets) if (typeof o === 'number') acked.add(o);
  }
  return acked;
}

/**
 * Opens (creating if needed, mode 0700) the outbox in `dir`. A torn last journal line is moved to
 * `quarantine.jsonl` and reported in {@link Outbox.recovery}, as are unreadable lines.
 * @throws Error when the directory cannot be created or read.
 */
export async function openOutbox(dir: string, options: OutboxOptions = {}): Promise<Outbox> {
  // Private like the audit log: the events name the user's commands and tables.
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  const journal = path.join(dir, 'journal.jsonl');
  const quarantine = path.join(dir, 'quarantine.jsonl');
  let scan = scanJournal(journal);
  quarantineTail(journal, scan, quarantine);
  const header = scan.lines[0]?.value as { outbox?: unknown; generation?: unknown } | undefined;
  let generation = typeof header?.generation === 'string' ? header.generation : undefined;
  if (!generation) {
    // New (or headerless) journal: start a generation; keep any entries already there.
    generation = randomUUID();
    const body = fs.existsSync(journal)
      ? fs.readFileSync(journal).subarray(0, scan.goodLength)
      : Buffer.alloc(0);
    fs.writeFileSync(
      journal,
      Buffer.concat([Buffer.from(`${JSON.stringify({ outbox: 1, generation })}\n`), body]),
    );
    fsyncDir(dir);
    scan = scanJournal(journal);
  }
  const acked = readAckedOffsets(path.join(dir, 'acked.jsonl'), generation);
  const entries = new Map<string, Pending>();
  const ackedIds = new Set<string>();
  const corrupt = [...scan.corrupt];
  for (const line of scan.lines.slice(1)) {
    if (!isEntry(line.value)) {
      corrupt.push({ offset: line.offset, bytes: 0, sha256: '' });
      continue;
    }
    if (acked.has(line.offset)) ackedIds.add(line.value.id);
    else if (!entries.has(line.value.id))
      entries.set(line.value.id, { offset: line.offset, event: line.value.event });
  }
  return new Outbox(dir, generation, entries, ackedIds, scan.goodLength, options.compactAfter ?? 10_000, {
    torn: scan.torn,
    corrupt,
  });
}
