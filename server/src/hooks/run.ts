import { randomUUID } from 'node:crypto';
import { spoolDecision } from '../audit/spool';
import { decisionJson } from '../runtime/decision-json';
import { auditInputOf } from '../daemon/audit-record';
import { decideAcked, findDaemon, isFailure } from '../daemon/client';
import { createDecisionEngine } from '../daemon/engine';
import { looksProduction, readMatchersCache } from '../daemon/fail-rule';
import { stateDirs, type RuntimePaths } from '../daemon/paths';
import type { AgentAdapter, HookAnswer, HookVerdict } from './agents';
import { hookRequest, verdictOf } from './verdict';

/** Options of {@link runAgentHook}. */
export interface RunHookOptions {
  paths: RuntimePaths;
  env: Record<string, string | undefined>;
  /** Daemon answer timeout, ms (default 2000; `RAILGUARD_TIMEOUT_MS`). */
  timeoutMs?: number;
  /** How long an `ask` may wait for the editor's answer, ms (default 120 000). */
  approvalTimeoutMs?: number;
  /** `in-process` (default): judge here when the daemon is down; `fail-rule`: apply the fail rule at once. */
  fallback?: 'in-process' | 'fail-rule';
  /** Where in-process decisions are spooled for the daemon's audit log (default `stateDirs(env).spool`). */
  spoolDir?: string;
  /** Where diagnostics go (stderr of the hook). */
  log?: (line: string) => void;
}

/** Which path decided: the daemon, the engine in this process, or the fail rule. */
export type HookPath = 'daemon' | 'in-process' | 'fail-rule' | 'none';

/**
 * Runs one agent hook call: parse the agent's JSON, ask the daemon (socket, then port), and
 * answer in the agent's format. The daemon must acknowledge within `timeoutMs` (only an
 * acknowledged ask waits up to `approvalTimeoutMs` for the human); when it does not, or answers
 * 503 (saturated), the fail rule answers at once. When it is unreachable, the
 * same engine judges in this process (the hook is a Node process already; loading parsers costs
 * ~0.3 s once per call, see the bench); only if that fails does the fail rule apply: production
 * ⇒ deny, elsewhere ⇒ warn. Never throws; unreadable input gets a safe answer (ask or deny).
 */
export async function runAgentHook(
  adapter: AgentAdapter,
  stdin: string,
  options: RunHookOptions,
): Promise<HookAnswer & { path: HookPath }> {
  const log = options.log ?? ((): void => {});
  let input: unknown;
  try {
    input = JSON.parse(stdin);
  } catch {
    input = undefined;
  }
  const parsed = adapter.parse(input);
  if (parsed.kind !== 'command')
    return { ...adapter.answer(verdictOf(parsed, undefined, adapter)), path: 'none' };
  const request = hookRequest(adapter, parsed, options.env);
  const timeoutMs = options.timeoutMs ?? 2000;
  const target = findDaemon(options.paths);
  let why = 'no daemon is running';
  if (target) {
    const approvalMs = options.approvalTimeoutMs ?? 120_000;
    // The daemon must acknowledge within timeoutMs; only an acknowledged ask waits for the human.
    const answer = await decideAcked(target, { ...request, timeoutMs: approvalMs }, timeoutMs, approvalMs);
    if (!isFailure(answer)) return { ...adapter.answer(verdictOf(parsed, answer, adapter)), path: 'daemon' };
    why = `daemon ${answer.failure}: ${answer.message}`;
    // A daemon that is up but silent or saturated has used the time budget: the fail rule answers
    // now (judging in process would cost seconds more; an unreachable daemon costs nothing).
    if (answer.failure === 'timeout' || answer.failure === 'busy')
      return { ...adapter.answer(failRuleVerdict(parsed.command, options, why)), path: 'fail-rule' };
  }
  if ((options.fallback ?? 'in-process') === 'in-process') {
    try {
      const engine = await createDecisionEngine({ ...(parsed.cwd ? { cwd: parsed.cwd } : {}), watch: false });
      const judgement = engine.decide(request);
      const json = decisionJson(judgement);
      log(`railguard: ${why}; judged in process\n`);
      // No decision without a record: the daemon appends the spool to its chain when it is back.
      try {
        const served = {
          decisionId: randomUUID(),
          request,
          judgement,
          effect: judgement.decision.effect,
          time: new Date(),
        };
        spoolDecision(
          options.spoolDir ?? stateDirs(options.env).spool,
          auditInputOf(served, options.env.USER ?? 'unknown'),
        );
      } catch (err) {
        log(
          `railguard: this decision is not audited (the spool is not writable: ${err instanceof Error ? err.message : String(err)})\n`,
        );
      }
      return { ...adapter.answer(verdictOf(parsed, json, adapter)), path: 'in-process' };
    } catch (err) {
      why += `; in-process judging failed: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return { ...adapter.answer(failRuleVerdict(parsed.command, options, why)), path: 'fail-rule' };
}

/** The fail rule as a verdict: production-looking ⇒ deny, else warn (both say why). */
export function failRuleVerdict(
  text: string,
  options: Pick<RunHookOptions, 'paths' | 'env'>,
  why: string,
): HookVerdict {
  const prod = looksProduction({ text, env: options.env }, readMatchersCache(options.paths));
  return prod
    ? {
        decision: 'deny',
        reason: `railguard cannot judge this command (${why}) and it looks like production (${prod}): blocked`,
      }
    : { decision: 'warn', reason: `railguard cannot judge this command (${why}); running it unchecked` };
}
