import { createMasker, maskerWith } from '../core/mask/masker';
import { formatActor } from '../core/policy/actor';
import type { ApprovalProvider, ApprovalReplyInfo, ApprovalRequest } from './approvals';

/**
 * Asks waiting for an approver outside the editor: `railguard approvals` sessions attached to a
 * standalone daemon (issue 12). While at least one session watches, the queue is an
 * {@link ApprovalProvider}: an ask waits here until a session answers it, the request expires,
 * or its caller goes away. With no session attached the daemon does not use it (an ask is then
 * `unavailable`, as before), so nothing ever waits for an approver who is not there.
 */

/** One pending ask as `railguard approvals` shows it; texts are masked (secrets and PII). */
export interface PendingAsk {
  /** The approval id (= the decision id). */
  id: string;
  /** `agent:claude-code`, `human:alice`; with `onBehalfOf` as ` for alice`. */
  actor: string;
  environment: string;
  action: { kind: string; text: string; cwd?: string };
  /** Matched policy rules, `policy/rule`, strictest first. */
  matched: string[];
  reason: string;
  source: string;
  /** ISO 8601 times. */
  requestedAt: string;
  expiresAt: string;
}

/** What a watching session is told: an ask to show, or one no longer pending (answered elsewhere, expired). */
export type QueueEvent = { type: 'pending'; ask: PendingAsk } | { type: 'resolved'; id: string };

/** Masks a text for display (resolves to the masked text). */
export type DisplayMasker = (text: string) => Promise<string>;

interface Entry {
  ask: PendingAsk;
  settle: (reply: ApprovalReplyInfo) => void;
}

/** Masks with secretlint + the built-in recognizers, loading secretlint once (built-ins only if it cannot load). */
function defaultMasker(): DisplayMasker {
  let masker: Promise<{ mask(t: string): Promise<{ text: string }> }> | undefined;
  return async (text) => {
    masker ??= createMasker().catch(() => maskerWith(async () => []));
    return (await (await masker).mask(text)).text;
  };
}

/** The asks waiting for a `railguard approvals` session, and the sessions watching them. */
export class ApprovalQueue implements ApprovalProvider {
  private readonly entries = new Map<string, Entry>();
  private readonly watchers = new Set<(e: QueueEvent) => void>();

  /** `maskForDisplay` masks every text shown to an approver (default: secretlint + built-in recognizers). */
  constructor(readonly maskForDisplay: DisplayMasker = defaultMasker()) {}

  /** True while at least one session watches: only then does the daemon hand asks to the queue. */
  attached(): boolean {
    return this.watchers.size > 0;
  }

  /**
   * Attaches a session: `listener` gets every ask pending now, then each new or resolved one.
   * Returns the function that detaches it (asks already waiting keep waiting until they expire).
   */
  watch(listener: (e: QueueEvent) => void): () => void {
    this.watchers.add(listener);
    for (const { ask } of this.entries.values()) listener({ type: 'pending', ask });
    return () => {
      this.watchers.delete(listener);
    };
  }

  /** The asks pending now, oldest first. */
  list(): PendingAsk[] {
    return [...this.entries.values()].map((e) => e.ask);
  }

  /**
   * Answers pending ask `id` (`approver` names who answered, for the audit record). False when
   * no such ask is pending (answered already, expired, or never there).
   */
  answer(id: string, answer: 'approved' | 'rejected', approver: string): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    e.settle({ answer, approver });
    return true;
  }

  /** {@link ApprovalProvider}: queues `request` until answered or `signal` aborts (expiry, caller gone). */
  async requestApproval(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalReplyInfo> {
    const [text, reason] = await Promise.all([
      this.maskForDisplay(request.action.text),
      this.maskForDisplay(request.reason),
    ]);
    const actor =
      formatActor(request.actor) + (request.actor.onBehalfOf ? ` for ${request.actor.onBehalfOf}` : '');
    const ask: PendingAsk = {
      id: request.id,
      actor,
      environment: request.environment,
      action: { ...request.action, text },
      matched: request.matched,
      reason,
      source: request.source,
      requestedAt: request.requestedAt,
      expiresAt: request.expiresAt,
    };
    return new Promise<ApprovalReplyInfo>((resolve) => {
      const done = (reply: ApprovalReplyInfo): void => {
        if (!this.entries.delete(request.id)) return;
        signal.removeEventListener('abort', onAbort);
        this.emit({ type: 'resolved', id: request.id });
        resolve(reply);
      };
      const onAbort = (): void => done({ answer: 'expired' });
      if (signal.aborted) return resolve({ answer: 'expired' });
      this.entries.set(request.id, { ask, settle: done });
      signal.addEventListener('abort', onAbort);
      this.emit({ type: 'pending', ask });
    });
  }

  private emit(e: QueueEvent): void {
    for (const w of this.watchers) w(e);
  }
}
