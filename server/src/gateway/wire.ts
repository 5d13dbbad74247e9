/**
 * PostgreSQL frontend/backend protocol v3 framing for the gateway (PostgreSQL docs, chapter
 * "Frontend/Backend Protocol", "Message Formats"): every message after startup is a type byte and
 * an Int32 length that counts itself; the startup-phase messages (StartupMessage, SSLRequest,
 * GSSENCRequest, CancelRequest) have no type byte. The relay needs each message's raw bytes to pass
 * it on unchanged, which pg-protocol's parser (used here for what it gives: `serialize` for the
 * frontend messages the gateway sends) does not keep; framing itself is these five header bytes.
 */
import { serialize } from 'pg-protocol';
import type { ByteSink } from './io';

/** One protocol message: its type byte (`undefined` in the startup phase), whole bytes and body. */
export interface Frame {
  type: string | undefined;
  /** The whole message as received (type byte and length included). */
  raw: Buffer;
  /** The message body after the length. */
  body: Buffer;
}

/** Request codes of the startup-phase messages (PostgreSQL docs, "Message Formats"). */
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;
/** Protocol version 3.0 in a StartupMessage. */
export const PROTOCOL_3 = 196608;

/** Largest message accepted from either side (1 GiB, PostgreSQL's own limit for a message). */
export const MAX_MESSAGE = 1 << 30;

/**
 * Splits a byte stream into {@link Frame}s. `startup` reads the untyped startup-phase format until
 * {@link FrameReader.typed} is called.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private startup: boolean) {}

  /** Whether no bytes wait for the rest of their message. */
  empty(): boolean {
    return this.size === 0;
  }

  /** From now on messages carry a type byte (after the StartupMessage). */
  typed(): void {
    this.startup = false;
  }

  /**
   * Adds bytes and returns the complete messages they end.
   * @throws Error for a length below its own size or above {@link MAX_MESSAGE} (a broken peer).
   */
  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.size += chunk.length;
    let buf = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    const out: Frame[] = [];
    for (;;) {
      const head = this.startup ? 0 : 1;
      if (buf.length < head + 4) break;
      const len = buf.readInt32BE(head);
      if (len < 4 || len > MAX_MESSAGE) throw new Error(`bad message length ${len}`);
      const total = head + len;
      if (buf.length < total) break;
      const raw = buf.subarray(0, total);
      out.push({
        type: this.startup ? undefined : String.fromCharCode(raw[0] as number),
        raw,
        body: raw.subarray(head + 4),
      });
      buf = buf.subarray(total);
      // After the first startup-phase message the caller decides (SSLRequest keeps the phase).
      if (this.startup) break;
    }
    this.chunks = buf.length ? [buf] : [];
    this.size = buf.length;
    return out;
  }

  /** Bytes received but not yet framed (for a startup reader that stopped after one message). */
  rest(): Buffer[] {
    const r = this.chunks;
    this.chunks = [];
    this.size = 0;
    return r;
  }
}

/** Reads up to `count` NUL-terminated strings from a message body, from `start`. */
export function cstrings(body: Buffer, start = 0, count = Infinity): { values: string[]; end: number } {
  const values: string[] = [];
  let at = start;
  while (at < body.length && values.length < count) {
    const nul = body.indexOf(0, at);
    if (nul < 0) break;
    values.push(body.toString('utf8', at, nul));
    at = nul + 1;
  }
  return { values, end: at };
}

/** The parameters of a StartupMessage body (`user`, `database`, `application_name`…). */
export function startupParams(body: Buffer): Record<string, string> {
  const { values } = cstrings(body, 4);
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < values.length; i += 2) {
    const k = values[i];
    if (k) out[k] = values[i + 1] ?? '';
  }
  return out;
}

/** The query text of a Query ('Q') body. */
export function queryText(body: Buffer): string {
  const nul = body.indexOf(0);
  return body.toString('utf8', 0, nul < 0 ? body.length : nul);
}

/** A Parse ('P') body: statement name, query text and the declared parameter type OIDs. */
export function parseMessage(body: Buffer): { name: string; query: string; paramTypes: number[] } {
  const { values, end } = cstrings(body, 0, 2);
  const n = end + 2 <= body.length ? body.readInt16BE(end) : 0;
  const paramTypes: number[] = [];
  for (let i = 0; i < n && end + 2 + 4 * (i + 1) <= body.length; i++)
    paramTypes.push(body.readInt32BE(end + 2 + 4 * i));
  return { name: values[0] ?? '', query: values[1] ?? '', paramTypes };
}

