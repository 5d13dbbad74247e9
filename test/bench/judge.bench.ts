/**
 * Judge latency and throughput on the shared real corpus: single shell commands, single SQL
 * statements, whole-corpus lint in process, and `railguard check --batch` as a process.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { collectSqlFiles } from '../../server/src/cli/files';
import { loadRuntime } from '../../server/src/runtime/runtime';
import { judge } from '../../server/src/core/judge';
import { lintSql } from '../../server/src/core/lint';
import { detectDialect } from '../../server/src/core/sql/dialect';
import { CORPUS } from '../helpers/parsers';
import { summary } from './stats';

const ROOT = path.resolve(__dirname, '../..');

export async function run(): Promise<Record<string, unknown>> {
  const rt = await loadRuntime({ cwd: ROOT });
  const commands = fs
    .readFileSync(path.join(CORPUS, 'shell/all.cm'), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const actor = { type: 'agent' as const, name: 'claude-code' };
  const judgeShell = (text: string): void => {
    judge(
      rt.parsers,
      rt.policies,
      { kind: 'shell', text },
      { explicitEnvironment: 'production', actor },
      { metas: rt.metas },
    );
  };
  for (const c of commands.slice(0, 500)) judgeShell(c); // warm-up (JIT)
  const shell = commands.map((c) => {
    const t0 = performance.now();
    judgeShell(c);
    return performance.now() - t0;
  });

  const files = collectSqlFiles([path.join(CORPUS, 'migrations')]);
  const texts = files.map((f) => ({ file: f, text: fs.readFileSync(f, 'utf8') }));
  const t0 = performance.now();
  const statements: { text: string; dialect: ReturnType<typeof detectDialect> }[] = [];
  for (const { file, text } of texts) {
    const dialect = detectDialect(file, text) ?? 'postgresql';
    const a = lintSql(rt.parsers, text, { file, dialect });
    for (const s of a.sql.flatMap((x) => x.statements))
      if (s.origin === 'top') statements.push({ text: s.text, dialect });
  }
  const lintSeconds = (performance.now() - t0) / 1000;
  const sql = statements.map((s) => {
    const t = performance.now();
    judge(
      rt.parsers,
      rt.policies,
      { kind: 'sql', text: s.text, ...(s.dialect ? { dialect: s.dialect } : {}) },
      { explicitEnvironment: 'production', actor },
      { metas: rt.metas },
    );
    return performance.now() - t;
  });

  const batchInput = commands
    .map((text) => JSON.stringify({ kind: 'shell', text, env: 'production', actor: 'agent:claude-code' }))
    .join('\n');
  const b0 = performance.now();
  const batch = spawnSync(process.execPath, [path.join(ROOT, 'dist/railguard.js'), 'check', '--batch'], {
    input: batchInput,
    cwd: ROOT,
    maxBuffer: 1 << 30,
  });
  const batchSeconds = (performance.now() - b0) / 1000;
  const batchLines = batch.stdout.toString().split('\n').filter(Boolean).length;

  return {
    shellJudgeMs: { corpus: 'shell/all.cm', ...summary(shell) },
    sqlStatementJudgeMs: { corpus: 'migrations (top-level statements)', ...summary(sql) },
    corpusLintInProcess: {
      files: files.length,
      statements: statements.length,
      seconds: Number(lintSeconds.toFixed(3)),
    },
    batchCheck: {
      commands: commands.length,
      decisions: batchLines,
      exitCode: batch.status,
      seconds: Number(batchSeconds.toFixed(3)),
      commandsPerSecond: Math.round(commands.length / batchSeconds),
    },
  };
}

if (require.main === module) void run().then((r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'));
