/**
 * The MCP tools `run_command` and `execute_sql`: definitions (`tools/list`) and calls
 * (`tools/call`). Shapes follow https://modelcontextprotocol.io/specification/2025-06-18/server/tools:
 * a tool has `name`, `title`, `description`, `inputSchema` (JSON Schema object) and `annotations`;
 * a call answers `{ content: [{ type: 'text', text }], isError? }`, where a refusal or a failed
 * execution is a tool result with `isError: true` (the model sees it), not a protocol error.
 */
import type { Masker } from '../core/mask';
import type { DecideRequest } from '../daemon/protocol';
import { pickHintEnv } from '../daemon/engine';
import { runGuarded } from '../lsp/guarded-run';
import type { JudgeResult } from '../lsp/approval-protocol';
import { describeConnection, type ConnectionInfo } from '../sql-exec/connection';
import { SqlExecError, type SqlExecutor } from '../sql-exec/postgres';
import type { Actor, Dialect } from '../core/types';
import type { Gate, GateVerdict } from './gate';
import { RPC_ERROR, RpcError } from './jsonrpc';
import { refusalText, sqlResultText } from './tool-text';

/** A `tools/call` result. */
export interface ToolResult {
  content: { type: 'text'; text: string }[];
  isError?: boolean;
  [key: string]: unknown;
}

/** Everything the tools need; built once per server. */
export interface ToolContext {
  gate: Gate;
  masker: Pick<Masker, 'mask'>;
  /** Who calls (set from `initialize.clientInfo`). */
  actor: () => Actor;
  /** Working folder of commands without `cwd`. */
  cwd: string;
  /** Environment of commands (must not hold the connection URL). */
  commandEnv: NodeJS.ProcessEnv;
  /** Command timeout, ms (default 60 000). */
  commandTimeoutMs?: number;
  /** SQL `statement_timeout`, ms (default 30 000). */
  sqlTimeoutMs?: number;
  /** Rows returned per statement (default 200). */
  maxRows?: number;
  /** The held connection, when one was configured. */
  connection?: { info: ConnectionInfo; executor?: SqlExecutor; unusable?: string };
}

/** The `tools/list` entries; `execute_sql` is listed only when a connection is held. */
export function toolDefinitions(ctx: Pick<ToolContext, 'connection'>): Record<string, unknown>[] {
  const tools: Record<string, unknown>[] = [
    {
      name: 'run_command',
      title: 'Run a shell command (guarded by Railguard)',
      description:
        'Runs one shell command with bash after Railguard judges it against the policy. A denied command is refused with the reason and rule; one that needs approval waits for a human in VS Code (or is refused when no approver is reachable); otherwise it runs and stdout+stderr are returned with secrets and PII masked. Do not retry a refused command another way.',
      inputSchema: {
        type: 'object',
        properties: {
          command: { type: 'string', description: 'The command line (bash syntax).' },
          cwd: { type: 'string', description: 'Absolute working folder (default: the server’s).' },
        },
        required: ['command'],
        additionalProperties: false,
      },
      annotations: { title: 'Run command (guarded)', destructiveHint: true, openWorldHint: true },
    },
  ];
  if (ctx.connection) {
    tools.push({
      name: 'execute_sql',
      title: 'Execute SQL on the held connection (guarded by Railguard)',
      description: `Executes SQL on ${describeConnection(ctx.connection.info)} (the connection Railguard holds; you never see its credentials) after Railguard judges it: denied SQL is refused with the reason; SQL that needs approval waits for a human (or is refused when no approver is reachable); allowed SQL runs in one transaction with a statement timeout and the rows come back capped, with secrets and PII masked.`,
      inputSchema: {
        type: 'object',
        properties: {
          sql: { type: 'string', description: 'One or more SQL statements.' },
          dialect: {
            type: 'string',
            enum: ['postgresql', 'mysql', 'mariadb'],
            description: 'The SQL dialect (default: the connection’s).',
          },
        },
        required: ['sql'],
        additionalProperties: false,
      },
      annotations: { title: 'Execute SQL (guarded)', destructiveHint: true, openWorldHint: false },
    });
  }
  return tools;
}

const text = (t: string, isError = false): ToolResult => ({
  content: [{ type: 'text', text: t }],
  ...(isError ? { isError: true } : {}),
});

function stringArg(args: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = args[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || (required && v.trim() === ''))
    throw new RpcError(RPC_ERROR.invalidParams, `"${key}" must be a ${required ? 'non-empty ' : ''}string`);
  return v;
}

/**
 * Runs `tools/call` for `name` with `args`.
 * @throws RpcError invalidParams for an unknown tool or bad arguments (protocol errors, per the spec).
 */
