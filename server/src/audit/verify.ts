import type { KeyObject } from 'node:crypto';
import { readLog, type LogEntry } from './files';
import { sha256Hex } from './jcs';
import { keyIdOf, loadPublicKey } from './keys';
import { MerkleAccumulator } from './merkle';
import { GENESIS_HASH, type AuditProblem, type AuditRecord, type ProblemKind } from './model';
import { checkpointSignatureValid, recordHash } from './records';

/** Options of {@link verifyAudit}. */
export interface VerifyOptions {
  /** A pinned public key (PEM); defaults to the directory's `audit-key.pub.pem`. */
  publicKeyPem?: string;
  /** Problems kept in the result (default 1000); the rest are only counted. */
  maxProblems?: number;
}

/** What {@link verifyAudit} found. */
export interface VerifyResult {
  /** True when every problem is a recovered torn line (or there are none). */
  ok: boolean;
  /** Readable records. */
  records: number;
  /** Segment files read. */
  files: number;
  checkpoints: number;
  problems: AuditProblem[];
  /** Problems beyond `maxProblems`. */
  moreProblems: number;
  /** The last checkpoint whose signature and root verified. */
  lastVerifiedCheckpoint?: { seq: number; treeSize: number; rootHash: string };
}

interface Accepted {
  seq: number;
  hash: string;
  file: string;
  line: number;
}

/** Bounded memory of gaps (missing seqs) that later out-of-order records may explain. */
const MAX_GAPS = 64;

/**
 * Verifies the log in `dir`, streaming (memory independent of the log's length: a 3-line
 * lookahead, the Merkle peaks and at most 64 open gaps). Detects and locates:
 * - `edited` — a record whose hash does not match its content, a record edited and rehashed
 *   (reported at that record: the next record's `prevHash` no longer matches), an unreadable line;
 * - `dropped` — missing seqs (reported at the line where the gap shows, `seq` = first missing);
 * - `inserted` — a record that repeats an earlier seq, or a forged record that claims the place of
 *   the genuine one (recognised by which of the two the following record chains to);
 * - `reordered` — a record whose seq falls in an earlier gap (reported at the gap's line);
 * - `torn` — an incomplete last line (`recovered: true` when a writer's recovery record follows);
 * - `bad-signature` / `bad-checkpoint` — a checkpoint whose Ed25519 signature or key id fails, or
 *   whose tree size / RFC 6962 root differs from the records before it (root comparison is skipped
 *   once the chain is already broken, as it would only repeat the earlier problem).
 * Limits: records appended after the last checkpoint by someone holding the directory (and key)
 * cannot be told from genuine ones, nor can a cut of the tail; pin the key and keep checkpoints
 * elsewhere (the team store) for that.
 * @throws Error when a segment cannot be read.
 */
