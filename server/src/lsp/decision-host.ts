/**
 * The language server as the decision daemon: while VS Code runs, the server process serves the
 * daemon's HTTP API (`server/src/daemon/server.ts`) on the user's runtime socket and loopback port
 * (same token, files and conventions as `railguard daemon`, see `daemon/paths.ts`), so agent hooks,
 * shell hooks and shims find it. Its `ask` decisions go to the editor through
 * `railguard/requestApproval` (`approval-protocol.ts`); the editor's tasks and language model tool
 * judge through `railguard/judge` and `railguard/runCommand`; terminal observations arrive as
 * `railguard/observedCommand` notifications, are logged and get an audit record marked
 * `outcome.observed` (observation only: judged after the fact, nothing enforced), and a second one
 * with `outcome.exitCode` when the command ends (`observations.ts`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { CancellationTokenSource, type Connection } from 'vscode-languageserver/node';
import { builtinPolicyDir, type Runtime } from '../runtime/runtime';
import { gatherHints } from '../context/hints';
import { categoryLookup, ruleMetaMap } from '../core/judge';
import { createMasker, maskerWith } from '../core/mask';
import type { Parsers } from '../core/parsers';
import { loadPolicyTiers } from '../runtime/policy-tiers';
import { formatActor, parseActor } from '../core/policy/actor';
import type { ApprovalRequest } from '../daemon/approvals';
import { createDecisionEngine, type DecisionEngine } from '../daemon/engine';
import { startDaemon, type RunningDaemon } from '../daemon/host';
import { runtimePaths } from '../daemon/paths';
import type { DecideRequest } from '../daemon/protocol';
import { createDecisionServer, type DecisionServer } from '../daemon/server';
import { forwardingProvider, type MaskText } from './approval-forwarding';
import {
  JUDGE_METHOD,
  OBSERVED_COMMAND_METHOD,
  REQUEST_APPROVAL_METHOD,
  RUN_COMMAND_METHOD,
  type ApprovalPrompt,
  type ApprovalReply,
  type JudgeParams,
  type JudgeResult,
} from './approval-protocol';
import { runGuarded } from './guarded-run';
import { decideRequestOf, judgeResultOf, readJudgeParams } from './judge-params';
import { observationHandler } from './observations';

/** Options of {@link hostDecisions}. */
export interface DecisionHostOptions {
  /** The workspace folder whose policies apply (the first one; else the process's cwd). */
  cwd?: string;
  /** How long an `ask` waits for the editor, ms (`railguard.approvalTimeoutSeconds`). */
  approvalTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** The language server's parsers (loaded with its `wasmDir`); loaded here when absent. */
  parsers?: Promise<Parsers>;
}

/** A started host; `close` stops serving and removes the endpoint files it wrote. */
export interface DecisionHost {
  /** Where it listens, or undefined when another daemon already serves this user. */
  daemon?: RunningDaemon;
  server: DecisionServer;
  /** The masker prompts and outputs go through. */
  mask: MaskText;
  close(): Promise<void>;
}

/** The engine's runtime over already loaded parsers (as `runtime/runtime.ts` `loadRuntime` builds it). */
async function runtimeWith(parsers: Parsers, cwd: string): Promise<Runtime> {
  const metas = ruleMetaMap();
  const { policies } = loadPolicyTiers({
    cwd,
    builtinDir: builtinPolicyDir(),
    knownRuleIds: new Set(metas.keys()),
    categoryOf: categoryLookup(metas),
  });
  return Promise.resolve({ parsers, policies, metas, hints: gatherHints(cwd), cwd });
}

/** Secretlint + PII when secretlint loads; the synchronous recognizers otherwise (logged). */
function lazyMasker(log: (m: string) => void): MaskText {
  let masker: Promise<ReturnType<typeof maskerWith>> | undefined;
  return async (text) => {
    masker ??= createMasker().catch((err: unknown) => {
      log(
        `secretlint could not load (${err instanceof Error ? err.message : String(err)}); masking with the built-in recognizers only`,
      );
      return maskerWith(() => Promise.resolve([]));
    });
    return (await (await masker).mask(text)).text;
  };
}

/**
 * Starts the host on `connection`: engine, approval forwarding and the daemon endpoint (skipped
 * with a log line when another daemon already serves the socket). Never throws for a busy socket;
 * rejects when the engine cannot load. Handlers are registered by {@link attachDecisionHost}.
 */
