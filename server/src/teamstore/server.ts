import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventIdOf } from '../lineage/ids';
import {
  MAX_BATCH_EVENTS,
  parseClientMessage,
  type AckMessage,
  type ErrorMessage,
  type RejectedEvent,
} from '../lineage/protocol';
import { createRunEventValidator, type RunEventValidator } from '../lineage/schema';
import { Forwarder, type ForwarderOptions } from './forwarder';
import { bearerToken, TokenBucket, tokenMatches } from './guards';
import { handleHttp } from './http-api';
import type { EventStore, IngestItem } from './store';
import type { SigningKey } from '../audit/keys';
import { witnessCheckpoint, type WitnessReceipt, type Witnessed } from './witness';

/** Options of {@link startTeamStore}. */
export interface TeamStoreOptions {
  store: EventStore;
  token: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** PEM certificate and key: serve `wss://` and `https://`. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Largest accepted WebSocket message in bytes; bigger ones close the connection with 1009. Default 4 MiB. */
  maxMessageBytes?: number;
  /** Per-connection message rate: burst and sustained messages per second. Defaults 50 and 100. */
  rate?: { burst: number; perSecond: number };
  /**
   * The token's quota across all its connections: messages per second (burst, sustained) and
   * bytes of messages accepted since start. Defaults: 200/400 per second, no byte limit.
   */
  quota?: { burst: number; perSecond: number; bytes?: number };
  /**
   * The store's own Ed25519 key: checkpoints are verified against their source's registered key
   * and countersigned (see `witness.ts`); without it checkpoints are stored as sent.
   */
  witnessKey?: SigningKey;
  /** Forward each newly stored event to a Marquez-compatible endpoint. */
  forward?: ForwarderOptions;
  /** Diagnostics (bad frames, storage errors, forwarding give-ups). */
  onLog?: (message: string) => void;
}

/** A running team store. */
export interface TeamStore {
  /** The bound port (useful with `port: 0`). */
  readonly port: number;
  /** `ws://` or `wss://` URL of the sync endpoint. */
  readonly url: string;
  readonly forwarder: Forwarder | undefined;
  /** Closes every connection and the listener; closes the store. */
  close(): Promise<void>;
}

function sendJson(ws: WebSocket, msg: AckMessage | ErrorMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}

/** `GET /api/v1/witness?source=S` ⇒ the witness key (PEM) and the receipts of S, oldest first. */
async function witnessAnswer(
  options: TeamStoreOptions,
  source: string,
  authorized: boolean,
): Promise<[number, unknown]> {
  if (!authorized) return [401, { error: 'missing or wrong token' }];
  if (!options.witnessKey || !options.store.checkpointsOf)
    return [404, { error: 'this store is no witness' }];
  if (!source) return [400, { error: 'name the source (?source=USER@HOST)' }];
  try {
    const receipts = (await options.store.checkpointsOf(source))
      .map((c) => (c['witness'] as Witnessed | undefined)?.receipt)
      .filter((r): r is WitnessReceipt => r !== undefined);
    const witnessKey = options.witnessKey.publicKey.export({ type: 'spki', format: 'pem' });
    return [200, { source, witnessKey, receipts }];
  } catch (err) {
    return [500, { error: err instanceof Error ? err.message : String(err) }];
  }
}

/** Validates a batch: schema-valid events get their id; others are rejected by index. */
function validateBatch(
  validate: RunEventValidator,
  events: unknown[],
): { items: IngestItem[]; rejected: RejectedEvent[] } {
  const items: IngestItem[] = [];
  const rejected: RejectedEvent[] = [];
  events.forEach((e, index) => {
    const v = validate(e);
    if (v.ok) items.push({ id: eventIdOf(v.event), event: v.event });
    else rejected.push({ index, reason: `not an OpenLineage RunEvent: ${v.errors.join('; ')}` });
  });
  return { items, rejected };
}

