/**
 * Diagnostic severity from policy (issue 3: "severity from policy").
 *
 * A document's findings are judged once per diagnostics pull with the core evaluator
 * (`server/src/core/policy/evaluate.ts`) against the policy set in force for the document's
 * workspace folder, in the context the settings give:
 * - environment: `railguard.environment`, or with `auto` the one the policy recognises with no
 *   other signal (its `default: true` environment; `development` in the built-in policy);
 * - actor: `railguard.actor` (`agent`, `human`, `agent:NAME`, `human:NAME`; default `agent`, as
 *   the point of Railguard is what an AI agent may run).
 *
 * Each finding's decided effect becomes its LSP severity ({@link EFFECT_SEVERITY}):
 * `deny` ⇒ Error, `ask` ⇒ Warning, `warn` ⇒ Information, `allow` ⇒ Hint. An allowed finding is
 * still shown (as a Hint: no squiggle, no Problems entry, quick fixes still offered) because the
 * risk it names is real even where the policy tolerates it. The effect is the policy's decision
 * before any `audit` cap: audit mode stops enforcement, not the editor from showing the risk.
 * Findings about Railguard's own comments (`unknown-suppression`) are not actions anyone runs:
 * they keep their rule severity.
 */
import { DiagnosticSeverity } from 'vscode-languageserver';
import { DEFAULT_AGENTS, parseActor } from '../core/policy/actor';
import {
  canonicalEnvironment,
  describeActor,
  knownAgents,
  knownEnvironments,
  resolveContext,
} from '../core/policy/context';
import { evaluate } from '../core/policy/evaluate';
import type { ContextHints, PolicySet } from '../core/policy/model';
import type { Actor, Effect, Finding } from '../core/types';

/** LSP severity of each policy effect (see the module doc). */
export const EFFECT_SEVERITY: Readonly<Record<Effect, DiagnosticSeverity>> = {
  deny: DiagnosticSeverity.Error,
  ask: DiagnosticSeverity.Warning,
  warn: DiagnosticSeverity.Information,
  allow: DiagnosticSeverity.Hint,
};

/** Finding kinds the policy does not judge (they keep their rule severity). */
export const NOT_JUDGED: ReadonlySet<string> = new Set(['unknown-suppression']);

/** The default `railguard.actor`. */
export const DEFAULT_ACTOR: Actor = { type: 'agent', name: 'agent' };

/**
 * Parses a `railguard.actor` setting: `agent` / `human` (a generic agent or human), `agent:NAME`,
 * `human:NAME`, or a bare NAME (an agent when `knownAgentNames` has it, else a human; see
 * `parseActor`). `undefined` for empty or malformed text.
 */
export function parseActorSetting(
  text: string,
  knownAgentNames: readonly string[] = DEFAULT_AGENTS,
): Actor | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'agent' || t === 'human') return { type: t, name: t };
  return parseActor(text, knownAgentNames);
}

/** How hovers name an actor: `an agent` / `a human` for the generic ones, else `agent NAME`. */
export function actorPhrase(actor: Actor): string {
  if (actor.name === actor.type) return actor.type === 'agent' ? 'an agent' : 'a human';
  return describeActor(actor);
}

/** The policy's verdict on one finding: effect, and the `policy/rule` that decided it (if any). */
export interface FindingVerdict {
  effect: Effect;
  rule?: string;
}

/** The judgement of a document: per-finding verdicts (in input order) and the context used. */
export interface DocumentJudgement {
  verdicts: (FindingVerdict | undefined)[];
  environment: string;
  actor: Actor;
  /** One phrase for messages: `an agent in development`, `agent claude-code in production`. */
  context: string;
  /** Settings that could not be honoured as written (for the server log; never silent). */
  problems: string[];
}

/**
 * Judges a document's findings with ONE evaluation (see the module doc). `environment` is the
 * setting (`auto` or a name); `actor` the `railguard.actor` text (an unparsable value falls back to
 * {@link DEFAULT_ACTOR}). `verdicts[i]` belongs to `findings[i]`; it is `undefined` for
 * {@link NOT_JUDGED} kinds. Pure; never throws (the evaluator never does).
 */
export function judgeFindings(
  set: PolicySet,
  findings: readonly Finding[],
  options: { environment: string; actor: string; text?: string },
): DocumentJudgement {
  const problems: string[] = [];
  const parsed = parseActorSetting(options.actor, knownAgents(set));
  if (!parsed)
    problems.push(
      `railguard.actor '${options.actor}' is not agent, human, agent:NAME or human:NAME; judging for ${describeActor(DEFAULT_ACTOR)}`,
    );
  const actor = parsed ?? DEFAULT_ACTOR;
  if (options.environment !== 'auto' && options.environment !== '') {
    const names = knownEnvironments(set);
    if (canonicalEnvironment(set, options.environment) === undefined)
      problems.push(
        `railguard.environment '${options.environment}' is not defined by the policy (${names.join(', ') || 'none'}); only rules without an environment match`,
      );
  }
  const hints: ContextHints = {
    actor,
    env: {},
    ...(options.environment !== 'auto' && options.environment !== ''
      ? { explicitEnvironment: options.environment }
      : {}),
  };
  const context = resolveContext(set, hints);
  const judged = findings.filter((f) => !NOT_JUDGED.has(f.ruleId));
  // `mode: enforce`: severities show what the policy decides, never the audit-capped effect.
  const decision = evaluate(set, judged, context, {
    mode: 'enforce',
    ...(options.text !== undefined ? { text: options.text } : {}),
  });
  let next = 0;
  const verdicts = findings.map((f): FindingVerdict | undefined => {
    if (NOT_JUDGED.has(f.ruleId)) return undefined;
    const j = decision.findings[next++];
    if (!j) return undefined;
    return {
      effect: j.effect,
      ...(j.decidedBy ? { rule: `${j.decidedBy.policy}/${j.decidedBy.rule}` } : {}),
    };
  });
  return {
    verdicts,
    environment: context.environment,
    actor: context.actor,
    // A bare `railguard.actor: agent` judges as an unnamed agent: say "an agent", not "agent agent".
    context: `${context.actor.name === context.actor.type ? (context.actor.type === 'agent' ? 'an agent' : 'a human') : describeActor(context.actor)} in ${context.environment}`,
    problems,
  };
}

/** The line a diagnostic message gets about its verdict: `Policy: ask for an agent in development (rule default/ask-data-loss).` */
export function verdictNote(verdict: FindingVerdict, context: string): string {
  const by = verdict.rule ? `rule ${verdict.rule}` : 'no policy rule matched';
  return `Policy: ${verdict.effect} for ${context} (${by}).`;
}
