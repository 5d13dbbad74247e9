import { createHash } from 'node:crypto';
import type {
  ApprovalAnswer,
  ApprovalProvider,
  ApprovalReplyInfo,
  ApprovalRequest,
} from '../daemon/approvals';
import type { Judgement } from '../core/judge';
import { formatActor } from '../core/policy/actor';
import type { Actor } from '../core/types';
import type { ApprovalPrompt, ApprovalReply } from './approval-protocol';

/**
 * The language server's {@link ApprovalProvider}: turns the daemon's {@link ApprovalRequest} into
 * a masked {@link ApprovalPrompt}, forwards it to the editor, checks the editor's
 * {@link ApprovalReply} and records it. Pure apart from the injected functions (unit-tested with
 * doubles; wired to the LSP connection in `decision-host.ts`).
 */

/** Masks a text for display (secrets and PII); never rejects. */
export type MaskText = (text: string) => Promise<string>;

/** What {@link forwardingProvider} needs from its host. */
export interface ForwardingDeps {
  /** Re-judges the action for the findings to show (pure; undefined when it cannot). */
  judge(request: ApprovalRequest): Judgement | undefined;
  mask: MaskText;
  /** Sends the prompt to the editor; `signal` aborts when the daemon's wait ends. */
  ask(prompt: ApprovalPrompt, signal: AbortSignal): Promise<ApprovalReply>;
  /** Called with every accepted or refused reply (for the log / audit). */
  record(prompt: ApprovalPrompt, reply: ApprovalReply, accepted: boolean, why?: string): void;
}

/**
 * A command's fingerprint for "approve for this session": SHA-256 (hex) of the kind, the text with
 * runs of white space collapsed and trimmed, the environment and the actor's `type:name` (not its
 * session id, so an agent's next session in the same editor session matches too).
 */
export function commandFingerprint(kind: string, text: string, environment: string, actor: Actor): string {
  const normalized = text.replace(/\s+/g, ' ').trim();
  return createHash('sha256')
    .update([kind, normalized, environment, formatActor(actor)].join('\0'))
    .digest('hex');
}

/**
 * True for environments shown with a modal prompt: names containing `prod` or `prd` (the fail
 * rule's production globs `*prod*`/`*prd*`, see `daemon/fail-rule.ts`); errs towards production.
 */
export function isProductionEnvironment(environment: string): boolean {
  return /pro?d/i.test(environment);
}

/** `agent claude-code (session abc, for alice)` / `human alice`. */
export function actorLabel(actor: Actor): string {
  const extra = [
    ...(actor.sessionId ? [`session ${actor.sessionId}`] : []),
    ...(actor.onBehalfOf ? [`for ${actor.onBehalfOf}`] : []),
  ];
  return `${actor.type} ${actor.name}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`;
}

/**
 * Builds the prompt: masked command, reason and finding messages; the findings shown are those
 * whose effect is `ask` or `deny` (all findings when none is).
 */
export async function buildPrompt(
  request: ApprovalRequest,
  judgement: Judgement | undefined,
  mask: MaskText,
): Promise<ApprovalPrompt> {
  const judged = judgement?.decision.findings.filter((f) => !f.ignored) ?? [];
  const strong = judged.filter((f) => f.effect === 'ask' || f.effect === 'deny');
  const shown = strong.length > 0 ? strong : judged;
  const findings = await Promise.all(
    shown.map(async (f) => ({ ruleId: f.ruleId, message: await mask(f.message) })),
  );
  return {
    id: request.id,
    kind: request.action.kind,
    command: await mask(request.action.text),
    ...(request.action.cwd ? { cwd: request.action.cwd } : {}),
    actor: request.actor,
    actorLabel: actorLabel(request.actor),
    environment: request.environment,
    production: isProductionEnvironment(request.environment),
    reason: await mask(request.reason),
    matched: request.matched,
    findings,
    source: request.source,
    fingerprint: commandFingerprint(
      request.action.kind,
      request.action.text,
      request.environment,
      request.actor,
    ),
    requestedAt: request.requestedAt,
    expiresAt: request.expiresAt,
  };
}

/**
 * Why a reply cannot be accepted, or undefined when it can: it must answer this request, name an
 * approver, and the approver must not be the requesting agent (nor any `agent:` identity).
 */
export function refuseReply(prompt: ApprovalPrompt, reply: unknown): string | undefined {
  if (typeof reply !== 'object' || reply === null) return 'the editor sent no reply';
  const r = reply as Partial<ApprovalReply>;
  if (r.id !== prompt.id) return `the reply answers ${String(r.id)}, not ${prompt.id}`;
  if (r.answer !== 'approved' && r.answer !== 'rejected' && r.answer !== 'expired')
    return `unknown answer ${String(r.answer)}`;
  if (typeof r.approver !== 'string' || r.approver.trim() === '') return 'the reply names no approver';
  const approver = r.approver.trim().toLowerCase();
  if (approver.startsWith('agent:') || approver === formatActor(prompt.actor).toLowerCase())
    return `the approver ${r.approver} is the requesting agent or another agent`;
  return undefined;
}

/**
 * The provider: a refused or failed reply counts as `rejected` (the daemon then denies), so a
 * broken editor never approves anything.
 */
export function forwardingProvider(deps: ForwardingDeps): ApprovalProvider {
  return {
    async requestApproval(request, signal): Promise<ApprovalAnswer | ApprovalReplyInfo> {
      const prompt = await buildPrompt(request, deps.judge(request), deps.mask);
      let reply: ApprovalReply;
      try {
        reply = await deps.ask(prompt, signal);
      } catch (err) {
        const why = signal.aborted
          ? 'the request expired before the editor answered'
          : `the editor failed to answer: ${err instanceof Error ? err.message : String(err)}`;
        const answer = signal.aborted ? 'expired' : 'rejected';
        deps.record(
          prompt,
          { id: prompt.id, answer, approver: 'none', answeredAt: new Date().toISOString(), via: 'expiry' },
          false,
          why,
        );
        return answer;
      }
      const refused = refuseReply(prompt, reply);
      deps.record(prompt, reply, refused === undefined, refused);
      // The approver goes into the audit record (AU-3 identity) with the answer.
      return refused === undefined ? { answer: reply.answer, approver: reply.approver } : 'rejected';
    },
  };
}
