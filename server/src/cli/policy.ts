/**
 * `railguard policy`: the policy tiers in force for the current folder, and human approval of
 * user and workspace policy files (`trust`), which lets them loosen decisions. Approval needs a
 * terminal: an agent runs without one (its hook and tool calls have no TTY on stdin), and the
 * store it writes (`$XDG_CONFIG_HOME/railguard/trusted-policies.json`) is outside the workspace.
 */
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { EXIT, UsageError, type CliIo } from './io';
import { formatPolicyDiagnostics, loadRuntime } from '../runtime/runtime';
import { approvePolicies, fileSha256, trustStorePath } from '../runtime/trust-store';
import { entryTrusted } from '../core/policy/trust';

export const POLICY_HELP = `Usage:
  railguard policy status               the policy files in force here, by tier, and their state
  railguard policy trust [FILE…]        approve the current content of user/workspace policy files
                                        (default: every unapproved one in force here); needs a TTY

Tiers, most specific first: workspace (.railguard/policies from the current folder up) > user
($XDG_CONFIG_HOME/railguard/policies) > organization (signed, organization.json) > built-in.
A user or workspace file applies fully only when a human approved its exact content (SHA-256);
otherwise, or once it changes, it can only make decisions stricter. Approvals are kept in
$XDG_CONFIG_HOME/railguard/trusted-policies.json (default ~/.config/railguard/).

Exit codes: 0 done, 2 usage error (also: no terminal), 3 a policy file does not load.
`;

/** Options the command needs beyond stdio: a terminal check and a yes/no question (injectable). */
export interface PolicyCommandDeps {
  /** True when stdin is a terminal (default `process.stdin.isTTY`). */
  stdinIsTTY?: boolean;
  /** Asks a yes/no question on the terminal; resolves to the answer line. */
  ask?: (question: string) => Promise<string>;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const askOnTerminal = (question: string): Promise<string> =>
  new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
  });

/** `railguard policy …`. */
export async function runPolicyCommand(
  args: string[],
  io: CliIo,
  deps: PolicyCommandDeps = {},
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  const [sub, ...files] = positionals;
  if (values.help || sub === undefined) {
    io.stdout(POLICY_HELP);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const env = deps.env ?? process.env;
  const cwd = deps.cwd ?? process.cwd();
  const rt = await loadRuntime({ cwd, env });
  const set = rt.policies;
  if (sub === 'status') {
    for (const e of set.entries)
      io.stdout(
        `${e.origin.padEnd(12)} ${entryTrusted(set, e) ? 'applies    ' : 'stricter-only'} ${e.policy.file}\n`,
      );
    for (const p of set.problems ?? []) io.stdout(`problem: ${p.message}\n`);
    if (set.diagnostics.some((d) => d.severity === 'error')) io.stderr(formatPolicyDiagnostics(set));
    return (set.problems ?? []).some((p) => p.kind === 'broken') ? EXIT.policyError : EXIT.ok;
  }
  if (sub !== 'trust') throw new UsageError(`unknown policy subcommand "${sub}" (expected status or trust)`);
  if (!(deps.stdinIsTTY ?? Boolean(process.stdin.isTTY)))
    throw new UsageError('policy trust needs a human at a terminal (stdin is not a TTY); nothing approved');
  const targets =
    files.length > 0
      ? files.map((f) => path.resolve(cwd, f))
      : (set.problems ?? []).filter((p) => p.kind === 'unapproved').map((p) => path.resolve(p.file));
  if (targets.length === 0) {
    io.stdout('nothing to approve: every user and workspace policy in force here is approved\n');
    return EXIT.ok;
  }
  const broken = new Set(
    (set.problems ?? []).filter((p) => p.kind === 'broken').map((p) => path.resolve(p.file)),
  );
  const shown = new Map<string, string>();
  for (const f of targets) {
    if (broken.has(f)) throw new UsageError(`${f} does not load; fix it before approving it`);
    let sha: string;
    try {
      sha = fileSha256(f);
    } catch (err) {
      throw new UsageError(`cannot read ${f}: ${err instanceof Error ? err.message : String(err)}`);
    }
    shown.set(f, sha);
    io.stderr(`  ${f}\n    sha256 ${sha}\n`);
  }
  const answer = await (deps.ask ?? askOnTerminal)(
    `Approve ${targets.length === 1 ? 'this policy file' : `these ${targets.length} policy files`} so they may loosen decisions? Type "yes": `,
  );
  if (answer.trim().toLowerCase() !== 'yes') {
    io.stderr('not approved\n');
    return EXIT.ok;
  }
  try {
    approvePolicies(trustStorePath(env), targets, new Date(), shown);
  } catch (err) {
    io.stderr(`railguard policy trust: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.findings;
  }
  io.stdout(`approved ${targets.length} file${targets.length === 1 ? '' : 's'} in ${trustStorePath(env)}\n`);
  return EXIT.ok;
}
