/**
 * How one connection replaces the statements policy refused, so the client hears the refusal in
 * protocol order (PostgreSQL docs, "Frontend/Backend Protocol", "Extended Query"):
 *
 * - a refused Query is replaced by a Query running the refusal (`refusalSql`: the server raises
 *   SQLSTATE 42501, and an open transaction is marked failed as for any error);
 * - a refused Parse keeps its statement name but gets the refusal as its text, so a later
 *   Describe/Execute of that statement fails with the refusal too;
 * - a Bind of a refused statement that passes parameters is rejected by the server (the
 *   substitute takes none): that ErrorResponse is replaced by the refusal;
 * - a Close of a statement, or a Parse allowed under its name, forgets the refusal.
 */
import type { GatewayVerdict } from './gateway';
import { refusal, runs } from './session';
import type { parseMessage } from './wire';
import { bindMessage, errorResponse, parseMessageOf, queryMessage, refusalSql } from './wire';

/** Type bytes of the client messages the refusals read. */
const BIND = 0x42;
const CLOSE = 0x43;

export class Refusals {
  /** Statement names whose Parse was refused ⇒ the refusal message. */
  private readonly statements = new Map<string, string>();
  /** Upstream ErrorResponses to replace with a refusal (a Bind of a refused statement), in order. */
  private readonly errors: string[] = [];

  /** `onRefused`: called once per refused Query or Parse (the gateway's counter). */
  constructor(private readonly onRefused: () => void) {}

  /** The message to send upstream for Query `raw` with verdict `v`: itself, or the refusal. */
  query(raw: Buffer, v: GatewayVerdict): Buffer {
    if (runs(v)) return raw;
    this.onRefused();
    return queryMessage(refusalSql(refusal(v)));
  }

  /** The message to send upstream for Parse `raw` (read as `p`) with verdict `v`. */
  parse(raw: Buffer, p: ReturnType<typeof parseMessage>, v: GatewayVerdict): Buffer {
    if (runs(v)) {
      this.statements.delete(p.name);
      return raw;
    }
    this.onRefused();
    const message = refusal(v);
    this.statements.set(p.name, message);
    return parseMessageOf(p.name, refusalSql(message));
  }

  /** Notes what a Bind (`type` 'B') or Close ('C') body means for refused statements. */
  other(type: string | undefined, body: Buffer): void {
    if (!this.statements.size) return;
    if (type === 'B') {
      const b = bindMessage(body);
      const message = this.statements.get(b.statement);
      if (message !== undefined && b.params > 0) this.errors.push(message);
    } else if (type === 'C' && body[0] === 0x53 /* 'S': close a statement */) {
      this.statements.delete(body.toString('utf8', 1, Math.max(1, body.indexOf(0, 1))));
    }
  }

  /** Whether client messages of type byte `type` may pass unread (Bind and Close are read while a statement is refused). */
  passes(type: number): boolean {
    return this.statements.size === 0 || (type !== BIND && type !== CLOSE);
  }

  /** Whether an upstream ErrorResponse waits to be replaced. */
  pending(): boolean {
    return this.errors.length > 0;
  }

  /** The replacement for the next upstream ErrorResponse, or undefined to relay it as it is. */
  serverError(): Buffer | undefined {
    const message = this.errors.shift();
    return message === undefined ? undefined : errorResponse('42501', message);
  }

  /** ReadyForQuery: the errors of that cycle have arrived; nothing more is replaced. */
  ready(): void {
    this.errors.length = 0;
  }
}
