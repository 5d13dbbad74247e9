import { parseArgs } from 'node:util';
import { findDaemon } from '../daemon/client';
import { runtimePaths } from '../daemon/paths';
import { daemonDecider, engineDecider } from '../gateway/decider';
import { startGateway } from '../gateway/gateway';
import { UsageError, type CliIo } from './io';
import { loadRuntime } from './runtime';

export const GATEWAY_HELP = `Usage: railguard gateway --upstream postgres://HOST[:PORT] [options]

A PostgreSQL gateway: clients connect to it instead of the server, and every statement they send
(simple and extended query protocol) is judged by policy before it reaches the server. A refused
statement fails with SQLSTATE 42501 and the rule and reason; the session stays usable. The client
process and its parents (through /proc) say which agent or human is behind a connection.

Options:
  --upstream URL      the PostgreSQL server (postgres://host:port; user, password and database
                      come from each client, which authenticates with the server itself)
  --listen HOST:PORT  where to listen (default 127.0.0.1:6432)
  --env NAME          the upstream's environment (default: from its host, by the policy)
  --no-daemon         judge in this process only (no audit record, no approval: an ask is refused)
  -h, --help          this help

Decisions go through the Railguard daemon when one runs (audit, approvals in the editor), else
the engine in this process decides. Runs until SIGINT/SIGTERM. Exit codes: 0 stopped, 1 failed to
start, 2 usage error.
`;

/** `host:port` ⇒ parts; a bare port means 127.0.0.1. @throws UsageError */
function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:(.+):)?(\d+)$/.exec(value);
  const port = Number(m?.[2]);
  if (!m || !Number.isInteger(port) || port > 65535)
    throw new UsageError(`--listen must be HOST:PORT, not "${value}"`);
  return { host: m[1] ?? '127.0.0.1', port };
}

/** `postgres://[user@]host[:port][/db]` ⇒ host and port. @throws UsageError */
export function parseUpstream(value: string): { host: string; port: number } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--upstream must be a postgres:// URL, not "${value}"`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new UsageError(`--upstream must be a postgres:// URL, not "${value}"`);
  if (!url.hostname) throw new UsageError('--upstream names no host');
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : 5432 };
}

/** `railguard gateway`: runs until a signal; resolves to the exit code. */
export async function runGatewayCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      upstream: { type: 'string' },
      listen: { type: 'string', default: '127.0.0.1:6432' },
      'no-daemon': { type: 'boolean', default: false },
      env: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(GATEWAY_HELP);
    return 0;
  }
  if (!values.upstream) throw new UsageError('--upstream is required');
  const upstream = parseUpstream(values.upstream);
  const listen = parseListen(values.listen ?? '127.0.0.1:6432');
  const rt = await loadRuntime();
  const inProcess = engineDecider(rt, upstream.host, values.env);
  const target = values['no-daemon'] ? undefined : findDaemon(runtimePaths());
  const decider = target
    ? daemonDecider(target, upstream.host, inProcess, values.env ? { environment: values.env } : {})
    : inProcess;
  let gw;
  try {
    gw = await startGateway({ listen, upstream, decider, log: (l) => io.stderr(`${l}\n`) });
  } catch (err) {
    io.stderr(
      `railguard gateway: cannot listen on ${values.listen}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 1;
  }
  io.stderr(
    `railguard gateway: listening on ${gw.host}:${gw.port}, upstream ${upstream.host}:${upstream.port}, ` +
      `${target ? 'decisions through the daemon' : 'decisions in process (no daemon)'}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await gw.close();
  return 0;
}
