/**
 * JSON-RPC 2.0 messages as MCP carries them over stdio: one UTF-8 JSON object per line, no
 * embedded newlines. Sources: https://www.jsonrpc.org/specification (message shapes, error codes)
 * and https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#stdio (framing).
 * MCP 2025-06-18 removed JSON-RPC batching, so an array is answered with "Invalid Request".
 */

/** A request or notification id: a string or an integer (MCP forbids null ids on requests). */
export type RequestId = string | number;

/** A request (`id` present) or a notification (`id` absent). `params` is an object when given. */
export interface JsonRpcRequest {
  jsonrpc: '2.0';
  id?: RequestId;
  method: string;
  params?: Record<string, unknown>;
}

/** A response to a client request (exactly one of `result` / `error`). */
export type JsonRpcResponse =
  | { jsonrpc: '2.0'; id: RequestId; result: Record<string, unknown> }
  | { jsonrpc: '2.0'; id: RequestId | null; error: JsonRpcError };

/** The error object of a JSON-RPC error response. */
export interface JsonRpcError {
  code: number;
  message: string;
  data?: unknown;
}

/** Standard JSON-RPC 2.0 error codes (specification §5.1). */
export const RPC_ERROR = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
} as const;

/** A JSON-RPC failure a handler throws; the server answers it as an error response. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** One parsed input line: a request/notification, a response from the client, or an error to send. */
export type Incoming =
  | { type: 'request'; message: JsonRpcRequest }
  | { type: 'response'; id: RequestId | null }
  | { type: 'invalid'; id: RequestId | null; error: JsonRpcError };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isId = (v: unknown): v is RequestId =>
  typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));

/**
 * Parses one line of the stdio stream. Never throws: bad JSON ⇒ parse error (-32700, id null);
 * valid JSON that is not a request ⇒ invalid request (-32600, the id when one is readable).
 */
export function parseLine(line: string): Incoming {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      type: 'invalid',
      id: null,
      error: { code: RPC_ERROR.parseError, message: `Parse error: ${why}` },
    };
  }
  if (!isObject(value)) {
    const message = Array.isArray(value)
      ? 'Invalid Request: batches are not supported (MCP 2025-06-18)'
      : 'Invalid Request: expected a JSON object';
    return { type: 'invalid', id: null, error: { code: RPC_ERROR.invalidRequest, message } };
  }
  const id = isId(value.id) ? value.id : null;
  if (value.jsonrpc !== '2.0')
    return {
      type: 'invalid',
      id,
      error: { code: RPC_ERROR.invalidRequest, message: 'Invalid Request: "jsonrpc" must be "2.0"' },
    };
  if (value.method === undefined && ('result' in value || 'error' in value)) return { type: 'response', id };
  if (typeof value.method !== 'string')
    return {
      type: 'invalid',
      id,
      error: { code: RPC_ERROR.invalidRequest, message: 'Invalid Request: "method" must be a string' },
    };
  if (value.id !== undefined && !isId(value.id))
    return {
      type: 'invalid',
      id: null,
      error: {
        code: RPC_ERROR.invalidRequest,
        message: 'Invalid Request: "id" must be a string or an integer',
      },
    };
  if (value.params !== undefined && !isObject(value.params))
    return {
      type: 'invalid',
      id,
      error: { code: RPC_ERROR.invalidParams, message: 'Invalid params: "params" must be an object' },
    };
  return {
    type: 'request',
    message: {
      jsonrpc: '2.0',
      method: value.method,
      ...(isId(value.id) ? { id: value.id } : {}),
      ...(isObject(value.params) ? { params: value.params } : {}),
    },
  };
}

/** A success response. */
export function resultMessage(id: RequestId, result: Record<string, unknown>): JsonRpcResponse {
  return { jsonrpc: '2.0', id, result };
}

/** An error response (`id` null when the request's id could not be read). */
export function errorMessage(id: RequestId | null, error: JsonRpcError): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error };
}

/** Serialises a message as one stdio frame (JSON has no raw newlines; `\n` terminates it). */
export function frame(message: JsonRpcResponse | JsonRpcRequest): string {
  return `${JSON.stringify(message)}\n`;
}
