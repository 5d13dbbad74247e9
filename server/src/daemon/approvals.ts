import type { Actor } from '../core/types';

/**
 * Approval of `ask` decisions. The daemon hands each `ask` to an {@link ApprovalProvider} and
 * waits for the answer until the request expires. Which provider is picked per ask by
 * `pickApprover` (`tty-approvals.ts`): the VS Code extension's notification UI when the language
 * server hosts the daemon; else, for a HUMAN's command typed into a guarded interactive bash or zsh, that
 * terminal (a `sudo`-like prompt, the human approving their own command); else an attached
 * `railguard approvals` session (`approval-queue.ts`).
 *
 * With none of them an `ask` is answered `unavailable` at once (no wait: nobody could answer).
 * Callers map it by what they can do: agent hooks whose agent has its own prompt pass `ask` on to
 * it (the human answers in the agent's UI); agents without one, shells and shims treat it as
 * rejected. An AGENT's ask is never given to a terminal prompt: an agent typing into the terminal
 * could answer it itself, and the approver must not be the requester.
 */
export type ApprovalAnswer = 'approved' | 'rejected' | 'expired';

/** What the approver is shown. Texts are as judged (the UI masks secrets before display). */
export interface ApprovalRequest {
  /** Unique per request (random UUID). */
  id: string;
  action: { kind: string; text: string; cwd?: string };
  actor: Actor;
  environment: string;
  /** The decision's one-sentence reason. */
  reason: string;
  /** Matched policy rules, `policy/rule`, strictest first. */
  matched: string[];
  source: string;
  /** ISO 8601 times. */
  requestedAt: string;
  expiresAt: string;
}

/**
 * An answer together with who gave it, for the audit record (AU-3 (f) identity): `approver` is
 * the human's identity as the provider knows it (the editor's `human:alice`, an e-mail…).
 */
export interface ApprovalReplyInfo {
  answer: ApprovalAnswer;
  approver?: string;
}

/** Something that can put an `ask` before a human and return the answer. */
export interface ApprovalProvider {
  /**
   * Resolves with the human's answer, alone or with the approver's identity. `signal` aborts when
   * the request expires or the caller goes away (the UI should withdraw its prompt). Rejections
   * of the promise count as `rejected`.
   */
  requestApproval(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalAnswer | ApprovalReplyInfo>;
}

/**
 * The outcome of {@link awaitApproval}: a provider's answer, `unavailable` when there is none, or
 * `cancelled` when the requester went away before an answer (a gateway client cancelled its
 * statement or disconnected); callers treat `cancelled` as rejected.
 */
export type ApprovalStatus = ApprovalAnswer | 'unavailable' | 'cancelled';

/** {@link awaitApprovalOutcome}'s result: the status and, when the provider named one, the approver. */
export interface ApprovalOutcome {
  status: ApprovalStatus;
  approver?: string;
}

const ANSWERS: readonly string[] = ['approved', 'rejected', 'expired'];

/** Narrows a provider's resolved value; anything unknown is `rejected` (never approves by accident). */
function readReply(value: unknown): ApprovalOutcome {
  if (typeof value === 'string')
    return { status: ANSWERS.includes(value) ? (value as ApprovalAnswer) : 'rejected' };
  if (typeof value !== 'object' || value === null) return { status: 'rejected' };
  const o = value as Record<string, unknown>;
  const status =
    typeof o.answer === 'string' && ANSWERS.includes(o.answer) ? (o.answer as ApprovalAnswer) : 'rejected';
  const approver = typeof o.approver === 'string' && o.approver.trim() !== '' ? o.approver.trim() : undefined;
  return { status, ...(approver ? { approver } : {}) };
}

/**
 * Asks `provider` and waits at most `expiresInMs`; an unanswered request is `expired` (which
 * callers treat as rejected). Never throws: a provider error is `rejected`.
 */
export async function awaitApproval(
  provider: ApprovalProvider | undefined,
  request: ApprovalRequest,
  expiresInMs: number,
): Promise<ApprovalStatus> {
  return (await awaitApprovalOutcome(provider, request, expiresInMs)).status;
}

/**
 * {@link awaitApproval} keeping the approver the provider named (if any). `cancel`, when it
 * aborts before an answer, ends the wait as `cancelled` (and withdraws the prompt). Never throws.
 */
export async function awaitApprovalOutcome(
  provider: ApprovalProvider | undefined,
  request: ApprovalRequest,
  expiresInMs: number,
  cancel?: AbortSignal,
): Promise<ApprovalOutcome> {
  if (!provider) return { status: 'unavailable' };
  if (cancel?.aborted) return { status: 'cancelled' };
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onCancel: (() => void) | undefined;
  const expiry = new Promise<ApprovalOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'expired' }), Math.max(0, expiresInMs));
    onCancel = () => resolve({ status: 'cancelled' });
    cancel?.addEventListener('abort', onCancel, { once: true });
  });
  try {
    const answer = provider.requestApproval(request, controller.signal).then(
      (a): ApprovalOutcome => readReply(a),
      (): ApprovalOutcome => ({ status: 'rejected' }),
    );
    return await Promise.race([answer, expiry]);
  } finally {
    clearTimeout(timer);
    if (onCancel) cancel?.removeEventListener('abort', onCancel);
    controller.abort();
  }
}
