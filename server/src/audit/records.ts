import type { KeyObject } from 'node:crypto';
import { canonicalKey, canonicalize, sha256Hex } from './jcs';
import { signText, verifyText } from './keys';
import type { AuditRecord, CheckpointRecord } from './model';

/** Distributes Omit over a union, so each record type keeps its own fields. */
export type Unsealed<T> = T extends unknown ? Omit<T, 'hash'> : never;

/** `sha256(JCS(record without hash))`, the record hash of the chain. */
export function recordHash(record: Unsealed<AuditRecord> | AuditRecord): string {
  const { hash: _ignored, ...rest } = record as AuditRecord;
  return sha256Hex(canonicalize(rest));
}

/** Adds `hash` to a record. */
export function seal<T extends AuditRecord>(record: Unsealed<T>): T {
  return { ...record, hash: recordHash(record) } as unknown as T;
}

/**
 * {@link seal} and {@link recordLine} in one pass: the members of the record are canonicalized
 * once, hashed, and the `hash` member is inserted at its sorted place for the line (the same
 * bytes as `recordLine(seal(record))`, with half the canonicalization).
 * @throws TypeError as {@link canonicalize} for values I-JSON forbids.
 */
export function sealLine<T extends AuditRecord>(unsealed: Unsealed<T>): { record: T; line: string } {
  const obj = unsealed as unknown as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => k !== 'hash' && obj[k] !== undefined)
    .sort();
  const members = keys.map((k) => `${canonicalKey(k)}:${canonicalize(obj[k])}`);
  const hash = sha256Hex(`{${members.join(',')}}`);
  let at = 0;
  while (at < keys.length && (keys[at] ?? '') < 'hash') at++;
  members.splice(at, 0, `"hash":${canonicalize(hash)}`);
  return { record: { ...unsealed, hash } as unknown as T, line: `{${members.join(',')}}\n` };
}

/** The bytes a checkpoint signature covers: JCS of the checkpoint without `signature` and `hash`. */
export function checkpointPayload(
  cp: Omit<CheckpointRecord, 'hash' | 'signature'> | CheckpointRecord,
): string {
  const { hash: _h, signature: _s, ...rest } = cp as CheckpointRecord;
  return canonicalize(rest);
}

/** Signs and seals a checkpoint. */
export function signCheckpoint(
  cp: Omit<CheckpointRecord, 'hash' | 'signature'>,
  privateKey: KeyObject,
): CheckpointRecord {
  return seal<CheckpointRecord>({ ...cp, signature: signText(privateKey, checkpointPayload(cp)) });
}

/** Whether a checkpoint's signature is valid under `publicKey`. */
export function checkpointSignatureValid(cp: CheckpointRecord, publicKey: KeyObject): boolean {
  return typeof cp.signature === 'string' && verifyText(publicKey, checkpointPayload(cp), cp.signature);
}

/** The line written for a record: JCS + newline (canonical form on disk, too). */
export function recordLine(record: AuditRecord): string {
  return `${canonicalize(record)}\n`;
}
