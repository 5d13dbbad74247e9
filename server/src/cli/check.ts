import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { judge, type Judgement } from '../core/judge';
import type { ContextHints, Decision } from '../core/policy/model';
import type { Action, Actor, Dialect, FileOperation } from '../core/types';
import { EXIT, UsageError, type CliIo } from './io';
import { columnLabel, decisionJson, factsJson } from '../runtime/decision-json';
import { parseActorArg, parseDialect, parseKind } from './options';
import { expandPolicyPaths } from './policy-test';
import { canonicalEnvironment, knownEnvironments } from '../core/policy/context';
import { detectKind } from './detect-kind';
import { actionDirLister, actionFileReader, actionRealPath } from '../runtime/read-action-file';
import { formatPolicyDiagnostics, formatPolicyProblems, loadRuntime, type Runtime } from '../runtime/runtime';

const FILE_OPERATIONS: readonly FileOperation[] = ['write', 'edit', 'delete', 'read', 'patch'];

export const CHECK_HELP = `Usage:
  railguard check [options] -- TEXT      judge one shell command or SQL text
  railguard check [options]              judge TEXT read from standard input
  railguard check --batch [--json]       judge JSON lines from stdin: {"kind","text","env","actor","dialect"}
  railguard check --file PATH [--operation OP] [-- CONTENT]
                                         judge a file tool call: OP write (default) | edit | delete |
                                         read | patch of PATH, with CONTENT (or stdin) as what is written

Options:
  --env NAME            the environment (production, staging, development…, or an alias the
                        policy declares: prod, prd, stg, dev…; case-insensitive; an unknown name
                        is a usage error); recognised from the command's hosts,
                        DATABASE_URL/PGHOST…, kube context, AWS profile otherwise
  --actor WHO           agent:NAME (claude-code, copilot, cursor, codex, gemini…) or human:NAME
  --kind KIND           shell | sql; when absent, TEXT that parses as SQL and whose first word
                        is no shell builtin or program on PATH is SQL, else shell (the kind
                        assumed is said on stderr and as "kindAssumed" in --json)
  --dialect NAME        SQL dialect for --kind sql: postgresql (default) | mysql | mariadb | sqlite…
  --file PATH           judge a file action on PATH (as an agent's Write/Edit/Read tool would)
  --operation OP        with --file: write (default) | edit | delete | read | patch
  --policy PATH         an extra policy file, or a folder of them (*.yaml, *.yml), repeatable;
                        evaluated before the built-in policy (workspace tier, as approved)

  --mode MODE           enforce | audit (audit decides and reports but never blocks)
  --json                print the decision as JSON
  -h, --help            show this help

Policies: built-in < organization (signed) < user ($XDG_CONFIG_HOME/railguard/policies) <
workspace (every .railguard/policies from the current folder up). A user or workspace file no
human approved (railguard policy trust FILE) can only make decisions stricter.

Exit codes: 0 allow or warn, 10 ask, 20 deny, 2 usage error (also a --policy path that does
not exist or a folder without policy files, or an unknown --env), 3 a policy file does not load
(the decision printed was made failing closed: production at least ask; fix the file named on
stderr). With --batch: 0 every line judged, 1 a line could not be judged (its output line is an
"error" object), 3 a policy file does not load.
`;

// Re-exported for adapters that imported them from here (they live in the runtime layer now).
export { columnLabel, decisionJson, factsJson };

const EXIT_OF: Record<Decision['effect'], number> = {
  allow: EXIT.ok,
  warn: EXIT.ok,
  ask: EXIT.ask,
  deny: EXIT.deny,
};

/** One line of human-readable output for a decision. */
export function decisionText(j: Judgement): string {
  const d = j.decision;
  const lines = [`${d.effect.toUpperCase()}: ${d.reason}`];
  for (const f of d.findings) {
    const tier = f.decidedBy ? ` (${f.decidedBy.origin} ${f.decidedBy.policy}/${f.decidedBy.rule})` : '';
    lines.push(
      `  ${f.span.line}:${f.span.column}  ${f.effect.padEnd(5)}  ${f.message}  [${f.ruleId}]${tier}`,
    );
  }
  lines.push(`  environment: ${d.environment} (${d.environmentReason})`);
  if (d.controls.length) lines.push(`  controls: ${d.controls.join(', ')}`);
  return lines.join('\n') + '\n';
}

interface CheckInput {
  /** Absent: detected from the text ({@link detectKind}). */
  kind?: Action['kind'];
  text: string;
  file?: string;
  operation?: FileOperation;
  dialect?: Dialect;
  env?: string;
  actor?: Actor;
}

/** The environment named by `--env`/`env`, as the set names it. @throws UsageError when unknown. */
function checkedEnvironment(rt: Runtime, env: string): string {
  const canonical = canonicalEnvironment(rt.policies, env);
  if (canonical === undefined)
    throw new UsageError(
      `unknown environment "${env}" (known: ${knownEnvironments(rt.policies).join(', ')})`,
    );
  return canonical;
}

