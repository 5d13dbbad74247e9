/**
 * One client connection of the gateway: the startup phase (SSL/GSS negotiation, CancelRequest, the
 * StartupMessage and identity), the relay of client messages (each Query and Parse judged, refused
 * ones replaced by the refusal) and of server messages (agent session settings, rewritten errors,
 * masked DataRows). The listener and the judging (cache, blast radius) are in `gateway.ts`.
 */
import * as net from 'node:net';
import type { GatewayVerdict } from './gateway';
import { actorOf, type PeerIdentity } from './identity';
import { columnMasks, maskDataRow, rowDescription, type ColumnMask } from './rows';
import { type ConnectionDeps, passAll, passNone, readBuffer, type SessionInfo, settingsSql } from './session';
import { type ByteSink, DirectWriter } from './io';
import { adoptOnread } from './listen';
import { Refusals } from './refusals';
import { acceptClientTls, connectUpstream as connectUpstreamTls } from './tls';
import {
  CANCEL_REQUEST,
  errorResponse,
  type Frame,
  FrameReader,
  FrameSkipper,
  GSSENC_REQUEST,
  parseMessage,
  queryMessage,
  queryText,
  SSL_REQUEST,
  startupParams,
  WriteBatch,
} from './wire';

/**
 * Relays one client connection (see the module comment for the protocol handling). `raw` comes
 * from a server made with `pauseOnConnect: true`: without client TLS its reads move to a reused
 * buffer (`adoptOnread`), with client TLS it is resumed and read through `data` events (a TLS
 * upgrade needs a plain socket). The socket read from is given to `deps.track`.
 */
