/**
 * The PostgreSQL gateway: a relay between clients and one upstream server that judges every
 * statement a client sends (Simple Query text, each Parse of the Extended Query protocol) with the
 * same engine and policy as every other entry point, before it reaches the server.
 *
 * - Startup: SSLRequest is answered `S` and the session continues in TLS when the gateway has a
 *   certificate (`tls`), else `N`; GSSENCRequest is answered `N` (see `tls.ts`); CancelRequest is passed to the upstream on a
 *   connection of its own (the BackendKeyData clients hold is the upstream's, relayed unchanged);
 *   the StartupMessage and authentication (trust, md5, SCRAM-SHA-256) are relayed byte for byte.
 * - A refused statement (deny, or an ask nobody approved) is replaced by a `DO` block raising
 *   SQLSTATE 42501 with the reason (see `refusalSql`), so the server itself reports the error in
 *   protocol order and marks an open transaction failed, as for any error; the session stays
 *   usable. A refused Parse keeps its statement name; a later Bind with parameters makes the server
 *   complain about their number, and that ErrorResponse is replaced by the refusal.
 * - Decisions are cached per actor and statement text (allow, warn and deny; never an ask) and the
 *   cache is emptied when the decider's policy changes (`Decider.version`).
 * - COPY data, notices, notifications and results are relayed unchanged.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Actor, Effect } from '../core/types';
import type { BlastRadius } from '../daemon/blast-radius';
import { DecisionCache } from './cache';
import { handleConnection } from './connection';
import { socketFd } from './io';
import { type ConnectionDeps, runs, type SessionInfo } from './session';
import { peerIdentityAsync, unixPeerIdentity, type PeerIdentity } from './identity';
import { listenOn, listenUnix } from './listen';
import { shapeKey } from './shape';
import { approxBytes, approxCount, describeEstimate, type SidePool } from './side';
import type { UpstreamTls } from './tls';

/** Lock modes that block a table's writes (PostgreSQL docs, "Explicit Locking", conflict table). */
const BLOCKS_WRITES = new Set(['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE']);

/** What a {@link Decider} says about one statement for one actor. */
export interface GatewayVerdict {
  /** `allow`/`warn` run; `deny` and an unapproved `ask` are refused. */
  effect: Effect;
  /** For `ask`: whether a human approved this request. */
  approved?: boolean;
  /** One sentence: why (the decision's reason). */
  reason: string;
  /** The deciding policy rules, `policy/rule`. */
  matched: string[];
  /** Texts of the statements that modify table rows (UPDATE/DELETE/MERGE), for the blast radius. */
  writes?: string[];
  /** Tables DDL in the statement locks, with the lock mode (`ACCESS EXCLUSIVE`…), for the blast radius. */
  locks?: { table: string; lock: string }[];
  /** Run-time settings the statement changes (`*`: all or unknown; see `guc.ts`). */
  settings?: string[];
  /** The verdict holds for every text of the same shape (see `shape.ts`): it is cached by shape too. */
  literalInsensitive?: boolean;
}

/** Judges statements; the gateway's only link to policy, audit and approvals. */
export interface Decider {
  /**
   * Judges `sql` sent by `actor` over a connection to `database`. Never rejects. `estimate`
   * (production upstreams) gives the blast radius of a verdict's writes and locks, to be applied
   * before anyone is asked (`daemon/blast-radius.ts`); `signal` aborts an approval wait (the
   * client cancelled or went away: the statement is then refused).
   */
  decide(
    sql: string,
    ctx: {
      actor: Actor;
      database: string | undefined;
      applicationName: string | undefined;
      estimate?: (v: GatewayVerdict) => Promise<BlastRadius | undefined>;
      signal?: AbortSignal;
    },
  ): Promise<GatewayVerdict>;
  /** Changes whenever the policy the decider applies changes (the cache is then emptied). */
  version(): string;
}

