import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveClientGroup } from '../daemon/deployment';
import { startDaemon } from '../daemon/host';
import { runtimePaths } from '../daemon/paths';
import type { AuditFailureMode, RecorderOptions } from '../daemon/recorder';
import { EXIT, UsageError, type CliIo } from './io';

export const DAEMON_HELP = `Usage: railguard daemon [--socket PATH] [--port N] [--no-socket] [--no-port] [--policy FILE]…
                       [--audit-dir DIR] [--outbox-dir DIR] [--team-store URL --team-token-file F]
                       [--client-group GROUP]

Serves decisions to shell hooks, PATH shims and agent hooks, keeping parsers and policies loaded
and reloading policies when they change. Authenticated by a per-user token (mode 0600) in the
runtime folder ($RAILGUARD_RUNTIME_DIR, else $XDG_RUNTIME_DIR/railguard, else ~/.railguard/run).

Options:
  --socket PATH          Unix socket (default: RUNTIME/daemon.sock, mode 0600)
  --port N               loopback HTTP port for bash /dev/tcp and zsh ztcp (default: a free port)
  --no-socket, --no-port serve on only one of them
  --cwd DIR              workspace whose .railguard/policies apply (default: current folder)
  --policy FILE          an extra policy file (repeatable)
  --approval-timeout MS  (for hosts with an approver) how long an ask waits (default 120000)
  --audit-dir DIR        audit log folder (default: $RAILGUARD_HOME/audit, else ~/.railguard/audit)
  --audit-failure MODE   when the audit log cannot be written: production (default: deny in
                         production, warn elsewhere), closed (deny everything), open (log only)
  --outbox-dir DIR       lineage outbox folder (default: $RAILGUARD_HOME/outbox, else ~/.railguard/outbox)
  --team-store URL       ws:// or wss:// of a 'railguard team-store': lineage events and audit
                         checkpoints are synced to it
  --team-token-file F    file holding the team store's bearer token (default $RAILGUARD_TEAM_TOKEN)
  --client-group GROUP   separate-user deployment (the daemon runs as its own OS user): members of
                         GROUP may use the daemon: runtime folder 0750, token/port/endpoint 0640
                         and socket 0660 with that group (default: all private to the user, 0700/0600);
                         see docs/deployment.md
  -h, --help             show this help

Every decision served is appended to the audit log (masked, hash-chained, signed checkpoints;
'railguard audit verify'); an allowed or approved action holding SQL enqueues an OpenLineage
START event (runId = the answer's decisionId), and POST /v1/executed {decisionId, exitCode}
adds COMPLETE or FAIL. GET /v1/health shows audit and lineage state.

Approvals: a human's ask typed into a guarded bash is asked at that terminal ([y/N]); while a
'railguard approvals' session runs, agents' asks wait for its answer; otherwise an 'ask' is
answered 'unavailable' (agents with their own prompt ask their human; shells and agents without
one block). Stop with Ctrl-C or SIGTERM.
`;

const FAILURE_MODES: readonly AuditFailureMode[] = ['production', 'closed', 'open'];

/**
 * The recorder options from the flags (folders resolved against the current folder).
 * @throws UsageError for a bad mode, a team store URL that is not ws(s)://, or a missing/short token.
 */
export function recordOptions(
  values: {
    'audit-dir'?: string;
    'audit-failure'?: string;
    'outbox-dir'?: string;
    'team-store'?: string;
    'team-token-file'?: string;
  },
  env: NodeJS.ProcessEnv,
): Partial<RecorderOptions> {
  const mode = values['audit-failure'];
  if (mode !== undefined && !FAILURE_MODES.includes(mode as AuditFailureMode))
    throw new UsageError(`--audit-failure must be one of ${FAILURE_MODES.join(', ')}`);
  const url = values['team-store'];
  if (url !== undefined && !/^wss?:\/\/./.test(url))
    throw new UsageError('--team-store must be ws://… or wss://…');
  let token: string | undefined;
  if (url !== undefined) {
    const file = values['team-token-file'];
    token = (file ? readFileSync(file, 'utf8') : (env.RAILGUARD_TEAM_TOKEN ?? '')).trim();
    if (token.length < 16)
      throw new UsageError(
        '--team-store needs a token of at least 16 characters (--team-token-file or RAILGUARD_TEAM_TOKEN)',
      );
  }
  return {
    ...(values['audit-dir'] ? { auditDir: path.resolve(values['audit-dir']) } : {}),
    ...(values['outbox-dir'] ? { outboxDir: path.resolve(values['outbox-dir']) } : {}),
    ...(mode ? { auditFailure: mode as AuditFailureMode } : {}),
    ...(url && token ? { teamStore: { url, token } } : {}),
  };
}

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
      'audit-dir': { type: 'string' },
      'audit-failure': { type: 'string' },
      'outbox-dir': { type: 'string' },
      'team-store': { type: 'string' },
      'team-token-file': { type: 'string' },
      'client-group': { type: 'string' },
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
  const record = recordOptions(values, process.env);
  let clientGroup: ReturnType<typeof resolveClientGroup> | undefined;
  if (values['client-group'] !== undefined) {
    try {
      clientGroup = resolveClientGroup(values['client-group']);
    } catch (err) {
      throw new UsageError(`--client-group: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const d = await startDaemon({
    record,
    paths: runtimePaths(),
    ...(clientGroup ? { clientGroup } : {}),
    socket: values['no-socket'] ? false : (values.socket ?? undefined),
    port,
    ...(values.cwd ? { cwd: values.cwd } : {}),
    ...(values.policy ? { policyFiles: values.policy } : {}),
    ...(approval !== undefined ? { approvalTimeoutMs: approval } : {}),
    log: (l) => io.stderr(`railguard daemon: ${l}\n`),
  });
  const health = d.recorder?.health();
  if (health) io.stderr(`railguard daemon: ${describeRecording(health)}\n`);
  io.stderr(
    `railguard daemon: listening${d.socket ? ` on ${d.socket}` : ''}${d.port !== undefined ? ` and 127.0.0.1:${d.port}` : ''} (token in ${d.paths.token}${clientGroup ? `, readable by group ${clientGroup.name}` : ''})\n`,
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

/** One line on where decisions are recorded, from the recorder's health. */
function describeRecording(health: Record<string, unknown>): string {
  const audit = (health.audit ?? {}) as { ok?: boolean; dir?: string | null; lastError?: string };
  const lineage = (health.lineage ?? {}) as { outbox?: string | null; teamStore?: { url?: string } };
  const a = audit.ok ? `audit log ${audit.dir ?? ''}` : `AUDIT LOG FAILING (${audit.lastError ?? 'unknown'})`;
  const l = lineage.outbox ? `, lineage outbox ${lineage.outbox}` : '';
  const t = lineage.teamStore?.url ? `, syncing to ${lineage.teamStore.url}` : '';
  return `${a}${l}${t}`;
}
