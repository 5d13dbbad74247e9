import { parseArgs } from 'node:util';
import { startDaemon } from '../daemon/host';
import { runtimePaths } from '../daemon/paths';
import { EXIT, UsageError, type CliIo } from './io';

export const DAEMON_HELP = `Usage: railguard daemon [--socket PATH] [--port N] [--no-socket] [--no-port] [--policy FILE]…

Serves decisions to shell hooks, PATH shims and agent hooks, keeping parsers and policies loaded
and reloading policies when they change. Authenticated by a per-user token (mode 0600) in the
runtime folder ($RAILGUARD_RUNTIME_DIR, else $XDG_RUNTIME_DIR/railguard, else ~/.railguard/run).

Options:
  --socket PATH          Unix socket (default: RUNTIME/daemon.sock, mode 0600)
  --port N               loopback HTTP port for bash /dev/tcp and zsh ztcp (default: any free port)
  --no-socket, --no-port serve on only one of them
  --cwd DIR              workspace whose .railguard/policies apply (default: current folder)
  --policy FILE          an extra policy file (repeatable)
  --approval-timeout MS  (for hosts with an approver) how long an ask waits (default 120000)
  -h, --help             show this help

A standalone daemon has no approver: an 'ask' is answered 'unavailable' (agents with their own
prompt ask their human; shells and agents without one block). Stop with Ctrl-C or SIGTERM.
`;

/** `railguard daemon`: runs until SIGINT/SIGTERM. */
export async function runDaemonCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      socket: { type: 'string' },
      port: { type: 'string' },
      'no-socket': { type: 'boolean', default: false },
      'no-port': { type: 'boolean', default: false },
      cwd: { type: 'string' },
      policy: { type: 'string', multiple: true },
      'approval-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(DAEMON_HELP);
    return EXIT.ok;
  }
  const port = values['no-port'] ? false : values.port === undefined ? 0 : Number(values.port);
  if (port !== false && (!Number.isInteger(port) || port < 0 || port > 65535))
    throw new UsageError(`--port must be 0..65535`);
  const approval = values['approval-timeout'] === undefined ? undefined : Number(values['approval-timeout']);
  if (approval !== undefined && !(approval >= 0))
    throw new UsageError('--approval-timeout must be milliseconds');
  const d = await startDaemon({
    paths: runtimePaths(),
    socket: values['no-socket'] ? false : (values.socket ?? undefined),
    port,
    ...(values.cwd ? { cwd: values.cwd } : {}),
    ...(values.policy ? { policyFiles: values.policy } : {}),
    ...(approval !== undefined ? { approvalTimeoutMs: approval } : {}),
    log: (l) => io.stderr(`railguard daemon: ${l}\n`),
  });
  io.stderr(
    `railguard daemon: listening${d.socket ? ` on ${d.socket}` : ''}${d.port !== undefined ? ` and 127.0.0.1:${d.port}` : ''} (token in ${d.paths.token})\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await d.close();
  io.stderr('railguard daemon: stopped\n');
  return EXIT.ok;
}
