/**
 * Commands observed in terminals (`railguard/observedCommand`, sent by the extension from
 * `window.onDidStartTerminalShellExecution` / `onDidEndTerminalShellExecution`): each start gets an
 * audit record marked `outcome.observed` (judged after the fact as the window's user, nothing
 * asked or enforced), each end with an exit code a second record carrying `outcome.exitCode`, as
 * `POST /v1/executed` adds for a decision. No lineage for either.
 */
import { randomUUID } from 'node:crypto';
import type { DecideRequest } from '../daemon/protocol';
import type { ObservedCommand } from './approval-protocol';
import type { DecisionHost } from './decision-host';

/**
 * Appends an audit record for a command observed starting in a terminal (`outcome.observed`):
 * judged after the fact as the window's user, never asked or enforced, with the daemon's recorder
 * (which masks the text; the client masked it already). Returns the record's `decisionId`, or
 * undefined when nothing was recorded: another daemon serves this user (its audit log is not this
 * process's to write) or the text cannot be judged.
 */
function recordObservation(
  host: DecisionHost,
  o: ObservedCommand,
  user: string,
  log: (m: string) => void,
): string | undefined {
  const daemon = host.daemon;
  if (!daemon?.recorder) return undefined;
  const request: DecideRequest = {
    action: { kind: 'shell', text: o.commandLine, ...(o.cwd ? { cwd: o.cwd } : {}) },
    actor: { type: 'human', name: user },
    env: {},
    hints: {},
    source: 'terminal',
  };
  const started = new Date(typeof o.startedAt === 'string' ? o.startedAt : '');
  try {
    const judgement = daemon.engine.decide(request);
    const decisionId = randomUUID();
    daemon.recorder.record({
      decisionId,
      request,
      judgement,
      effect: judgement.decision.effect,
      time: Number.isNaN(started.getTime()) ? new Date() : started,
      observed: true,
    });
    return decisionId;
  } catch (err) {
    log(`observation not recorded: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/**
 * Appends the exit code of an observed command that ended (`window.onDidEndTerminalShellExecution`)
 * as `/v1/executed` does for a decision: a record repeating the start's (still `outcome.observed`)
 * with `outcome.exitCode`, chained after it, dated `endedAt`. No lineage: an observation never had a
 * START (the recorder skips it), so there is no run to complete. Nothing without an integer exit
 * code (shell integration does not always know it).
 */
async function recordObservedExit(
  host: DecisionHost,
  decisionId: string,
  o: Partial<ObservedCommand>,
): Promise<void> {
  const recorder = host.daemon?.recorder;
  if (!recorder || typeof o.exitCode !== 'number' || !Number.isInteger(o.exitCode)) return;
  const ended = new Date(typeof o.endedAt === 'string' ? o.endedAt : '');
  // The answer says nothing about the audit record (`unknown` comes from lineage, which never saw
  // the observation; `denied` when the policy denies what ran): the recorder logs its own failures.
  await recorder.executed({
    decisionId,
    exitCode: o.exitCode,
    endedAt: Number.isNaN(ended.getTime()) ? new Date() : ended,
  });
}

/** Observations remembered until their end (commands still running, at most). */
const OBSERVATIONS_REMEMBERED = 1000;

/**
 * What ties an observed command's end to its start: the terminal's name and the start time the
 * client sent with both (its command line may change while it runs, as shell integration refines
 * it). Undefined without a start time.
 */
function observationKey(o: Partial<ObservedCommand>): string | undefined {
  return typeof o.startedAt === 'string' && o.startedAt
    ? `${String(o.terminal)}\u0000${o.startedAt}`
    : undefined;
}

/**
 * The handler of `railguard/observedCommand` notifications: logs each observation (masked) and
 * records it once the host in `ready` has started. Notifications are handled one at a time, in
 * arrival order, so an end finds the record of its start. Malformed parameters (no command line)
 * are ignored; a failure is logged, never thrown.
 */
export function observationHandler(
  ready: Promise<DecisionHost>,
  user: string,
  log: (m: string) => void,
): (raw: unknown) => void {
  const observed = new Map<string, string>();
  let observations: Promise<void> = Promise.resolve();
  const observe = async (o: Partial<ObservedCommand>): Promise<void> => {
    const h = await ready;
    const exit = typeof o.exitCode === 'number' ? ` -> exit ${o.exitCode}` : '';
    const line = await h.mask(o.commandLine ?? '');
    log(
      `observed (observation only, not judged) ${o.phase ?? 'start'} in ${String(o.terminal)}: ${line}${exit}`,
    );
    const key = observationKey(o);
    if (o.phase !== 'end') {
      const decisionId = recordObservation(h, o as ObservedCommand, user, log);
      if (!decisionId || !key) return;
      observed.set(key, decisionId);
      for (const k of observed.keys()) {
        if (observed.size <= OBSERVATIONS_REMEMBERED) break;
        observed.delete(k);
      }
      return;
    }
    const decisionId = key ? observed.get(key) : undefined;
    if (!decisionId || !key) return;
    observed.delete(key);
    await recordObservedExit(h, decisionId, o);
  };
  return (raw) => {
    const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<ObservedCommand>;
    if (typeof o.commandLine !== 'string' || !o.commandLine.trim()) return;
    observations = observations
      .then(() => observe(o))
      .catch((err: unknown) =>
        log(`observation not recorded: ${err instanceof Error ? err.message : String(err)}`),
      );
  };
}
