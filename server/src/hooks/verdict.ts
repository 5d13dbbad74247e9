import type { DecideRequest } from '../daemon/protocol';
import type { AgentAdapter, HookVerdict, ParsedHook } from './agents';

/**
 * The verdict for a parsed hook input given the daemon's (or the in-process) decision JSON
 * (`decisionJson` + `approval`), see the mapping in `agents.ts`. `decision` undefined means no
 * decision was needed (not a shell call, or malformed input).
 */
export function verdictOf(
  parsed: ParsedHook,
  decision: Record<string, unknown> | undefined,
  adapter: AgentAdapter,
): HookVerdict {
  if (parsed.kind === 'skip') return { decision: 'neutral', reason: `not a shell command (${parsed.why})` };
  if (parsed.kind === 'malformed') {
    const reason = `railguard could not read the hook input (${parsed.why}); a human must decide`;
    return { decision: adapter.supportsAsk ? 'ask' : 'deny', reason };
  }
  if (!decision)
    return { decision: adapter.supportsAsk ? 'ask' : 'deny', reason: 'railguard made no decision' };
  const effect = decision.effect;
  const reason = typeof decision.reason === 'string' ? decision.reason : String(effect);
  const approval = decision.approval as { status?: unknown } | undefined;
  const matched =
    Array.isArray(decision.matched) && typeof decision.matched[0] === 'string'
      ? ` [${decision.matched[0]}]`
      : '';
  if (effect === 'allow') {
    return approval?.status === 'approved'
      ? { decision: 'allow', reason: `approved in the editor: ${reason}` }
      : { decision: 'neutral', reason };
  }
  if (effect === 'warn') return { decision: 'warn', reason: reason + matched };
  if (effect === 'ask') return { decision: adapter.supportsAsk ? 'ask' : 'deny', reason: reason + matched };
  if (effect === 'deny') {
    const st = approval?.status;
    const prefix = st === 'rejected' || st === 'expired' ? `approval ${st}: ` : '';
    return { decision: 'deny', reason: prefix + reason + matched };
  }
  return { decision: adapter.supportsAsk ? 'ask' : 'deny', reason: `unexpected decision ${String(effect)}` };
}

/**
 * The daemon request for a hook call: actor from the hook (agent, session id) + the OS user; a
 * file tool call becomes a `file` action (path, operation, content).
 */
export function hookRequest(
  adapter: AgentAdapter,
  parsed: Extract<ParsedHook, { kind: 'command' }>,
  env: Record<string, string | undefined>,
): DecideRequest {
  const user = env.USER ?? env.USERNAME;
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
  return {
    action: parsed.file
      ? {
          kind: 'file',
          text: parsed.command,
          file: parsed.file.path,
          operation: parsed.file.operation,
          ...(parsed.cwd ? { cwd: parsed.cwd } : {}),
        }
      : { kind: 'shell', text: parsed.command, ...(parsed.cwd ? { cwd: parsed.cwd } : {}) },
    actor: {
      type: 'agent',
      name: adapter.actorName,
      ...(parsed.sessionId ? { sessionId: parsed.sessionId } : {}),
      ...(user ? { onBehalfOf: user } : {}),
    },
    env: clean,
    hints: {},
    source: 'agent-hook',
  };
}
