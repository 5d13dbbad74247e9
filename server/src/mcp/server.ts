/**
 * A minimal MCP server over stdio (no SDK is installed): lifecycle and tools only. Sources:
 * - lifecycle: https://modelcontextprotocol.io/specification/2025-06-18/basic/lifecycle
 *   (`initialize` ⇒ `{ protocolVersion, capabilities, serverInfo, instructions? }`, then the
 *   client's `notifications/initialized`; `ping` ⇒ `{}`)
 * - tools: https://modelcontextprotocol.io/specification/2025-06-18/server/tools
 *   (`tools/list` ⇒ `{ tools }`, `tools/call { name, arguments }` ⇒ a tool result)
 * - transport: https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#stdio
 *   (newline-delimited JSON-RPC on stdin/stdout; logs on stderr only).
 */
import * as readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import {
  errorMessage,
  frame,
  parseLine,
  resultMessage,
  RPC_ERROR,
  RpcError,
  type JsonRpcRequest,
} from './jsonrpc';
import { callTool, toolDefinitions, type ToolContext } from './tools';

/** The protocol revision this server implements. */
export const PROTOCOL_VERSION = '2025-06-18';
/** Revisions accepted from clients (same tools/lifecycle messages). */
const SUPPORTED_VERSIONS: readonly string[] = ['2025-06-18', '2025-03-26', '2024-11-05'];

/** What `initialize` told us about the client. */
export interface ClientInfo {
  name?: string;
  version?: string;
}

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  /** The tools' context; `onClient` lets the server record the client for the actor. */
  tools: ToolContext;
  onClient: (info: ClientInfo) => void;
  version: string;
  log?: (line: string) => void;
}

/** A message handler: one parsed line in, zero or one response line out. */
export interface McpServer {
  /** Handles one input line; resolves to the response frame, or undefined for notifications. */
  handleLine(line: string): Promise<string | undefined>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Builds the message handler. Never rejects: every failure becomes a JSON-RPC error. */
export function createMcpServer(options: McpServerOptions): McpServer {
  const state = { initialized: false };

  const dispatch = async (m: JsonRpcRequest): Promise<Record<string, unknown>> => {
    const params = m.params ?? {};
    switch (m.method) {
      case 'initialize': {
        const info = isObject(params.clientInfo) ? params.clientInfo : {};
        options.onClient({
          ...(typeof info.name === 'string' ? { name: info.name } : {}),
          ...(typeof info.version === 'string' ? { version: info.version } : {}),
        });
        const asked = typeof params.protocolVersion === 'string' ? params.protocolVersion : PROTOCOL_VERSION;
        state.initialized = true;
        return {
          protocolVersion: SUPPORTED_VERSIONS.includes(asked) ? asked : PROTOCOL_VERSION,
          capabilities: { tools: { listChanged: false } },
          serverInfo: { name: 'railguard', title: 'Railguard guarded tools', version: options.version },
          instructions:
            'Use run_command and execute_sql instead of unguarded shells and database clients. Railguard judges every call against the policy; refused calls must not be retried another way.',
        };
      }
      case 'ping':
        return {};
      case 'tools/list':
        return { tools: toolDefinitions(options.tools) };
      case 'tools/call': {
        if (typeof params.name !== 'string')
          throw new RpcError(RPC_ERROR.invalidParams, '"name" must be a string');
        const args = params.arguments === undefined ? {} : params.arguments;
        if (!isObject(args)) throw new RpcError(RPC_ERROR.invalidParams, '"arguments" must be an object');
        return callTool(options.tools, params.name, args);
      }
      default:
        throw new RpcError(RPC_ERROR.methodNotFound, `Method not found: ${m.method}`);
    }
  };

  const handleLine = async (line: string): Promise<string | undefined> => {
    if (line.trim() === '') return undefined;
    const incoming = parseLine(line);
    if (incoming.type === 'response') return undefined; // we send no requests; ignore stray answers
    if (incoming.type === 'invalid') return frame(errorMessage(incoming.id, incoming.error));
    const m = incoming.message;
    if (m.id === undefined) {
      if (m.method === 'notifications/initialized') state.initialized = true;
      return undefined; // notifications (initialized, cancelled…) get no answer
    }
    try {
      return frame(resultMessage(m.id, await dispatch(m)));
    } catch (err) {
      if (err instanceof RpcError)
        return frame(
          errorMessage(m.id, {
            code: err.code,
            message: err.message,
            ...(err.data !== undefined ? { data: err.data } : {}),
          }),
        );
      options.log?.(
        `railguard mcp: ${m.method} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
      return frame(errorMessage(m.id, { code: RPC_ERROR.internalError, message: 'Internal error' }));
    }
  };

  return { handleLine };
}

/**
 * Serves `server` on a newline-delimited stream pair until `input` ends. Requests are handled
 * concurrently (a long `tools/call` does not block `ping`); each answer is written as one line.
 * Resolves after every pending answer was written.
 */
export async function serveStdio(server: McpServer, input: Readable, output: Writable): Promise<void> {
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  const pending = new Set<Promise<void>>();
  for await (const line of rl) {
    const p = server
      .handleLine(line)
      .then((answer) => {
        if (answer) output.write(answer);
      })
      .finally(() => pending.delete(p));
    pending.add(p);
  }
  await Promise.all([...pending]);
}
