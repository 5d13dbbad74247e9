/**
 * Resolving the context of an action: which environment it targets (and why) and who acts.
 *
 * Environment detection, in order:
 * 1. `explicitEnvironment` (set by the interceptor or `--env`; never taken from an agent's input).
 * 2. Target signals — where the command goes: hosts from the command and from database variables
 *    (`DATABASE_URL`, `PGHOST`…, see `hosts.ts`), any environment variable (`envVar`), the kube
 *    context and the AWS profile (`AWS_PROFILE` when not given). Environments are tried in set
 *    order (see {@link environmentOrder}); the first with a matching matcher wins. Any one
 *    matching signal is enough: if the command names `localhost` but `DATABASE_URL` points at
 *    production, the action counts as production (erring towards the stricter environment, as
 *    production is declared first).
 * 3. `gitBranch` matchers, a weak signal, only when no target signal matched and the command names
 *    no host: a checkout of `main` says nothing about which database `psql -h localhost` reaches.
 * 4. The first environment marked `default: true`; `unknown` when none is.
 */
import type { Actor } from '../types';
import { DEFAULT_AGENTS, resolveActor } from './actor';
import { trustGroups } from './trust';
import { globMatch } from './glob';
import { hostsFromEnv } from './hosts';
import type { Context, ContextHints, EnvironmentDef, EnvironmentMatcher, PolicySet } from './model';

/**
 * Environments of a set, merged by name (matchers concatenated, `default` or-ed), in detection
 * order: trusted entries first (set order: approved workspace, user, organization, built-in),
 * then stricter-only ones (an untrusted workspace, unapproved files), so a policy that may only
 * tighten can add matchers but cannot pre-empt trusted detection (an unapproved
 * `development: {match: [{host: '*prod*'}]}` does not turn `prod-db` into development).
 */
export function environmentOrder(set: PolicySet): readonly { name: string; def: EnvironmentDef }[] {
  const cached = ORDERS.get(set);
  if (cached) return cached;
  const { trusted, stricterOnly } = trustGroups(set);
  const entries = [...trusted, ...stricterOnly];
  const merged = new Map<string, { default: boolean; aliases: string[]; match: EnvironmentMatcher[] }>();
  for (const { policy } of entries) {
    for (const [name, def] of Object.entries(policy.environments)) {
      const m = merged.get(name) ?? { default: false, aliases: [], match: [] };
      m.default ||= def.default === true;
      for (const a of def.aliases ?? []) if (!m.aliases.includes(a)) m.aliases.push(a);
      m.match.push(...(def.match ?? []));
      merged.set(name, m);
    }
  }
  const order = [...merged].map(([name, def]) => ({ name, def }));
  ORDERS.set(set, order);
  return order;
}

/**
 * The environment an explicitly given name stands for: a declared name or alias, compared
 * case-insensitively (`Production`, `prod`, `PRD` ⇒ `production` with the default policy);
 * undefined when no environment of the set has that name or alias.
 */
export function canonicalEnvironment(set: PolicySet, name: string): string | undefined {
  const wanted = name.trim().toLowerCase();
  const order = environmentOrder(set);
  const byName = order.find((e) => e.name.toLowerCase() === wanted);
  if (byName) return byName.name;
  return order.find((e) => (e.def.aliases ?? []).some((a) => a.toLowerCase() === wanted))?.name;
}

/** Every environment of a set with its aliases, for usage errors: `production (prod, prd)`. */
export function knownEnvironments(set: PolicySet): string[] {
  return environmentOrder(set).map(({ name, def }) =>
    def.aliases?.length ? `${name} (${def.aliases.join(', ')})` : name,
  );
}

/** Agent names known to a set: {@link DEFAULT_AGENTS} plus every policy's `actors.agents`. */
export function knownAgents(set: PolicySet): readonly string[] {
  let agents = AGENTS.get(set);
  if (!agents) {
    agents = [...new Set([...DEFAULT_AGENTS, ...set.entries.flatMap((e) => e.policy.actors.agents)])];
    AGENTS.set(set, agents);
  }
  return agents;
}

/**
 * What {@link knownAgents} and {@link environmentOrder} computed for a set: a loaded set does not
 * change (a reload makes a new one), and both ran for every decision.
 */