export async function hostDecisions(
  connection: Connection,
  options: DecisionHostOptions = {},
): Promise<DecisionHost> {
  const env = options.env ?? process.env;
  const log = (m: string): void => connection.console.log(`[decisions] ${m}`);
  const mask = lazyMasker((m) => connection.console.warn(`[decisions] ${m}`));
  const paths = runtimePaths(env);
  const holder: { engine?: DecisionEngine } = {};
  const judgeForPrompt = (r: ApprovalRequest): ReturnType<DecisionEngine['decide']> | undefined => {
    try {
      return holder.engine?.decide({
        action: {
          kind: r.action.kind as DecideRequest['action']['kind'],
          text: r.action.text,
          ...(r.action.cwd ? { cwd: r.action.cwd } : {}),
        },
        actor: r.actor,
        env: {},
        hints: { explicitEnvironment: r.environment },
        source: r.source as DecideRequest['source'],
      });
    } catch {
      return undefined;
    }
  };
  const approvals = forwardingProvider({
    judge: judgeForPrompt,
    mask,
    ask: (prompt: ApprovalPrompt, signal: AbortSignal) => {
      const cancel = new CancellationTokenSource();
      signal.addEventListener('abort', () => cancel.cancel(), { once: true });
      return connection
        .sendRequest<ApprovalReply>(REQUEST_APPROVAL_METHOD, prompt, cancel.token)
        .finally(() => cancel.dispose());
    },
    record: (prompt, reply, accepted, why) =>
      log(
        `approval ${prompt.id} (${prompt.actorLabel}, ${prompt.environment}, ${prompt.source}): ${reply.answer} by ${reply.approver} at ${reply.answeredAt} via ${reply.via}${reply.forSession ? ' (approved for this session)' : ''}${accepted ? '' : ` — refused, counted as rejected: ${why ?? ''}`}`,
      ),
  });
  const cwd = options.cwd ?? process.cwd();
  const engine = await createDecisionEngine({
    cwd,
    ...(options.parsers ? { runtime: await runtimeWith(await options.parsers, cwd) } : {}),
    onReload: (set) => log(`policies reloaded (${set.hash})`),
  });
  holder.engine = engine;
  const timeout =
    options.approvalTimeoutMs !== undefined ? { approvalTimeoutMs: options.approvalTimeoutMs } : {};
  let daemon: RunningDaemon | undefined;
  let server: DecisionServer;
  try {
    daemon = await startDaemon({ engine, paths, approvals, ...timeout, log });
    server = daemon.server;
    log(
      `serving decisions on ${daemon.socket ?? '-'} and 127.0.0.1:${daemon.port ?? '-'} (runtime ${paths.dir})`,
    );
  } catch (err) {
    server = createDecisionServer({ engine, token: 'not-listening', approvals, ...timeout });
    connection.console.warn(
      `[decisions] not serving hooks from this window: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  // Endpoint files must not outlive the process even when it is killed by the client.
  const cleanup = (): void => {
    if (!daemon) return;
    for (const f of [daemon.paths.endpoint, daemon.paths.port, daemon.socket])
      if (f) fs.rmSync(f, { force: true });
  };
  process.once('exit', cleanup);

  return {
    ...(daemon ? { daemon } : {}),
    server,
    mask,
    close: async () => {
      process.removeListener('exit', cleanup);
      if (daemon) await daemon.close();
      else {
        await server.close();
        await engine.close();
      }
    },
  };
}

/** What {@link attachDecisionHost} returns to the language server. */
export interface AttachedDecisionHost {
  /** Starts serving for the workspace folder `cwd` (reads `railguard.approvalTimeoutSeconds`). */
  start(cwd: string | undefined): void;
  /** Stops serving (on `shutdown`). */
  close(): Promise<void>;
}

/** `railguard.approvalTimeoutSeconds` as ms, when the client can answer configuration requests. */
async function approvalTimeoutMs(connection: Connection): Promise<number | undefined> {
  try {
    const raw: unknown = await connection.workspace.getConfiguration({ section: 'railguard' });
    const s =
      typeof raw === 'object' && raw !== null
        ? (raw as Record<string, unknown>).approvalTimeoutSeconds
        : undefined;
    return typeof s === 'number' && Number.isFinite(s) && s > 0 ? s * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Registers the `railguard/judge`, `railguard/runCommand` and `railguard/observedCommand` handlers
 * on `connection` at once (they wait until the host has started) and returns the starter. The
 * language server calls `start` from its `initialized` handler and `close` from `shutdown`.
 */
export function attachDecisionHost(
  connection: Connection,
  parsers?: Promise<Parsers>,
  env: NodeJS.ProcessEnv = process.env,
): AttachedDecisionHost {
  const user = env.USER ?? os.userInfo().username;
  const log = (m: string): void => connection.console.log(`[decisions] ${m}`);
  const state: { host?: Promise<DecisionHost>; resolve?: (h: Promise<DecisionHost>) => void } = {};
  const ready = new Promise<DecisionHost>((resolve) => {
    state.resolve = (h) => resolve(h);
  });
  const decide = async (
    raw: unknown,
  ): Promise<{ params: JudgeParams; result: JudgeResult; host: DecisionHost }> => {
    const params = readJudgeParams(raw);
    const host = await ready;
    const d = await host.server.decide(decideRequestOf(params, user));
    const matched = d.judgement.decision.matched.map((m) => `${m.policy}/${m.rule}`);
    return { params, result: judgeResultOf(d.json, matched), host };
  };
  connection.onRequest(JUDGE_METHOD, async (raw: unknown) => (await decide(raw)).result);
  connection.onRequest(RUN_COMMAND_METHOD, async (raw: unknown) => {
    const { params, result, host } = await decide(raw);
    const actor = (params.actor ? parseActor(params.actor) : undefined) ?? {
      type: 'human' as const,
      name: user,
    };
    log(`run_command for ${formatActor(actor)}: ${result.effect}`);
    return runGuarded(
      result,
      { command: params.text, ...(params.cwd ? { cwd: params.cwd } : {}) },
      host.mask,
    );
  });
  connection.onNotification(OBSERVED_COMMAND_METHOD, observationHandler(ready, user, log));
  return {
    start(cwd) {
      if (state.host) return;
      state.host = approvalTimeoutMs(connection).then((ms) =>
        hostDecisions(connection, {
          ...(cwd ? { cwd } : {}),
          ...(ms ? { approvalTimeoutMs: ms } : {}),
          ...(parsers ? { parsers } : {}),
          env,
        }),
      );
      state.host.catch((err: unknown) =>
        connection.console.error(
          `[decisions] could not start: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
      state.resolve?.(state.host);
    },
    async close() {
      const h = await state.host?.catch(() => undefined);
      await h?.close();
    },
  };
}
