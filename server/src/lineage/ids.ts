import { createHash, randomUUID } from 'node:crypto';
import type { EventType, RunEvent } from './openlineage';

/** Railguard's UUID namespace for name-based event ids (a fixed random UUID). */
export const RAILGUARD_EVENT_NAMESPACE = '6f1c2a4e-8d3b-4f5a-9c7e-2b1d0e3f4a5c';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID in its canonical 8-4-4-4-12 hex form (any version). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}

/**
 * A name-based UUID version 5 (RFC 9562 §5.5): SHA-1 over the namespace's 16 bytes followed by
 * the UTF-8 name, truncated to 128 bits, with version and variant bits set. Lowercase hex.
 * @throws Error when `namespace` is not a UUID.
 */
export function uuidV5(name: string, namespace: string = RAILGUARD_EVENT_NAMESPACE): string {
  if (!isUuid(namespace)) throw new Error(`not a UUID: ${namespace}`);
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const hex = h.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The idempotent id of an event: `uuidV5("<runId>/<eventType>")`, so re-sending an event is
 * harmless. A run has one START and one terminal event; RUNNING and OTHER may repeat, so their
 * name also includes `eventTime`. An event without `eventType` counts as OTHER.
 */
export function eventIdOf(event: Pick<RunEvent, 'eventType' | 'eventTime' | 'run'>): string {
  const type: EventType = event.eventType ?? 'OTHER';
  const repeatable = type === 'RUNNING' || type === 'OTHER';
  return uuidV5(`${event.run.runId.toLowerCase()}/${type}${repeatable ? `/${event.eventTime}` : ''}`);
}

/** A fresh random run id (UUID v4 from node:crypto). */
export function newRunId(): string {
  return randomUUID();
}
