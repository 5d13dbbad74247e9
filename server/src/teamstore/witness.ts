import { createPublicKey, type KeyObject } from 'node:crypto';
import { canonicalize } from '../audit/jcs';
import { keyIdOf, signText, verifyText, type SigningKey } from '../audit/keys';
import type { CheckpointRecord } from '../audit/model';
import { checkpointSignatureValid, recordHash } from '../audit/records';

/**
 * The team store as a witness of audit logs (as Certificate Transparency witnesses cosign tree
 * heads, RFC 9162 §8.1.4 / C2SP tlog-witness): each checkpoint a daemon sends is checked against
 * the Ed25519 key registered for its `source` (the first checkpoint registers it — trust on first
 * use — then it is pinned), must not roll back (its `treeSize` never below one already
 * witnessed), and is countersigned with the store's own key and clock. `railguard audit verify
 * --witness URL` then fetches the receipts (`GET /api/v1/witness?source=S`) and requires every
 * witnessed checkpoint to be in the local log unchanged: a rewritten, truncated, emptied or
 * deleted log fails for everything already witnessed, even by someone holding the local key.
 */

/** A witness's signed statement that it saw checkpoint `hash` of `source` at `witnessedAt`. */
export interface WitnessReceipt {
  source: string;
  seq: number;
  hash: string;
  treeSize: number;
  rootHash: string;
  /** The source's key id (pinned). */
  keyId: string;
  /** ISO 8601, the witness's clock. */
  witnessedAt: string;
  /** The witness key's id (first 16 hex of SHA-256 over its SPKI). */
  witnessKeyId: string;
  /** Ed25519 over the JCS form of the other fields, base64. */
  signature: string;
}

/** What the witness keeps per checkpoint (inside the stored checkpoint object, field `witness`). */
export interface Witnessed {
  receipt: WitnessReceipt;
  /** The source's public key (SPKI PEM), as registered. */
  sourceKey: string;
}

const payload = (r: Omit<WitnessReceipt, 'signature'>): string =>
  canonicalize({
    source: r.source,
    seq: r.seq,
    hash: r.hash,
    treeSize: r.treeSize,
    rootHash: r.rootHash,
    keyId: r.keyId,
    witnessedAt: r.witnessedAt,
    witnessKeyId: r.witnessKeyId,
  });

/** True when `r` is signed by `witnessKey`. Never throws. */
export function receiptValid(r: WitnessReceipt, witnessKey: KeyObject): boolean {
  return r.witnessKeyId === keyIdOf(witnessKey) && verifyText(witnessKey, payload(r), r.signature);
}

/**
 * Checks and countersigns one checkpoint. `known` are the receipts already stored for the source
 * (oldest first) with the key registered then.
 * @returns the receipt, or why the checkpoint is refused.
 */
export function witnessCheckpoint(
  key: SigningKey,
  source: string,
  checkpoint: Record<string, unknown>,
  known: readonly Witnessed[],
  now: Date = new Date(),
): { ok: true; witnessed: Witnessed } | { ok: false; reason: string } {
  const cp = checkpoint as unknown as CheckpointRecord & { publicKey?: unknown };
  if (cp.type !== 'checkpoint' || typeof cp.seq !== 'number' || typeof cp.hash !== 'string')
    return { ok: false, reason: 'not a checkpoint record' };
  if (typeof cp.publicKey !== 'string') return { ok: false, reason: 'the checkpoint carries no publicKey' };
  let pub: KeyObject;
  try {
    pub = createPublicKey(cp.publicKey);
  } catch {
    return { ok: false, reason: 'publicKey is not a PEM public key' };
  }
  const pinned = known[0]?.sourceKey;
  if (
    pinned !== undefined &&
    createPublicKey(pinned).export({ type: 'spki', format: 'pem' }) !==
      pub.export({ type: 'spki', format: 'pem' })
  )
    return { ok: false, reason: `source ${source} is registered with another key` };
  const { publicKey: _omit, ...record } = cp;
  if (recordHash(record as CheckpointRecord) !== cp.hash)
    return { ok: false, reason: 'the checkpoint hash is wrong' };
  if (keyIdOf(pub) !== cp.keyId || !checkpointSignatureValid(record as CheckpointRecord, pub))
    return { ok: false, reason: 'the checkpoint signature does not verify with the registered key' };
  const last = known.at(-1)?.receipt;
  if (last && cp.treeSize < last.treeSize)
    return {
      ok: false,
      reason: `tree size ${cp.treeSize} is below the witnessed ${last.treeSize} (rollback)`,
    };
  const unsigned = {
    source,
    seq: cp.seq,
    hash: cp.hash,
    treeSize: cp.treeSize,
    rootHash: cp.rootHash,
    keyId: cp.keyId,
    witnessedAt: now.toISOString(),
    witnessKeyId: key.keyId,
  };
  const receipt = { ...unsigned, signature: signText(key.privateKey, payload(unsigned)) };
  return {
    ok: true,
    witnessed: { receipt, sourceKey: pinned ?? String(pub.export({ type: 'spki', format: 'pem' })) },
  };
}