export function handleConnection(raw: net.Socket, deps: ConnectionDeps): void {
  /** The client's socket: `raw`, the socket `raw`'s handle moved to (onread), or the TLS socket over `raw`. */
  let client = raw;
  const fromClient = new FrameReader(true);
  const fromServer = new FrameReader(false);
  let upstream: net.Socket | undefined;
  /** Messages for the upstream while its TLS is negotiated (then written in order). */
  let pendingUp: Buffer[] | undefined;
  /** Writes to the upstream socket once it is connected (see {@link DirectWriter}). */
  let upstreamOut: ByteSink | undefined;
  /** Where client messages go: the upstream, or {@link pendingUp} while it is not ready. */
  const upstreamSink: ByteSink = {
    write: (b: Buffer): boolean => {
      if (pendingUp) pendingUp.push(b);
      else upstreamOut?.write(b);
      return true;
    },
    writev: (parts: Buffer[]): void => {
      if (pendingUp) pendingUp.push(...parts);
      else upstreamOut?.writev(parts);
    },
  };
  /** Writes to the client's socket (see {@link DirectWriter}); replaced on a TLS upgrade. */
  let clientOut: ByteSink = new DirectWriter(raw, false);
  /** Whether the client's session went on in TLS (its writes are encrypted, not written as read). */
  let clientTls = false;
  let session: SessionInfo | undefined;
  /** Client messages are handled one at a time, in order (judging is asynchronous). */
  let queue: Promise<void> = Promise.resolve();
  /** Messages queued and not yet handled (0: the next one may be handled at once). */
  let waiting = 0;
  /** Refused statements and the upstream errors their Binds cause (see `refusals.ts`). */
  const refusals = new Refusals(deps.onRefused);
  /** The judging in progress, aborted (an approval wait ends refused) by a cancel or a disconnect. */
  let judging: AbortController | undefined;
  let backendKey: string | undefined;
  const judged = async (sql: string, s: SessionInfo): Promise<GatewayVerdict> => {
    judging = new AbortController();
    try {
      return await deps.judge(sql, s, judging.signal);
    } finally {
      judging = undefined;
    }
  };

  const fail = (err: unknown): void => {
    deps.log(`gateway: connection closed: ${err instanceof Error ? err.message : String(err)}`);
    client.destroy();
    upstream?.destroy();
  };

  /** Messages handled in the current client read, written upstream together at its end. */
  let batch: WriteBatch | undefined;
  const toUpstream = (buf: Buffer): void => {
    if (batch) batch.add(buf);
    else upstreamSink.write(buf);
  };

  /**
   * Session start: `settings` until the first ReadyForQuery, then `injected` while the agent
   * settings run (their replies are swallowed), then `open`.
   */
  let phase: 'settings' | 'injected' | 'open' = 'settings';
  /** Lets client messages after authentication through once the session is set up. */
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  /** Masks of the current result's columns (agent sessions with masking), from its RowDescription. */
  let masks: ColumnMask[] | undefined;
  /** Server frames held while a RowDescription's table names are looked up. */
  let held: Frame[] | undefined;

  /** The column masks of a RowDescription, looking table names up when needed (then holding). */
  const describe = (f: Frame, rest: Frame[]): boolean => {
    const m = deps.agentMasking;
    if (!m || !session || session.actor.type !== 'agent') return false;
    let fields;
    try {
      fields = rowDescription(f.body);
    } catch (err) {
      fail(err);
      return true;
    }
    const oids = [...new Set(fields.map((x) => x.tableOid).filter((o) => o !== 0))];
    if (!oids.length || !deps.side) {
      masks = columnMasks(fields, new Map(), m.columns);
      return false;
    }
    const s = session;
    held = rest;
    void deps.side.tables(s.user, s.database ?? s.user, oids).then((names) => {
      masks = columnMasks(fields, names, m.columns);
      const frames = held ?? [];
      held = undefined;
      relay(frames);
    });
    return true;
  };

  /** Relays server frames to the client, rewriting what the session needs; one write per run. */
  const relay = (frames: Frame[]): void => {
    const out = new WriteBatch();
    try {
      for (let i = 0; i < frames.length; i++) {
        const f = frames[i] as Frame;
        if (phase === 'injected') {
          if (f.type === 'Z') {
            phase = 'open';
            out.add(pendingReady ?? f.raw);
            markReady();
          } else if (f.type === 'E') {
            // The session could not be made safe: the client gets the error and the connection closes.
            out.add(f.raw);
            out.flush(clientOut);
            deps.log('gateway: agent session settings failed; connection closed');
            client.end();
            upstream?.destroy();
            return;
          } else if (f.type === 'S' || f.type === 'N') out.add(f.raw);
          continue;
        }
        if (f.type === 'K')
          deps.cancels.set((backendKey = f.body.toString('hex')), () => {
            judging?.abort();
            return judging !== undefined;
          });
        if (f.type === 'Z' && phase === 'settings') {
          const settings = session?.actor.type === 'agent' ? deps.agentSettings : undefined;
          if (settings && Object.keys(settings).length) {
            phase = 'injected';
            toUpstream(queryMessage(settingsSql(settings)));
            pendingReady = f.raw; // relayed once the settings' own ReadyForQuery arrives
            continue;
          }
          phase = 'open';
          markReady();
        }
        if (f.type === 'E') {
          const replaced = refusals.serverError();
          if (replaced) {
            out.add(replaced);
            continue;
          }
        }
        if (f.type === 'Z') refusals.ready();
        if (f.type === 'T') {
          masks = undefined;
          if (describe(f, frames.slice(i + 1))) {
            out.add(f.raw);
            return;
          }
        } else if (f.type === 'D' && masks) {
          const masked = maskDataRow(f.raw, masks, deps.agentMasking?.scan ?? (() => undefined));
          if (masked !== f.raw) deps.onMasked();
          out.add(masked);
          continue;
        } else if (f.type === 'n') masks = undefined;
        out.add(f.raw);
      }
    } finally {
      out.flush(clientOut);
    }
  };
  /** The first ReadyForQuery, withheld while the agent settings run. */
  let pendingReady: Buffer | undefined;

  /** Server messages relayed unread (see {@link FrameSkipper}). */
  const serverSkip = new FrameSkipper();
  /**
   * Whether server messages may be relayed unread: the session is set up, nothing is held, no
   * error waits to be rewritten, and its results are not masked.
   */
  const serverPlain = (): boolean =>
    phase === 'open' &&
    !held &&
    !refusals.pending() &&
    !(deps.agentMasking && session?.actor.type === 'agent');

  const onServerData = (chunk: Buffer): void => {
    let frames: Frame[];
    try {
      if (serverSkip.left > 0 || (fromServer.empty() && serverPlain())) {
        const n = serverSkip.scan(chunk, serverPlain() ? passAll : passNone);
        if (n > 0) clientOut.write(n === chunk.length ? chunk : chunk.subarray(0, n));
        if (n === chunk.length) return;
        chunk = chunk.subarray(n);
      }
      frames = fromServer.push(chunk);
    } catch (err) {
      fail(err);
      return;
    }
    if (held) held.push(...frames);
    else relay(frames);
  };

  const connectUpstream = (first: Buffer): void => {
    const use = (up: net.Socket, reads: 'data' | 'onread'): void => {
      upstream = up;
      upstreamOut = new DirectWriter(up, !deps.upstreamTls);
      deps.track(up);
      up.setNoDelay(true);
      if (reads === 'data') up.on('data', onServerData);
      up.on('error', fail);
      up.on('close', () => client.end());
    };
    if (!deps.upstreamTls) {
      // Reads land in a buffer of our own, reused while nothing refers to it after the read.
      const reuse = readBuffer();
      const up = net.connect({
        port: deps.upstream.port,
        host: deps.upstream.host,
        onread: {
          buffer: reuse.next,
          callback: (n: number, buf: Uint8Array): boolean => {
            onServerData(Buffer.from(buf.buffer, buf.byteOffset, n));
            // Still referred to: by a write the kernel did not take at once (or TLS took), a message
            // cut by the read, or messages held or withheld while the session is set up.
            if (client.writableLength > 0 || clientTls || !fromServer.empty() || held || phase !== 'open')
              reuse.lent();
            return true;
          },
        },
      });
      use(up, 'onread');
      up.write(first);
      return;
    }
    pendingUp = [first];
    connectUpstreamTls(deps.upstream, deps.upstreamTls).then(
      (up) => {
        use(up, 'data');
        const queued = pendingUp ?? [];
        pendingUp = undefined;
        if (client.destroyed) return void up.destroy();
        for (const b of queued) up.write(b);
      },
      (err: unknown) => {
        // The client hears why, as an ErrorResponse in its startup phase.
        const why = err instanceof Error ? err.message : String(err);
        client.end(errorResponse('08006', `railguard gateway: cannot reach the upstream over TLS: ${why}`));
        deps.log(`gateway: upstream TLS failed: ${why}`);
      },
    );
  };

  /** Handles one typed client message after startup. */
  const handle = async (f: Frame): Promise<void> => {
    if (!session || f.type === 'p') {
      toUpstream(f.raw); // authentication messages ('p') pass before the session is set up
      return;
    }
    if (phase !== 'open') await ready;
    if (f.type === 'Q') {
      const sql = queryText(f.body);
      if (sql.trim() === '') return toUpstream(f.raw);
      return query(f, await judged(sql, session));
    }
    if (f.type === 'P') {
      const p = parseMessage(f.body);
      return parse(f, p, await judged(p.query, session));
    }
    return other(f);
  };

  /**
   * Handles `f` at once when nothing is waiting and its verdict (if it needs one) is cached: the
   * hot path of a session repeating known statements, with no promise per message. False: queue it.
   */
  const handleNow = (f: Frame): boolean => {
    if (!session || phase !== 'open' || f.type === 'p') return false;
    if (f.type === 'Q') {
      const sql = queryText(f.body);
      const v = sql.trim() === '' ? undefined : deps.judgeNow(sql, session);
      if (!v) return false;
      query(f, v);
      return true;
    }
    if (f.type === 'P') {
      const p = parseMessage(f.body);
      const v = deps.judgeNow(p.query, session);
      if (!v) return false;
      parse(f, p, v);
      return true;
    }
    other(f);
    return true;
  };

  /** A Query with its verdict: relayed, or replaced by the refusal. */
  const query = (f: Frame, v: GatewayVerdict): void => toUpstream(refusals.query(f.raw, v));

  /** A Parse with its verdict: relayed, or its statement replaced by the refusal. */
  const parse = (f: Frame, p: ReturnType<typeof parseMessage>, v: GatewayVerdict): void =>
    toUpstream(refusals.parse(f.raw, p, v));

  /** Any other message: Bind and Close (refused statements), Describe, Execute, Sync, COPY data… */
  const other = (f: Frame): void => {
    refusals.other(f.type, f.body);
    toUpstream(f.raw);
  };

  /** Client messages relayed unread (see {@link FrameSkipper}). */
  const clientSkip = new FrameSkipper();
  /** Client message types relayed unread: all but Query, Parse, and Bind/Close once a Parse was refused. */
  const clientPass = (type: number): boolean =>
    type !== 0x51 /* Q */ && type !== 0x50 /* P */ && refusals.passes(type);

  const onClientData = (chunk: Buffer): void => {
    let frames: Frame[];
    const outer = batch;
    const mine = (batch = new WriteBatch());
    try {
      if (clientSkip.left > 0 || (session && phase === 'open' && waiting === 0 && fromClient.empty())) {
        const n = clientSkip.scan(chunk, waiting === 0 && phase === 'open' ? clientPass : passNone);
        if (n > 0) mine.add(n === chunk.length ? chunk : chunk.subarray(0, n));
        chunk = chunk.subarray(n);
      }
      frames = chunk.length ? fromClient.push(chunk) : [];
    } catch (err) {
      batch = outer;
      mine.flush(upstreamSink);
      fail(err);
      return;
    }
    try {
      for (const f of frames) {
        if (f.type === undefined) {
          startup(f);
          continue;
        }
        if (waiting === 0 && handleNow(f)) continue;
        waiting++;
        queue = queue
          .then(() => handle(f))
          .catch(fail)
          .finally(() => waiting--);
      }
    } finally {
      batch = outer;
      mine.flush(upstreamSink);
    }
  };
  /** Listens to the client's socket (again after a TLS upgrade); `data`: it reads by `data` events. */
  const attach = (sock: net.Socket, data: boolean): void => {
    if (data) sock.on('data', onClientData);
    sock.on('error', fail);
    sock.on('close', () => {
      judging?.abort();
      if (backendKey) deps.cancels.delete(backendKey);
      upstream?.end();
    });
  };
  if (deps.tls) {
    attach(client, true);
    client.resume();
  } else {
    // Reads land in a buffer of our own, reused while nothing refers to it after the read.
    const reuse = readBuffer();
    const adopted = adoptOnread(raw, {
      buffer: reuse.next,
      callback: (n: number, buf: Uint8Array): boolean => {
        onClientData(Buffer.from(buf.buffer, buf.byteOffset, n));
        // Still referred to: by a message cut by the read, messages waiting for their verdict or
        // for the session to open, or a write the upstream did not take at once.
        if (phase !== 'open' || waiting > 0 || !fromClient.empty() || pendingUp || !upstream) reuse.lent();
        else if (upstream.writableLength > 0 || deps.upstreamTls) reuse.lent();
        return true;
      },
    });
    client = adopted.socket;
    attach(client, !adopted.onread);
  }
  // A gateway with a certificate keeps socket writes until it knows whether the client upgrades.
  clientOut = new DirectWriter(client, !deps.tls);
  deps.track(client);

  /** A startup-phase message: SSL/GSS negotiation, cancel, or the StartupMessage. */
  function startup(f: Frame): void {
    const code = f.body.readInt32BE(0);
    if (code === SSL_REQUEST && deps.tls && client === raw) {
      // Bytes sent after the SSLRequest, before the handshake, could be injected (CVE-2021-23214).
      if (fromClient.rest().length) return fail(new Error('data after SSLRequest before the TLS handshake'));
      raw.write('S');
      raw.off('data', onClientData);
      client = acceptClientTls(raw, deps.tls);
      clientTls = true;
      clientOut = new DirectWriter(client, false);
      attach(client, true);
      deps.track(client);
      return;
    }
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      client.write('N');
      // Bytes that came with the request belong to the next startup-phase message.
      for (const rest of fromClient.rest()) onClientData(rest);
      return;
    }
    if (code === CANCEL_REQUEST) {
      // A statement waiting for approval has not reached the server: ending the wait is the whole
      // cancel (passed on, it could cancel the refusal that reports it, or a later statement).
      if (deps.cancels.get(f.body.subarray(4).toString('hex'))?.() !== true) {
        const c = net.connect(deps.upstream.port, deps.upstream.host, () => c.end(f.raw));
        c.on('error', () => c.destroy());
      }
      client.end();
      return;
    }
    fromClient.typed();
    const params = startupParams(f.body);
    const open = (identity: PeerIdentity): void => {
      session = {
        actor: actorOf(identity, params.user),
        user: params.user ?? '',
        database: params.database ?? params.user,
        applicationName: params.application_name,
        identity,
      };
      connectUpstream(f.raw);
    };
    const identity = deps.identify(client);
    if (!(identity instanceof Promise)) {
      open(identity);
      for (const rest of fromClient.rest()) onClientData(rest);
      return;
    }
    // Nothing is read from the client until it is known who it is (a Unix-socket peer).
    const rest = fromClient.rest();
    client.pause();
    void identity.then(
      (id) => {
        if (client.destroyed) return;
        open(id);
        client.resume();
        for (const r of rest) onClientData(r);
      },
      (err: unknown) => fail(err),
    );
  }
}
