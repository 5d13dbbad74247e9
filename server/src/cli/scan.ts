import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { judge, type Judgement } from '../core/judge';
import { lintSql } from '../core/lint';
import type { Actor, Effect, Finding } from '../core/types';
import { collectSqlFiles } from './files';
import { projectDialectDetector } from './project-dialect';
import { EXIT, UsageError, type CliIo } from './io';
import { parseActorArg } from './options';
import { loadRuntime, type Runtime } from '../runtime/runtime';

export const SCAN_HELP = `Usage: railguard scan [--migrations PATH…] [--commands FILE…] [options]

Surveys a repository's SQL migrations and a file of shell commands (one per line, e.g. a shell
history) and prints what Railguard makes of them: parse coverage per dialect, findings per rule,
and the decisions an agent would get in production and in development.

Options:
  --migrations PATH   a .sql file or a folder searched for *.sql (repeatable)
  --commands FILE     a file of shell commands, one per line (repeatable)
  --actor WHO         actor for the decisions (default agent:claude-code)
  --list              also list every command that is not allowed in some environment, with its
                      decisions and the rules that fired
  --json              print the summary as JSON
  -h, --help          show this help
`;

const ENVIRONMENTS = ['production', 'development'] as const;

function countBy<T>(items: Iterable<T>, key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const round = (n: number, digits = 3): number => Number(n.toFixed(digits));

function scanMigrations(rt: Runtime, paths: string[], progress: (done: number, total: number) => void) {
  const started = performance.now();
  const files = collectSqlFiles(paths);
  const dialects: Record<
    string,
    { files: number; statements: number; unparsed: number; bodyStatements: number }
  > = {};
  const findings: Finding[] = [];
  const crashed: { file: string; error: string }[] = [];
  const detect = projectDialectDetector();
  files.forEach((file, i) => {
    progress(i, files.length);
    try {
      const text = fs.readFileSync(file, 'utf8');
      const dialect = detect(file, text) ?? 'postgresql';
      const a = lintSql(rt.parsers, text, { file, dialect });
      const d = (dialects[dialect] ??= { files: 0, statements: 0, unparsed: 0, bodyStatements: 0 });
      d.files++;
      for (const s of a.sql.flatMap((x) => x.statements)) {
        if (s.origin === 'plpgsql') d.bodyStatements++;
        else {
          d.statements++;
          if (!s.parsed) d.unparsed++;
        }
      }
      findings.push(...a.findings.filter((f) => !f.suppressed));
    } catch (err) {
      crashed.push({ file, error: err instanceof Error ? err.message : String(err) });
    }
  });
  const coverage = Object.fromEntries(
    Object.entries(dialects).map(([k, v]) => [
      k,
      {
        ...v,
        parsedPercent: round(v.statements ? (100 * (v.statements - v.unparsed)) / v.statements : 100, 2),
      },
    ]),
  );
  return {
    files: files.length,
    statements: Object.values(dialects).reduce((n, d) => n + d.statements, 0),
    coverage,
    findingsPerRule: countBy(findings, (f) => f.ruleId),
    findingsPerCategory: countBy(findings, (f) => f.category),
    crashed,
    seconds: round((performance.now() - started) / 1000),
  };
}

/** A command that is not allowed in some environment (`scan --list`). */
interface ListedCommand {
  /** 1-based line among the non-empty lines of the command files. */
  line: number;
  text: string;
  /** Decided effect per environment. */
  decisions: Record<string, Effect>;
  /** Rule ids of the findings, in order, without repeats. */
  rules: string[];
}

function scanCommands(
  rt: Runtime,
  files: string[],
  actor: Actor,
  progress: (done: number, total: number) => void,
  list = false,
) {
  const started = performance.now();
  const lines = files.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n')).filter((l) => l.trim() !== '');
  const findings: Finding[] = [];
  const effects: Record<string, Record<Effect, number>> = {};
  const latencies: number[] = [];
  const crashed: { command: string; error: string }[] = [];
  const listed: ListedCommand[] = [];
  lines.forEach((text, i) => {
    progress(i, lines.length);
    try {
      let first: Judgement | undefined;
      const decided: Record<string, Effect> = {};
      for (const env of ENVIRONMENTS) {
        const t0 = performance.now();
        const j = judge(
          rt.parsers,
          rt.policies,
          { kind: 'shell', text, source: 'cli' },
          { explicitEnvironment: env, actor },
          { metas: rt.metas },
        );
        latencies.push(performance.now() - t0);
        first ??= j;
        const e = (effects[env] ??= { allow: 0, warn: 0, ask: 0, deny: 0 });
        e[j.decision.effect]++;
        decided[env] = j.decision.effect;
      }
      findings.push(...(first?.analysis.findings ?? []));
      if (list && Object.values(decided).some((e) => e !== 'allow'))
        listed.push({
          line: i + 1,
          text,
          decisions: decided,
          rules: [...new Set((first?.analysis.findings ?? []).map((f) => f.ruleId))],
        });
    } catch (err) {
      crashed.push({ command: text, error: err instanceof Error ? err.message : String(err) });
    }
  });
  latencies.sort((a, b) => a - b);
  return {
    commands: lines.length,
    actor: `${actor.type}:${actor.name}`,
    decisions: effects,
    findingsPerRule: countBy(findings, (f) => f.ruleId),
    judgeMs: {
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1) ?? 0),
    },
    crashed,
    ...(list ? { listed } : {}),
    seconds: round((performance.now() - started) / 1000),
  };
}