export async function verifyAudit(dir: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const maxProblems = options.maxProblems ?? 1000;
  const publicKey: KeyObject | undefined = loadPublicKey(dir, options.publicKeyPem);
  const keyId = publicKey ? keyIdOf(publicKey) : undefined;
  const result: VerifyResult = {
    ok: true,
    records: 0,
    files: 0,
    checkpoints: 0,
    problems: [],
    moreProblems: 0,
  };
  const acc = new MerkleAccumulator();
  const gaps: { from: number; to: number; problem: AuditProblem }[] = [];
  let prev: Accepted | undefined;
  let maxSeen = -1;
  let chainBroken = false;
  let lastFile: string | undefined;

  const report = (
    at: { file: string; line: number },
    seq: number,
    kind: ProblemKind,
    message: string,
    recovered?: boolean,
  ) => {
    const p: AuditProblem = {
      file: at.file,
      line: at.line,
      seq,
      kind,
      message,
      ...(recovered ? { recovered } : {}),
    };
    if (!recovered) chainBroken = true;
    if (result.problems.length < maxProblems) result.problems.push(p);
    else result.moreProblems++;
    return p;
  };

  const unreadable = (r: LogEntry, n1: LogEntry | undefined): void => {
    const rec = n1?.record;
    const sha = sha256Hex(Buffer.from(r.raw.text, 'utf8'));
    if (
      rec?.type === 'recovery' &&
      rec.torn.file === r.file &&
      rec.torn.line === r.line &&
      rec.torn.sha256 === sha
    ) {
      report(
        r,
        maxSeen + 1,
        'torn',
        `torn write (${r.raw.bytes} bytes) accounted for by recovery record seq ${rec.seq}`,
        true,
      );
    } else if (r.last) {
      const why = r.raw.terminated
        ? 'is not a readable record'
        : `is incomplete (${r.raw.bytes} bytes, no newline)`;
      report(r, maxSeen + 1, 'torn', `last line ${why}: a torn write or a truncated file`);
    } else {
      report(r, maxSeen + 1, 'edited', 'line is not a readable audit record');
    }
  };

  const checkpoint = (r: LogEntry, cp: Extract<AuditRecord, { type: 'checkpoint' }>): void => {
    result.checkpoints++;
    let sigOk = false;
    if (!publicKey) report(r, cp.seq, 'bad-signature', 'no public key to verify the checkpoint signature');
    else if (cp.keyId !== keyId)
      report(r, cp.seq, 'bad-signature', `checkpoint signed by key ${cp.keyId}, expected ${keyId}`);
    else if (!checkpointSignatureValid(cp, publicKey))
      report(r, cp.seq, 'bad-signature', 'checkpoint signature is invalid');
    else sigOk = true;
    if (chainBroken) return;
    if (cp.treeSize !== acc.treeSize || cp.rootHash !== acc.root()) {
      report(
        r,
        cp.seq,
        'bad-checkpoint',
        `checkpoint claims ${cp.treeSize} records with root ${cp.rootHash}; the log has ${acc.treeSize} with root ${acc.root()}`,
      );
    } else if (sigOk) {
      result.lastVerifiedCheckpoint = { seq: cp.seq, treeSize: cp.treeSize, rootHash: cp.rootHash };
    }
  };

  const step = (r: LogEntry, n1: LogEntry | undefined, n2: LogEntry | undefined): void => {
    if (r.file !== lastFile) {
      result.files++;
      lastFile = r.file;
    }
    const rec = r.record;
    if (!rec) return unreadable(r, n1);
    result.records++;
    let selfOk = false;
    try {
      selfOk = recordHash(rec) === rec.hash;
    } catch {
      selfOk = false;
    }
    if (!selfOk) report(r, rec.seq, 'edited', `record seq ${rec.seq}: hash does not match its content`);
    const link = prev ? prev.hash : GENESIS_HASH;
    if (rec.seq > maxSeen) {
      const next = n1?.record;
      // A different record with the same seq and predecessor follows: one of the two is forged.
      const genuineFollows =
        next !== undefined && next.seq === rec.seq && next.prevHash === link && next.hash !== rec.hash;
      if (genuineFollows && (rec.prevHash !== link || n2?.record?.prevHash === next.hash)) {
        report(
          r,
          rec.seq,
          'inserted',
          `record seq ${rec.seq} is not part of the chain: the next line holds the record the chain continues from`,
        );
        return;
      }
      if (rec.seq > maxSeen + 1) {
        const problem = report(
          r,
          maxSeen + 1,
          'dropped',
          `records seq ${maxSeen + 1}..${rec.seq - 1} are missing before this line`,
        );
        gaps.push({ from: maxSeen + 1, to: rec.seq - 1, problem });
        if (gaps.length > MAX_GAPS) gaps.shift();
      } else if (prev && prev.seq === rec.seq - 1 && rec.prevHash !== prev.hash) {
        report(
          prev,
          prev.seq,
          'edited',
          `record seq ${prev.seq} does not match the prevHash of seq ${rec.seq}: edited and rehashed, or the link was changed`,
        );
      } else if (!prev && rec.seq === 0 && rec.prevHash !== GENESIS_HASH) {
        report(r, 0, 'edited', 'the first record does not chain to the genesis hash');
      }
      maxSeen = rec.seq;
    } else {
      const gap = gaps.find((g) => g.from <= rec.seq && rec.seq <= g.to);
      if (!gap) {
        report(r, rec.seq, 'inserted', `record seq ${rec.seq} repeats a seq already seen`);
        return;
      }
      if (gap.problem.kind === 'dropped') {
        gap.problem.kind = 'reordered';
        gap.problem.message = `records out of order: seq ${rec.seq} appears later, at ${r.file}:${r.line}`;
      }
    }
    if (rec.type === 'checkpoint') checkpoint(r, rec);
    acc.push(rec.hash);
    prev = { seq: rec.seq, hash: rec.hash, file: r.file, line: r.line };
  };

  const window: LogEntry[] = [];
  for await (const entry of readLog(dir)) {
    window.push(entry);
    if (window.length === 3) {
      const [r, n1, n2] = window as [LogEntry, LogEntry, LogEntry];
      step(r, n1, n2);
      window.shift();
    }
  }
  while (window.length > 0) {
    step(window[0] as LogEntry, window[1], window[2]);
    window.shift();
  }
  result.ok = result.problems.every((p) => p.recovered === true) && result.moreProblems === 0;
  return result;
}