async function onFrame(
  ws: WebSocket,
  text: string,
  ctx: {
    store: EventStore;
    witnessKey: SigningKey | undefined;
    validate: RunEventValidator;
    forwarder: Forwarder | undefined;
    log: (m: string) => void;
  },
): Promise<void> {
  const msg = parseClientMessage(text);
  if ('error' in msg) {
    ctx.log(`bad frame: ${msg.error}`);
    return sendJson(ws, { type: 'error', code: 'bad-request', message: msg.error, retryable: false });
  }
  const { batch } = msg;
  try {
    if (msg.type === 'checkpoint') {
      let checkpoint = msg.checkpoint;
      if (ctx.witnessKey && ctx.store.checkpointsOf) {
        const known = (await ctx.store.checkpointsOf(msg.source))
          .map((c) => c['witness'] as Witnessed | undefined)
          .filter((w): w is Witnessed => w !== undefined && typeof w.sourceKey === 'string');
        const w = witnessCheckpoint(ctx.witnessKey, msg.source, msg.checkpoint, known);
        if (!w.ok) {
          ctx.log(`checkpoint of ${msg.source} refused: ${w.reason}`);
          return sendJson(ws, {
            type: 'error',
            batch,
            code: 'bad-request',
            message: w.reason,
            retryable: false,
          });
        }
        checkpoint = { ...msg.checkpoint, witness: w.witnessed };
      }
      const inserted = await ctx.store.insertCheckpoint(msg.source, checkpoint);
      return sendJson(ws, { type: 'ack', batch, ids: [], inserted: inserted ? 1 : 0, rejected: [] });
    }
    if (msg.events.length > MAX_BATCH_EVENTS) {
      const message = `at most ${MAX_BATCH_EVENTS} events per batch`;
      return sendJson(ws, { type: 'error', batch, code: 'too-many-events', message, retryable: false });
    }
    const { items, rejected } = validateBatch(ctx.validate, msg.events);
    const inserted = await ctx.store.insertEvents(items);
    if (ctx.forwarder && inserted.length > 0) {
      const fresh = new Set(inserted);
      ctx.forwarder.push(items.filter((i) => fresh.has(i.id)).map((i) => i.event));
    }
    const ids = items.map((i) => i.id);
    sendJson(ws, { type: 'ack', batch, ids, inserted: inserted.length, rejected });
  } catch (e) {
    ctx.log(`storing batch ${batch} failed: ${e instanceof Error ? e.message : String(e)}`);
    sendJson(ws, {
      type: 'error',
      batch,
      code: 'internal',
      message: 'storage failed',
      retryable: true,
      retryAfterMs: 1000,
    });
  }
}

/**
 * Starts the team store: a WebSocket sync endpoint (any path) and the HTTP query API on one port.
 * Upgrades without the right bearer token are refused with HTTP 401 before the handshake.
 * Resolves once listening. @throws Error when the port cannot be bound.
 */
export async function startTeamStore(options: TeamStoreOptions): Promise<TeamStore> {
  const log = options.onLog ?? (() => undefined);
  const validate = createRunEventValidator();
  const forwarder = options.forward ? new Forwarder({ onLog: log, ...options.forward }) : undefined;
  const ctx = { store: options.store, validate, forwarder, log, witnessKey: options.witnessKey };
  const rate = options.rate ?? { burst: 50, perSecond: 100 };
  const quota = options.quota ?? { burst: 200, perSecond: 400 };
  // One bucket for the token, whatever the number of connections it opens.
  const tokenBucket = new TokenBucket(quota.burst, quota.perSecond);
  let acceptedBytes = 0;
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const authorized = tokenMatches(bearerToken(req), options.token);
    const url = new URL(req.url ?? '/', 'http://store');
    if (url.pathname === '/api/v1/witness' && req.method === 'GET') {
      void witnessAnswer(options, url.searchParams.get('source') ?? '', authorized).then(([status, body]) => {
        const text = JSON.stringify(body);
        res.writeHead(status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
      });
      return;
    }
    void handleHttp(options.store, req, res, authorized);
  };
  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, onRequest)
    : http.createServer(onRequest);
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? 4 * 1024 * 1024 });
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  server.on('upgrade', (req, socket, head) => {
    if (!tokenMatches(bearerToken(req), options.token)) {
      socket.end(
        'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const bucket = new TokenBucket(rate.burst, rate.perSecond);
    ws.on('error', (e) => log(`connection error: ${e.message}`));
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        return sendJson(ws, {
          type: 'error',
          code: 'bad-request',
          message: 'binary frames are not accepted',
          retryable: false,
        });
      }
      const wait = Math.max(bucket.take(), tokenBucket.take());
      const text = Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.concat(data as Buffer[]).toString('utf8');
      if (quota.bytes !== undefined && acceptedBytes + text.length > quota.bytes) {
        return sendJson(ws, {
          type: 'error',
          code: 'rate-limited',
          message: `the token's storage quota (${quota.bytes} bytes) is used up`,
          retryable: false,
        });
      }
      if (wait <= 0) acceptedBytes += text.length;
      if (wait > 0) {
        const batch = /"batch"\s*:\s*"([^"]{1,200})"/.exec(text)?.[1];
        return sendJson(ws, {
          type: 'error',
          ...(batch ? { batch } : {}),
          code: 'rate-limited',
          message: `more than ${rate.perSecond} messages per second`,
          retryable: true,
          retryAfterMs: wait,
        });
      }
      void onFrame(ws, text, ctx);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  return {
    port,
    url: `${options.tls ? 'wss' : 'ws'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    forwarder,
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
      forwarder?.stop();
      await options.store.close();
    },
  };
}
