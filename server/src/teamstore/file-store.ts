import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { quarantineTail, scanJournal } from '../lineage/journal';
import type { RunEvent } from '../lineage/openlineage';
import { checkpointHash } from './pg-store';
import {
  matchesFilter,
  nodeKey,
  summarize,
  type EventFilter,
  type EventStore,
  type IngestItem,
  type LineageEdge,
  type NodeKey,
  type StoredEvent,
} from './store';

/**
 * The embedded file store, used when no database is configured. In its directory:
 * - `events.jsonl`: append-only `{"id","receivedAt","event"}` lines, fsynced before an ack.
 * - `ids.idx`: the index of ids, `<id> <byte offset> <byte length>` per line, appended after each
 *   batch. It is rebuilt from `events.jsonl` past its last entry on open (so it needs no fsync);
 *   a damaged index is rebuilt whole.
 * - `checkpoints.jsonl`: `{"source","hash","receivedAt","checkpoint"}` lines.
 * - `quarantine.jsonl`: a torn last line found on open (raw bytes, base64), never dropped silently.
 * Queries stream `events.jsonl`: this store suits one team's volume, PostgreSQL suits more.
 */

const INDEX_LINE = /^([0-9a-f-]{36}) (\d+) (\d+)$/;

interface Stored {
  id: string;
  receivedAt: string;
  event: RunEvent;
}

function isStored(v: unknown): v is Stored {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r['id'] === 'string' && typeof r['event'] === 'object' && r['event'] !== null;
}

/** Reads the index; `undefined` when a line is damaged (the caller rebuilds). Truncates a torn tail. */
function readIndex(file: string): { ids: Set<string>; end: number } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ids: new Set(), end: 0 };
    throw e;
  }
  const lastNl = text.lastIndexOf('\n');
  if (lastNl + 1 < text.length) {
    text = text.slice(0, lastNl + 1);
    fs.truncateSync(file, Buffer.byteLength(text));
  }
  const ids = new Set<string>();
  let end = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = INDEX_LINE.exec(line);
    if (!m?.[1]) return undefined;
    ids.add(m[1]);
    end = Math.max(end, Number(m[2]) + Number(m[3]));
  }
  return { ids, end };
}

