import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { AuditRecord } from '../audit/model';
import { exportAudit, queryAudit, type AuditFilter } from '../audit/query';
import { verifyAudit } from '../audit/verify';
import { EFFECT_ORDER } from '../core/types';
import { fetchWitness, verifyWitnessed, type WitnessAnswer } from '../audit/witness-verify';

export const AUDIT_HELP = `Usage: railguard audit <verify|tail|query|export> [options]

  verify   check the hash chain, checkpoints and signatures; exit 1 on any problem
  tail     print the last N events (-n, default 20) as JSON lines
  query    print matching events as JSON lines
  export   print matching events as a JSON array or CSV (--format)

Options:
  --dir D             audit directory (default $RAILGUARD_HOME/audit or ~/.railguard/audit)
  --format json|csv   output format of export (default json); verify: json prints the report
  --actor NAME        user, agent or approver
  --environment ENV   e.g. production
  --effect EFFECT     allow | warn | ask | deny
  --table TABLE       a table read or written (schema optional)
  --since TIME        inclusive, ISO 8601
  --until TIME        exclusive, ISO 8601
  --public-key FILE   verify: pin the Ed25519 public key (PEM) instead of the directory's
  --witness URL       verify: also require every checkpoint the team store witnessed to be in
                      the log unchanged (catches rewritten, truncated, emptied, deleted logs)
  --source S          verify --witness: the log's source name (default USER@HOST)
  --team-token-file F verify --witness: the team store token (default $RAILGUARD_TEAM_TOKEN)
  --witness-key FILE  verify --witness: pin the witness's public key (PEM)
  -n N                tail: number of events
  -h, --help          this help

Exit codes: 0 ok, 1 verify found problems, 2 usage error.
`;

/** Output sinks of the command (the main CLI passes its CliIo). */
export interface AuditIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** `$RAILGUARD_HOME/audit`, else `~/.railguard/audit`. */
export function defaultAuditDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = env['RAILGUARD_HOME'];
  return home ? path.join(home, 'audit') : path.join(os.homedir(), '.railguard', 'audit');
}

/** The subcommands of `railguard audit`. */
const SUBCOMMANDS = new Set(['verify', 'tail', 'query', 'export']);

/**
 * `railguard audit …`. Resolves to the exit code (0 ok, 1 problems found, 2 usage).
 * @throws the `ERR_PARSE_ARGS_*` errors of `node:util` parseArgs for unknown options (the main
 *   CLI turns them into exit 2).
 */
export async function runAuditCommand(args: string[], io: AuditIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      format: { type: 'string' },
      actor: { type: 'string' },
      environment: { type: 'string' },
      effect: { type: 'string' },
      table: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      'public-key': { type: 'string' },
      witness: { type: 'string' },
      source: { type: 'string' },
      'team-token-file': { type: 'string' },
      'witness-key': { type: 'string' },
      n: { type: 'string', short: 'n' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(AUDIT_HELP);
    return 0;
  }
  const [sub, ...extra] = positionals;
  const usage = (msg: string): number => {
    io.stderr(`railguard audit: ${msg}\n\n${AUDIT_HELP}`);
    return 2;
  };
  if (!sub) return usage('missing subcommand');
  if (!SUBCOMMANDS.has(sub)) return usage(`unknown subcommand "${sub}"`);
  if (values.effect !== undefined && !(EFFECT_ORDER as readonly string[]).includes(values.effect))
    return usage(`--effect must be one of ${EFFECT_ORDER.join(', ')}, not "${values.effect}"`);
  if (extra.length > 0) return usage(`unexpected argument "${extra[0]}"`);
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'csv') return usage(`--format must be json or csv, not "${format}"`);
  const dir = values.dir ?? defaultAuditDir();
  const filter: AuditFilter = {
    actor: values.actor,
    environment: values.environment,
    effect: values.effect,
    table: values.table,
    since: values.since,
    until: values.until,
  };
  for (const bound of [values.since, values.until]) {
    if (bound !== undefined && Number.isNaN(Date.parse(bound))) return usage(`invalid time "${bound}"`);
  }
  if (sub === 'verify' && values.witness !== undefined) {
    const token = values['team-token-file']
      ? fs.readFileSync(values['team-token-file'], 'utf8').trim()
      : (process.env.RAILGUARD_TEAM_TOKEN ?? '').trim();
    const source = values.source ?? `${process.env.USER ?? os.userInfo().username}@${os.hostname()}`;
    let answer: WitnessAnswer;
    try {
      answer = await fetchWitness(values.witness, source, token);
    } catch (err) {
      io.stderr(`railguard audit: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
    const pinned = values['witness-key'] ? fs.readFileSync(values['witness-key'], 'utf8') : undefined;
    const w = await verifyWitnessed(dir, answer, pinned);
    const local = fs.existsSync(dir) ? await verifyAudit(dir) : undefined;
    for (const p of w.problems) io.stdout(`witness: ${p}\n`);
    if (!local) io.stdout(`no audit log at ${dir}\n`);
    else
      for (const p of local.problems)
        io.stdout(`${p.file}:${p.line}: ${p.kind} seq ${p.seq}: ${p.message}\n`);
    const ok = w.ok && (local?.ok ?? w.witnessed === 0);
    io.stdout(
      `${ok ? 'OK' : 'FAILED'}: ${local?.records ?? 0} records, ${w.witnessed} witnessed checkpoints of ${source}, ${w.problems.length + (local?.problems.length ?? 0)} problems\n`,
    );
    return ok ? 0 : 1;
  }
  if (!fs.existsSync(dir)) {
    io.stderr(`railguard audit: no audit log at ${dir}\n`);
    return sub === 'verify' ? 1 : 0;
  }
  switch (sub) {
    case 'verify': {
      const pem =
        values['public-key'] === undefined ? undefined : fs.readFileSync(values['public-key'], 'utf8');
      const result = await verifyAudit(dir, pem === undefined ? {} : { publicKeyPem: pem });
      if (values.format === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else {
        for (const p of result.problems) {
          io.stdout(
            `${p.file}:${p.line}: ${p.kind}${p.recovered ? ' (recovered)' : ''} seq ${p.seq}: ${p.message}\n`,
          );
        }
        if (result.moreProblems > 0) io.stdout(`… and ${result.moreProblems} more problems\n`);
        io.stdout(
          `${result.ok ? 'OK' : 'FAILED'}: ${result.records} records in ${result.files} files, ${result.checkpoints} checkpoints, ${result.problems.length + result.moreProblems} problems\n`,
        );
      }
      return result.ok ? 0 : 1;
    }
    case 'tail': {
      const n = Number(values.n ?? '20');
      if (!Number.isInteger(n) || n < 0) return usage(`-n must be a non-negative integer, not "${values.n}"`);
      const ring: AuditRecord[] = [];
      for await (const r of queryAudit(dir, filter)) {
        ring.push(r);
        if (ring.length > n) ring.shift();
      }
      for (const r of ring) io.stdout(`${JSON.stringify(r)}\n`);
      return 0;
    }
    case 'query':
      for await (const r of queryAudit(dir, filter)) io.stdout(`${JSON.stringify(r)}\n`);
      return 0;
    case 'export':
      for await (const chunk of exportAudit(dir, filter, format)) io.stdout(chunk);
      return 0;
    default:
      return usage(`unknown subcommand "${sub}"`);
  }
}
