/**
 * The PostgreSQL gateway: a relay between clients and one upstream server that judges every
 * statement a client sends (Simple Query text, each Parse of the Extended Query protocol) with the
 * same engine and policy as every other entry point, before it reaches the server.
 *
 * - Startup: SSLRequest and GSSENCRequest are answered `N` (the client continues in clear text on
 *   loopback; TLS termination is not built yet); CancelRequest is passed to the upstream on a
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
import type { Actor, Effect } from '../core/types';
import type { BlastRadius } from '../daemon/blast-radius';
import { actorOf, peerIdentity, type PeerIdentity } from './identity';
import { columnMasks, maskDataRow, rowDescription, type ColumnMask } from './rows';
import { approxBytes, approxCount, describeEstimate, type SidePool } from './side';

/** Lock modes that block a table's writes (PostgreSQL docs, "Explicit Locking", conflict table). */
const BLOCKS_WRITES = new Set(['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE']);
import { plainText } from './shape';
import { replaceLiterals } from '../core/mask/fingerprint';
import {
  bindMessage,
  CANCEL_REQUEST,
  errorResponse,
  type Frame,
  FrameReader,
  GSSENC_REQUEST,
  parseMessage,
  parseMessageOf,
  queryMessage,
  queryText,
  refusalSql,
  SSL_REQUEST,
  startupParams,
  WriteBatch,
} from './wire';

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
  identify?: (clientPort: number, serverPort: number) => PeerIdentity;
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
  /** Counters: connections, statements judged, cache hits, refusals. */
  stats(): Record<string, number>;
  close(): Promise<void>;
}

/** A bounded map that forgets its oldest entries first. */
class DecisionCache {
  private map = new Map<string, GatewayVerdict>();
  private version = '';
  constructor(private readonly max: number) {}
  get(version: string, key: string): GatewayVerdict | undefined {
    if (version !== this.version) {
      this.map.clear();
      this.version = version;
      return undefined;
    }
    return this.map.get(key);
  }
  set(key: string, v: GatewayVerdict): void {
    if (this.map.size >= this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
    this.map.set(key, v);
  }
}

/** Whether a verdict lets the statement run. */
const runs = (v: GatewayVerdict): boolean =>
  v.effect === 'allow' || v.effect === 'warn' || (v.effect === 'ask' && v.approved === true);

/** The refusal message a client sees: rule and reason. */
function refusal(v: GatewayVerdict): string {
  const rule = v.matched[0] ?? 'unmatched';
  const what = v.effect === 'ask' ? 'needs approval that was not given' : 'denied';
  return `railguard: ${what} by ${rule}: ${v.reason}`;
}

/**
 * Starts a gateway. Resolves once listening.
 * @throws Error when the address cannot be bound.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const log = options.log ?? ((): void => {});
  const identify = options.identify ?? peerIdentity;
  const cache = new DecisionCache(options.cacheSize ?? 10_000);
  const counters = { connections: 0, judged: 0, cacheHits: 0, refused: 0, estimated: 0, maskedRows: 0 };
  const sockets = new Set<net.Socket>();
  /** BackendKeyData (hex) ⇒ aborts that session's approval wait (a CancelRequest names it). */
  const cancels = new Map<string, () => void>();

