#!/usr/bin/env node
import { EXIT, processIo, UsageError, type CliIo } from './io';
import { VERSION } from './version';

export const MAIN_HELP = `railguard ${VERSION}: access guardrails for AI agents and humans

Usage: railguard <command> [options]

Commands:
  check     judge one command or SQL text (or JSON lines with --batch) against policy
  lint      lint SQL migration files and folders (text, json, SARIF)
  explain   explain a rule (explain RULE_ID) or a decision (explain -- TEXT)
  test      run the tests embedded in policy files
  policy    the policy tiers in force here; approve user/workspace policy files (trust, TTY only)
  scan      survey migrations and a command history: coverage, findings, decisions
  audit     verify, tail, query and export the audit log
  daemon    serve decisions to hooks and agents over a local authenticated socket
  hook      answer an agent's pre-tool-use hook (claude-code, copilot, cursor, gemini, codex, vscode)
  hooks     install or uninstall agent hooks in a workspace or user scope
  shell-init  print the bash/zsh/fish hook that judges typed commands before they run
  team-store  run the team store: lineage events and audit checkpoints over ws, with a query API
  gateway   a PostgreSQL gateway judging every statement any client sends before the server runs it
  mcp       an MCP server (stdio) offering agents guarded run_command and execute_sql tools
  doctor    check the setup (deployment, daemon authenticity, audit, hooks) and say what to fix
  approvals list and answer the asks waiting in the daemon (answering needs a TTY)

Run 'railguard <command> --help' for a command's options.

Exit codes: 0 allow/warn (check) or clean (lint, test), 1 findings/failures, 2 usage error,
3 a policy file does not load (check, explain, policy), 10 ask, 20 deny.
`;

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./check')).runCheck,
  lint: async () => (await import('./lint')).runLint,
  explain: async () => (await import('./explain')).runExplain,
  test: async () => (await import('./policy-test')).runPolicyTestCommand,
  policy: async () => (await import('./policy')).runPolicyCommand,
  scan: async () => (await import('./scan')).runScan,
  audit: async () => (await import('./audit')).runAuditCommand,
  daemon: async () => (await import('./daemon')).runDaemonCommand,
  hook: async () => (await import('./hook')).runHookCommand,
  hooks: async () => (await import('./hooks')).runHooksCommand,
  'shell-init': async () => (await import('./shell-init')).runShellInit,
  'team-store': async () => (await import('./team-store')).runTeamStoreCommand,
  gateway: async () => (await import('./gateway')).runGatewayCommand,
  mcp: async () => (await import('./mcp')).runMcpCommand,
  doctor: async () => (await import('./doctor')).runDoctorCommand,
  approvals: async () => (await import('./approvals')).runApprovalsCommand,
};

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    io.stdout(MAIN_HELP);
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`railguard: unknown command "${name}"\n\n${MAIN_HELP}`);
    return EXIT.usage;
  }
  try {
    return await (
      await load()
    )(rest, io);
  } catch (err) {
    if (
      err instanceof UsageError ||
      (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      io.stderr(`railguard ${name}: ${err.message}\nRun 'railguard ${name} --help' for usage.\n`);
      return EXIT.usage;
    }
    throw err;
  }
}

/**
 * Ends the process quietly when the reader of stdout or stderr has gone (`railguard audit query |
 * head`): EPIPE is how a pipe's reader says it has read enough, as SIGPIPE ends C programs.
 * Any other stream error is rethrown.
 */
function exitOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

if (require.main === module) {
  exitOnBrokenPipe(process.stdout);
  exitOnBrokenPipe(process.stderr);
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(
        `railguard: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exitCode = 70;
    },
  );
}
