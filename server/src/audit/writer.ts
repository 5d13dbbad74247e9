import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fingerprintSql } from '../core/mask/fingerprint';
import { createMasker, type Masker } from '../core/mask/masker';
import { segmentName } from './files';
import { sha256Hex } from './jcs';
import { loadOrCreateKey, type SigningKey } from './keys';
import { acquireLock } from './lock';
import type { AuditInput, AuditRecord, CheckpointRecord, EventRecord, RecoveryRecord } from './model';
import type { AuditLogOptions, TornReport } from './options';
import { recordLine, sealLine, signCheckpoint, type Unsealed } from './records';
import { resumeState, type ResumeState } from './recover';

export type { AuditLogOptions, TornReport } from './options';

/** Pending bytes that force a write before the next event-loop turn (bounds memory, 1 MiB). */
const WRITE_OUT_BYTES = 1 << 20;

/**
 * The append-only, hash-chained audit log of one directory (single writer per directory).
 * Appends are serialized in call order. Lines are buffered and written out together: one
 * `write` per event-loop turn (or per MiB), and before every fsync, rotation and close, so a
 * group commit costs one `write` and one `fsync` whatever the number of records it covers.
 * An append resolves once its line is chained and buffered; under `fsync: 'always'` once it is
 * written and fsynced; {@link commit} and {@link flush} resolve once everything before them is
 * on disk. A record is therefore in the kernel by the end of the turn it was appended in, and
 * durable once a commit covering it resolved.
 */
export class AuditLog {
  private fd: number;
  private fileBytes: number;
  private unsynced = 0;
  /** Lines chained but not yet written (in order), and their size in bytes. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private writeOutScheduled = false;
  /** Why the last write-out failed (its bytes stay pending and are retried), or undefined. */
  private writeError: unknown;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly timer: NodeJS.Timeout;
  private tornReport: TornReport | undefined;
  /** The group commit whose fsync runs now, and the one gathering behind it (see {@link commit}). */
  private syncing: Promise<void> | undefined;
  private gathering: Promise<void> | undefined;
  /** Segments left by a rotation while an fsync may still run on them: closed once it ended. */
  private retired: number[] = [];
  private groups = 0;

  private constructor(
    readonly dir: string,
    private readonly state: ResumeState,
    private readonly key: SigningKey,
    private readonly masker: Masker,
    private readonly opts: Required<Omit<AuditLogOptions, 'parsers' | 'masker' | 'onCheckpoint' | 'keyDir'>> &
      Pick<AuditLogOptions, 'parsers' | 'onCheckpoint'>,
    private readonly releaseLock: () => void,
  ) {
    this.fd = fs.openSync(path.join(dir, segmentName(state.segment)), 'a', 0o600);
    this.fileBytes = fs.fstatSync(this.fd).size;
    this.timer = setInterval(() => void this.checkpointIfDue(true).catch(() => undefined), 60_000);
    this.timer.unref();
  }

  /**
   * Opens (creating) the log in `dir`: takes the lock, loads or creates the signing key, resumes
   * the chain, and when the last line is torn, terminates it and appends a {@link RecoveryRecord}.
   * @throws Error when the log is locked by another live writer or the directory is unusable.
   */
  static async open(dir: string, options: AuditLogOptions = {}): Promise<AuditLog> {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const release = acquireLock(dir);
    try {
      const key = loadOrCreateKey(dir, options.keyDir ?? dir);
      const masker = options.masker ?? (await createMasker());
      const state = await resumeState(dir);
      const opts = {
        checkpointEvery: options.checkpointEvery ?? 1000,
        checkpointIntervalMs: options.checkpointIntervalMs ?? 5 * 60_000,
        maxFileBytes: options.maxFileBytes ?? 64 * 1024 * 1024,
        fsync: options.fsync ?? 'always',
        fsyncBatch: options.fsyncBatch ?? 256,
        host: options.host ?? os.hostname(),
        now: options.now ?? (() => new Date()),
        parsers: options.parsers,
        onCheckpoint: options.onCheckpoint,
      };
      const log = new AuditLog(dir, state, key, masker, opts, release);
      if (state.needsNewline) log.writeRaw('\n');
      if (state.torn) {
        const t = state.torn;
        const recovery = log.writeRecord<RecoveryRecord>({
          v: 1,
          type: 'recovery',
          seq: state.nextSeq,
          time: opts.now().toISOString(),
          prevHash: state.lastHash,
          torn: {
            file: t.file,
            line: t.line,
            bytes: t.raw.bytes,
            sha256: sha256Hex(Buffer.from(t.raw.text, 'utf8')),
          },
        });
        log.sync(true);
        log.tornReport = { file: t.file, line: t.line, bytes: t.raw.bytes, recovery };
      }
      return log;
    } catch (err) {
      release();
      throw err;
    }
  }