/** Options of {@link startGateway}. */
export interface GatewayOptions {
  /** Where to listen: loopback host and port (port 0 picks a free one). */
  listen: { host: string; port: number };
  /** The upstream PostgreSQL server. */
  upstream: { host: string; port: number };
  decider: Decider;
  /**
   * Who is behind a connection (default: the process owning the client socket, through /proc;
   * see `identity.ts`). Tests and non-Linux systems may pass their own.
   */
  identify?: (clientPort: number, serverPort: number) => PeerIdentity | Promise<PeerIdentity>;
  /**
   * Also listen on the Unix socket `socketDir/.s.PGSQL.PORT` (PORT: the TCP port), where
   * `psql -h socketDir -p PORT` connects (see `listen.ts`).
   */
  socketDir?: string;
  /**
   * Who is behind a Unix-socket connection (default: the peer process through `ss` and /proc; see
   * `unixPeerIdentity`).
   */
  identifyUnix?: (client: net.Socket) => Promise<PeerIdentity>;
  /**
   * TLS to clients: the gateway's certificate and key (PEM). An SSLRequest is then answered `S`
   * and the session continues inside TLS; without them it is answered `N` (see `tls.ts`).
   */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** TLS to the upstream (`sslmode`, `sslrootcert`; see `tls.ts`); undefined: clear text. */
  upstreamTls?: UpstreamTls;
  /**
   * Settings (GUC name ⇒ value) made for every agent session right after authentication, before
   * the client sees its first ReadyForQuery: e.g. `lock_timeout`, `statement_timeout`,
   * `idle_in_transaction_session_timeout`, `default_transaction_read_only`. The CLI sets them for
   * a production upstream only.
   */
  agentSettings?: Record<string, string>;
  /** Side connections for estimates and table names (see `side.ts`); needed by the two below. */
  side?: SidePool;
  /**
   * Blast radius: each UPDATE/DELETE/MERGE that would run is first planned on a side connection;
   * the estimate goes into the reason, and one over this many rows becomes an `ask` (refused
   * when nobody approves). Undefined: no estimates.
   */
  askOverRows?: number;
  /**
   * Masking of agents' results: data-class column patterns (`email`, `users.ssn`) whose values are
   * replaced in DataRows, and `scan`, the recognizers (masked text, or undefined when clean).
   * Undefined: results are relayed unchanged.
   */
  agentMasking?: { columns: string[]; scan: (text: string) => string | undefined };
  /** Largest number of cached decisions (default 10 000; oldest dropped first). */
  cacheSize?: number;
  log?: (line: string) => void;
}

/** A running gateway. */
export interface RunningGateway {
  port: number;
  host: string;
  /** The Unix socket's path, when listening on one (`socketDir`). */
  socket?: string;
  /** Counters: connections, statements judged, cache hits, refusals. */
  stats(): Record<string, number>;
  close(): Promise<void>;
}

/** The peer of an accepted Unix-socket connection, through its file descriptor. */
function unixIdentity(client: net.Socket): Promise<PeerIdentity> {
  const fd = socketFd(client);
  return fd >= 0 ? unixPeerIdentity(fd) : Promise.resolve({ chain: [] });
}

