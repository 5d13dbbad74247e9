import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AuditInput } from './model';

/**
 * The audit spool: decisions made while the daemon's audit log cannot take them (the daemon is
 * down and the hook judged in its own process; the log is still locked by a daemon that is
 * stopping) are each written, fsynced, to one file of a private folder (0700; files 0600) named
 * `<ms since epoch, 13 digits>-<pid>-<random hex>.json` holding the {@link AuditInput} as JSON
 * (`time` as ISO 8601). The daemon appends them to the hash chain, oldest first, when it opens
 * its log (and then every minute), and deletes each file once the log holding it is fsynced.
 * Text is masked when appended, as every record is: a spool file holds it unmasked, in the
 * user's private folder, until then.
 */

const NAME = /^\d{13}-\d+-[0-9a-f]{8}\.json$/;

/**
 * Writes one decision to the spool durably (write + fsync of the file and of the folder).
 * @throws Error when the folder cannot be created or written.
 */
export function spoolDecision(dir: string, input: AuditInput, now: Date = new Date()): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const name = `${String(now.getTime()).padStart(13, '0')}-${process.pid}-${randomBytes(4).toString('hex')}.json`;
  const file = path.join(dir, name);
  const fd = fs.openSync(file, 'wx', 0o600);
  try {
    fs.writeSync(fd, JSON.stringify({ ...input, time: (input.time ?? now).toISOString() }) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    const d = fs.openSync(dir, 'r');
    fs.fsyncSync(d);
    fs.closeSync(d);
  } catch {
    // Folder fsync is not supported everywhere; the file itself is durable.
  }
  return file;
}

/** One spooled decision: its file and its input; `input` undefined when the file is unreadable. */
export interface Spooled {
  file: string;
  input?: AuditInput;
  error?: string;
}

/** The spooled decisions, oldest first (empty when the folder does not exist). Never throws. */
export function readSpool(dir: string): Spooled[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => NAME.test(n));
  } catch {
    return [];
  }
  return names.sort().map((n) => {
    const file = path.join(dir, n);
    try {
      const v = JSON.parse(fs.readFileSync(file, 'utf8')) as AuditInput & { time?: string | Date };
      if (typeof v !== 'object' || v === null || typeof v.what?.text !== 'string')
        return { file, error: 'not an audit input' };
      const time = typeof v.time === 'string' ? new Date(v.time) : undefined;
      return { file, input: { ...v, ...(time && !Number.isNaN(time.getTime()) ? { time } : {}) } };
    } catch (err) {
      return { file, error: err instanceof Error ? err.message : String(err) };
    }
  });
}