/** A Bind ('B') body's portal and statement names and its parameter count. */
export function bindMessage(body: Buffer): { portal: string; statement: string; params: number } {
  const { values, end } = cstrings(body, 0, 2);
  // Int16 format-code count, the codes, then Int16 parameter count.
  const nFormats = end + 2 <= body.length ? body.readInt16BE(end) : 0;
  const at = end + 2 + 2 * nFormats;
  const params = at + 2 <= body.length ? body.readInt16BE(at) : 0;
  return { portal: values[0] ?? '', statement: values[1] ?? '', params };
}

/**
 * The SQL the gateway runs in place of a statement policy refused: the server raises SQLSTATE
 * 42501 (insufficient_privilege) with `message`, so the error arrives in protocol order and a
 * transaction is marked failed exactly as for any other error. `message` is a SQL string literal
 * inside a dollar-quoted DO body whose tag it cannot contain.
 */
export function refusalSql(message: string): string {
  const literal = `'${message.replace(/\$rg\$/g, '$ rg$').replace(/'/g, "''")}'`;
  return `DO $rg$ BEGIN RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = ${literal}; END $rg$`;
}

/** A Query message running `sql` (pg-protocol's serializer). */
export function queryMessage(sql: string): Buffer {
  return serialize.query(sql);
}

/** A Parse message for statement `name` with `sql` and no declared parameter types. */
export function parseMessageOf(name: string, sql: string): Buffer {
  return serialize.parse({ name, text: sql, types: [] });
}

/**
 * An ErrorResponse ('E') with severity ERROR, SQLSTATE `code` and `message` (backend message; the
 * gateway builds it to replace an upstream error caused by a refused statement's substitute).
 */
export function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.concat(
    [
      ['S', 'ERROR'],
      ['V', 'ERROR'],
      ['C', code],
      ['M', message],
    ].map(([k, v]) => Buffer.from(`${k}${v}\0`, 'utf8')),
  );
  const out = Buffer.alloc(1 + 4 + fields.length + 1);
  out.write('E', 0, 'latin1');
  out.writeInt32BE(4 + fields.length + 1, 1);
  fields.copy(out, 5);
  out[out.length - 1] = 0;
  return out;
}

/**
 * Collects outgoing messages and writes them with as few `write` calls as possible: frames that
 * lie next to each other in the chunk they were read from (the common case: a relayed run of
 * messages) are merged into one view of that memory, without copying.
 */
export class WriteBatch {
  private parts: Buffer[] = [];

  add(b: Buffer): void {
    const last = this.parts[this.parts.length - 1];
    if (last && last.buffer === b.buffer && last.byteOffset + last.length === b.byteOffset)
      this.parts[this.parts.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + b.length);
    else this.parts.push(b);
  }

  /** Writes what was collected to `to` (one write for one run; one writev for several). */
  flush(to: ByteSink): void {
    const parts = this.parts;
    if (parts.length === 0) return;
    this.parts = [];
    if (parts.length === 1) to.write(parts[0] as Buffer);
    else to.writev(parts);
  }
}

/**
 * Finds how much of a typed message stream can be relayed without being read: whole messages
 * whose type byte a predicate accepts, and the beginning of one the chunk cuts (its remaining
 * bytes are passed at the start of the next chunks, whatever the predicate then says). Used with
 * a {@link FrameReader} that is empty: the scan stops at a message boundary, and the reader takes
 * the rest of the chunk from there. Nothing is copied or allocated.
 */
export class FrameSkipper {
  /** Bytes of the message being passed that have not arrived yet (0: at a message boundary). */
  left = 0;

  /**
   * The number of leading bytes of `chunk` to relay as they are. Stops before a message `pass`
   * refuses (given its type byte) or whose five header bytes the chunk does not hold.
   * @throws Error for a length below its own size or above {@link MAX_MESSAGE} (a broken peer).
   */
  scan(chunk: Buffer, pass: (type: number) => boolean): number {
    const n = chunk.length;
    if (this.left >= n) {
      this.left -= n;
      return n;
    }
    let at = this.left;
    this.left = 0;
    while (at + 5 <= n) {
      const type = chunk[at] as number;
      if (!pass(type)) break;
      const len = chunk.readInt32BE(at + 1);
      if (len < 4 || len > MAX_MESSAGE) throw new Error(`bad message length ${len}`);
      const end = at + 1 + len;
      if (end > n) {
        this.left = end - n;
        return n;
      }
      at = end;
    }
    return at;
  }
}
