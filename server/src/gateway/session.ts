/**
 * What a gateway connection is made of, apart from its relay (`connection.ts`): who the session
 * is, what the connection needs from the gateway, verdict helpers, the agent settings Query, and
 * the reusable read buffer.
 */
import type * as net from 'node:net';
import type * as tls from 'node:tls';
import type { Actor } from '../core/types';
import type { ContextVerdicts } from './cache';
import type { GatewayOptions, GatewayVerdict } from './gateway';
import type { PeerIdentity } from './identity';
import type { SidePool } from './side';
import type { UpstreamTls } from './tls';

export const passAll = (): boolean => true;
export const passNone = (): boolean => false;

/**
 * A read buffer for `onread` (64 KiB, Node's own read size), the same one for every read until
 * {@link lent} says something still refers to it; the next read then gets a fresh one.
 */
export function readBuffer(): { next: () => Buffer; lent: () => void } {
  let buf = Buffer.allocUnsafe(65536);
  let lent = false;
  return {
    next: () => {
      if (lent) {
        buf = Buffer.allocUnsafe(65536);
        lent = false;
      }
      return buf;
    },
    lent: () => {
      lent = true;
    },
  };
}

/** Whether a verdict lets the statement run. */
export const runs = (v: GatewayVerdict): boolean =>
  v.effect === 'allow' || v.effect === 'warn' || (v.effect === 'ask' && v.approved === true);

/** The refusal message a client sees: rule and reason. */
export function refusal(v: GatewayVerdict): string {
  const rule = v.matched[0] ?? 'unmatched';
  const what = v.effect === 'ask' ? 'needs approval that was not given' : 'denied';
  return `railguard: ${what} by ${rule}: ${v.reason}`;
}

/** Who a session is, once its StartupMessage is read. */
export interface SessionInfo {
  actor: Actor;
  /** The database user of the StartupMessage. */
  user: string;
  database: string | undefined;
  applicationName: string | undefined;
  identity: PeerIdentity;
  /** The decision cache's context of this session (actor and database), made once. */
  cacheContext?: string;
  /** This session's maps in the decision cache (see `gateway.ts`), found once. */
  verdicts?: ContextVerdicts;
}

export interface ConnectionDeps {
  upstream: { host: string; port: number };
  /** Who is behind the connection on `client`, the socket read from (a promise for a Unix-socket peer). */
  identify: (client: net.Socket) => PeerIdentity | Promise<PeerIdentity>;
  judge: (sql: string, s: SessionInfo, signal?: AbortSignal) => Promise<GatewayVerdict>;
  /** The verdict when it is known without waiting (a cache hit), else undefined. */
  judgeNow: (sql: string, s: SessionInfo) => GatewayVerdict | undefined;
  /**
   * BackendKeyData (hex) ⇒ aborts that session's approval wait (a CancelRequest names it); true
   * when a wait was aborted.
   */
  cancels: Map<string, () => boolean>;
  onRefused: () => void;
  onMasked: () => void;
  agentSettings?: Record<string, string>;
  agentMasking?: GatewayOptions['agentMasking'];
  side?: SidePool;
  log: (line: string) => void;
  track: (s: net.Socket) => void;
  /** The gateway's certificate: an SSLRequest is answered `S` and the session goes on in TLS. */
  tls?: tls.SecureContext;
  /** TLS to the upstream (`sslmode`); undefined: clear text. */
  upstreamTls?: UpstreamTls;
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
