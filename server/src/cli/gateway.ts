import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { findDaemon } from '../daemon/client';
import { runtimePaths } from '../daemon/paths';
import { daemonDecider, engineDecider } from '../gateway/decider';
import { startGateway } from '../gateway/gateway';
import { SidePool } from '../gateway/side';
import { upstreamTlsOf } from '../gateway/tls';
import { resolveEnvironment } from '../core/policy/context';
import { maskerWith } from '../core/mask';
import { UsageError, type CliIo } from './io';
import { loadRuntime } from './runtime';

export const GATEWAY_HELP = `Usage: railguard gateway --upstream postgres://HOST[:PORT] [options]

A PostgreSQL gateway: clients connect to it instead of the server, and every statement they send
(simple and extended query protocol) is judged by policy before it reaches the server. A refused
statement fails with SQLSTATE 42501 and the rule and reason; the session stays usable. The client
process and its parents (through /proc) say which agent or human is behind a connection.

Options:
  --upstream URL      the PostgreSQL server (postgres://host:port; user, password and database
                      come from each client, which authenticates with the server itself);
                      ?sslmode=prefer|require|verify-ca|verify-full[&sslrootcert=FILE] for TLS
                      to it (default disable)
  --listen HOST:PORT  where to listen (default 127.0.0.1:6432)
  --socket DIR        also listen on the Unix socket DIR/.s.PGSQL.PORT (psql -h DIR -p PORT);
                      its peer process is found through ss(8) and /proc
  --tls-cert FILE     TLS to clients: the certificate (PEM) an SSLRequest is answered with
  --tls-key FILE      and its private key (without them, clients are told to continue in clear)
  --env NAME          the upstream's environment (default: from its host, by the policy)
  --no-daemon         judge in this process only (no audit record, no approval: an ask is refused)
  --approval-timeout MS  how long a statement waits for the daemon's approver (default 60000);
                      unanswered it is refused; the client's cancel or disconnect ends the wait

For a production upstream (--env, or the policy's environments from its host), agent sessions:
  --agent-lock-timeout T         lock_timeout set at session start (default 3s)
  --agent-statement-timeout T    statement_timeout (default 60s)
  --agent-idle-timeout T         idle_in_transaction_session_timeout (default 60s)
  --agent-read-only              also default_transaction_read_only = on
  --no-mask                      relay agents' results unmasked (default: values of data-class
                                 columns and values the recognizers flag are masked)
and every session's UPDATE/DELETE/MERGE:
  --ask-over-rows N              planned on a side connection first (EXPLAIN, never run); over N
                                 estimated rows it is asked (the approver sees the estimate),
                                 refused when nobody approves
                                 (default 1000; 0 turns estimates off)
  --estimate-timeout MS          bound of each estimate (default 500)
  --exit-with-stdin   stop when standard input closes (a parent that dies takes the gateway along)
  -h, --help          this help

Decisions go through the Railguard daemon when one runs (audit, approvals in the editor; looked
up at every decision), else the engine in this process decides. Runs until SIGINT/SIGTERM. Exit codes: 0 stopped, 1 failed to
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
      socket: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'no-daemon': { type: 'boolean', default: false },
      env: { type: 'string' },
      'agent-lock-timeout': { type: 'string', default: '3s' },
      'agent-statement-timeout': { type: 'string', default: '60s' },
      'agent-idle-timeout': { type: 'string', default: '60s' },
      'agent-read-only': { type: 'boolean', default: false },
      'no-mask': { type: 'boolean', default: false },
      'ask-over-rows': { type: 'string', default: '1000' },
      'estimate-timeout': { type: 'string', default: '500' },
      'approval-timeout': { type: 'string', default: '60000' },
      'exit-with-stdin': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(GATEWAY_HELP);
    return 0;
  }
  if (!values.upstream) throw new UsageError('--upstream is required');
  const upstream = parseUpstream(values.upstream);
  let upstreamTls;
  let clientTls;
  try {
    upstreamTls = upstreamTlsOf(new URL(values.upstream));
    if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined))
      throw new Error('--tls-cert and --tls-key go together');
    if (values['tls-cert'] !== undefined && values['tls-key'] !== undefined)
      clientTls = { cert: fs.readFileSync(values['tls-cert']), key: fs.readFileSync(values['tls-key']) };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const listen = parseListen(values.listen ?? '127.0.0.1:6432');
  const rt = await loadRuntime();
  const inProcess = engineDecider(rt, upstream.host, values.env);
  const approvalMs = Number(values['approval-timeout']);
  if (!Number.isInteger(approvalMs) || approvalMs <= 0)
    throw new UsageError('--approval-timeout must be milliseconds');
  const paths = runtimePaths();
  // Looked up at every decision: a daemon started (or restarted) after the gateway is used too.
  const target = values['no-daemon'] ? undefined : (): ReturnType<typeof findDaemon> => findDaemon(paths);
  const decider = target
    ? daemonDecider(target, upstream.host, inProcess, {
        approvalMs,
        ...(values.env ? { environment: values.env } : {}),
      })
    : inProcess;
  const askOverRows = Number(values['ask-over-rows']);
  const estimateMs = Number(values['estimate-timeout']);
  if (!Number.isInteger(askOverRows) || askOverRows < 0)
    throw new UsageError('--ask-over-rows must be a count');
  if (!Number.isInteger(estimateMs) || estimateMs <= 0)
    throw new UsageError('--estimate-timeout must be milliseconds');
  const environment = resolveEnvironment(rt.policies, {
    ...(values.env ? { explicitEnvironment: values.env } : {}),
    hosts: [upstream.host],
  }).environment;
  const production = environment === 'production';
  const side = new SidePool(upstream, estimateMs, upstreamTls);
  const masker = maskerWith(() => Promise.resolve([]));
  const agentSettings: Record<string, string> = {
    lock_timeout: values['agent-lock-timeout'] ?? '3s',
    statement_timeout: values['agent-statement-timeout'] ?? '60s',
    idle_in_transaction_session_timeout: values['agent-idle-timeout'] ?? '60s',
    ...(values['agent-read-only'] ? { default_transaction_read_only: 'on' } : {}),
  };
  let gw;
  try {
    gw = await startGateway({
      listen,
      ...(values.socket !== undefined ? { socketDir: values.socket } : {}),
      ...(clientTls ? { tls: clientTls } : {}),
      ...(upstreamTls ? { upstreamTls } : {}),
      upstream,
      decider,
      side,
      ...(production ? { agentSettings } : {}),
      ...(production && askOverRows > 0 ? { askOverRows } : {}),
      ...(values['no-mask']
        ? {}
        : {
            agentMasking: {
              columns: rt.policies.entries.flatMap((e) =>
                Object.values(e.policy.dataClasses).flatMap((d) => d.columns ?? []),
              ),
              scan: (text: string) => {
                const r = masker.maskSync(text);
                return r.found.length ? r.text : undefined;
              },
            },
          }),
      log: (l) => io.stderr(`${l}\n`),
    });
  } catch (err) {
    io.stderr(
      `railguard gateway: cannot listen on ${values.listen}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 1;
  }
  io.stderr(
    `railguard gateway: listening on ${gw.host}:${gw.port}${gw.socket ? ` and ${gw.socket}` : ''}, upstream ${upstream.host}:${upstream.port}, ` +
      `${target ? (target() ? 'decisions through the daemon' : 'decisions through the daemon once one runs') : 'decisions in process (no daemon)'}, environment ${environment}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (values['exit-with-stdin']) process.stdin.once('close', resolve).once('end', resolve).resume();
  });
  await gw.close();
  return 0;
}