  /** The cached verdict on `sql` (its exact text, else its shape; see `shape.ts`), if any. */
  const lookup = (sql: string, s: SessionInfo): GatewayVerdict | undefined => {
    const prefix = `${s.actor.type}:${s.actor.name}\0${s.database ?? ''}\0`;
    const version = options.decider.version();
    const hit =
      cache.get(version, prefix + sql) ??
      (plainText(sql)
        ? cache.get(version, `${prefix}shape\0${replaceLiterals(sql, 'postgresql')}`)
        : undefined);
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
    const v = await options.decider.decide(sql, {
      actor: s.actor,
      database: s.database,
      applicationName: s.applicationName,
      ...(estimate ? { estimate } : {}),
      ...(signal ? { signal } : {}),
    });
    if (v.effect === 'ask') return v;
    const prefix = `${s.actor.type}:${s.actor.name}\0${s.database ?? ''}\0`;
    cache.set(prefix + sql, v);
    if (v.literalInsensitive && plainText(sql))
      cache.set(`${prefix}shape\0${replaceLiterals(sql, 'postgresql')}`, v);
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

  const server = net.createServer((client) => {
    counters.connections++;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.setNoDelay(true);
    const serverPort = (server.address() as net.AddressInfo).port;
    handleConnection(client, {
      upstream: options.upstream,
      identify: () => identify(client.remotePort ?? 0, serverPort),
      judge,
      judgeNow,
      cancels,
      onRefused: () => counters.refused++,
      onMasked: () => counters.maskedRows++,
      ...(options.agentSettings ? { agentSettings: options.agentSettings } : {}),
      ...(options.agentMasking ? { agentMasking: options.agentMasking } : {}),
      ...(options.side ? { side: options.side } : {}),
      log,
      track: (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      },
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listen.port, options.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as net.AddressInfo;
  return {
    port: addr.port,
    host: addr.address,
    stats: () => ({ ...counters }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        void options.side?.close();
        server.close(() => resolve());
      }),
  };
}

/** Who a session is, once its StartupMessage is read. */
interface SessionInfo {
  actor: Actor;
  /** The database user of the StartupMessage. */
  user: string;
  database: string | undefined;
  applicationName: string | undefined;
  identity: PeerIdentity;
}

interface ConnectionDeps {
  upstream: { host: string; port: number };
  identify: () => PeerIdentity;
  judge: (sql: string, s: SessionInfo, signal?: AbortSignal) => Promise<GatewayVerdict>;
  /** The verdict when it is known without waiting (a cache hit), else undefined. */
  judgeNow: (sql: string, s: SessionInfo) => GatewayVerdict | undefined;
  cancels: Map<string, () => void>;
  onRefused: () => void;
  onMasked: () => void;
  agentSettings?: Record<string, string>;
  agentMasking?: GatewayOptions['agentMasking'];
  side?: SidePool;
  log: (line: string) => void;
  track: (s: net.Socket) => void;
}

/**
 * The Query setting an agent session's GUCs: `SET name = 'value'` each, names checked as
 * identifiers and values quoted as literals (they come from options, not from clients).
 * @throws Error for a name that is not a plain GUC identifier.
 */
export function settingsSql(settings: Record<string, string>): string {
  return Object.entries(settings)
    .map(([k, v]) => {
      if (!/^[a-z_][a-z0-9_.]*$/i.test(k)) throw new Error(`not a setting name: ${k}`);
      return `SET ${k} = '${v.replace(/'/g, "''")}'`;
    })
    .join('; ');
}

/** Relays one client connection (see the module comment for the protocol handling). */
function handleConnection(client: net.Socket, deps: ConnectionDeps): void {
  const fromClient = new FrameReader(true);
  const fromServer = new FrameReader(false);
  let upstream: net.Socket | undefined;
  let session: SessionInfo | undefined;
  /** Client messages are handled one at a time, in order (judging is asynchronous). */
  let queue: Promise<void> = Promise.resolve();
  /** Messages queued and not yet handled (0: the next one may be handled at once). */
  let waiting = 0;
  /** Statement names whose Parse was refused ⇒ the refusal message. */
  const refusedStatements = new Map<string, string>();
  /** Upstream ErrorResponses to replace with a refusal (a Bind of a refused statement). */
  const rewriteErrors: string[] = [];
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
    else upstream?.write(buf);
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
            out.flush(client);
            deps.log('gateway: agent session settings failed; connection closed');
            client.end();
            upstream?.destroy();
            return;
          } else if (f.type === 'S' || f.type === 'N') out.add(f.raw);
          continue;
        }
        if (f.type === 'K') deps.cancels.set((backendKey = f.body.toString('hex')), () => judging?.abort());
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
        if (f.type === 'E' && rewriteErrors.length) {
          out.add(errorResponse('42501', rewriteErrors.shift() ?? 'railguard: refused'));
          continue;
        }
        if (f.type === 'Z') rewriteErrors.length = 0;
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
      out.flush(client);
    }
  };
  /** The first ReadyForQuery, withheld while the agent settings run. */
  let pendingReady: Buffer | undefined;

