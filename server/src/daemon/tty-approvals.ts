import type { Actor } from '../core/types';
import { formatActor } from '../core/policy/actor';
import type { ApprovalQueue, DisplayMasker } from './approval-queue';
import type { ApprovalProvider, ApprovalReplyInfo, ApprovalRequest } from './approvals';

/**
 * A human's ask answered at the human's own terminal, like `sudo` (issue 12). The interactive
 * bash, zsh and fish hooks offer it (`approve=tty` in their `POST /v1/shell` header block; see
 * {@link ttyKey} for the key an answer must name); when the command's actor is a HUMAN and no editor is the approver, the daemon streams a
 * `tty` line (the masked command, rules, reason) instead of `pending`, the hook asks `[y/N]` on
 * /dev/tty and reports the answer with `POST /v1/shell/answer` (nonce-proof authenticated, see
 * `proof.ts`) naming the nonce of the request it answers. Only the hook that sent that request
 * knows the nonce (it travels in the request's headers, never to the agent), and the final
 * `allow` still carries the daemon's proof for it. The daemon records `human:USER via tty`.
 *
 * Invariant: an AGENT's ask never goes to a terminal prompt (the approver must not be the
 * requester: an agent typing into a terminal could answer itself); {@link pickApprover} is the
 * one place that decides, and tests pin it.
 */

/** Who answers one ask: the editor (host provider), the terminal, or a `railguard approvals` session. */
export type ApproverChannel = 'editor' | 'tty' | 'queue';

/** Where {@link pickApprover} can send an ask. */
export interface Approvers {
  /** The host's provider (the VS Code extension's prompts), when the daemon runs inside the editor. */
  host?: ApprovalProvider;
  /** `railguard approvals` sessions (used only while one is attached). */
  queue: ApprovalQueue;
  /** The requesting terminal, when its hook offered a TTY prompt (interactive bash). */
  tty?: ApprovalProvider;
}

/**
 * The approver of an ask by `actor`: the editor when there is one; else the requesting terminal,
 * only for a HUMAN actor whose hook offered it; else an attached `railguard approvals` session;
 * else none (the ask is `unavailable`). An agent's ask is never given to `tty`.
 */
export function pickApprover(
  approvers: Approvers,
  actor: Actor,
): { channel: ApproverChannel; provider: ApprovalProvider } | undefined {
  if (approvers.host) return { channel: 'editor', provider: approvers.host };
  if (approvers.tty && actor.type === 'human') return { channel: 'tty', provider: approvers.tty };
  if (approvers.queue.attached()) return { channel: 'queue', provider: approvers.queue };
  return undefined;
}

/** The key of the header block that offers a TTY prompt (`approve=tty`). */
const OFFER = 'approve=tty';

/** The lines of a shell request body's header block (before the empty line). */
function headerLines(body: string): string[] {
  const end = body.indexOf('\n\n');
  return end < 0 ? [] : body.slice(0, end).split('\n');
}

/**
 * The key a terminal's answer must name for the prompt a shell request offers (`approve=tty` in
 * its header block), or undefined when it offers none: the request's own nonce, which only the
 * hook that sent it and the daemon know (bash and zsh prove the token with a fresh nonce per
 * request). A request without a nonce cannot offer a prompt.
 */
export function ttyKey(body: string, nonce: string | undefined): string | undefined {
  return nonce !== undefined && headerLines(body).includes(OFFER) ? nonce : undefined;
}

const oneLine = (s: string): string => s.replace(/[\t\r\n]+/g, ' ');

/**
 * The `tty` line streamed to the hook: `tty<TAB>ENV<TAB>RULES<TAB>REASON<TAB>COMMAND\n`, RULES
 * comma-separated `policy/rule`, REASON and COMMAND masked and on one line.
 */
export async function ttyLine(request: ApprovalRequest, mask: DisplayMasker): Promise<string> {
  const [reason, text] = await Promise.all([mask(request.reason), mask(request.action.text)]);
  const rules = request.matched.join(',') || '-';
  return `tty\t${oneLine(request.environment)}\t${oneLine(rules)}\t${oneLine(reason)}\t${oneLine(text)}\n`;
}

/** A terminal's answer (`POST /v1/shell/answer`): the nonce of the request it answers, and y/n. */
export interface TtyAnswer {
  request: string;
  answer: 'approved' | 'rejected' | 'expired';
}

/**
 * Reads `request=NONCE` and `answer=yes|no|timeout` lines (anything but `yes` is a rejection:
 * `timeout` is recorded as expired). Undefined when the request nonce is missing or malformed.
 */
export function parseTtyAnswer(body: string): TtyAnswer | undefined {
  const kv = new Map<string, string>();
  for (const line of body.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) kv.set(line.slice(0, eq), line.slice(eq + 1).trim());
  }
  const request = kv.get('request') ?? '';
  if (!/^[0-9a-f]{32}$/.test(request)) return undefined;
  const a = kv.get('answer');
  return { request, answer: a === 'yes' ? 'approved' : a === 'timeout' ? 'expired' : 'rejected' };
}

/** Terminal prompts in progress, by the nonce of the request that offered them. */
export class TtyApprovals {
  private readonly waiting = new Map<string, { settle: (r: ApprovalReplyInfo) => void; approver: string }>();

  /**
   * A provider for the request with nonce `key`: it sends the `tty` line through `prompt`, then
   * waits for {@link answer} with that key (or the signal: expiry, caller gone). The approver an
   * answer names is the requesting human: `human:alice via tty`.
   */
  provider(key: string, prompt: (line: string) => void, mask: DisplayMasker): ApprovalProvider {
    return {
      requestApproval: async (request, signal) => {
        const approver = `${formatActor(request.actor)} via tty`;
        const line = await ttyLine(request, mask);
        return new Promise<ApprovalReplyInfo>((resolve) => {
          if (signal.aborted) return resolve({ answer: 'expired' });
          const entry = {
            approver,
            settle: (reply: ApprovalReplyInfo): void => {
              if (this.waiting.get(key) !== entry) return;
              this.waiting.delete(key);
              resolve(reply);
            },
          };
          this.waiting.set(key, entry);
          signal.addEventListener('abort', () => entry.settle({ answer: 'expired' }), { once: true });
          prompt(line);
        });
      },
    };
  }

  /** Settles the prompt of request `a.request`; false when none is waiting (answered, expired, unknown). */
  answer(a: TtyAnswer): boolean {
    const entry = this.waiting.get(a.request);
    if (!entry) return false;
    entry.settle({ answer: a.answer, approver: entry.approver });
    return true;
  }

  /** Withdraws the prompt of request `key` (its terminal went away): rejected, no approver. */
  cancel(key: string): void {
    this.waiting.get(key)?.settle({ answer: 'rejected' });
  }
}
