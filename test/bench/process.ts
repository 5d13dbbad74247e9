/**
 * What the benches that run Railguard's processes share: the built CLI bundle and a poll for
 * a condition such as the daemon having written its endpoint files.
 */
import * as path from 'node:path';

/** The CLI bundle `npm run bench` builds (`dist/railguard.js`). */
export const CLI = path.join(path.resolve(__dirname, '../..'), 'dist', 'railguard.js');

/**
 * Polls `cond` every 50 ms until it is true.
 * @throws Error after `ms` milliseconds ("timed out waiting for the daemon").
 */
export async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for the daemon');
    await new Promise((r) => setTimeout(r, 50));
  }
}
