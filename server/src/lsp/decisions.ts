import * as path from 'node:path';
import { categoryLookup, judge, ruleMetaMap } from '../core/judge';
import type { Parsers } from '../core/parsers';
import { environmentOrder } from '../core/policy/context';
import type { PolicyDiagnostic, PolicySet } from '../core/policy/model';
import { loadPolicySet } from '../core/policy/policy-set';
import { loadPolicyTiers } from '../runtime/policy-tiers';
import type { Actor, Dialect, Effect } from '../core/types';

/** The decision the policy takes for an agent running a statement in one environment. */
export interface EnvironmentDecision {
  environment: string;
  effect: Effect;
  reason: string;
}

/**
 * Policy sets per workspace folder (every tier: built-in, organization, user, the folder's
 * `.railguard/policies` and its parents', `railguard.policyPaths`), loaded on demand and dropped
 * by {@link clear} when a policy file changes (chokidar). `trusted` is VS Code workspace trust:
 * when false every user/workspace file is stricter-only; when true, only the files a human
 * approved apply fully (see `runtime/trust-store.ts`). One instance per server, never a module global.
 */
export class PolicySets {
  private readonly cache = new Map<string, PolicySet>();
  /** The sets before the last {@link clear}: a file broken by an edit keeps its last good version. */
  private previous = new Map<string, PolicySet>();

  constructor(
    private readonly builtinDir: string,
    private readonly trusted: () => boolean,
  ) {}

  /** The set for a folder (`undefined`: no folder, built-in only) and extra policy files. */
  get(folder: string | undefined, extraFiles: readonly string[]): PolicySet {
    const key = JSON.stringify([folder ?? '', ...extraFiles]);
    let set = this.cache.get(key);
    if (!set) {
      const metas = ruleMetaMap();
      const common = {
        builtinDir: this.builtinDir,
        extraFiles: extraFiles.map((f) => path.resolve(folder ?? '.', f)),
        trusted: this.trusted(),
        knownRuleIds: new Set(metas.keys()),
        categoryOf: categoryLookup(metas),
      };
      const previous = this.previous.get(key);
      // A folder gets every tier (organization, user, workspace from the folder up, approvals);
      // without one, the built-in policies alone.
      set = folder
        ? loadPolicyTiers({ ...common, cwd: folder, ...(previous ? { previous } : {}) }).policies
        : loadPolicySet(common);
      this.cache.set(key, set);
    }
    return set;
  }

  /** Problems loading the built-in policies (a broken install), for the server log. */
  builtinProblems(): PolicyDiagnostic[] {
    return this.get(undefined, []).diagnostics.filter((d) => d.file.startsWith(this.builtinDir));
  }

  /** The sets loaded so far (for status: broken and unapproved files). */
  loaded(): PolicySet[] {
    return [...this.cache.values()];
  }

  clear(): void {
    this.previous = new Map([...this.previous, ...this.cache]);
    this.cache.clear();
  }
}

/**
 * What the policy set decides for `options.actor` (default: an AI agent) running `text` (one
 * statement) in each environment the set defines, in the set's environment order.
 */
export function decisionsByEnvironment(
  parsers: Parsers,
  set: PolicySet,
  text: string,
  options: { dialect?: Dialect; file?: string; actor?: Actor },
): EnvironmentDecision[] {
  const metas = ruleMetaMap();
  const { actor = { type: 'agent', name: 'agent' }, ...action } = options;
  return environmentOrder(set).map(({ name }) => {
    const { decision } = judge(
      parsers,
      set,
      { kind: 'sql', text, source: 'editor', ...action },
      { explicitEnvironment: name, actor },
      { metas },
    );
    return { environment: name, effect: decision.effect, reason: decision.reason };
  });
}
