/**
 * What the benches that run Railguard's processes share: the built CLI bundle, a poll for a
 * condition such as the daemon having written its endpoint files, and timing loops run in a shell.
 */
import { spawnSync } from 'node:child_process';
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

/**
 * Runs `shell args…` (a loop that prints one duration in µs per line, e.g. from `$EPOCHREALTIME`)
 * and returns the durations in milliseconds.
 * @throws Error when the shell exits non-zero (its stderr) or runs past `timeoutMs`.
 */
export function shellDurations(
  shell: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): number[] {
  const r = spawnSync(shell, args, {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
  });
  if (r.status !== 0) throw new Error(`${shell} loop failed: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => /^\d+$/.test(l))
    .map((l) => Number(l) / 1000);
}