/**
 * Starts a gateway. Resolves once listening.
 * @throws Error when the address cannot be bound.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const log = options.log ?? ((): void => {});
  const identify = options.identify ?? peerIdentityAsync;
  const cache = new DecisionCache(options.cacheSize ?? 10_000);
  const counters = { connections: 0, judged: 0, cacheHits: 0, refused: 0, estimated: 0, maskedRows: 0 };
  const sockets = new Set<net.Socket>();
  /**
   * BackendKeyData (hex) ⇒ aborts that session's approval wait (a CancelRequest names it); true
   * when a wait was aborted.
   */
  const cancels = new Map<string, () => boolean>();

  /** The cache context of a session (actor and database), found once per session. */
  const contextOf = (s: SessionInfo): string =>
    (s.cacheContext ??= `${s.actor.type}:${s.actor.name}\0${s.database ?? ''}`);

  /** The cached verdict on `sql` (its exact text, else its shape; see `shape.ts`), if any. */
  const lookup = (sql: string, s: SessionInfo): GatewayVerdict | undefined => {
    cache.check(options.decider.version());
    const c = (s.verdicts ??= cache.context(contextOf(s)));
    let hit = c.exact.get(sql);
    if (!hit && c.shape.size) {
      const shape = shapeKey(sql);
      if (shape !== undefined) hit = c.shape.get(shape);
    }
    if (hit) counters.cacheHits++;
    return hit;
  };

  const estimating = options.askOverRows !== undefined && options.side !== undefined;
  const decide = async (sql: string, s: SessionInfo, signal?: AbortSignal): Promise<GatewayVerdict> => {
    const hit = lookup(sql, s);
    let estimate = estimating
      ? (u: GatewayVerdict): Promise<BlastRadius | undefined> => radius(u, s)
      : undefined;
    if (hit) {
      // Writes and locks are estimated at every execution; one over the limit is decided again
      // with its estimate (it becomes an ask), others keep their cached verdict.
      if (!estimate || hit.effect === 'deny' || !(hit.writes?.length || hit.locks?.length)) return hit;
      const r = await estimate(hit);
      if (r?.overLimit === undefined) return hit;
      estimate = () => Promise.resolve(r);
    }
    counters.judged++;
    const version = options.decider.version();
    const v = await options.decider.decide(sql, {
      actor: s.actor,
      database: s.database,
      applicationName: s.applicationName,
      ...(estimate ? { estimate } : {}),
      ...(signal ? { signal } : {}),
    });
    // A verdict decided under a policy that was replaced meanwhile is not kept.
    if (v.effect === 'ask' || options.decider.version() !== version) return v;
    cache.check(version);
    const context = contextOf(s);
    cache.set(context, 'exact', sql, v);
    const shape = v.literalInsensitive ? shapeKey(sql) : undefined;
    if (shape !== undefined) cache.set(context, 'shape', shape, v);
    return v;
  };

  /** Names an agent session may not change: the settings the gateway made for it. */
  const locked = new Set(Object.keys(options.agentSettings ?? {}).map((k) => k.toLowerCase()));
  /** The verdict, refused when an agent's statement would undo the settings of its session. */
  const guard = (v: GatewayVerdict, s: SessionInfo): GatewayVerdict => {
    if (s.actor.type !== 'agent' || !locked.size || !runs(v)) return v;
    const undone = (v.settings ?? []).filter((n) => n === '*' || locked.has(n));
    if (!undone.length) return v;
    return {
      effect: 'deny',
      reason: `an agent session may not change ${undone.join(', ')}: the gateway set it for this session`,
      matched: ['gateway/agent-session-settings'],
    };
  };

  /** A verdict available without waiting: cached, and no blast radius to estimate. */
  const judgeNow = (sql: string, s: SessionInfo): GatewayVerdict | undefined => {
    const v = lookup(sql, s);
    if (!v || (options.askOverRows !== undefined && options.side && (v.writes?.length || v.locks?.length)))
      return undefined;
    return guard(v, s);
  };

  /** The verdict, decided with the blast radius of its writes (see {@link Decider.decide}). */
  const judge = async (sql: string, s: SessionInfo, signal?: AbortSignal): Promise<GatewayVerdict> =>
    guard(await decide(sql, s, signal), s);

  /** The blast radius of a verdict's writes and locks, estimated on a side connection. */
  const radius = async (v: GatewayVerdict, s: SessionInfo): Promise<BlastRadius | undefined> => {
    if (options.askOverRows === undefined || !options.side) return undefined;
    const notes: string[] = [];
    let over = false;
    for (const w of v.writes ?? []) {
      const e = await options.side.estimate(s.user, s.database ?? s.user, w);
      if (!e) continue;
      counters.estimated++;
      notes.push(describeEstimate(e));
      if (e.rows > options.askOverRows) over = true;
    }
    for (const l of v.locks ?? []) {
      const t = await options.side.tableSize(s.user, s.database ?? s.user, l.table);
      if (!t) continue;
      counters.estimated++;
      const rows = t.rows >= 0 ? `~${approxCount(t.rows)} rows, ` : '';
      notes.push(`takes ${l.lock} on ${t.table} (${rows}${approxBytes(t.bytes)})`);
      // Locks that block writes (SHARE and stronger) on a table over the limit.
      if (BLOCKS_WRITES.has(l.lock) && t.rows > options.askOverRows) over = true;
    }
    if (!notes.length) return undefined;
    return { text: notes.join('; '), ...(over ? { overLimit: options.askOverRows } : {}) };
  };

  /** @throws Error for a certificate or key Node cannot read. */
  const secureContext = options.tls
    ? tls.createSecureContext({ cert: options.tls.cert, key: options.tls.key })
    : undefined;

  /** Relays one accepted connection; `who` says who is behind it. */
  const accept = (client: net.Socket, who: ConnectionDeps['identify']): void => {
    counters.connections++;
    handleConnection(client, {
      upstream: options.upstream,
      identify: who,
      judge,
      judgeNow,
      cancels,
      onRefused: () => counters.refused++,
      onMasked: () => counters.maskedRows++,
      ...(options.agentSettings ? { agentSettings: options.agentSettings } : {}),
      ...(options.agentMasking ? { agentMasking: options.agentMasking } : {}),
      ...(options.side ? { side: options.side } : {}),
      log,
      ...(secureContext ? { tls: secureContext } : {}),
      ...(options.upstreamTls ? { upstreamTls: options.upstreamTls } : {}),
      track: (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      },
    });
  };

  // Paused: the connection decides how its socket is read (see handleConnection).
  const server = net.createServer({ pauseOnConnect: true, noDelay: true }, (client) => {
    const serverPort = (server.address() as net.AddressInfo).port;
    accept(client, (s) => identify(s.remotePort ?? 0, serverPort));
  });
  await listenOn(server, { port: options.listen.port, host: options.listen.host });
  const servers = [server];
  let socket: string | undefined;
  if (options.socketDir !== undefined) {
    const identifyUnix = options.identifyUnix ?? unixIdentity;
    const unix = net.createServer({ pauseOnConnect: true }, (client) =>
      accept(client, (s) => identifyUnix(s)),
    );
    try {
      socket = await listenUnix(unix, options.socketDir, (server.address() as net.AddressInfo).port);
    } catch (err) {
      server.close();
      throw err;
    }
    servers.push(unix);
  }
  const addr = server.address() as net.AddressInfo;
  return {
    port: addr.port,
    host: addr.address,
    ...(socket !== undefined ? { socket } : {}),
    stats: () => ({ ...counters }),
    close: async () => {
      for (const s of sockets) s.destroy();
      void options.side?.close();
      // Closing a Unix-socket server removes its socket file.
      await Promise.all(servers.map((x) => new Promise<void>((resolve) => x.close(() => resolve()))));
    },
  };
}
