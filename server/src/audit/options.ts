import type { Masker } from '../core/mask/masker';
import type { Parsers } from '../core/parsers';
import type { CheckpointRecord, RecoveryRecord } from './model';

/**
 * Options of {@link AuditLog.open}.
 *
 * Durability (`fsync`): `'always'` (default) fsyncs after every record, so an acknowledged
 * append survives power loss; `'batch'` fsyncs every `fsyncBatch` records, at every checkpoint,
 * rotation and close, trading the last few records on power loss (never earlier ones: lines are
 * written whole, in order, to an O_APPEND file; a torn last line is recovered on open) for
 * throughput. Either way lines are buffered within an event-loop turn and written with one
 * `write` (see `AuditLog`), and `AuditLog.commit` is the group commit the daemon uses.
 */
export interface AuditLogOptions {
  /** Defaults to {@link createMasker} (secretlint + PII). */
  masker?: Masker;
  /** libpg-query for PostgreSQL fingerprints; the literal tokenizer is used without it. */
  parsers?: Pick<Parsers, 'pg'>;
  /** Records between checkpoints (default 1000). */
  checkpointEvery?: number;
  /** Max time between checkpoints while records arrive, ms (default 5 minutes). */
  checkpointIntervalMs?: number;
  /** Rotate to a new segment when a file would exceed this many bytes (default 64 MiB). */
  maxFileBytes?: number;
  fsync?: 'always' | 'batch';
  /** Records per fsync in `'batch'` mode (default 256). */
  fsyncBatch?: number;
  /** Host name recorded in `where.host` (default `os.hostname()`). */
  host?: string;
  /** Clock (tests). */
  now?: () => Date;
  /**
   * Folder of the private checkpoint key (`audit-key.pem`, 0600; the folder is created 0700).
   * Default: the audit folder itself (the library's historical layout). The daemon keeps it
   * outside the audit folder (`stateDirs().keys`), so that sharing or archiving the log never
   * hands out the key, and it is one of Railguard's protected resources. A key found in the audit
   * folder is moved there on open; the public key is always exported beside the log as well.
   */
  keyDir?: string;
  /** Called with every checkpoint written (e.g. to send it to the team store); must not throw. */
  onCheckpoint?: (checkpoint: CheckpointRecord) => void;
}

/** What {@link AuditLog.open} found and did about a torn last line. */
export interface TornReport {
  file: string;
  line: number;
  bytes: number;
  /** The recovery record written right after it. */
  recovery: RecoveryRecord;
}
