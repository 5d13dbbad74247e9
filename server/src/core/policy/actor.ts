/**
 * Actors: parsing `agent:NAME` / `human:NAME`, and recognising agents by name or by the
 * environment variables agent CLIs set in the shells they run.
 */
import type { Actor } from '../types';

/** Agent names recognised without any policy saying so. Policies add more in `actors.agents`. */
export const DEFAULT_AGENTS: readonly string[] = [
  'copilot',
  'claude-code',
  'cursor',
  'codex',
  'gemini',
  'windsurf',
  'cline',
  'aider',
  'amazon-q',
];

/**
 * Environment variables agent CLIs set in the commands they run. Sources: Claude Code sets
 * `CLAUDECODE=1` in its Bash tool; Gemini CLI sets `GEMINI_CLI=1` for shell commands; Codex runs
 * commands with `CODEX_SANDBOX` / `CODEX_SANDBOX_NETWORK_DISABLED` set.
 */
export const AGENT_ENV_MARKERS: readonly { variable: string; agent: string }[] = [
  { variable: 'CLAUDECODE', agent: 'claude-code' },
  { variable: 'GEMINI_CLI', agent: 'gemini' },
  { variable: 'CODEX_SANDBOX', agent: 'codex' },
  { variable: 'CODEX_SANDBOX_NETWORK_DISABLED', agent: 'codex' },
];

/**
 * Parses `agent:NAME`, `human:NAME`, or a bare NAME (an agent when it is one of `knownAgents`,
 * case-insensitive, otherwise a human). Returns `undefined` for empty or malformed text
 * (`agent:`, `robot:x`, whitespace in the name). Never throws.
 */
export function parseActor(text: string, knownAgents: readonly string[] = DEFAULT_AGENTS): Actor | undefined {
  const t = text.trim();
  const m = /^(?:(agent|human):)?([^\s:]+)$/.exec(t);
  if (!m || m[2] === undefined) return undefined;
  const name = m[2];
  if (m[1] === 'agent' || m[1] === 'human') return { type: m[1], name };
  const isAgent = knownAgents.some((a) => a.toLowerCase() === name.toLowerCase());
  return { type: isAgent ? 'agent' : 'human', name };
}

/** `agent:claude-code` / `human:alice`: the inverse of {@link parseActor}. */
export function formatActor(actor: Actor): string {
  return `${actor.type}:${actor.name}`;
}

/**
 * Decides who acts. Order: an explicit agent stays an agent; an explicit actor whose name is a
 * known agent is an agent; otherwise an agent marker in the environment (see
 * {@link AGENT_ENV_MARKERS}) makes it that agent, acting for the explicit human if one was given;
 * otherwise the explicit actor, or the human `$USER` (`unknown` when not set).
 */
export function resolveActor(
  explicit: Actor | undefined,
  env: Record<string, string>,
  knownAgents: readonly string[],
): { actor: Actor; reason: string } {
  if (explicit?.type === 'agent') return { actor: explicit, reason: 'given by the caller' };
  if (explicit && knownAgents.some((a) => a.toLowerCase() === explicit.name.toLowerCase())) {
    return { actor: { ...explicit, type: 'agent' }, reason: `'${explicit.name}' is a known agent name` };
  }
  const marker = AGENT_ENV_MARKERS.find((m) => (env[m.variable] ?? '') !== '');
  if (marker) {
    const actor: Actor = { type: 'agent', name: marker.agent };
    const human = explicit?.name ?? env.USER;
    if (human) actor.onBehalfOf = human;
    return { actor, reason: `environment variable ${marker.variable} is set by ${marker.agent}` };
  }
  if (explicit) return { actor: explicit, reason: 'given by the caller' };
  const user = env.USER ?? env.USERNAME;
  return {
    actor: { type: 'human', name: user ?? 'unknown' },
    reason: user ? 'the OS user ($USER)' : 'no actor given',
  };
}
