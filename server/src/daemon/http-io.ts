/**
 * The daemon's HTTP plumbing, apart from its routes (`server.ts`): the cap on connections served
 * at once and their first-byte and request deadlines, bounded request bodies, JSON bodies and
 * answers.
 */
import type * as http from 'node:http';
import type { Socket } from 'node:net';
import { BadRequestError } from './protocol';

/** A request body over the daemon's limit (answered 413). */
export class TooLarge extends Error {}

/** Connections served at once (see {@link capConnections}). */
export const DEFAULT_MAX_CONNECTIONS = 256;
/** A connection's first byte must come within this many ms. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 2000;
/** A request (headers and body) must fully arrive within this many ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** What a connection over the cap gets before it is closed: clients read it as "apply the fail rule". */
const BUSY =
  'HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 23\r\n' +
  'Connection: close\r\n\r\nrailguard daemon busy\r\n';

/** Per connection: the timer that closes it when its request has not fully arrived in time. */
const REQUEST_DEADLINES = new WeakMap<Socket, NodeJS.Timeout>();
/** Per connection: stops its first-byte timer (called when a request on it has begun). */
const IDLE_TIMERS = new WeakMap<Socket, () => void>();

/**
 * Caps the connections `server` serves at once: the next one is answered {@link BUSY} and closed
 * before the HTTP parser reads anything. Together with the header and request timeouts, a
 * loopback client holding connections open cannot make every other client wait: they are
 * answered at once, and their fail rule applies (production blocked, never a silent run). A
 * connection that sends nothing within `firstByteMs`, or whose request has not fully arrived
 * within `requestMs`, is closed; the answer itself is not timed (an ask waits for a human).
 */
export function capConnections(
  server: http.Server,
  max: number,
  firstByteMs: number,
  requestMs: number,
): void {
  let open = 0;
  // The whole request (headers and body) must arrive within requestMs; a request fully read
  // (`incoming.complete`, or its end) stops the clock, so a long answer is never cut.
  server.prependListener('request', (req: http.IncomingMessage) => {
    const socket = req.socket;
    // The HTTP parser reads the socket's handle directly, so a socket may emit no 'data' event:
    // a request that arrived is the first byte's proof.
    IDLE_TIMERS.get(socket)?.();
    const stop = (): void => clearTimeout(REQUEST_DEADLINES.get(socket));
    if (req.complete) stop();
    else req.once('end', stop);
  });
  server.prependListener('connection', (socket: Socket) => {
    if (open >= max) {
      socket.on('error', () => undefined);
      socket.end(BUSY);
      socket.destroySoon();
      return;
    }
    open++;
    // Node's headersTimeout starts with the first byte: a connection sending nothing is closed here.
    // A timer that fires late means the event loop was busy: bytes may be waiting unread, so the
    // connection gets one more short wait (the poll phase reads them) before it is judged idle.
    const started = Date.now();
    const expire = (): void => {
      if (Date.now() - started > firstByteMs + 200 && !late) {
        late = true;
        idle = setTimeout(expire, 200);
      } else socket.destroy();
    };
    let late = false;
    let idle = setTimeout(expire, firstByteMs);
    socket.once('data', () => clearTimeout(idle));
    IDLE_TIMERS.set(socket, () => {
      late = true;
      clearTimeout(idle);
    });
    REQUEST_DEADLINES.set(
      socket,
      setTimeout(() => socket.destroy(), requestMs),
    );
    socket.once('close', () => {
      clearTimeout(idle);
      clearTimeout(REQUEST_DEADLINES.get(socket));
      open--;
    });
  });
}

/**
 * The body of `req`, at most `max` bytes.
 * @throws TooLarge when it is longer.
 */
export async function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    const b = c as Buffer;
    size += b.length;
    if (size > max) throw new TooLarge(`request body larger than ${max} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * `body` parsed as JSON.
 * @throws BadRequestError when it is not JSON (answered 400).
 */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new BadRequestError('the body is not valid JSON');
  }
}

/** Agent hook bodies are judged even when malformed: the adapter answers them safely. */
export function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Answers `value` as JSON; `proof(text)` gives the `X-Railguard-Answer-Proof` header (none: undefined). */
export function sendJson(
  res: http.ServerResponse,
  status: number,
  value: unknown,
  proof: (text: string) => string | undefined = () => undefined,
): void {
  const text = JSON.stringify(value);
  const p = proof(text);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(p ? { 'x-railguard-answer-proof': p } : {}),
  });
  res.end(text);
}