  const onServerData = (chunk: Buffer): void => {
    let frames: Frame[];
    try {
      frames = fromServer.push(chunk);
    } catch (err) {
      fail(err);
      return;
    }
    if (held) held.push(...frames);
    else relay(frames);
  };

  const connectUpstream = (first: Buffer): void => {
    const up = net.connect(deps.upstream.port, deps.upstream.host);
    upstream = up;
    deps.track(up);
    up.setNoDelay(true);
    up.on('data', onServerData);
    up.on('error', fail);
    up.on('close', () => client.end());
    up.write(first);
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
  const query = (f: Frame, v: GatewayVerdict): void => {
    if (runs(v)) return toUpstream(f.raw);
    deps.onRefused();
    return toUpstream(queryMessage(refusalSql(refusal(v))));
  };

  /** A Parse with its verdict: relayed, or its statement replaced by the refusal. */
  const parse = (f: Frame, p: ReturnType<typeof parseMessage>, v: GatewayVerdict): void => {
    if (runs(v)) {
      refusedStatements.delete(p.name);
      return toUpstream(f.raw);
    }
    deps.onRefused();
    const message = refusal(v);
    refusedStatements.set(p.name, message);
    return toUpstream(parseMessageOf(p.name, refusalSql(message)));
  };

  /** Any other message: Bind (refused statements), Close, Describe, Execute, Sync, COPY data… */
  const other = (f: Frame): void => {
    if (f.type === 'B') {
      const b = bindMessage(f.body);
      const message = refusedStatements.get(b.statement);
      // The substitute takes no parameters: the server rejects the Bind, and that error becomes the refusal.
      if (message !== undefined && b.params > 0) rewriteErrors.push(message);
      return toUpstream(f.raw);
    }
    if (f.type === 'C' && f.body[0] === 0x53 /* 'S': close a statement */) {
      const name = f.body.toString('utf8', 1, Math.max(1, f.body.indexOf(0, 1)));
      refusedStatements.delete(name);
    }
    return toUpstream(f.raw);
  };

  client.on('data', (chunk: Buffer) => {
    let frames: Frame[];
    try {
      frames = fromClient.push(chunk);
    } catch (err) {
      fail(err);
      return;
    }
    const outer = batch;
    const mine = (batch = new WriteBatch());
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
      if (upstream) mine.flush(upstream);
    }
  });
  client.on('error', fail);
  client.on('close', () => {
    judging?.abort();
    if (backendKey) deps.cancels.delete(backendKey);
    upstream?.end();
  });

  /** A startup-phase message: SSL/GSS negotiation, cancel, or the StartupMessage. */
  function startup(f: Frame): void {
    const code = f.body.readInt32BE(0);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      client.write('N');
      // Bytes that came with the request belong to the next startup-phase message.
      for (const rest of fromClient.rest()) client.emit('data', rest);
      return;
    }
    if (code === CANCEL_REQUEST) {
      deps.cancels.get(f.body.subarray(4).toString('hex'))?.(); // a statement waiting for approval
      const c = net.connect(deps.upstream.port, deps.upstream.host, () => c.end(f.raw));
      c.on('error', () => c.destroy());
      client.end();
      return;
    }
    fromClient.typed();
    const params = startupParams(f.body);
    const identity = deps.identify();
    session = {
      actor: actorOf(identity, params.user),
      user: params.user ?? '',
      database: params.database ?? params.user,
      applicationName: params.application_name,
      identity,
    };
    connectUpstream(f.raw);
    for (const rest of fromClient.rest()) client.emit('data', rest);
  }
}