  /** Set when {@link open} found a torn last line (and wrote a recovery record after it). */
  get torn(): TornReport | undefined {
    return this.tornReport;
  }

  /** The newest checkpoint of the log (read on open, then each one written). */
  get lastCheckpoint(): CheckpointRecord | undefined {
    return this.state.lastCheckpoint;
  }

  /**
   * Why records cannot reach the log now, or undefined: the last write failed (its records are
   * retried by the next flush), the folder is gone, is no longer writable, or the current segment
   * was unlinked (appends would go to a deleted file).
   * Cheap (one `fstat`, one `access`); never throws.
   */
  problem(): string | undefined {
    try {
      if (this.closed) return 'the audit log is closed';
      if (this.writeError !== undefined)
        return `writing the audit segment ${segmentName(this.state.segment)} failed (${this.writeError instanceof Error ? this.writeError.message : String(this.writeError)})`;
      if (fs.fstatSync(this.fd).nlink === 0)
        return `the audit segment ${segmentName(this.state.segment)} was deleted from ${this.dir}`;
      fs.accessSync(this.dir, fs.constants.W_OK);
      return undefined;
    } catch (err) {
      return `the audit folder ${this.dir} is missing or not writable (${err instanceof Error ? err.message : String(err)})`;
    }
  }

  /** The checkpoint key's public half (SPKI PEM), sent with checkpoints to a witness. */
  get publicKeyPem(): string {
    return String(this.key.publicKey.export({ type: 'spki', format: 'pem' }));
  }

  /** Group commits (one `write` + one `fsync` each) started since open. */
  get groupCommits(): number {
    return this.groups;
  }

  /** Seq the next record will get. */
  get nextSeq(): number {
    return this.state.nextSeq;
  }

  /**
   * Masks and appends one event; may write a checkpoint after it.
   * @throws Error after {@link close}, or when the input holds values JSON cannot represent.
   */
  append(input: AuditInput): Promise<EventRecord> {
    return this.enqueue(async () => {
      const record = await this.buildEvent(input);
      const written = this.writeRecord<EventRecord>(record);
      await this.checkpointIfDue(false);
      this.sync(false);
      return written;
    });
  }

  /** Writes a checkpoint now (also done automatically every N records / T minutes). */
  checkpoint(): Promise<CheckpointRecord> {
    return this.enqueue(async () => this.writeCheckpoint());
  }

  /** Fsyncs the records written so far (under `fsync: 'batch'`; a no-op when nothing is unsynced). */
  flush(): Promise<void> {
    return this.enqueue(async () => this.sync(this.unsynced > 0 || this.pendingBytes > 0));
  }

  /**
   * Group commit: resolves once every record appended before the call is on disk. The records
   * a commit covers are written with one `write` and made durable with one `fsync`, which runs
   * off the event loop (libuv's thread pool), so appends go on meanwhile: calls made while an
   * fsync runs gather into the next group, which starts when it ends (after one event-loop turn
   * when none runs). Throughput therefore follows the number of decisions in flight, not the
   * fsync latency.
   * @throws Error when the write or the fsync fails (the records stay pending and are retried).
   */
  commit(): Promise<void> {
    // The queue's tail settles once every append queued before this call has run (never rejects).
    return this.queue.then(() => this.joinGroup());
  }

