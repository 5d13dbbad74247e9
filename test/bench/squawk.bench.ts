/**
 * Railguard vs squawk (squawk-cli, the PostgreSQL migration linter) on the same real PostgreSQL
 * migration files, whole process each: wall time and peak RSS (GNU time's %M, KiB), best of N runs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectSqlFiles } from '../../server/src/cli/files';
import { detectDialect } from '../../server/src/core/sql/dialect';
import { CORPUS } from '../helpers/parsers';

const ROOT = path.resolve(__dirname, '../..');
const RUNS = 3;

interface Measured {
  seconds: number;
  peakRssMiB: number;
  exitCode: number | null;
}

function measure(cmd: string, args: string[]): Measured {
  const hasTime = fs.existsSync('/usr/bin/time');
  let best: Measured | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = hasTime
      ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd: ROOT, maxBuffer: 1 << 30 })
      : spawnSync(cmd, args, { cwd: ROOT, maxBuffer: 1 << 30 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const rssKiB = hasTime ? Number(/(\d+)\s*$/.exec(r.stderr.toString())?.[1] ?? NaN) : NaN;
    const m = {
      seconds: Number(seconds.toFixed(3)),
      peakRssMiB: Number((rssKiB / 1024).toFixed(1)),
      exitCode: r.status,
    };
    if (!best || m.seconds < best.seconds) best = m;
  }
  if (!best) throw new Error('no run');
  return best;
}

export async function run(): Promise<Record<string, unknown>> {
  const files = collectSqlFiles([path.join(CORPUS, 'migrations')]).filter(
    (f) => (detectDialect(f, fs.readFileSync(f, 'utf8')) ?? 'postgresql') === 'postgresql',
  );
  const squawkBin = spawnSync('bash', [path.join(ROOT, 'test/setup/squawk.sh')], {
    encoding: 'utf8',
  }).stdout.trim();
  const squawk = measure(squawkBin, ['--reporter', 'json', ...files]);
  const railguard = measure(process.execPath, [
    path.join(ROOT, 'dist/railguard.js'),
    'lint',
    '--dialect',
    'postgresql',
    '--format',
    'json',
    ...files,
  ]);
  return {
    files: files.length,
    runs: RUNS,
    squawk,
    railguard,
    wallTimeRatio: Number((railguard.seconds / squawk.seconds).toFixed(2)),
    target: 'railguard within 2x of squawk wall time',
  };
}

if (require.main === module) void run().then((r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'));
