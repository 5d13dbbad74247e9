import { parseArgs } from 'node:util';
import { runtimePaths } from '../daemon/paths';
import { AGENT_ADAPTERS, adapterFor } from '../hooks/agents';
import { runAgentHook } from '../hooks/run';
import { EXIT, UsageError, type CliIo } from './io';

export const HOOK_HELP = `Usage: railguard hook AGENT [--timeout MS] [--fail-rule-only]

Reads AGENT's pre-execution hook JSON on stdin, judges the shell command against policy (through
the running daemon, else in this process) and prints the answer in AGENT's hook format.

Agents: ${AGENT_ADAPTERS.map((a) => a.name).join(', ')}

Options:
  --timeout MS        how long to wait for the daemon's decision (default 2000, $RAILGUARD_TIMEOUT_MS)
  --fail-rule-only    when the daemon is down, apply the fail rule instead of judging in process
  -h, --help          show this help

Install with 'railguard hooks install --agent AGENT'. Always exits 0 with JSON (agents read it then).
`;

/** `railguard hook AGENT`: one agent hook call. */
export async function runHookCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      timeout: { type: 'string' },
      'fail-rule-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(HOOK_HELP);
    return EXIT.ok;
  }
  const name = positionals[0];
  const adapter = name ? adapterFor(name) : undefined;
  if (!adapter)
    throw new UsageError(name ? `unknown agent "${name}"` : 'name the agent (railguard hook AGENT)');
  const timeoutText = values.timeout ?? process.env.RAILGUARD_TIMEOUT_MS;
  const timeoutMs = timeoutText === undefined ? 2000 : Number(timeoutText);
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0)
    throw new UsageError(`--timeout must be milliseconds, got "${timeoutText}"`);
  const stdin = await io.readStdin();
  const answer = await runAgentHook(adapter, stdin, {
    paths: runtimePaths(),
    env: process.env,
    timeoutMs,
    fallback: values['fail-rule-only'] ? 'fail-rule' : 'in-process',
    log: io.stderr,
  });
  io.stdout(answer.stdout);
  return answer.exitCode;
}