export async function callTool(
  ctx: ToolContext,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolResult> {
  if (name === 'run_command') return runCommand(ctx, args);
  if (name === 'execute_sql' && ctx.connection) return executeSql(ctx, args);
  throw new RpcError(RPC_ERROR.invalidParams, `Unknown tool: ${name}`);
}

async function runCommand(ctx: ToolContext, args: Record<string, unknown>): Promise<ToolResult> {
  const command = stringArg(args, 'command', true) as string;
  const cwd = stringArg(args, 'cwd', false) ?? ctx.cwd;
  const request: DecideRequest = {
    action: { kind: 'shell', text: command, cwd },
    actor: ctx.actor(),
    env: pickHintEnv(ctx.commandEnv),
    hints: {},
    source: 'mcp',
  };
  const verdict = await ctx.gate(request);
  if (verdict.effect === 'deny' || verdict.effect === 'ask')
    return text(await masked(ctx, refusalText(verdict, 'command')), true);
  const mask = async (t: string): Promise<string> => masked(ctx, t);
  const r = await runGuarded(
    judgeResult(verdict),
    { command, cwd, env: ctx.commandEnv, timeoutMs: ctx.commandTimeoutMs ?? 60_000 },
    mask,
  );
  const flags = [
    r.timedOut ? 'killed at the timeout' : '',
    r.truncated ? 'output truncated at 64 KiB' : '',
  ].filter(Boolean);
  const body = [
    `Exit code: ${r.exitCode === null || r.exitCode === undefined ? 'none' : r.exitCode}${flags.length ? ` (${flags.join(', ')})` : ''}`,
    ...(verdict.effect === 'warn' ? [`Railguard warning: ${await masked(ctx, verdict.reason)}`] : []),
    'Output (secrets and PII masked):',
    r.output ?? '',
  ].join('\n');
  return text(body, r.exitCode !== 0);
}

async function executeSql(ctx: ToolContext, args: Record<string, unknown>): Promise<ToolResult> {
  const conn = ctx.connection;
  if (!conn) throw new RpcError(RPC_ERROR.invalidParams, 'Unknown tool: execute_sql');
  const sql = stringArg(args, 'sql', true) as string;
  const dialectArg = stringArg(args, 'dialect', false);
  if (dialectArg !== undefined && !['postgresql', 'mysql', 'mariadb'].includes(dialectArg))
    throw new RpcError(RPC_ERROR.invalidParams, '"dialect" must be postgresql, mysql or mariadb');
  const dialect = (dialectArg as Dialect | undefined) ?? conn.info.dialect;
  const request: DecideRequest = {
    action: { kind: 'sql', text: sql, dialect, cwd: ctx.cwd },
    actor: ctx.actor(),
    env: {},
    hints: conn.info.host ? { hosts: [conn.info.host] } : {},
    source: 'mcp',
  };
  const verdict = await ctx.gate(request);
  if (verdict.effect === 'deny' || verdict.effect === 'ask')
    return text(await masked(ctx, refusalText(verdict, 'SQL')), true);
  if (!conn.executor)
    return text(`Railguard allowed the SQL but cannot execute it: ${conn.unusable ?? 'no executor'}`, true);
  try {
    const results = await conn.executor.execute(sql, {
      timeoutMs: ctx.sqlTimeoutMs ?? 30_000,
      maxRows: ctx.maxRows ?? 200,
    });
    const warn = verdict.effect === 'warn' ? `Railguard warning: ${verdict.reason}\n` : '';
    return text(await masked(ctx, warn + sqlResultText(results)));
  } catch (err) {
    const message =
      err instanceof SqlExecError
        ? err.message
        : conn.info.redact(err instanceof Error ? err.message : String(err));
    const state = err instanceof SqlExecError && err.sqlState ? ` (SQLSTATE ${err.sqlState})` : '';
    return text(
      await masked(ctx, `The database refused the SQL${state}; the transaction was rolled back: ${message}`),
      true,
    );
  }
}

/** Masks secrets and PII, after removing the held connection's URL and password. */
async function masked(ctx: ToolContext, t: string): Promise<string> {
  const redacted = ctx.connection ? ctx.connection.info.redact(t) : t;
  return (await ctx.masker.mask(redacted)).text;
}

function judgeResult(v: GateVerdict): JudgeResult {
  return {
    effect: v.effect,
    decidedEffect:
      v.decidedEffect === 'allow' || v.decidedEffect === 'warn' || v.decidedEffect === 'ask'
        ? v.decidedEffect
        : 'deny',
    environment: v.environment,
    reason: v.reason,
    matched: v.matched,
  };
}
