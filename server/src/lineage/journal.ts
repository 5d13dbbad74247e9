import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

/**
 * Reading append-only JSON-lines files whose last line may be torn by a crash: every line with
 * its byte offset, and the torn tail (bytes after the last newline, or a last line that does not
 * parse) set apart so the caller can report and quarantine it instead of dropping it silently.
 */

/** One complete line: its byte offset in the file and its parsed JSON value. */
export interface JournalLine {
  offset: number;
  value: unknown;
}

/** A line that is not JSON, or a torn tail. `sha256` is over its raw bytes. */
export interface BadLine {
  offset: number;
  bytes: number;
  sha256: string;
}

/** The readable lines of a file, lines in the middle that do not parse, and a torn tail. */
export interface JournalScan {
  lines: JournalLine[];
  corrupt: BadLine[];
  torn: BadLine | undefined;
  /** Byte length of the file up to the end of the last good line (where appends continue). */
  goodLength: number;
}

function badLine(buf: Buffer, offset: number, end: number): BadLine {
  return {
    offset,
    bytes: end - offset,
    sha256: createHash('sha256').update(buf.subarray(offset, end)).digest('hex'),
  };
}

/**
 * Scans `file` (missing file: empty scan). A last line without a terminating newline, or whose
 * JSON does not parse, is the torn tail; unparseable lines before it are `corrupt`.
 * @throws Error on read errors other than ENOENT.
 */
export function scanJournal(file: string): JournalScan {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return { lines: [], corrupt: [], torn: undefined, goodLength: 0 };
    throw e;
  }
  const scan: JournalScan = { lines: [], corrupt: [], torn: undefined, goodLength: 0 };
  let at = 0;
  while (at < buf.length) {
    const nl = buf.indexOf(0x0a, at);
    if (nl < 0) {
      scan.torn = badLine(buf, at, buf.length);
      break;
    }
    const text = buf.toString('utf8', at, nl);
    let value: unknown;
    let parsed = false;
    try {
      value = JSON.parse(text);
      parsed = true;
    } catch {
      parsed = false;
    }
    if (parsed) {
      scan.lines.push({ offset: at, value });
      scan.goodLength = nl + 1;
    } else if (nl + 1 === buf.length) {
      scan.torn = badLine(buf, at, nl + 1);
    } else {
      scan.corrupt.push(badLine(buf, at, nl + 1));
      scan.goodLength = nl + 1;
    }
    at = nl + 1;
  }
  return scan;
}

/**
 * Moves a torn tail out of `file`: appends its raw bytes (base64, with offset and SHA-256) to
 * `quarantineFile`, fsyncs it, then truncates `file` to `goodLength` so appends start on a
 * clean line. @throws Error on I/O failure.
 */
export function quarantineTail(file: string, scan: JournalScan, quarantineFile: string): void {
  if (!scan.torn) return;
  const fd = fs.openSync(file, 'r');
  const raw = Buffer.alloc(scan.torn.bytes);
  try {
    fs.readSync(fd, raw, 0, raw.length, scan.torn.offset);
  } finally {
    fs.closeSync(fd);
  }
  const note = { file, ...scan.torn, at: new Date().toISOString(), base64: raw.toString('base64') };
  appendDurably(quarantineFile, `${JSON.stringify(note)}\n`);
  fs.truncateSync(file, scan.goodLength);
}

/** Appends `text` to `file` and fsyncs it before returning. @throws Error on I/O failure. */
export function appendDurably(file: string, text: string): void {
  const fd = fs.openSync(file, 'a');
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Fsyncs a directory so a rename or a new file in it survives a crash (best effort on platforms without it). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open directories; rename durability is then the file system's.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
