import * as fs from 'node:fs';
import * as os from 'node:os';
import { fingerprintSql } from '../core/mask/fingerprint';
import { createMasker, type Masker } from '../core/mask/masker';
import { sha256Hex } from './jcs';
import { loadOrCreateKey, type SigningKey } from './keys';
import { acquireLock } from './lock';
import type { AuditInput, AuditRecord, CheckpointRecord, EventRecord, RecoveryRecord } from './model';
import type { AuditLogOptions, TornReport } from './options';
import { recordLine, sealLine, signCheckpoint, type Unsealed } from './records';
import { resumeState, type ResumeState } from './recover';
import { SegmentFile } from './segment-file';

export type { AuditLogOptions, TornReport } from './options';

/**
 * The append-only, hash-chained audit log of one directory (single writer per directory).
 * Appends are serialized in call order. Lines are buffered and written out together (see
 * {@link SegmentFile}): one `write` per event-loop turn, and before every fsync, rotation and
 * close, so a group commit costs one `write` and one `fsync` whatever the number of records.
 * An append resolves once its line is chained and buffered; under `fsync: 'always'` once it is
 * written and fsynced; {@link commit} and {@link flush} resolve once everything before them is
 * on disk. A record is therefore in the kernel by the end of the turn it was appended in, and
 * durable once a commit covering it resolved.
 */
export class AuditLog {
  private readonly file: SegmentFile;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly timer: NodeJS.Timeout;
  private tornReport: TornReport | undefined;

  private constructor(
    readonly dir: string,
    private readonly state: ResumeState,
    private readonly key: SigningKey,
    private readonly masker: Masker,
    private readonly opts: Required<Omit<AuditLogOptions, 'parsers' | 'masker' | 'onCheckpoint' | 'keyDir'>> &
      Pick<AuditLogOptions, 'parsers' | 'onCheckpoint'>,
    private readonly releaseLock: () => void,
  ) {
    this.file = new SegmentFile(dir, state.segment);
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
      if (state.needsNewline) log.file.append('\n', false);
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
      const problem = this.file.problem();
      if (problem) return problem;
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
    return this.file.groupCommits;
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
    return this.enqueue(async () => this.sync(this.file.unsynced > 0 || this.file.hasPending));
  }

  /**
   * Group commit: resolves once every record appended before the call is on disk. The records
   * a commit covers are written with one `write` and made durable with one `fsync`, which runs
   * off the event loop (libuv's thread pool), so appends go on meanwhile: calls made while an
   * fsync runs gather into the next group, which starts when it ends (after one event-loop turn
   * when none runs). Throughput therefore follows the number of decisions in flight, not the
   * fsync latency. After {@link close} it resolves at once: close made every record durable.
   * @throws Error when the write or the fsync fails (the records stay pending and are retried).
   */
  commit(): Promise<void> {
    // The queue's tail settles once every append queued before this call has run (never rejects).
    return this.queue.then(() => (this.closed ? undefined : this.file.groupCommit()));
  }

  /** Flushes, writes a final checkpoint if records arrived since the last one, and releases the lock. */
  async close(): Promise<void> {
    await this.enqueue(async () => {
      if (this.state.sinceCheckpoint > 0) this.writeCheckpoint();
      this.sync(true);
      this.closed = true;
    });
    clearInterval(this.timer);
    await this.file.close();
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
    if (this.file.size > 0 && this.file.size + bytes > this.opts.maxFileBytes) {
      this.file.rotate();
      this.state.segment = this.file.number;
    }
    this.file.append(line, true);
    this.state.merkle.push(record.hash);
    this.state.lastHash = record.hash;
    this.state.nextSeq = record.seq + 1;
  }

  private sync(force: boolean): void {
    const unsynced = this.file.unsynced;
    if (unsynced === 0 && !force) return;
    if (force || this.opts.fsync === 'always' || unsynced >= this.opts.fsyncBatch) this.file.sync();
  }
}
