/**
 * The guard in front of the MCP tools: judge in this process with the resident engine; an `ask`
 * goes to a reachable decision endpoint (the daemon or the VS Code language server, found in the
 * runtime folder) whose approver answers it; with no endpoint it stays `ask` and the tool refuses.
 */
import { decisionJson } from '../runtime/decision-json';
import { findDaemon, isFailure, postJson } from '../daemon/client';
import type { DecisionEngine } from '../daemon/engine';
import type { RuntimePaths } from '../daemon/paths';
import type { DecideRequest } from '../daemon/protocol';
import { DEFAULT_AGENTS } from '../core/policy/actor';
import type { Actor } from '../core/types';

/** What the gate lets a tool do, with everything needed to explain it. */
export interface GateVerdict {
  /** `allow`/`warn` ⇒ run; `deny` ⇒ refuse; `ask` ⇒ refuse as needing approval nobody gave. */
  effect: 'allow' | 'warn' | 'ask' | 'deny';
  /** The policy's effect before any approval (`ask` when a human was asked). */
  decidedEffect: string;
  environment: string;
  reason: string;
  /** Matched rules as `policy/rule`. */
  matched: string[];
  /** Present when an approval was sought: the endpoint's status, or `unavailable` (no endpoint). */
  approval?: { status: string; approver?: string; via: 'daemon' | 'none'; detail?: string };
}

/** Options of {@link createGate}. */
export interface GateOptions {
  engine: DecisionEngine;
  /** Where to look for a daemon; undefined ⇒ never ask anyone (every `ask` refuses). */
  paths?: RuntimePaths;
  /** How long the endpoint may take to give its decision, ms (default 2000). */
  connectTimeoutMs?: number;
  /** How long an `ask` may wait for the human, ms (default 120 000). */
  approvalTimeoutMs?: number;
}

/** Judges one request. Never throws: an engine failure is a `deny` naming the error. */
export type Gate = (request: DecideRequest) => Promise<GateVerdict>;

/** Builds the {@link Gate}. */
export function createGate(options: GateOptions): Gate {
  return async (request) => {
    let local: Record<string, unknown>;
    try {
      local = decisionJson(options.engine.decide(request));
    } catch (err) {
      return {
        effect: 'deny',
        decidedEffect: 'deny',
        environment: 'unknown',
        reason: `the policy engine failed: ${err instanceof Error ? err.message : String(err)}`,
        matched: [],
      };
    }
    const verdict = fromJson(local);
    if (verdict.effect !== 'ask') return verdict;
    const target = options.paths ? findDaemon(options.paths) : undefined;
    if (!target)
      return {
        ...verdict,
        approval: { status: 'unavailable', via: 'none', detail: 'no decision endpoint is running' },
      };
    const approvalMs = options.approvalTimeoutMs ?? 120_000;
    const answer = await postJson(
      target,
      '/v1/decide',
      { ...request, actor: request.actor, timeoutMs: approvalMs },
      (options.connectTimeoutMs ?? 2000) + approvalMs,
    );
    if (isFailure(answer))
      return {
        ...verdict,
        approval: {
          status: 'unavailable',
          via: 'none',
          detail: `decision endpoint ${answer.failure}: ${answer.message}`,
        },
      };
    const remote = fromJson(answer);
    const a =
      typeof answer.approval === 'object' && answer.approval !== null
        ? (answer.approval as Record<string, unknown>)
        : {};
    return {
      ...remote,
      approval: {
        status: typeof a.status === 'string' ? a.status : 'unavailable',
        ...(typeof a.approver === 'string' ? { approver: a.approver } : {}),
        via: 'daemon',
      },
    };
  };
}

/** Reads the decision JSON (`decisionJson` / `/v1/decide` answer) into a verdict; unknown effects deny. */
function fromJson(j: Record<string, unknown>): GateVerdict {
  const e = j.effect;
  const effect = e === 'allow' || e === 'warn' || e === 'ask' || e === 'deny' ? e : 'deny';
  return {
    effect,
    decidedEffect: typeof j.decidedEffect === 'string' ? j.decidedEffect : effect,
    environment: typeof j.environment === 'string' ? j.environment : 'unknown',
    reason: typeof j.reason === 'string' ? j.reason : 'no reason given',
    matched: Array.isArray(j.matched) ? j.matched.filter((m): m is string => typeof m === 'string') : [],
  };
}

/** Client names (MCP `clientInfo.name`, lower-cased) that identify a known agent, tried in order. */
const CLIENT_AGENTS: readonly { pattern: RegExp; agent: string }[] = [
  { pattern: /claude/, agent: 'claude-code' },
  { pattern: /cursor/, agent: 'cursor' },
  { pattern: /codex/, agent: 'codex' },
  { pattern: /gemini/, agent: 'gemini' },
  // VS Code sends its product's `nameLong`: "Visual Studio Code", "Code - OSS" for OSS builds,
  // "code-server" in Coder's browser build; their chat agent is Copilot.
  { pattern: /copilot|visual studio code|vscode|^code - oss$|^code-server$/, agent: 'copilot' },
  { pattern: /windsurf|codeium/, agent: 'windsurf' },
  { pattern: /cline/, agent: 'cline' },
  { pattern: /aider/, agent: 'aider' },
  { pattern: /amazon[- ]?q/, agent: 'amazon-q' },
];

/**
 * The actor for an MCP client: its `initialize.clientInfo.name` mapped to a known agent (e.g.
 * `claude-code`, `Visual Studio Code` ⇒ `copilot`), else `agent:mcp-client`; acting for `$USER`.
 * An MCP client is always treated as an agent: a human does not speak JSON-RPC on stdio.
 */
export function actorForClient(clientName: string | undefined, user: string | undefined): Actor {
  const n = (clientName ?? '').toLowerCase().trim();
  const exact = DEFAULT_AGENTS.find((a) => a === n);
  const mapped = exact ?? CLIENT_AGENTS.find((c) => c.pattern.test(n))?.agent ?? 'mcp-client';
  return { type: 'agent', name: mapped, ...(user ? { onBehalfOf: user } : {}) };
}
