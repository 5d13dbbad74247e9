import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { judge, type Judgement } from '../core/judge';
import type { ContextHints, Decision, JudgedFinding } from '../core/policy/model';
import type { Action, Actor, ColumnFact, Dialect } from '../core/types';
import { EXIT, UsageError, type CliIo } from './io';
import { findingJson } from './lint';
import { parseActorArg, parseDialect, parseKind } from './options';
import { expandPolicyPaths } from './policy-test';
import { formatPolicyDiagnostics, loadRuntime, type Runtime } from './runtime';

export const CHECK_HELP = `Usage:
  railguard check [options] -- TEXT      judge one shell command or SQL text
  railguard check [options]              judge TEXT read from standard input
  railguard check --batch [--json]       judge JSON lines from stdin: {"kind","text","env","actor","dialect"}

Options:
  --env NAME            the environment (production, staging, development…); recognised from the
                        command's hosts, DATABASE_URL/PGHOST…, kube context, AWS profile otherwise
  --actor WHO           agent:NAME (claude-code, copilot, cursor, codex, gemini…) or human:NAME
  --kind KIND           shell (default) | sql
  --dialect NAME        SQL dialect for --kind sql: postgresql (default) | mysql | mariadb | sqlite…
  --policy PATH         an extra policy file, or a folder of them (*.yaml, *.yml), repeatable;
                        evaluated before the built-in policy
  --mode MODE           enforce | audit (audit decides and reports but never blocks)
  --json                print the decision as JSON
  -h, --help            show this help

Exit codes: 0 allow or warn, 10 ask, 20 deny, 2 usage error (also a --policy path that does
not exist or a folder without policy files).
`;

const EXIT_OF: Record<Decision['effect'], number> = {
  allow: EXIT.ok,
  warn: EXIT.ok,
  ask: EXIT.ask,
  deny: EXIT.deny,
};

/** A column as `table.column` (or `column` when the SQL leaves its table open). */
export function columnLabel(c: ColumnFact): string {
  return c.table ? `${c.table}.${c.name}` : c.name;
}

/** The data classes a judged finding falls in, with the tables and columns behind each (JSON shape). */
function dataClassJson(f: JudgedFinding): Record<string, unknown> {
  return {
    dataClasses: f.dataClasses,
    ...(f.dataClassMatches?.length
      ? {
          dataClassMatches: f.dataClassMatches.map((m) => ({
            dataClass: m.dataClass,
            tables: m.tables,
            columns: m.columns.map(columnLabel),
          })),
        }
      : {}),
  };
}

/**
 * The stable JSON shape of a decision (`railguard check --json`, batch lines, hooks). Each finding
 * carries `dataClasses` (the classes its statement's tables or columns fall in, as the policy
 * evaluation computed them) and, when there are any, `dataClassMatches` (per class, the tables
 * and `table.column`s that matched); the decision carries the union of the counted findings'
 * classes as `dataClasses`.
 */
export function decisionJson(j: Judgement): Record<string, unknown> {
  const d = j.decision;
  const classes = [...new Set(d.findings.filter((f) => !f.ignored).flatMap((f) => f.dataClasses))].sort();
  return {
    effect: d.effect,
    ...(d.decidedEffect !== d.effect ? { decidedEffect: d.decidedEffect } : {}),
    mode: d.mode,
    environment: d.environment,
    actor: `${d.actor.type}:${d.actor.name}`,
    reason: d.reason,
    findings: d.findings.map((f) => ({
      ...findingJson(f),
      effect: f.effect,
      ...(f.decidedBy ? { decidedBy: `${f.decidedBy.policy}/${f.decidedBy.rule}` } : {}),
      ...dataClassJson(f),
      ...(f.resources ? { resources: f.resources } : {}),
    })),
    dataClasses: classes,
    matched: d.matched.map((m) => `${m.policy}/${m.rule}`),
    controls: d.controls,
    environmentReason: d.environmentReason,
    policySetHash: d.policySetHash,
  };
}

/** One line of human-readable output for a decision. */
export function decisionText(j: Judgement): string {
  const d = j.decision;
  const lines = [`${d.effect.toUpperCase()}: ${d.reason}`];
  for (const f of d.findings) {
    lines.push(`  ${f.span.line}:${f.span.column}  ${f.effect.padEnd(5)}  ${f.message}  [${f.ruleId}]`);
  }
  lines.push(`  environment: ${d.environment} (${d.environmentReason})`);
  if (d.controls.length) lines.push(`  controls: ${d.controls.join(', ')}`);
  return lines.join('\n') + '\n';
}

interface CheckInput {
  kind: Action['kind'];
  text: string;
  dialect?: Dialect;
  env?: string;
  actor?: Actor;
}