function table(rows: Record<string, number>, indent = '    '): string {
  const w = Math.max(0, ...Object.keys(rows).map((k) => k.length));
  return Object.entries(rows)
    .map(([k, v]) => `${indent}${k.padEnd(w)}  ${v}`)
    .join('\n');
}

/** `railguard scan`: the main job on a repository (and on the bundled real corpus). */
export async function runScan(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      migrations: { type: 'string', multiple: true },
      commands: { type: 'string', multiple: true },
      actor: { type: 'string', default: 'agent:claude-code' },
      json: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(SCAN_HELP);
    return EXIT.ok;
  }
  const migrations = values.migrations ?? [];
  const commands = values.commands ?? [];
  if (migrations.length + commands.length === 0)
    throw new UsageError('give --migrations PATH and/or --commands FILE');
  for (const p of [...migrations, ...commands])
    if (!fs.existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);
  const started = performance.now();
  const rt = await loadRuntime();
  const progress = (what: string) => (done: number, total: number) => {
    if (io.isTTY && (done % 250 === 0 || done === total - 1)) io.stderr(`\r${what} ${done + 1}/${total}`);
    if (io.isTTY && done === total - 1) io.stderr('\n');
  };
  const summary = {
    migrations: migrations.length ? scanMigrations(rt, migrations, progress('migrations')) : undefined,
    commands: commands.length
      ? scanCommands(
          rt,
          commands,
          parseActorArg(values.actor ?? 'agent:claude-code'),
          progress('commands'),
          values.list,
        )
      : undefined,
    wallSeconds: 0,
  };
  summary.wallSeconds = round((performance.now() - started) / 1000);
  if (values.json) io.stdout(JSON.stringify(summary, null, 2) + '\n');
  else io.stdout(renderSummary(summary));
  const crashes = (summary.migrations?.crashed.length ?? 0) + (summary.commands?.crashed.length ?? 0);
  return crashes ? EXIT.findings : EXIT.ok;
}

function renderSummary(s: {
  migrations: ReturnType<typeof scanMigrations> | undefined;
  commands: ReturnType<typeof scanCommands> | undefined;
  wallSeconds: number;
}): string {
  const out: string[] = [];
  const m = s.migrations;
  if (m) {
    out.push(`SQL migrations: ${m.files} files, ${m.statements} statements, ${m.seconds} s`);
    for (const [d, c] of Object.entries(m.coverage)) {
      out.push(
        `  ${d}: ${c.files} files, ${c.statements} statements, ${c.parsedPercent}% parsed (${c.unparsed} unparsed), ${c.bodyStatements} statements inside function/DO bodies`,
      );
    }
    out.push('  findings per rule:', table(m.findingsPerRule));
    if (m.crashed.length)
      out.push(
        `  CRASHED on ${m.crashed.length} files: ${m.crashed
          .slice(0, 5)
          .map((c) => `${c.file}: ${c.error}`)
          .join('; ')}`,
      );
  }
  const c = s.commands;
  if (c) {
    out.push(
      '',
      `Shell commands: ${c.commands} commands judged as ${c.actor}, ${c.seconds} s (judge p50 ${c.judgeMs.p50} ms, p99 ${c.judgeMs.p99} ms)`,
    );
    for (const [env, e] of Object.entries(c.decisions))
      out.push(
        `  ${env}: ${Object.entries(e)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      );
    out.push('  findings per rule:', table(c.findingsPerRule));
    if (c.listed?.length) {
      out.push('  not allowed somewhere (decision per environment, rules):');
      for (const l of c.listed)
        out.push(
          `    ${Object.values(l.decisions)
            .map((e) => e.padEnd(5))
            .join(' ')}  ${l.text}${l.rules.length ? `  [${l.rules.join(', ')}]` : ''}`,
        );
    }
    if (c.crashed.length)
      out.push(
        `  CRASHED on ${c.crashed.length} commands: ${c.crashed
          .slice(0, 5)
          .map((x) => `${x.command}: ${x.error}`)
          .join('; ')}`,
      );
  }
  out.push('', `wall time ${s.wallSeconds} s`);
  return out.join('\n') + '\n';
}