function judgeInput(rt: Runtime, input: CheckInput, mode: 'enforce' | 'audit' | undefined): Judgement {
  const env = input.env !== undefined ? checkedEnvironment(rt, input.env) : undefined;
  const action: Action = {
    kind: input.kind ?? detectKind(rt.parsers, input.text),
    text: input.text,
    cwd: rt.cwd,
    source: 'cli',
    ...(input.dialect ? { dialect: input.dialect } : {}),
    ...(input.file !== undefined ? { file: input.file } : {}),
    ...(input.operation ? { operation: input.operation } : {}),
  };
  const hints: ContextHints = {
    env: rt.hints.env,
    ...(rt.hints.gitBranch ? { gitBranch: rt.hints.gitBranch } : {}),
    ...(rt.hints.kubeContext ? { kubeContext: rt.hints.kubeContext } : {}),
    ...(rt.hints.awsProfile ? { awsProfile: rt.hints.awsProfile } : {}),
    ...(env ? { explicitEnvironment: env } : {}),
    ...(input.actor ? { actor: input.actor } : {}),
  };
  const readFile = actionFileReader(rt.cwd);
  return judge(rt.parsers, rt.policies, action, hints, {
    metas: rt.metas,
    readFile,
    realPath: actionRealPath(),
    listDir: actionDirLister(rt.cwd),
    home: os.homedir(),
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
    ...(kind ? { kind: parseKind(kind) } : {}),
    text: o.text,
    ...(dialect ? { dialect: parseDialect(dialect) } : {}),
    ...(env ? { env } : {}),
    ...(actor ? { actor: parseActorArg(actor) } : {}),
  };
}

const CHECK_OPTIONS = {
  env: { type: 'string' },
  actor: { type: 'string' },
  kind: { type: 'string' },
  dialect: { type: 'string' },
  file: { type: 'string' },
  operation: { type: 'string' },
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
  const operation = values.operation;
  if (operation !== undefined && !FILE_OPERATIONS.includes(operation as FileOperation))
    throw new UsageError(`unknown --operation "${operation}" (expected ${FILE_OPERATIONS.join(', ')})`);
  if (operation !== undefined && values.file === undefined) throw new UsageError('--operation needs --file');
  const base: CheckInput = {
    ...(values.file !== undefined
      ? { kind: 'file' as const }
      : values.kind !== undefined
        ? { kind: parseKind(values.kind) }
        : {}),
    text: '',
    ...(values.file !== undefined ? { file: values.file } : {}),
    ...(operation ? { operation: operation as FileOperation } : {}),
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
  io.stderr(formatPolicyProblems(rt.policies));
  return rt;
}

/** True when a policy file of the set does not load (exit {@link EXIT.policyError}). */
export function policyBroken(rt: Runtime): boolean {
  return (rt.policies.problems ?? []).some((x) => x.kind === 'broken');
}

/** Judges one TEXT and says on stderr which kind was assumed when `--kind` was not given. */
function judgeOne(rt: Runtime, p: ParsedCheck, text: string, io: CliIo): { j: Judgement; assumed?: string } {
  const kind = p.base.kind ?? detectKind(rt.parsers, text);
  if (p.base.kind === undefined && kind === 'sql')
    io.stderr(
      `railguard: judged as SQL (no --kind given; the text parses as SQL and its first word is no program)\n`,
    );
  const j = judgeInput(rt, { ...p.base, kind, text }, p.mode);
  return p.base.kind === undefined ? { j, assumed: kind } : { j };
}

async function singleText(p: ParsedCheck, io: CliIo): Promise<string> {
  // A file read or delete has no content: nothing to read from stdin.
  if (p.base.kind === 'file' && (p.base.operation === 'read' || p.base.operation === 'delete'))
    return p.positionals.join(' ');
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
  return judgeOne(await prepare(p, io), p, text, io).j;
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
    const rt = await prepare(p, io);
    const { j, assumed } = judgeOne(rt, p, text, io);
    const facts = factsJson(j);
    const problems = rt.policies.problems ?? [];
    io.stdout(
      p.values.json
        ? JSON.stringify(
            {
              ...decisionJson(j),
              ...(assumed ? { kindAssumed: assumed } : {}),
              ...(facts ? { facts } : {}),
              ...(problems.length ? { policyProblems: problems } : {}),
            },
            null,
            2,
          ) + '\n'
        : decisionText(j),
    );
    return policyBroken(rt) ? EXIT.policyError : EXIT_OF[j.decision.effect];
  }
  if (p.positionals.length > 0) throw new UsageError('--batch reads stdin; give no TEXT');
  const rt = await prepare(p, io);
  const lines = (await io.readStdin()).split('\n');
  let unjudged = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let out: Record<string, unknown>;
    try {
      const input = { ...p.base, ...parseBatchLine(line) };
      const kind = input.kind ?? detectKind(rt.parsers, input.text);
      out = {
        ...decisionJson(judgeInput(rt, { ...input, kind }, p.mode)),
        ...(input.kind === undefined ? { kindAssumed: kind } : {}),
      };
    } catch (err) {
      out = { error: err instanceof Error ? err.message : String(err), line: i + 1 };
      unjudged++;
    }
    io.stdout(JSON.stringify(out) + '\n');
  });
  if (unjudged > 0)
    io.stderr(`railguard check --batch: ${unjudged} line(s) could not be judged (see their "error")\n`);
  return policyBroken(rt) ? EXIT.policyError : unjudged > 0 ? EXIT.findings : EXIT.ok;
}
