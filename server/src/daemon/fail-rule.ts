import * as fs from 'node:fs';
import type { PolicySet } from '../core/policy/model';
import { globMatch } from '../core/policy/glob';
import { hostsFromEnv } from '../core/policy/hosts';
import { writeRuntimeFile, type RuntimePaths } from './paths';

/**
 * The fail rule, for when the daemon is unreachable or slower than the hook's timeout: a command
 * that looks like it targets production is blocked, anything else runs with a visible warning.
 *
 * "Looks like production" uses a small cached copy of the policy's production matchers, written
 * by the daemon next to its token (`prod-matchers`), one matcher per line, tab-separated:
 * `host<TAB>GLOB`, `env<TAB>NAME[<TAB>GLOB]`, `kube<TAB>GLOB`, `aws<TAB>GLOB`. Shell hooks read
 * the same file with builtins only. Without the file, {@link DEFAULT_PRODUCTION_MATCHERS} apply
 * (the built-in policy's production hosts). Matching errs towards production: every word of the
 * command (split at spaces, quotes, `@ / : = ,`) is tried as a host.
 */
export interface ProductionMatchers {
  hosts: string[];
  envVars: { name: string; value?: string }[];
  kubeContexts: string[];
  awsProfiles: string[];
}

/** The built-in policy's production host globs (policies/default.yaml `environments.production`). */
export const DEFAULT_PRODUCTION_MATCHERS: ProductionMatchers = {
  hosts: ['*prod*', '*prd*'],
  envVars: [],
  kubeContexts: ['*prod*', '*prd*'],
  awsProfiles: ['*prod*', '*prd*'],
};

/** Collects the `production` matchers of every policy in the set (workspace and built-in). */
export function productionMatchers(set: PolicySet, environment = 'production'): ProductionMatchers {
  const out: ProductionMatchers = { hosts: [], envVars: [], kubeContexts: [], awsProfiles: [] };
  for (const { policy } of set.entries) {
    for (const m of policy.environments[environment]?.match ?? []) {
      if (m.host) out.hosts.push(m.host);
      if (m.envVar) out.envVars.push(m.envVar);
      if (m.kubeContext) out.kubeContexts.push(m.kubeContext);
      if (m.awsProfile) out.awsProfiles.push(m.awsProfile);
    }
  }
  return out;
}

const clean = (s: string): string => s.replace(/[\t\r\n]/g, ' ');

/** The `prod-matchers` file text for {@link ProductionMatchers}. */
export function formatMatchers(m: ProductionMatchers): string {
  const lines = [
    ...m.hosts.map((h) => `host\t${clean(h)}`),
    ...m.envVars.map((e) =>
      e.value === undefined ? `env\t${clean(e.name)}` : `env\t${clean(e.name)}\t${clean(e.value)}`,
    ),
    ...m.kubeContexts.map((k) => `kube\t${clean(k)}`),
    ...m.awsProfiles.map((a) => `aws\t${clean(a)}`),
  ];
  return lines.join('\n') + '\n';
}

/** Parses a `prod-matchers` file; unknown lines are skipped. */
export function parseMatchers(text: string): ProductionMatchers {
  const out: ProductionMatchers = { hosts: [], envVars: [], kubeContexts: [], awsProfiles: [] };
  for (const line of text.split('\n')) {
    const [kind, a, b] = line.split('\t');
    if (!a) continue;
    if (kind === 'host') out.hosts.push(a);
    else if (kind === 'kube') out.kubeContexts.push(a);
    else if (kind === 'aws') out.awsProfiles.push(a);
    else if (kind === 'env') out.envVars.push(b === undefined ? { name: a } : { name: a, value: b });
  }
  return out;
}

/** Writes the cache file for hooks (mode 0600). */
export function writeMatchersCache(paths: RuntimePaths, m: ProductionMatchers): void {
  writeRuntimeFile(paths, paths.matchers, formatMatchers(m));
}

/** Reads the cache file, or {@link DEFAULT_PRODUCTION_MATCHERS} when it is missing or empty. */
export function readMatchersCache(paths: RuntimePaths): ProductionMatchers {
  try {
    const m = parseMatchers(fs.readFileSync(paths.matchers, 'utf8'));
    if (m.hosts.length + m.envVars.length + m.kubeContexts.length + m.awsProfiles.length > 0) return m;
  } catch {
    // fall through to the defaults
  }
  return DEFAULT_PRODUCTION_MATCHERS;
}

/** What the fail rule knows about a command: its text and the caller's environment. */
export interface FailRuleInput {
  text: string;
  env: Record<string, string | undefined>;
  kubeContext?: string;
}

/** Why a command looks like production, or undefined when it does not. */
export function looksProduction(input: FailRuleInput, m: ProductionMatchers): string | undefined {
  const words = input.text.split(/[\s'"`@/:=,;|&()<>]+/).filter(Boolean);
  for (const w of words) {
    const glob = m.hosts.find((g) => globMatch(g, w));
    if (glob) return `'${w}' matches production host '${glob}'`;
  }
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.env)) if (v) env[k] = v;
  for (const { host, variable } of hostsFromEnv(env)) {
    const glob = m.hosts.find((g) => globMatch(g, host));
    if (glob) return `${variable} host '${host}' matches production host '${glob}'`;
  }
  for (const e of m.envVars) {
    const v = env[e.name];
    if (v !== undefined && (e.value === undefined || globMatch(e.value, v))) return `${e.name} is set`;
  }
  const kube = input.kubeContext;
  if (kube) {
    const glob = m.kubeContexts.find((g) => globMatch(g, kube));
    if (glob) return `kube context '${kube}' matches '${glob}'`;
  }
  const aws = env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE;
  if (aws) {
    const glob = m.awsProfiles.find((g) => globMatch(g, aws));
    if (glob) return `AWS profile '${aws}' matches '${glob}'`;
  }
  return undefined;
}
