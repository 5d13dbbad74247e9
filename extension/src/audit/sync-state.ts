/**
 * The lineage sync state shown in the status bar, from the outbox's pending count and (when the
 * decision daemon answers) its `GET /v1/health` `lineage` part (`server/src/daemon/server.ts`,
 * `lineage-recorder.ts`). No `vscode` import.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { RuntimePaths } from '../../../server/src/daemon/paths';

/** The daemon's view of lineage sync (`health().lineage`), as far as it reports it. */
export interface DaemonLineage {
  /** The daemon's outbox folder. */
  outbox?: string;
  pending?: number;
  /** The `SyncState` of the team store connection (`idle`, `connecting`, `online`, `offline`, `stopped`). */
  teamStore?: { url: string; state: string };
}

/** What the status text is computed from. */
export interface SyncInputs {
  /** Pending events in the local outbox (`undefined`: no outbox). */
  outboxPending: number | undefined;
  /** Whether the extension has `railguard.teamStore.url` set. */
  teamStoreConfigured: boolean;
  /** The daemon's lineage health, when it answered. */
  daemon: DaemonLineage | undefined;
}

/** The status: `kind` for tests and colours, `text` for the status bar. */
export interface SyncStatus {
  kind: 'synced' | 'pending' | 'offline' | 'not-configured';
  pending: number;
  text: string;
}

/**
 * `lineage: synced` (team store connected, nothing pending), `lineage: N pending` (connected or
 * unknown connection, events waiting), `lineage: offline (N pending)` (the daemon reports the
 * team store unreachable), `lineage: not configured` (no team store anywhere; local events are
 * then only counted).
 */
export function syncStatus(i: SyncInputs): SyncStatus {
  const pending = i.daemon?.pending ?? i.outboxPending ?? 0;
  const state = i.daemon?.teamStore?.state;
  if (!i.daemon?.teamStore && !i.teamStoreConfigured) {
    const local = pending > 0 ? ` (${pending} local)` : '';
    return { kind: 'not-configured', pending, text: `lineage: not configured${local}` };
  }
  if (state === 'offline' || state === 'stopped' || state === 'connecting') {
    return {
      kind: 'offline',
      pending,
      text: `lineage: offline${pending > 0 ? ` (${pending} pending)` : ''}`,
    };
  }
  if (pending > 0) return { kind: 'pending', pending, text: `lineage: ${pending} pending` };
  return { kind: 'synced', pending, text: 'lineage: synced' };
}

/**
 * Asks the daemon for `GET /v1/health` (bearer token from the runtime folder; Unix socket, else
 * the loopback port from `endpoint.json`) and returns its `lineage` part. Resolves `undefined`
 * when no daemon is found, it does not answer within `timeoutMs`, or the answer has no lineage.
 */
export function daemonLineage(paths: RuntimePaths, timeoutMs = 1500): Promise<DaemonLineage | undefined> {
  let token: string;
  let endpoint: { socket?: unknown; port?: unknown };
  try {
    token = fs.readFileSync(paths.token, 'utf8').trim();
    endpoint = JSON.parse(fs.readFileSync(paths.endpoint, 'utf8')) as typeof endpoint;
  } catch {
    return Promise.resolve(undefined);
  }
  const where =
    typeof endpoint.socket === 'string'
      ? { socketPath: endpoint.socket }
      : typeof endpoint.port === 'number'
        ? { host: '127.0.0.1', port: endpoint.port }
        : undefined;
  if (!where) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const req = http.get(
      { ...where, path: '/v1/health', headers: { authorization: `Bearer ${token}` }, timeout: timeoutMs },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (body.length < 1_000_000) body += c;
        });
        res.on('end', () => {
          try {
            const v = JSON.parse(body) as { lineage?: unknown };
            const l = v.lineage;
            resolve(typeof l === 'object' && l !== null ? (l as DaemonLineage) : undefined);
          } catch {
            resolve(undefined);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}
