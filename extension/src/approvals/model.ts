/**
 * The approval UI's state, free of the `vscode` API (unit-tested in `test/unit/approvals`):
 * pending `ask` prompts with their expiry, fingerprints approved for this session, the answers
 * given (who and when), and the commands observed in terminals. One instance per activation.
 */
import type {
  ApprovalPrompt,
  ApprovalReply,
  ApprovalVia,
  ObservedCommand,
} from '../../../server/src/lsp/approval-protocol';

/** A list keeping the newest `capacity` items (newest first). */
export class BoundedList<T> {
  private readonly items: T[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
  }

  /** Adds `item` as the newest, dropping the oldest beyond the capacity. */
  push(item: T): void {
    this.items.unshift(item);
    if (this.items.length > this.capacity) this.items.length = this.capacity;
  }

  /** Newest first. */
  all(): readonly T[] {
    return this.items;
  }
}

/** One pending prompt and how to answer it. */
interface Pending {
  prompt: ApprovalPrompt;
  resolve: (reply: ApprovalReply) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** An answered prompt, for the view and the log. */
export interface AnsweredApproval {
  prompt: ApprovalPrompt;
  reply: ApprovalReply;
}

/** Options of {@link ApprovalBook}. */
export interface ApprovalBookOptions {
  /** The approver's identity, `vscode-user:NAME`. */
  approver: string;
  /** How long a prompt stays pending at most, ms (`railguard.approvalTimeoutSeconds`). */
  timeoutMs: () => number;
  /** Answers and observations kept (default 200 each). */
  historySize?: number;
  now?: () => Date;
}

/**
 * Pending approvals. `add` returns the reply promise the language server waits for; it resolves
 * exactly once: by {@link answer}, by the session rule (at once), by expiry (the shorter of the
 * setting and the daemon's `expiresAt`) or by {@link withdraw}. Listeners fire on every change.
 */
export class ApprovalBook {
  private readonly pending = new Map<string, Pending>();
  private readonly session = new Set<string>();
  readonly answered: BoundedList<AnsweredApproval>;
  readonly observed: BoundedList<ObservedCommand>;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => Date;

  constructor(private readonly options: ApprovalBookOptions) {
    this.answered = new BoundedList(options.historySize ?? 200);
    this.observed = new BoundedList(options.historySize ?? 200);
    this.now = options.now ?? ((): Date => new Date());
  }

  /** Registers a change listener; returns its remover. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** True when "approve for this session" covers the prompt's fingerprint. */
  approvedForSession(prompt: ApprovalPrompt): boolean {
    return this.session.has(prompt.fingerprint);
  }

  /**
   * Adds a prompt. A fingerprint approved for this session is answered `approved` at once (via
   * `session`); otherwise it stays pending until answered, expired or withdrawn.
   */
  add(prompt: ApprovalPrompt): { reply: Promise<ApprovalReply>; autoApproved: boolean } {
    if (this.approvedForSession(prompt)) {
      const reply = this.reply(prompt, 'approved', 'session', true);
      this.answered.push({ prompt, reply });
      this.changed();
      return { reply: Promise.resolve(reply), autoApproved: true };
    }
    const untilExpiry = Date.parse(prompt.expiresAt) - this.now().getTime();
    const wait = Math.max(
      0,
      Math.min(this.options.timeoutMs(), Number.isFinite(untilExpiry) ? untilExpiry : Infinity),
    );
    const reply = new Promise<ApprovalReply>((resolve) => {
      const timer = setTimeout(() => this.settle(prompt.id, 'expired', 'expiry'), wait);
      this.pending.set(prompt.id, { prompt, resolve, timer });
    });
    this.changed();
    return { reply, autoApproved: false };
  }

  /**
   * Answers a pending prompt as the VS Code user. `forSession` (approvals only) approves the same
   * fingerprint for the rest of the session. Returns false when it is no longer pending.
   */
  answer(id: string, answer: 'approved' | 'rejected', via: ApprovalVia, forSession = false): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    if (answer === 'approved' && forSession) this.session.add(p.prompt.fingerprint);
    return this.settle(id, answer, via, answer === 'approved' && forSession);
  }

  /** The daemon stopped waiting (its expiry or the caller went away): drop the prompt as expired. */
  withdraw(id: string): boolean {
    return this.settle(id, 'expired', 'withdrawn');
  }

  private settle(id: string, answer: ApprovalReply['answer'], via: ApprovalVia, forSession = false): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    clearTimeout(p.timer);
    this.pending.delete(id);
    const reply = this.reply(p.prompt, answer, via, forSession);
    this.answered.push({ prompt: p.prompt, reply });
    p.resolve(reply);
    this.changed();
    return true;
  }

  private reply(
    prompt: ApprovalPrompt,
    answer: ApprovalReply['answer'],
    via: ApprovalVia,
    forSession: boolean,
  ): ApprovalReply {
    const nobody = via === 'expiry' || via === 'withdrawn';
    return {
      id: prompt.id,
      answer,
      approver: nobody ? 'none (expired)' : this.options.approver,
      answeredAt: this.now().toISOString(),
      via,
      ...(forSession ? { forSession: true } : {}),
    };
  }

  /** Pending prompts, oldest first. */
  pendingPrompts(): ApprovalPrompt[] {
    return [...this.pending.values()].map((p) => p.prompt);
  }

  /** Records a command observed in a terminal (observation only). */
  observe(command: ObservedCommand): void {
    this.observed.push(command);
    this.changed();
  }

  /** Forgets every "approve for this session" fingerprint; returns how many there were. */
  clearSession(): number {
    const n = this.session.size;
    this.session.clear();
    this.changed();
    return n;
  }

  /** Expires every pending prompt (on deactivation): nothing stays waiting. */
  dispose(): void {
    for (const id of [...this.pending.keys()]) this.settle(id, 'expired', 'withdrawn');
    this.listeners.clear();
  }
}

/** Seconds until `expiresAt` (never negative), for the prompt text. */
export function secondsLeft(prompt: ApprovalPrompt, now: Date): number {
  return Math.max(0, Math.round((Date.parse(prompt.expiresAt) - now.getTime()) / 1000));
}

/**
 * The prompt's texts: a one-line `message` (the notification) and a multi-line `detail` (the modal
 * dialog and the view's tooltip): who asks, environment, the masked command, rules and why.
 */
export function promptText(prompt: ApprovalPrompt, now: Date): { message: string; detail: string } {
  const rules = prompt.matched.length > 0 ? prompt.matched.join(', ') : 'no policy rule';
  const why = prompt.findings.map((f) => `${f.ruleId}: ${f.message}`);
  const message =
    `Railguard: ${prompt.actorLabel} asks to run in ${prompt.environment}: ${prompt.command} ` +
    `— ${rules}${why[0] ? ` (${why[0]})` : ''} — expires in ${secondsLeft(prompt, now)} s`;
  const detail = [
    `Who: ${prompt.actorLabel} (via ${prompt.source})`,
    `Environment: ${prompt.environment}`,
    `Command (${prompt.kind}, masked): ${prompt.command}`,
    ...(prompt.cwd ? [`Folder: ${prompt.cwd}`] : []),
    `Rules: ${rules}`,
    `Why: ${prompt.reason}`,
    ...why.map((w) => `  • ${w}`),
    `Expires in ${secondsLeft(prompt, now)} s (then rejected).`,
  ].join('\n');
  return { message, detail };
}
