import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Single-writer lock: `audit.lock` created with O_EXCL holding `{ pid, host, time }`.
 * A lock whose process no longer exists on this host (or whose content is unreadable) is stale and
 * taken over. A lock held by a live process, or by another host (whose processes cannot be
 * checked), is respected.
 */

export const LOCK_FILE = 'audit.lock';

/** Whether `pid` is a live process on this host (`kill(pid, 0)`; EPERM means it exists). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock of `dir`.
 * @returns a function that releases it (idempotent).
 * @throws Error `audit log … is locked by pid N on HOST` when another live writer holds it.
 */
export function acquireLock(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  const me = JSON.stringify({ pid: process.pid, host: os.hostname(), time: new Date().toISOString() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, me, { flag: 'wx', mode: 0o600 });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8') === me) fs.unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder: { pid?: unknown; host?: unknown } = {};
    try {
      holder = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof holder;
    } catch {
      // Unreadable or half-written lock: stale.
    }
    const pid = typeof holder.pid === 'number' ? holder.pid : undefined;
    const host = typeof holder.host === 'string' ? holder.host : undefined;
    if (pid !== undefined && (host !== os.hostname() || alive(pid)) && pid !== process.pid) {
      throw new Error(`audit log ${dir} is locked by pid ${pid} on ${host ?? 'unknown host'}`);
    }
    if (pid === process.pid) throw new Error(`audit log ${dir} is already open in this process`);
    try {
      fs.unlinkSync(file);
    } catch {
      // Someone else removed it first; retry.
    }
  }
  throw new Error(`audit log ${dir}: could not take the lock`);
}