  private joinGroup(): Promise<void> {
    this.gathering ??= (async () => {
      await (this.syncing ?? new Promise<void>((resolve) => setImmediate(resolve)));
      this.gathering = undefined;
      // close() wrote and fsynced everything before it marked the log closed.
      if (this.closed) return;
      this.writeOut();
      this.groups++;
      const covered = this.unsynced;
      const fd = this.fd;
      const run = new Promise<void>((resolve, reject) =>
        fs.fsync(fd, (err) => (err ? reject(err) : resolve())),
      ).then(() => {
        this.unsynced = Math.max(0, this.unsynced - covered);
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

  /** Flushes, writes a final checkpoint if records arrived since the last one, and releases the lock. */
  async close(): Promise<void> {
    await this.enqueue(async () => {
      if (this.state.sinceCheckpoint > 0) this.writeCheckpoint();
      this.sync(true);
      this.closed = true;
    });
    clearInterval(this.timer);
    await this.gathering?.catch(() => undefined);
    await this.syncing;
    fs.closeSync(this.fd);
    this.releaseLock();
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new Error('audit log is closed');
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async buildEvent(input: AuditInput): Promise<Unsealed<EventRecord>> {
    const text = await this.masker.mask(input.what.text);
    const w = input.what;
    // Fingerprint the masked text: fingerprinting first could reshape a secret (digits of a PEM
    // block become `?`) so that the secret scanners no longer recognise what is left of it.
    const fingerprint =
      w.kind === 'sql' ? fingerprintSql(this.opts.parsers, text.text, w.dialect ?? 'postgresql') : undefined;
    const target =
      input.where?.target === undefined ? undefined : (await this.masker.mask(input.where.target)).text;
    const masked = [...new Set(text.found.map((f) => f.kind))];
    return {
      v: 1,
      type: 'event',
      seq: this.state.nextSeq,
      time: (input.time ?? this.opts.now()).toISOString(),
      prevHash: this.state.lastHash,
      what: {
        kind: w.kind,
        text: text.text,
        fingerprint,
        dialect: w.dialect,
        statementKinds: w.statementKinds,
        tables: w.tables,
        masked: masked.length > 0 ? masked : undefined,
      },
      where: {
        host: input.where?.host ?? this.opts.host,
        workspace: input.where?.workspace,
        environment: input.where?.environment,
        target,
      },
      source: input.source,
      outcome: { ...input.outcome },
      identity: { ...input.identity },
      decisionId: input.decisionId,
      rules: input.rules ?? [],
      policySetHash: input.policySetHash,
      controls: input.controls ?? [],
    };
  }

  private async checkpointIfDue(timerTick: boolean): Promise<void> {
    const s = this.state;
    if (this.closed || s.sinceCheckpoint === 0) return;
    const now = this.opts.now().getTime();
    const started = s.lastCheckpointMs ?? now;
    if (s.lastCheckpointMs === undefined) s.lastCheckpointMs = now;
    const due =
      s.sinceCheckpoint >= this.opts.checkpointEvery || now - started >= this.opts.checkpointIntervalMs;
    if (due && timerTick) {
      await this.enqueue(async () => {
        if (this.state.sinceCheckpoint > 0) this.writeCheckpoint();
      });
    } else if (due) this.writeCheckpoint();
  }

  private writeCheckpoint(): CheckpointRecord {
    const s = this.state;
    const cp = signCheckpoint(
      {
        v: 1,
        type: 'checkpoint',
        seq: s.nextSeq,
        time: this.opts.now().toISOString(),
        prevHash: s.lastHash,
        treeSize: s.merkle.treeSize,
        rootHash: s.merkle.root(),
        merkle: s.merkle.state(),
        keyId: this.key.keyId,
      },
      this.key.privateKey,
    );
    this.writeLine(cp, recordLine(cp));
    s.sinceCheckpoint = 0;
    s.lastCheckpointMs = this.opts.now().getTime();
    this.sync(true);
    s.lastCheckpoint = cp;
    this.opts.onCheckpoint?.(cp);
    return cp;
  }

  private writeRecord<T extends AuditRecord>(unsealed: Unsealed<T>): T {
    const { record, line } = sealLine<T>(unsealed);
    this.writeLine(record, line);
    if (record.type !== 'checkpoint') this.state.sinceCheckpoint++;
    return record;
  }

  private writeLine(record: AuditRecord, line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.fileBytes > 0 && this.fileBytes + bytes > this.opts.maxFileBytes) this.rotate();
    this.writeRaw(line);
    this.unsynced++;
    this.state.merkle.push(record.hash);
    this.state.lastHash = record.hash;
    this.state.nextSeq = record.seq + 1;
  }

  /** Buffers `text` for the current segment; written out on the next turn or before a sync. */
  private writeRaw(text: string): void {
    const buf = Buffer.from(text, 'utf8');
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    this.fileBytes += buf.length;
    if (this.pendingBytes >= WRITE_OUT_BYTES) this.writeOut();
    else if (!this.writeOutScheduled) {
      this.writeOutScheduled = true;
      setImmediate(() => {
        this.writeOutScheduled = false;
        if (this.closed) return;
        try {
          this.writeOut();
        } catch {
          // Kept in writeError; the next flush or commit retries and reports it.
        }
      });
    }
  }

  /**
   * Writes the pending lines to the segment in one `write` (more only when the kernel takes part
   * of it). Bytes not written stay pending, in order, so a later retry keeps the chain intact.
   * @throws Error from `write` (disk full, I/O error).
   */
  private writeOut(): void {
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

  private rotate(): void {
    this.sync(true);
    // A group commit's fsync may still run on the old segment (already fsynced above).
    if (this.syncing) this.retired.push(this.fd);
    else fs.closeSync(this.fd);
    this.state.segment++;
    this.fd = fs.openSync(path.join(this.dir, segmentName(this.state.segment)), 'a', 0o600);
    this.fileBytes = 0;
  }

  private sync(force: boolean): void {
    if (this.unsynced === 0 && !force) return;
    if (force || this.opts.fsync === 'always' || this.unsynced >= this.opts.fsyncBatch) {
      this.writeOut();
      fs.fsyncSync(this.fd);
      this.unsynced = 0;
    }
  }
}
