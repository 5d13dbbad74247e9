/**
 * The lineage sync state shown in the status bar, from the outbox's pending count and (when the
 * decision daemon answers) its `GET /v1/health` `lineage` part (`server/src/daemon/server.ts`,
 * `lineage-recorder.ts`). No `vscode` import.
 */
import { findDaemon, isFailure, requestJson } from '../../../server/src/daemon/client';
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
 * Asks the daemon for `GET /v1/health` (proving the token from the runtime folder, and trusting
 * only an answer that proves the daemon's: `server/src/daemon/client.ts`; Unix socket, else the
 * loopback port from `endpoint.json`) and returns its `lineage` part. Resolves `undefined` when no
 * daemon is found, it does not answer within `timeoutMs`, or the answer has no lineage.
 */
export async function daemonLineage(
  paths: RuntimePaths,
  timeoutMs = 1500,
): Promise<DaemonLineage | undefined> {
  const target = findDaemon(paths);
  if (!target) return undefined;
  const health = await requestJson(target, '/v1/health', undefined, timeoutMs);
  if (isFailure(health)) return undefined;
  const l = health.lineage;
  return typeof l === 'object' && l !== null ? (l as DaemonLineage) : undefined;
}
