import { createPublicKey, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import { receiptValid, type WitnessReceipt } from '../teamstore/witness';
import { readLog } from './files';

/** A witness's answer (`GET /api/v1/witness?source=S` of the team store). */
export interface WitnessAnswer {
  source: string;
  /** The witness's public key (SPKI PEM). */
  witnessKey: string;
  receipts: WitnessReceipt[];
}

/** What {@link verifyWitnessed} found. */
export interface WitnessCheck {
  /** True when every witnessed checkpoint is in the log, unchanged. */
  ok: boolean;
  /** Receipts checked. */
  witnessed: number;
  /** One line per problem (missing, different, bad receipt signature). */
  problems: string[];
}

/**
 * Checks a local log against what a witness countersigned: every receipt must be signed by the
 * witness key (`pinnedWitnessKeyPem` when given, else the one in the answer) and its checkpoint
 * (same seq, same record hash, hence same tree) must be in the log. A log rewritten (even with
 * the local key), truncated below, emptied or deleted fails for every checkpoint witnessed
 * before. Records after the newest witnessed checkpoint are covered by `verifyAudit` only.
 * Never throws: a missing folder reads as an empty log.
 */
export async function verifyWitnessed(
  dir: string,
  answer: WitnessAnswer,
  pinnedWitnessKeyPem?: string,
): Promise<WitnessCheck> {
  const problems: string[] = [];
  let key: KeyObject;
  try {
    key = createPublicKey(pinnedWitnessKeyPem ?? answer.witnessKey);
  } catch {
    return { ok: false, witnessed: 0, problems: ['the witness key is not a PEM public key'] };
  }
  const local = new Map<number, string>();
  if (fs.existsSync(dir)) {
    for await (const e of readLog(dir)) {
      if (e.record?.type === 'checkpoint') local.set(e.record.seq, e.record.hash);
    }
  }
  for (const r of answer.receipts) {
    if (r.source !== answer.source || !receiptValid(r, key)) {
      problems.push(`receipt for seq ${r.seq}: not signed by the witness key`);
      continue;
    }
    const mine = local.get(r.seq);
    if (mine === undefined)
      problems.push(
        `checkpoint seq ${r.seq} (tree size ${r.treeSize}, witnessed ${r.witnessedAt}) is missing: the log was truncated, emptied or deleted`,
      );
    else if (mine !== r.hash)
      problems.push(
        `checkpoint seq ${r.seq} differs from the one witnessed ${r.witnessedAt}: the log was rewritten`,
      );
  }
  return { ok: problems.length === 0, witnessed: answer.receipts.length, problems };
}

/**
 * Fetches the receipts of `source` from a team store (`ws(s)://` or `http(s)://` URL).
 * @throws Error when the store cannot be reached or refuses (status and message).
 */
export async function fetchWitness(url: string, source: string, token: string): Promise<WitnessAnswer> {
  const base = url.replace(/^ws(s?):\/\//, 'http$1://').replace(/\/+$/, '');
  const res = await fetch(`${base}/api/v1/witness?source=${encodeURIComponent(source)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as WitnessAnswer & { error?: string };
  if (!res.ok) throw new Error(`witness ${base}: ${res.status} ${body.error ?? ''}`);
  return body;
}
