import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AuditRecord } from './model';

/**
 * On-disk layout of an audit directory:
 * - `audit-000001.jsonl`, `audit-000002.jsonl`, … — segments in order (the number orders them;
 *   the chain continues across them: a segment's first record has the previous segment's last
 *   hash as `prevHash`);
 * - `audit.lock` — the single writer's lock (pid, host);
 * - `audit-key.pem` (0600) / `audit-key.pub.pem` — the Ed25519 checkpoint key pair.
 */

const SEGMENT = /^audit-(\d{6,})\.jsonl$/;

/** File name of segment `n` (1-based). */
export function segmentName(n: number): string {
  return `audit-${String(n).padStart(6, '0')}.jsonl`;
}

/** Segment number of a file name, or undefined when it is not a segment. */
export function segmentNumber(name: string): number | undefined {
  const m = SEGMENT.exec(name);
  return m?.[1] ? Number(m[1]) : undefined;
}

/** Segment file names of `dir`, in order; `[]` when the directory does not exist. */
export function listSegments(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .filter((n) => segmentNumber(n) !== undefined)
    .sort((a, b) => (segmentNumber(a) ?? 0) - (segmentNumber(b) ?? 0));
}

/** One physical line of a segment. */
export interface RawLine {
  /** 1-based line number in the file. */
  line: number;
  text: string;
  /** Byte length of the line without its newline. */
  bytes: number;
  /** False for a last line with no trailing newline (a possibly torn write). */
  terminated: boolean;
}

/**
 * Streams the lines of a file in 1 MiB chunks (constant memory for any file size; a single line
 * is held whole). UTF-8 is decoded per line, so a chunk boundary never splits a character.
 * @throws Error when the file cannot be read.
 */
export async function* readLines(file: string): AsyncGenerator<RawLine> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let carry: Buffer[] = [];
    let carryLen = 0;
    let line = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      let start = 0;
      for (let nl = buf.indexOf(10, 0); nl >= 0 && nl < bytesRead; nl = buf.indexOf(10, start)) {
        const piece = buf.subarray(start, nl);
        const whole = carryLen > 0 ? Buffer.concat([...carry, piece]) : piece;
        carry = [];
        carryLen = 0;
        yield { line: ++line, text: whole.toString('utf8'), bytes: whole.length, terminated: true };
        start = nl + 1;
      }
      if (start < bytesRead) {
        carry.push(Buffer.from(buf.subarray(start, bytesRead)));
        carryLen += bytesRead - start;
      }
    }
    if (carryLen > 0) {
      const whole = Buffer.concat(carry);
      yield { line: ++line, text: whole.toString('utf8'), bytes: whole.length, terminated: false };
    }
  } finally {
    await handle.close();
  }
}

/** Parses a line into a record when it is a JSON object with the base fields; else undefined. */
export function parseRecord(text: string): AuditRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const r = value as Record<string, unknown>;
  const ok =
    typeof r['seq'] === 'number' &&
    Number.isInteger(r['seq']) &&
    typeof r['hash'] === 'string' &&
    typeof r['prevHash'] === 'string' &&
    typeof r['time'] === 'string' &&
    (r['type'] === 'event' || r['type'] === 'checkpoint' || r['type'] === 'recovery');
  return ok ? (value as AuditRecord) : undefined;
}

/** A record or an unreadable line, with where it is. */
export interface LogEntry {
  file: string;
  line: number;
  raw: RawLine;
  /** Undefined when the line is not a readable record. */
  record: AuditRecord | undefined;
  /** True for the last line of the last segment. */
  last: boolean;
}

/** Streams every line of every segment of `dir`, in order. */
export async function* readLog(dir: string): AsyncGenerator<LogEntry> {
  const segments = listSegments(dir);
  let pending: LogEntry | undefined;
  for (const file of segments) {
    for await (const raw of readLines(path.join(dir, file))) {
      if (pending) yield pending;
      pending = { file, line: raw.line, raw, record: parseRecord(raw.text), last: false };
    }
  }
  if (pending) yield { ...pending, last: true };
}