const AGENTS = new WeakMap<PolicySet, readonly string[]>();
const ORDERS = new WeakMap<PolicySet, readonly { name: string; def: EnvironmentDef }[]>();

interface Signals {
  hosts: { host: string; via: string }[];
  env: Record<string, string>;
  kubeContext?: string;
  awsProfile?: string;
}

function targetMatch(m: EnvironmentMatcher, s: Signals, env: string): string | undefined {
  if (m.host !== undefined) {
    const glob = m.host;
    const hit = s.hosts.find((h) => globMatch(glob, h.host));
    if (hit) return `${hit.via}host ${hit.host} matches ${env} host '${glob}'`;
  }
  if (m.envVar !== undefined) {
    const { name, value } = m.envVar;
    const hit = Object.entries(s.env).find(
      ([k, v]) => globMatch(name, k) && (value === undefined || globMatch(value, v)),
    );
    if (hit)
      return `environment variable ${hit[0]} matches ${env} envVar '${name}'${value === undefined ? '' : `='${value}'`}`;
  }
  if (m.kubeContext !== undefined && s.kubeContext !== undefined && globMatch(m.kubeContext, s.kubeContext)) {
    return `kube context ${s.kubeContext} matches ${env} kubeContext '${m.kubeContext}'`;
  }
  if (m.awsProfile !== undefined && s.awsProfile !== undefined && globMatch(m.awsProfile, s.awsProfile)) {
    return `AWS profile ${s.awsProfile} matches ${env} awsProfile '${m.awsProfile}'`;
  }
  return undefined;
}

/** The environment an action targets, with the reason (see module doc). */
export function resolveEnvironment(
  set: PolicySet,
  hints: ContextHints,
): { environment: string; reason: string } {
  if (hints.explicitEnvironment !== undefined && hints.explicitEnvironment !== '') {
    const given = hints.explicitEnvironment;
    const canonical = canonicalEnvironment(set, given);
    if (canonical === undefined)
      return { environment: given, reason: 'explicitly set (not declared by any policy)' };
    return {
      environment: canonical,
      reason: canonical === given ? 'explicitly set' : `explicitly set as ${given}`,
    };
  }
  const env = hints.env ?? {};
  const commandHosts = (hints.hosts ?? []).map((h) => h.toLowerCase()).filter((h) => h !== '');
  const signals: Signals = {
    hosts: [
      ...commandHosts.map((host) => ({ host, via: '' })),
      ...hostsFromEnv(env).map(({ host, variable }) => ({ host, via: `${variable} ` })),
    ],
    env,
  };
  const awsProfile = hints.awsProfile ?? env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE;
  if (hints.kubeContext !== undefined) signals.kubeContext = hints.kubeContext;
  if (awsProfile !== undefined) signals.awsProfile = awsProfile;
  const order = environmentOrder(set);
  for (const { name, def } of order) {
    for (const m of def.match ?? []) {
      const reason = targetMatch(m, signals, name);
      if (reason) return { environment: name, reason };
    }
  }
  const branch = hints.gitBranch;
  if (branch !== undefined && commandHosts.length === 0) {
    for (const { name, def } of order) {
      const m = (def.match ?? []).find((x) => x.gitBranch !== undefined && globMatch(x.gitBranch, branch));
      if (m)
        return {
          environment: name,
          reason: `git branch ${branch} matches ${name} gitBranch '${m.gitBranch}'`,
        };
    }
  }
  const fallback = order.find((e) => e.def.default);
  if (fallback)
    return { environment: fallback.name, reason: `no environment matched; ${fallback.name} is the default` };
  return { environment: 'unknown', reason: 'no environment matched and none is the default' };
}

/**
 * The context an action is judged in: environment (with reason) and actor (see `actor.ts`,
 * `resolveActor`). Pure; never throws.
 */
export function resolveContext(set: PolicySet, hints: ContextHints = {}): Context {
  const { environment, reason } = resolveEnvironment(set, hints);
  const { actor, reason: actorReason } = resolveActor(hints.actor, hints.env ?? {}, knownAgents(set));
  return { environment, environmentReason: reason, actor, actorReason };
}

/** `agent claude-code` / `human alice`, for reasons. */
export function describeActor(actor: Actor): string {
  return `${actor.type} ${actor.name}`;
}