function judgeInput(rt: Runtime, input: CheckInput, mode: 'enforce' | 'audit' | undefined): Judgement {
  const action: Action = {
    kind: input.kind,
    text: input.text,
    cwd: rt.cwd,
    source: 'cli',
    ...(input.dialect ? { dialect: input.dialect } : {}),
  };
  const hints: ContextHints = {
    env: rt.hints.env,
    ...(rt.hints.gitBranch ? { gitBranch: rt.hints.gitBranch } : {}),
    ...(rt.hints.kubeContext ? { kubeContext: rt.hints.kubeContext } : {}),
    ...(rt.hints.awsProfile ? { awsProfile: rt.hints.awsProfile } : {}),
    ...(input.env ? { explicitEnvironment: input.env } : {}),
    ...(input.actor ? { actor: input.actor } : {}),
  };
  const readFile = (p: string): string | undefined => {
    try {
      return fs.readFileSync(path.resolve(rt.cwd, p), 'utf8');
    } catch {
      return undefined;
    }
  };
  return judge(rt.parsers, rt.policies, action, hints, {
    metas: rt.metas,
    readFile,
    roots: { home: os.homedir() },
    ...(mode ? { mode } : {}),
  });
}

/** Parses one batch line into a check input. @throws Error with a message naming the bad field. */
export function parseBatchLine(line: string): CheckInput {
  const v: unknown = JSON.parse(line);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('expected a JSON object');
  const o = v as Record<string, unknown>;
  if (typeof o.text !== 'string') throw new Error('"text" must be a string');
  const str = (k: string): string | undefined => {
    const x = o[k];
    if (x === undefined || x === null) return undefined;
    if (typeof x !== 'string') throw new Error(`"${k}" must be a string`);
    return x;
  };
  const kind = str('kind');
  const dialect = str('dialect');
  const env = str('env');
  const actor = str('actor');
  return {
    kind: kind ? parseKind(kind) : 'shell',
    text: o.text,
    ...(dialect ? { dialect: parseDialect(dialect) } : {}),
    ...(env ? { env } : {}),
    ...(actor ? { actor: parseActorArg(actor) } : {}),
  };
}

const CHECK_OPTIONS = {
  env: { type: 'string' },
  actor: { type: 'string' },
  kind: { type: 'string', default: 'shell' },
  dialect: { type: 'string' },
  policy: { type: 'string', multiple: true },
  mode: { type: 'string' },
  json: { type: 'boolean', default: false },
  batch: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

interface ParsedCheck {
  values: ReturnType<
    typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof CHECK_OPTIONS }>
  >['values'];
  positionals: string[];
  base: CheckInput;
  mode: 'enforce' | 'audit' | undefined;
}

function parseCheckArgs(args: string[]): ParsedCheck {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: CHECK_OPTIONS });
  const mode = values.mode;
  if (mode !== undefined && mode !== 'enforce' && mode !== 'audit')
    throw new UsageError(`unknown --mode "${mode}"`);
  const base: CheckInput = {
    kind: parseKind(values.kind ?? 'shell'),
    text: '',
    ...(values.dialect ? { dialect: parseDialect(values.dialect) } : {}),
    ...(values.env ? { env: values.env } : {}),
    ...(values.actor ? { actor: parseActorArg(values.actor) } : {}),
  };
  return { values, positionals, base, mode };
}

async function prepare(p: ParsedCheck, io: CliIo): Promise<Runtime> {
  const files = p.values.policy ? expandPolicyPaths(p.values.policy) : undefined;
  const rt = await loadRuntime(files ? { policyFiles: files } : {});
  if (rt.policies.diagnostics.some((d) => d.severity === 'error'))
    io.stderr(formatPolicyDiagnostics(rt.policies));
  return rt;
}

async function singleText(p: ParsedCheck, io: CliIo): Promise<string> {
  const text = p.positionals.length > 0 ? p.positionals.join(' ') : (await io.readStdin()).replace(/\n$/, '');
  if (text.trim() === '') throw new UsageError('nothing to check: give TEXT after -- or on stdin');
  return text;
}

/**
 * Parses check options and judges the one TEXT they name (for `explain -- TEXT`).
 * @returns undefined when only help was asked for. @throws UsageError
 */
export async function runCheckJudgement(args: string[], io: CliIo): Promise<Judgement | undefined> {
  const p = parseCheckArgs(args);
  if (p.values.help) {
    io.stdout(CHECK_HELP);
    return undefined;
  }
  const text = await singleText(p, io);
  return judgeInput(await prepare(p, io), { ...p.base, text }, p.mode);
}

/** `railguard check`. */
export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const p = parseCheckArgs(args);
  if (p.values.help) {
    io.stdout(CHECK_HELP);
    return EXIT.ok;
  }
  if (!p.values.batch) {
    const text = await singleText(p, io);
    const j = judgeInput(await prepare(p, io), { ...p.base, text }, p.mode);
    io.stdout(p.values.json ? JSON.stringify(decisionJson(j), null, 2) + '\n' : decisionText(j));
    return EXIT_OF[j.decision.effect];
  }
  if (p.positionals.length > 0) throw new UsageError('--batch reads stdin; give no TEXT');
  const rt = await prepare(p, io);
  const lines = (await io.readStdin()).split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let out: Record<string, unknown>;
    try {
      out = decisionJson(judgeInput(rt, { ...p.base, ...parseBatchLine(line) }, p.mode));
    } catch (err) {
      out = { error: err instanceof Error ? err.message : String(err), line: i + 1 };
    }
    io.stdout(JSON.stringify(out) + '\n');
  });
  return EXIT.ok;
}