class FileStore implements EventStore {
  readonly kind = 'file';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly ids: Set<string>,
    private size: number,
    private readonly checkpoints: Set<string>,
  ) {}

  private file(name: string): string {
    return path.join(this.dir, name);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  insertEvents(items: readonly IngestItem[]): Promise<string[]> {
    return this.serial(async () => {
      const fresh: string[] = [];
      let text = '';
      let index = '';
      let offset = this.size;
      const receivedAt = new Date().toISOString();
      for (const item of items) {
        if (this.ids.has(item.id) || fresh.includes(item.id)) continue;
        const line = `${JSON.stringify({ id: item.id, receivedAt, event: item.event })}\n`;
        const len = Buffer.byteLength(line);
        index += `${item.id} ${offset} ${len}\n`;
        offset += len;
        text += line;
        fresh.push(item.id);
      }
      if (fresh.length === 0) return [];
      const fh = await fs.promises.open(this.file('events.jsonl'), 'a');
      try {
        await fh.write(text);
        await fh.datasync();
      } finally {
        await fh.close();
      }
      this.size = offset;
      for (const id of fresh) this.ids.add(id);
      await fs.promises.appendFile(this.file('ids.idx'), index);
      return fresh;
    });
  }

  insertCheckpoint(source: string, checkpoint: Record<string, unknown>): Promise<boolean> {
    return this.serial(async () => {
      const hash = checkpointHash(checkpoint);
      const key = `${source}\u0000${hash}`;
      if (this.checkpoints.has(key)) return false;
      const line = `${JSON.stringify({ source, hash, receivedAt: new Date().toISOString(), checkpoint })}\n`;
      const fh = await fs.promises.open(this.file('checkpoints.jsonl'), 'a');
      try {
        await fh.write(line);
        await fh.datasync();
      } finally {
        await fh.close();
      }
      this.checkpoints.add(key);
      return true;
    });
  }

  /** Streams the stored events in file order (the committed prefix only). */
  private async *scan(): AsyncGenerator<Stored> {
    const end = this.size;
    if (end === 0) return;
    const stream = fs.createReadStream(this.file('events.jsonl'), { start: 0, end: end - 1 });
    const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
    for await (const line of rl) {
      try {
        const v: unknown = JSON.parse(line);
        if (isStored(v)) yield v;
      } catch {
        // Damaged lines were reported on open; skip them here.
      }
    }
  }

  async queryEvents(f: EventFilter): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    for await (const s of this.scan()) {
      if (matchesFilter(summarize(s.event), f))
        out.push({ id: s.id, receivedAt: s.receivedAt, event: s.event });
    }
    out.sort((a, b) => a.event.eventTime.localeCompare(b.event.eventTime) || a.id.localeCompare(b.id));
    return out.slice(0, f.limit);
  }

  private async edges(
    role: LineageEdge['role'],
    by: 'dataset' | 'job',
    keys: readonly NodeKey[],
  ): Promise<LineageEdge[]> {
    const wanted = new Set(keys.map(nodeKey));
    const found = new Map<string, LineageEdge>();
    if (wanted.size === 0) return [];
    for await (const s of this.scan()) {
      for (const e of summarize(s.event).edges) {
        if (e.role === role && wanted.has(nodeKey(e[by])))
          found.set(`${nodeKey(e.job)}\u0001${nodeKey(e.dataset)}`, e);
      }
    }
    return [...found.values()];
  }

  edgesByDataset(role: LineageEdge['role'], datasets: readonly NodeKey[]): Promise<LineageEdge[]> {
    return this.edges(role, 'dataset', datasets);
  }

  edgesByJob(role: LineageEdge['role'], jobs: readonly NodeKey[]): Promise<LineageEdge[]> {
    return this.edges(role, 'job', jobs);
  }

  checkpointsOf(source: string): Promise<Record<string, unknown>[]> {
    return this.serial(async () => {
      const out: Record<string, unknown>[] = [];
      for (const line of scanJournal(this.file('checkpoints.jsonl')).lines) {
        const v = line.value as { source?: unknown; checkpoint?: Record<string, unknown> };
        if (v.source === source && v.checkpoint) out.push(v.checkpoint);
      }
      return out.sort((a, b) => Number(a['seq']) - Number(b['seq']));
    });
  }

  async counts(): Promise<{ events: number; distinctIds: number; checkpoints: number }> {
    let events = 0;
    const distinct = new Set<string>();
    for await (const s of this.scan()) {
      events++;
      distinct.add(s.id);
    }
    return { events, distinctIds: distinct.size, checkpoints: this.checkpoints.size };
  }

  async close(): Promise<void> {
    await this.serial(async () => undefined);
  }
}

/** What opening the file store found and repaired. */
export interface FileStoreRecovery {
  /** Bytes of a torn last line moved to `quarantine.jsonl`, if any. */
  tornBytes: number;
  /** Events found past the index's end (indexed now), or all events when the index was rebuilt. */
  reindexed: number;
  indexRebuilt: boolean;
}

/**
 * Opens (creating) the file store in `dir`, repairing a torn tail and the index.
 * @throws Error when the directory cannot be created or read.
 */
export async function openFileStore(
  dir: string,
): Promise<{ store: EventStore; recovery: FileStoreRecovery }> {
  await fs.promises.mkdir(dir, { recursive: true });
  const eventsFile = path.join(dir, 'events.jsonl');
  const indexFile = path.join(dir, 'ids.idx');
  const scan = scanJournal(eventsFile);
  quarantineTail(eventsFile, scan, path.join(dir, 'quarantine.jsonl'));
  let index = readIndex(indexFile);
  const indexRebuilt = index === undefined;
  if (!index) {
    fs.writeFileSync(indexFile, '');
    index = { ids: new Set(), end: 0 };
  }
  let missing = '';
  let reindexed = 0;
  for (const line of scan.lines) {
    if (line.offset < index.end || !isStored(line.value) || index.ids.has(line.value.id)) continue;
    const len = Buffer.byteLength(`${JSON.stringify(line.value)}\n`);
    missing += `${line.value.id} ${line.offset} ${len}\n`;
    index.ids.add(line.value.id);
    reindexed++;
  }
  if (missing) fs.appendFileSync(indexFile, missing);
  const checkpoints = new Set<string>();
  for (const line of scanJournal(path.join(dir, 'checkpoints.jsonl')).lines) {
    const v = line.value as { source?: unknown; hash?: unknown };
    if (typeof v.source === 'string' && typeof v.hash === 'string')
      checkpoints.add(`${v.source}\u0000${v.hash}`);
  }
  return {
    store: new FileStore(dir, index.ids, scan.goodLength, checkpoints),
    recovery: { tornBytes: scan.torn?.bytes ?? 0, reindexed, indexRebuilt },
  };
}
