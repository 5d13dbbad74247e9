import type { Readable, Writable } from 'node:stream';
import { Writable as WritableStream } from 'node:stream';
import { parseArgs } from 'node:util';
import { createMasker, maskerWith, type Masker } from '../core/mask';
import { createDecisionEngine } from '../daemon/engine';
import { runtimePaths } from '../daemon/paths';
import { actorForClient, createGate } from '../mcp/gate';
import { createMcpServer, serveStdio, type ClientInfo } from '../mcp/server';
import type { ToolContext } from '../mcp/tools';
import {
  connectionUrlFrom,
  ConnectionError,
  describeConnection,
  parseConnectionUrl,
} from '../sql-exec/connection';
import { createSqlExecutor, SqlExecError } from '../sql-exec/postgres';
import { EXIT, UsageError, type CliIo } from './io';
import { VERSION } from './version';

export const MCP_HELP = `Usage: railguard mcp [--database-url URL | --connection NAME] [--cwd DIR] [--policy FILE]…

An MCP server (protocol 2025-06-18, stdio) offering agents two guarded tools:
  run_command   judged as a shell command, then run with bash -c; output capped and masked
  execute_sql   judged as SQL, then executed ONLY on the connection this server holds (the
                agent never sees it), in a transaction with statement_timeout; rows capped, masked
deny ⇒ refused with the reason and rule; ask ⇒ sent to the running daemon / VS Code for approval,
refused when none is reachable; allow/warn ⇒ run. The actor is the MCP client's name
(clientInfo.name) mapped to a known agent, else agent:mcp-client.

Options:
  --database-url URL     the connection for execute_sql (default: $RAILGUARD_DATABASE_URL)
  --connection NAME      take the URL from $RAILGUARD_DB_NAME instead (NAME upper-cased)
  --cwd DIR              workspace whose .railguard/policies apply; commands' default folder
  --policy FILE          an extra policy file (repeatable)
  --command-timeout MS   kill commands after MS (default 60000)
  --sql-timeout MS       statement_timeout of execute_sql (default 30000)
  --max-rows N           rows returned per statement (default 200)
  --approval-timeout MS  how long an ask waits for the approver (default 120000)
  -h, --help             show this help

Register it in an MCP client, e.g. Claude Code: claude mcp add railguard -- railguard mcp
Only PostgreSQL is executed (no MySQL client library is installed).
`;

/** Streams of {@link runMcpCommand}; the process's stdin and `io.stdout` when omitted. */
export interface McpStreams {
  input?: Readable;
  output?: Writable;
}

function positiveNumber(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got "${text}"`);
  return n;
}

/**
 * `railguard mcp`: serves MCP on stdin/stdout until stdin ends (the client closes it), then
 * closes the pool and the policy watcher. Logs go to `io.stderr` only (stdout is the protocol).
 * @throws UsageError for bad options or an unusable database URL.
 */
export async function runMcpCommand(args: string[], io: CliIo, streams: McpStreams = {}): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'database-url': { type: 'string' },
      connection: { type: 'string' },
      cwd: { type: 'string' },
      policy: { type: 'string', multiple: true },
      'command-timeout': { type: 'string' },
      'sql-timeout': { type: 'string' },
      'max-rows': { type: 'string' },
      'approval-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(MCP_HELP);
    return EXIT.ok;
  }
  if (values['database-url'] && values.connection)
    throw new UsageError('give --database-url or --connection, not both');
  const commandTimeoutMs = positiveNumber(values['command-timeout'], '--command-timeout', 60_000);
  const sqlTimeoutMs = positiveNumber(values['sql-timeout'], '--sql-timeout', 30_000);
  const maxRows = Math.floor(positiveNumber(values['max-rows'], '--max-rows', 200));
  const approvalTimeoutMs = positiveNumber(values['approval-timeout'], '--approval-timeout', 120_000);
  const log = (l: string): void => io.stderr(`${l}\n`);

  let connection: ToolContext['connection'];
  try {
    const url = connectionUrlFrom(
      {
        ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
        ...(values.connection ? { connection: values.connection } : {}),
      },
      process.env,
    );
    if (url) {
      const info = parseConnectionUrl(url);
      try {
        connection = { info, executor: createSqlExecutor(info) };
      } catch (err) {
        if (!(err instanceof SqlExecError)) throw err;
        connection = { info, unusable: err.message };
        log(`railguard mcp: ${err.message}`);
      }
      log(`railguard mcp: execute_sql uses ${describeConnection(info)}`);
    }
  } catch (err) {
    if (err instanceof ConnectionError) throw new UsageError(err.message);
    throw err;
  }

  const cwd = values.cwd ?? process.cwd();
  const engine = await createDecisionEngine({
    cwd,
    ...(values.policy ? { policyFiles: values.policy } : {}),
  });
  const masker = await loadMasker(log);
  const client: { info: ClientInfo } = { info: {} };
  const user = process.env.USER ?? process.env.USERNAME;
  const tools: ToolContext = {
    gate: createGate({ engine, paths: runtimePaths(), approvalTimeoutMs }),
    masker,
    actor: () => actorForClient(client.info.name, user),
    cwd,
    commandEnv: commandEnvironment(process.env),
    commandTimeoutMs,
    sqlTimeoutMs,
    maxRows,
    ...(connection ? { connection } : {}),
  };
  const server = createMcpServer({
    tools,
    version: VERSION,
    onClient: (info) => {
      client.info = info;
      log(
        `railguard mcp: client ${info.name ?? '(unnamed)'} acts as ${actorForClient(info.name, user).name}`,
      );
    },
    log,
  });
  const output =
    streams.output ??
    new WritableStream({
      write: (chunk: Buffer | string, _enc, done) => (io.stdout(chunk.toString()), done()),
    });
  try {
    await serveStdio(server, streams.input ?? process.stdin, output);
  } finally {
    await Promise.allSettled([engine.close(), connection?.executor?.close() ?? Promise.resolve()]);
  }
  return EXIT.ok;
}

/** The secretlint masker; if it cannot load, the synchronous subset, with a warning. */
async function loadMasker(log: (l: string) => void): Promise<Pick<Masker, 'mask'>> {
  try {
    return await createMasker();
  } catch (err) {
    log(
      `railguard mcp: warning: secretlint did not load (${err instanceof Error ? err.message : String(err)}); masking with the built-in recognizers only`,
    );
    return maskerWith(async () => []);
  }
}

/** The environment commands run with: the server's, minus the connection URL variables. */
export function commandEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (k === 'RAILGUARD_DATABASE_URL' || k.startsWith('RAILGUARD_DB_')) continue;
    out[k] = v;
  }
  return out;
}
