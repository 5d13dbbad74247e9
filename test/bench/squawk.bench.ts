/**
 * Railguard vs squawk (squawk-cli, the PostgreSQL migration linter) on the same real PostgreSQL
 * migration files, whole process each: wall time, CPU time (user + system, GNU time's %U %S) and
 * peak RSS (%M, KiB), best of N runs, the two tools' runs interleaved. On a loaded machine wall
 * time measures the other processes as much as ours: compare CPU times then.
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
  /** Best wall time, s. */
  seconds: number;
  /** Best user + system CPU time, s (NaN without GNU time). */
  cpuSeconds: number;
  /** Largest peak RSS over the runs, MiB (NaN without GNU time). */
  peakRssMiB: number;
  exitCode: number | null;
}

/** One run of `cmd args` (under GNU time when present). */
function measureOnce(cmd: string, args: string[]): Measured {
  const hasTime = fs.existsSync('/usr/bin/time');
  const t0 = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%U %S %M', cmd, ...args], { cwd: ROOT, maxBuffer: 1 << 30 })
    : spawnSync(cmd, args, { cwd: ROOT, maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const t = hasTime ? /([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr.toString()) : null;
  return {
    seconds: Number(seconds.toFixed(3)),
    cpuSeconds: t ? Number((Number(t[1]) + Number(t[2])).toFixed(2)) : NaN,
    peakRssMiB: t ? Number((Number(t[3]) / 1024).toFixed(1)) : NaN,
    exitCode: r.status,
  };
}

/** Best of `runs` (each the minimum wall and CPU time, the maximum peak RSS). */
function best(runs: Measured[]): Measured {
  const first = runs[0];
  if (!first) throw new Error('no run');
  return runs.reduce(
    (b, m) => ({
      seconds: Math.min(b.seconds, m.seconds),
      cpuSeconds: Math.min(b.cpuSeconds, m.cpuSeconds),
      peakRssMiB: Math.max(b.peakRssMiB, m.peakRssMiB),
      exitCode: b.exitCode ?? m.exitCode,
    }),
    first,
  );
}

export async function run(): Promise<Record<string, unknown>> {
  const files = collectSqlFiles([path.join(CORPUS, 'migrations')]).filter(
    (f) => (detectDialect(f, fs.readFileSync(f, 'utf8')) ?? 'postgresql') === 'postgresql',
  );
  const squawkBin = spawnSync('bash', [path.join(ROOT, 'test/setup/squawk.sh')], {
    encoding: 'utf8',
  }).stdout.trim();
  const railguardArgs = [
    path.join(ROOT, 'dist/railguard.js'),
    'lint',
    '--dialect',
    'postgresql',
    '--format',
    'json',
    ...files,
  ];
  const squawkRuns: Measured[] = [];
  const railguardRuns: Measured[] = [];
  for (let i = 0; i < RUNS; i++) {
    squawkRuns.push(measureOnce(squawkBin, ['--reporter', 'json', ...files]));
    railguardRuns.push(measureOnce(process.execPath, railguardArgs));
  }
  const squawk = best(squawkRuns);
  const railguard = best(railguardRuns);
  return {
    files: files.length,
    runs: RUNS,
    squawk,
    railguard,
    wallTimeRatio: Number((railguard.seconds / squawk.seconds).toFixed(2)),
    cpuTimeRatio: Number((railguard.cpuSeconds / squawk.cpuSeconds).toFixed(2)),
    target: 'railguard within 2x of squawk wall time',
  };
}

if (require.main === module) void run().then((r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'));
