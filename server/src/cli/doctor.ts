import { parseArgs } from 'node:util';
import { runDoctor } from '../daemon/doctor';
import { runtimePaths } from '../daemon/paths';
import { EXIT, type CliIo } from './io';

export const DOCTOR_HELP = `Usage: railguard doctor [--cwd DIR] [--json]

Checks this machine's Railguard setup and says what to fix: which deployment is active (the
daemon as your user, same-user, or as its own user, separate-user), whether the daemon answers
and proves it knows the token, the audit log's health, what the daemon protects from your user
(its audit log, signing key, spool, outbox, policies and runtime folder, probed with your rights),
the policy tiers it loaded, the signing key's place, decisions waiting in the spool, and the
agent hooks installed for the workspace (--cwd, default the current folder) and your user.

Exit codes: 0 nothing failed (warnings allowed), 1 a check failed.
`;

/** `railguard doctor`. */
export async function runDoctorCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { cwd: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(DOCTOR_HELP);
    return EXIT.ok;
  }
  const checks = await runDoctor({
    paths: runtimePaths(),
    env: process.env,
    workspace: values.cwd ?? process.cwd(),
  });
  if (values.json) io.stdout(`${JSON.stringify(checks, null, 2)}\n`);
  else
    for (const c of checks)
      io.stdout(`${c.status.padEnd(4)}  ${c.name}: ${c.detail}${c.fix ? `\n      fix: ${c.fix}` : ''}\n`);
  return checks.some((c) => c.status === 'fail') ? 1 : EXIT.ok;
}
