import { spawn } from 'node:child_process';
import type { JudgeResult, RunCommandResult } from './approval-protocol';
import type { MaskText } from './approval-forwarding';

/** Largest output returned to an agent, bytes (UTF-8); the rest is cut and `truncated` set. */
export const MAX_OUTPUT_BYTES = 64 * 1024;

/** Options of {@link runGuarded}. */
export interface GuardedRunOptions {
  command: string;
  cwd?: string;
  /** Kill the command (SIGTERM, then SIGKILL 2 s later) after this many ms (default 60 000). */
  timeoutMs?: number;
  /** The shell, `bash` by default (`/bin/sh` when bash is missing is not attempted: it fails loudly). */
  shell?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs `command` with `SHELL -c` only when `judgement.effect` is `allow` or `warn`; otherwise
 * returns `ran: false` with the judgement (the caller reports the reason). Output is stdout and
 * stderr interleaved as they arrive, masked with `mask`, at most {@link MAX_OUTPUT_BYTES}.
 * Never rejects: a spawn error becomes exit code null and the error text as output.
 */
export async function runGuarded(
  judgement: JudgeResult,
  options: GuardedRunOptions,
  mask: MaskText,
): Promise<RunCommandResult> {
  if (judgement.effect !== 'allow' && judgement.effect !== 'warn') return { judgement, ran: false };
  const run = await new Promise<{ code: number | null; out: string; truncated: boolean; timedOut: boolean }>(
    (resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      let timedOut = false;
      const child = spawn(options.shell ?? 'bash', ['-c', options.command], {
        ...(options.cwd ? { cwd: options.cwd } : {}),
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const take = (b: Buffer): void => {
        if (size >= MAX_OUTPUT_BYTES) {
          truncated = true;
          return;
        }
        const part = b.subarray(0, MAX_OUTPUT_BYTES - size);
        if (part.length < b.length) truncated = true;
        chunks.push(part);
        size += part.length;
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      }, options.timeoutMs ?? 60_000);
      child.once('error', (err) => {
        clearTimeout(timer);
        resolve({
          code: null,
          out: `could not start ${options.shell ?? 'bash'}: ${err.message}`,
          truncated,
          timedOut,
        });
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, out: Buffer.concat(chunks).toString('utf8'), truncated, timedOut });
      });
    },
  );
  return {
    judgement,
    ran: true,
    exitCode: run.code,
    output: await mask(run.out),
    ...(run.truncated ? { truncated: true } : {}),
    ...(run.timedOut ? { timedOut: true } : {}),
  };
}
