/**
 * The sync protocol between a client's outbox and the team store: JSON text frames over a
 * WebSocket (RFC 6455) opened with `Authorization: Bearer <token>`. Every request carries a
 * client-chosen `batch` id that the answer repeats.
 *
 * client → store
 * - `events`: up to {@link MAX_BATCH_EVENTS} OpenLineage RunEvents.
 * - `checkpoint`: an audit checkpoint (a signed tree head record) from the client named `source`.
 *
 * store → client
 * - `ack`: the batch is durably stored. `ids` are the event ids now stored (new or already there);
 *   `rejected` lists events refused for good (schema errors), by index in the batch.
 * - `error`: the request was not processed; retry later when `retryable`.
 */

/** Most events in one `events` message. */
export const MAX_BATCH_EVENTS = 1000;

/** Client request: store these events. */
export interface EventsMessage {
  type: 'events';
  batch: string;
  events: unknown[];
}

/** Client request: persist an audit checkpoint record. */
export interface CheckpointMessage {
  type: 'checkpoint';
  batch: string;
  /** Who sends it (a stable client / audit-log name). */
  source: string;
  checkpoint: Record<string, unknown>;
}

export type ClientMessage = EventsMessage | CheckpointMessage;

/** An event the store refused, by its index in the batch. */
export interface RejectedEvent {
  index: number;
  id?: string;
  reason: string;
}

/** Store answer: the batch is stored. */
export interface AckMessage {
  type: 'ack';
  batch: string;
  ids: string[];
  /** How many of `ids` were new (the rest were duplicates). */
  inserted: number;
  rejected: RejectedEvent[];
}

export type ErrorCode = 'bad-request' | 'rate-limited' | 'too-many-events' | 'internal';

/** Store answer: the request was not processed. */
export interface ErrorMessage {
  type: 'error';
  batch?: string;
  code: ErrorCode;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
}

export type ServerMessage = AckMessage | ErrorMessage;

/**
 * Parses a client frame. Returns the message, or an error text for a frame that is not JSON, not
 * an object, has an unknown `type` or misses required fields.
 */
export function parseClientMessage(text: string): ClientMessage | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { error: 'frame is not JSON' };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: 'frame is not a JSON object' };
  const m = v as Record<string, unknown>;
  if (typeof m['batch'] !== 'string' || m['batch'].length === 0 || m['batch'].length > 200) {
    return { error: '"batch" must be a non-empty string (≤ 200 chars)' };
  }
  if (m['type'] === 'events') {
    if (!Array.isArray(m['events'])) return { error: '"events" must be an array' };
    return { type: 'events', batch: m['batch'], events: m['events'] };
  }
  if (m['type'] === 'checkpoint') {
    const cp = m['checkpoint'];
    if (typeof m['source'] !== 'string' || m['source'].length === 0)
      return { error: '"source" must be a string' };
    if (typeof cp !== 'object' || cp === null || Array.isArray(cp))
      return { error: '"checkpoint" must be an object' };
    return {
      type: 'checkpoint',
      batch: m['batch'],
      source: m['source'],
      checkpoint: cp as Record<string, unknown>,
    };
  }
  return { error: `unknown message type ${JSON.stringify(m['type'])}` };
}

/** Parses a store frame; `undefined` when it is not a known answer. */
export function parseServerMessage(text: string): ServerMessage | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const m = v as Record<string, unknown>;
  if (m['type'] === 'ack' && typeof m['batch'] === 'string' && Array.isArray(m['ids'])) {
    return {
      type: 'ack',
      batch: m['batch'],
      ids: m['ids'].filter((x): x is string => typeof x === 'string'),
      inserted: typeof m['inserted'] === 'number' ? m['inserted'] : 0,
      rejected: Array.isArray(m['rejected']) ? (m['rejected'] as RejectedEvent[]) : [],
    };
  }
  if (m['type'] === 'error' && typeof m['code'] === 'string') return v as ErrorMessage;
  return undefined;
}
