import * as path from 'node:path';
import { listSegments, parseRecord, readLines, type RawLine } from './files';
import { MerkleAccumulator } from './merkle';
import { GENESIS_HASH, type CheckpointRecord } from './model';

/** Where a writer resumes: the chain head, the tree so far, and any torn last line. */
export interface ResumeState {
  /** Seq of the next record. */
  nextSeq: number;
  /** Hash of the last record ({@link GENESIS_HASH} for an empty log). */
  lastHash: string;
  merkle: MerkleAccumulator;
  /** Segment number to append to (1 when the log is empty). */
  segment: number;
  /** Time of the last checkpoint (ms since epoch), or undefined. */
  lastCheckpointMs: number | undefined;
  /** Records since the last checkpoint. */
  sinceCheckpoint: number;
  /** The last line of the last segment when it is not a readable, terminated record. */
  torn: { file: string; line: number; raw: RawLine } | undefined;
  /** Whether the last segment ends without a newline (the writer must add one first). */
  needsNewline: boolean;
  /** The newest checkpoint in the log, if any (sent to the team store on start). */
  lastCheckpoint?: CheckpointRecord;
}

/** The last checkpoint of a segment, if any (streams the file). */
async function lastCheckpointIn(file: string): Promise<CheckpointRecord | undefined> {
  let found: CheckpointRecord | undefined;
  for await (const raw of readLines(file)) {
    if (!raw.text.includes('"type":"checkpoint"')) continue;
    const r = parseRecord(raw.text);
    if (r?.type === 'checkpoint') found = r;
  }
  return found;
}

/**
 * Rebuilds the writer state of `dir`: finds the newest checkpoint (searching segments from the
 * last backwards), restores the Merkle accumulator from it, and folds in the records after it.
 * Unreadable lines in the middle are skipped here (`verifyAudit` reports them).
 * @throws Error when a segment cannot be read.
 */
export async function resumeState(dir: string): Promise<ResumeState> {
  const segments = listSegments(dir);
  const state: ResumeState = {
    nextSeq: 0,
    lastHash: GENESIS_HASH,
    merkle: new MerkleAccumulator(),
    segment: 1,
    lastCheckpointMs: undefined,
    sinceCheckpoint: 0,
    torn: undefined,
    needsNewline: false,
  };
  if (segments.length === 0) return state;
  let from = 0;
  let checkpoint: CheckpointRecord | undefined;
  for (let i = segments.length - 1; i >= 0 && !checkpoint; i--) {
    checkpoint = await lastCheckpointIn(path.join(dir, segments[i] ?? ''));
    if (checkpoint) from = i;
  }
  if (checkpoint) {
    try {
      state.lastCheckpoint = checkpoint;
      state.merkle = MerkleAccumulator.from(checkpoint.merkle);
    } catch {
      checkpoint = undefined;
      from = 0;
    }
  }
  for (let i = from; i < segments.length; i++) {
    const file = segments[i] ?? '';
    const isLastFile = i === segments.length - 1;
    let lastRaw: RawLine | undefined;
    let lastReadable = false;
    for await (const raw of readLines(path.join(dir, file))) {
      lastRaw = raw;
      const r = parseRecord(raw.text);
      lastReadable = r !== undefined;
      if (!r || (checkpoint && r.seq < checkpoint.seq)) continue;
      state.merkle.push(r.hash);
      state.lastHash = r.hash;
      state.nextSeq = r.seq + 1;
      if (r.type === 'checkpoint') {
        state.lastCheckpoint = r;
        state.lastCheckpointMs = Date.parse(r.time);
        state.sinceCheckpoint = 0;
      } else state.sinceCheckpoint++;
    }
    if (isLastFile && lastRaw) {
      state.needsNewline = !lastRaw.terminated;
      if (!lastReadable) state.torn = { file, line: lastRaw.line, raw: lastRaw };
    }
  }
  state.segment = Number(/(\d+)/.exec(segments[segments.length - 1] ?? '')?.[1] ?? 1);
  return state;
}
