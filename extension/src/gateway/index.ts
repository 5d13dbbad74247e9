/**
 * Database gateways started by the extension (issue 13): one `railguard gateway` child process
 * per entry of `railguard.gateway.databases` (the bundled CLI, run by this extension host's
 * runtime), restarted when the setting changes and stopped on deactivation. Once the first
 * database's gateway listens, the extension's `environmentVariableCollection` points integrated
 * terminals (agent and task terminals included) at it: `PGHOST`, `PGPORT` and, for a URL upstream,
 * `DATABASE_URL` (see `config.ts`), so programs run there go through the gateway unchanged.
 *
 * The gateway finds the daemon the language server hosts through `RAILGUARD_RUNTIME_DIR` (the
 * environment it inherits), so its asks reach the editor's approval prompt. Its stderr goes to the
 * "Railguard" output channel with credentials masked; a gateway that fails to start or exits is
 * reported there and in an error notification, and its variables are withdrawn. The setting is
 * restricted in untrusted workspaces (`capabilities.untrustedWorkspaces`), and writing any
 * `railguard.*` setting is a protected control for agents (`core/file/analyze.ts`).
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CLI_BUNDLE } from '../../../server/src/hooks/install';
import {
  gatewayArgs,
  listeningAddress,
  maskCredentials,
  readDatabases,
  terminalVariables,
  type GatewayDatabase,
} from './config';

/** The variables this module sets in the collection (removed when no gateway runs). */
const VARIABLES = ['PGHOST', 'PGPORT', 'DATABASE_URL'] as const;

/** One gateway's state, as the API reports it. */
export interface GatewayState {
  name: string;
  /** `starting` until its start line, `listening` after, `failed`/`stopped` once it exited. */
  state: 'starting' | 'listening' | 'failed' | 'stopped';
  host?: string;
  port?: number;
  pid?: number;
  /** Why it failed (its last stderr lines, masked). */
  error?: string;
}

/** What {@link registerGateways} returns (the e2e tests wait on it). */
export interface GatewaysApi {
  /** Every configured gateway's state. */
  states(): GatewayState[];
  /** Resolves once every configured gateway listens or has failed (after the latest setting change). */
  settled(): Promise<GatewayState[]>;
}

interface Running extends GatewayState {
  db: GatewayDatabase;
  child?: ChildProcess;
  log: string[];
  done: Promise<void>;
}

/** Starts the configured gateways and keeps them in step with the setting. Never throws. */
export function registerGateways(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): GatewaysApi {
  let running: Running[] = [];
  let generation = 0;
  /** The latest restart (settled() waits for it first). */
  let restarting: Promise<void> = Promise.resolve();
  const cli = path.join(context.extensionPath, 'dist', CLI_BUNDLE);

  const applyEnvironment = (): void => {
    const collection = context.environmentVariableCollection;
    for (const v of VARIABLES) collection.delete(v);
    const first = running[0];
    if (!first || first.state !== 'listening' || first.host === undefined || first.port === undefined) return;
    for (const [k, v] of Object.entries(terminalVariables(first.db, { host: first.host, port: first.port })))
      collection.replace(k, v);
  };

  const startOne = (db: GatewayDatabase): Running => {
    const r: Running = { name: db.name, db, state: 'starting', log: [], done: Promise.resolve() };
    const args = [cli, ...gatewayArgs(db)];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...(process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}) },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    r.child = child;
    if (child.pid !== undefined) r.pid = child.pid;
    output.info(`gateway ${db.name}: starting railguard ${maskCredentials(gatewayArgs(db).join(' '))}`);
    let rest = '';
    child.stderr?.on('data', (b: Buffer) => {
      const lines = (rest + b.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const raw of lines) {
        const line = maskCredentials(raw);
        r.log.push(line);
        if (r.log.length > 20) r.log.shift();
        output.info(`gateway ${db.name}: ${line}`);
        const at = listeningAddress(raw);
        if (at && r.state === 'starting') {
          Object.assign(r, { state: 'listening', host: at.host, port: at.port });
          applyEnvironment();
          changed.fire();
        }
      }
    });
    r.done = new Promise((resolve) => {
      child.on('error', (err) => {
        r.log.push(maskCredentials(err.message));
        output.error(`gateway ${db.name}: could not start: ${maskCredentials(err.message)}`);
      });
      child.on('close', (code, signal) => {
        const stopping = r.state === 'stopped';
        if (!stopping) {
          r.state = 'failed';
          r.error = r.log.slice(-3).join(' / ') || `exit ${String(code ?? signal)}`;
          output.error(`gateway ${db.name}: exited (${String(code ?? signal)}): ${r.error}`);
          void vscode.window.showErrorMessage(
            `Railguard gateway "${db.name}" stopped: ${r.error}. Programs in new terminals do not go through it.`,
          );
          applyEnvironment();
        }
        changed.fire();
        resolve();
      });
    });
    return r;
  };

  const changed = new vscode.EventEmitter<void>();

  const stopAll = async (): Promise<void> => {
    const old = running;
    running = [];
    applyEnvironment();
    for (const r of old) {
      r.state = 'stopped';
      r.child?.kill('SIGTERM');
    }
    await Promise.all(old.map((r) => r.done));
  };

  const restart = async (): Promise<void> => {
    const mine = ++generation;
    await stopAll();
    if (mine !== generation) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const value = vscode.workspace.getConfiguration('railguard', folder).get<unknown>('gateway.databases');
    const { databases, problems } = readDatabases(value);
    for (const p of problems) output.error(`gateway: ${p}`);
    if (databases.length === 0 && problems.length === 0) return;
    running = databases.map(startOne);
    changed.fire();
  };

  const settled = async (): Promise<GatewayState[]> => {
    await restarting;
    return new Promise((resolve) => {
      const check = (): boolean => {
        if (running.some((r) => r.state === 'starting')) return false;
        sub.dispose();
        resolve(states());
        return true;
      };
      const sub = changed.event(() => void check());
      check();
    });
  };

  const states = (): GatewayState[] =>
    running.map(({ name, state, host, port, pid, error }) => ({
      name,
      state,
      ...(host !== undefined ? { host } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(pid !== undefined ? { pid } : {}),
      ...(error !== undefined ? { error } : {}),
    }));

  restarting = restart();
  context.subscriptions.push(
    changed,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('railguard.gateway')) restarting = restart();
    }),
    { dispose: () => void stopAll() },
  );
  return { states, settled };
}
