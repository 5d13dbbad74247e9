import * as fs from 'node:fs';
import * as net from 'node:net';
import type { ApprovalProvider } from './approvals';
import { createDecisionEngine, type DecisionEngine, type DecisionEngineOptions } from './engine';
import { productionMatchers, writeMatchersCache } from './fail-rule';
import { railguardConfigDir } from '../runtime/config-dir';
import { describeDeployment, type ClientGroup } from './deployment';
import { ensureToken, runtimePaths, stateDirs, writeRuntimeFile, type RuntimePaths } from './paths';
import { openRecorder, type DecisionRecorder, type RecorderOptions } from './recorder';
import { createDecisionServer, type DecisionServer, type DecisionServerOptions } from './server';

/** Options of {@link startDaemon}. */
export interface StartDaemonOptions extends Omit<DecisionEngineOptions, 'onReload'> {
  paths?: RuntimePaths;
  /**
   * The separate-user deployment (docs/deployment.md): the clients' group, given read access to
   * the runtime folder (0750), its token/port/endpoint/matcher files (0640) and the socket (0660).
   * Absent: everything is private to the daemon's user (0700/0600).
   */
  clientGroup?: ClientGroup;
  /** Unix socket path; default `paths.socket`; `false` for none. */
  socket?: string | false;
  /** Loopback TCP port (0 = any free port); default 0; `false` for none. */
  port?: number | false;
  approvals?: ApprovalProvider;
  approvalTimeoutMs?: number;
  /** An engine to serve (the language server's); one is created otherwise. */
  engine?: DecisionEngine;
  log?: (line: string) => void;
  /**
   * Audit and lineage of every decision (see `recorder.ts`). Default: audit log in
   * `$RAILGUARD_HOME/audit` (else `~/.railguard/audit`), outbox in `…/outbox`, no team store,
   * audit failure mode `production`. Fields given replace the defaults; `false` records nothing.
   */
  record?: Partial<RecorderOptions> | false;
  /** Load bounds of the decision server (connection cap, header and request timeouts; see `server.ts`). */
  limits?: Pick<DecisionServerOptions, 'maxConnections' | 'headersTimeoutMs' | 'requestTimeoutMs'>;
}

/** A running daemon. `close` stops serving and removes the endpoint files it wrote. */
export interface RunningDaemon {
  paths: RuntimePaths;
  socket?: string;
  port?: number;
  server: DecisionServer;
  engine: DecisionEngine;
  /** Audit/lineage recording, unless `record: false`. */
  recorder?: DecisionRecorder;
  close(): Promise<void>;
}

/** True when something accepts connections on the Unix socket. */
function socketAlive(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(socket);
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

/**
 * Starts a daemon: token (created if needed), engine, server bound to the socket and/or port,
 * `endpoint.json` + `port` files and the production matcher cache (rewritten on every policy
 * reload). @throws Error when another daemon already serves the socket.
 */
export async function startDaemon(options: StartDaemonOptions = {}): Promise<RunningDaemon> {
  const given = options.paths ?? runtimePaths();
  const paths: RuntimePaths = options.clientGroup ? { ...given, clientGid: options.clientGroup.gid } : given;
  const token = ensureToken(paths);
  const log = options.log ?? ((): void => {});
  const onReload = (set: Parameters<typeof productionMatchers>[0]): void => {
    writeMatchersCache(paths, productionMatchers(set));
    log(`policies reloaded (${set.hash}, ${set.diagnostics.length} diagnostics)`);
  };
  const engine = options.engine ?? (await createDecisionEngine({ ...options, onReload }));
  const socket = options.socket === false ? undefined : (options.socket ?? paths.socket);
  if (socket && fs.existsSync(socket)) {
    // Checked before the audit log is opened: the serving daemon holds its lock.
    if (await socketAlive(socket)) {
      if (!options.engine) await engine.close();
      throw new Error(`a daemon already listens on ${socket}`);
    }
    fs.rmSync(socket, { force: true });
  }
  writeMatchersCache(paths, productionMatchers(engine.policies()));
  const recording = options.record === false ? undefined : recorderOptions(options, engine, log);
  const recorder = recording ? await openRecorder(recording) : undefined;
  const server = createDecisionServer({
    engine,
    token,
    deployment: () =>
      describeDeployment({
        runtimeDir: paths.dir,
        ...(options.clientGroup ? { clientGroup: options.clientGroup } : {}),
        ...(recording
          ? {
              auditDir: recording.auditDir,
              outboxDir: recording.outboxDir,
              ...(recording.keyDir ? { keyDir: recording.keyDir } : {}),
              ...(recording.spoolDir ? { spoolDir: recording.spoolDir } : {}),
            }
          : {}),
        configDir: railguardConfigDir(),
        policies: engine.policies(),
      }),
    ...(options.approvals ? { approvals: options.approvals } : {}),
    ...(options.approvalTimeoutMs !== undefined ? { approvalTimeoutMs: options.approvalTimeoutMs } : {}),
    ...(recorder ? { recorder } : {}),
    ...options.limits,
  });
  const port = options.port === false ? undefined : (options.port ?? 0);
  const bound = await server.listen({
    ...(socket ? { socket } : {}),
    ...(port !== undefined ? { port } : {}),
  });
  if (bound.socket && paths.clientGid !== undefined) {
    // The server binds it 0600; the clients' group may connect, not replace it (the folder is 0750).
    fs.chownSync(bound.socket, process.getuid?.() ?? -1, paths.clientGid);
    fs.chmodSync(bound.socket, 0o660);
  }
  writeRuntimeFile(
    paths,
    paths.endpoint,
    JSON.stringify({ ...bound, pid: process.pid, startedAt: new Date().toISOString() }) + '\n',
  );
  if (bound.port !== undefined) writeRuntimeFile(paths, paths.port, `${bound.port}\n`);
  else fs.rmSync(paths.port, { force: true });
  const close = async (): Promise<void> => {
    await server.close();
    await recorder?.close();
    await engine.close();
    for (const f of [paths.endpoint, paths.port]) fs.rmSync(f, { force: true });
    if (bound.socket) fs.rmSync(bound.socket, { force: true });
  };
  return { paths, ...bound, server, engine, ...(recorder ? { recorder } : {}), close };
}

/** The recorder options: defaults (see {@link StartDaemonOptions.record}) overridden by the caller's. */
function recorderOptions(
  options: StartDaemonOptions,
  engine: DecisionEngine,
  log: (line: string) => void,
): RecorderOptions {
  const dirs = stateDirs();
  const given = options.record === false ? {} : (options.record ?? {});
  const parsers = engine.parsers;
  return {
    auditDir: dirs.audit,
    // The key lives outside the audit folder; a caller naming its own audit folder keeps its key there.
    ...(given.auditDir === undefined ? { keyDir: dirs.keys } : {}),
    outboxDir: dirs.outbox,
    ...(options.cwd ? { workspace: options.cwd } : {}),
    ...(parsers ? { parsers } : {}),
    log: (line) => log(line),
    ...given,
  };
}
