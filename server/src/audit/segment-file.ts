import * as fs from 'node:fs';
import * as path from 'node:path';
import { segmentName } from './files';

/** Pending bytes that force a write before the next event-loop turn (bounds memory, 1 MiB). */
const WRITE_OUT_BYTES = 1 << 20;

/**
 * The open segment of an audit log and how its bytes reach the disk (the chain itself is
 * `AuditLog`'s). Lines are buffered and written out together: one `write` per event-loop turn
 * (or per MiB), and before every fsync, rotation and close. {@link groupCommit} makes everything
 * buffered so far durable with one `write` and one `fsync` shared by all its callers, the fsync
 * running off the event loop. A failed write keeps its bytes, in order, for the next attempt, so
 * the chain on disk never has a gap.
 */
export class SegmentFile {
  private fd: number;
  private bytes: number;
  private lines = 0;
  /** Lines appended but not yet written (in order), and their size. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private writeOutScheduled = false;
  private writeError: unknown;
  /** The group commit whose fsync runs now, and the one gathering behind it. */
  private syncing: Promise<void> | undefined;
  private gathering: Promise<void> | undefined;
  /** Segments left by a rotation while an fsync may still run on them: closed once it ended. */
  private retired: number[] = [];
  private groups = 0;
  private closed = false;

  /**
   * Opens (creating, 0600, append-only) segment number `segment` of `dir`.
   * @throws Error from `open`/`fstat`.
   */
  constructor(
    private readonly dir: string,
    private segment: number,
  ) {
    this.fd = fs.openSync(path.join(dir, segmentName(segment)), 'a', 0o600);
    this.bytes = fs.fstatSync(this.fd).size;
  }

  /** Size of the segment in bytes, counting lines not written yet. */
  get size(): number {
    return this.bytes;
  }

  /** Lines (records) appended since the last fsync. */
  get unsynced(): number {
    return this.lines;
  }

  /** Whether anything is appended but not yet written. */
  get hasPending(): boolean {
    return this.pendingBytes > 0;
  }

  /** Group commits (one `write` + one `fsync` each) started since open. */
  get groupCommits(): number {
    return this.groups;
  }

  /** Buffers `text` (a record line when `isRecord`); written out on the next turn or before a sync. */
  append(text: string, isRecord: boolean): void {
    const buf = Buffer.from(text, 'utf8');
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    this.bytes += buf.length;
    if (isRecord) this.lines++;
    if (this.pendingBytes >= WRITE_OUT_BYTES) this.writeOut();
    else if (!this.writeOutScheduled) {
      this.writeOutScheduled = true;
      setImmediate(() => {
        this.writeOutScheduled = false;
        if (this.closed) return;
        try {
          this.writeOut();
        } catch {
          // Kept in writeError; the next sync or group commit retries and reports it.
        }
      });
    }
  }

  /**
   * Writes the pending lines in one `write` (more only when the kernel takes part of it). Bytes
   * not written stay pending, in order.
   * @throws Error from `write` (disk full, I/O error).
   */
  writeOut(): void {
    if (this.pendingBytes === 0) return;
    const buf = Buffer.concat(this.pending, this.pendingBytes);
    let off = 0;
    try {
      while (off < buf.length) off += fs.writeSync(this.fd, buf, off);
      this.pending = [];
      this.pendingBytes = 0;
      this.writeError = undefined;
    } catch (err) {
      const rest = buf.subarray(off);
      this.pending = [rest];
      this.pendingBytes = rest.length;
      this.writeError = err;
      throw err;
    }
  }

  /**
   * Writes out and fsyncs now, blocking (checkpoints, rotation, close, `fsync: 'always'`).
   * @throws Error from `write` or `fsync`.
   */
  sync(): void {
    this.writeOut();
    fs.fsyncSync(this.fd);
    this.lines = 0;
  }

  /**
   * Resolves once everything appended before the call is on disk. Calls made while an fsync runs
   * gather into the next group, which starts when it ends (after one event-loop turn when none
   * runs): one `write` and one `fsync` (libuv's thread pool) per group.
   * @throws Error when the write or the fsync fails (the bytes stay pending and are retried).
   */
  groupCommit(): Promise<void> {
    this.gathering ??= (async () => {
      await (this.syncing ?? new Promise<void>((resolve) => setImmediate(resolve)));
      this.gathering = undefined;
      // close() follows a final sync: nothing is left to make durable.
      if (this.closed) return;
      this.writeOut();
      this.groups++;
      const covered = this.lines;
      const fd = this.fd;
      const run = new Promise<void>((resolve, reject) =>
        fs.fsync(fd, (err) => (err ? reject(err) : resolve())),
      ).then(() => {
        this.lines = Math.max(0, this.lines - covered);
      });
      const tracked = run
        .catch(() => undefined)
        .finally(() => {
          if (this.syncing === tracked) this.syncing = undefined;
          for (const old of this.retired.splice(0)) fs.closeSync(old);
        });
      this.syncing = tracked;
      await run;
    })();
    return this.gathering;
  }

  /**
   * Fsyncs this segment and continues in the next one (`segment + 1`).
   * @throws Error from `write`, `fsync` or `open`.
   */
  rotate(): void {
    this.sync();
    // A group commit's fsync may still run on the old segment (fsynced just above anyway).
    if (this.syncing) this.retired.push(this.fd);
    else fs.closeSync(this.fd);
    this.segment++;
    this.fd = fs.openSync(path.join(this.dir, segmentName(this.segment)), 'a', 0o600);
    this.bytes = 0;
  }

  /** Number of the open segment. */
  get number(): number {
    return this.segment;
  }

  /**
   * Why lines cannot reach this segment, or undefined: the last write failed (its lines wait for
   * the retry), or the segment was unlinked. One `fstat`.
   * @throws Error from `fstat` (the caller reports it).
   */
  problem(): string | undefined {
    const name = segmentName(this.segment);
    if (this.writeError !== undefined) {
      const why = this.writeError instanceof Error ? this.writeError.message : String(this.writeError);
      return `writing the audit segment ${name} failed (${why})`;
    }
    if (fs.fstatSync(this.fd).nlink === 0) return `the audit segment ${name} was deleted from ${this.dir}`;
    return undefined;
  }

  /** Waits for a running group commit and closes the file (call after a final {@link sync}). */
  async close(): Promise<void> {
    this.closed = true;
    await this.gathering?.catch(() => undefined);
    await this.syncing;
    fs.closeSync(this.fd);
  }
}
