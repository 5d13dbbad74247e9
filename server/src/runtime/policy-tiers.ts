/**
 * Loading the policy tiers for an action's folder, the same way for every adapter (CLI, hooks,
 * daemon, language server): built-in < organization (signed) < user (`$XDG_CONFIG_HOME/railguard/
 * policies`) < workspace (every `.railguard/policies/` from the folder up, plus `--policy`
 * files), with human approvals (`trust-store.ts`) deciding which user/workspace files may loosen.
 */
import * as path from 'node:path';
import type { PolicySet } from '../core/policy/model';
import { loadPolicySet, policyFilesIn } from '../core/policy/policy-set';
import type { Category } from '../core/types';
import { railguardConfigDir } from './config-dir';
import { organizationTier } from './organization';
import { approvalOf, readTrustStore, trustStorePath } from './trust-store';
import { workspaceOf } from './workspace';

/** Options of {@link loadPolicyTiers}. */
export interface PolicyTiersOptions {
  /** The action's folder; workspace policies are found by walking up from it. */
  cwd: string;
  /** Folder of the built-in policies. */
  builtinDir: string;
  /** Explicit policy files (`--policy`), absolute; chosen by the invoker, applied as approved. */
  extraFiles?: string[];
  /** Environment for the config folder (`XDG_CONFIG_HOME`, `HOME`); default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** VS Code workspace trust (false: every user/workspace file is stricter-only). Default true. */
  trusted?: boolean;
  knownRuleIds?: ReadonlySet<string>;
  categoryOf?: (ruleId: string) => Category | undefined;
  /** The set in force before (hot reload): broken files keep their last good version from it. */
  previous?: PolicySet;
}

/** The tiered policy set of an action's folder, and the workspace root it belongs to. Never throws. */
export function loadPolicyTiers(options: PolicyTiersOptions): { policies: PolicySet; root: string } {
  const env = options.env ?? process.env;
  const { root, policyDirs } = workspaceOf(options.cwd);
  const org = organizationTier(env);
  const approval = approvalOf(readTrustStore(trustStorePath(env)));
  const orgApproval = org ? approval(org.configFile, org.configSha256) : 'approved';
  const set = loadPolicySet({
    builtinDir: options.builtinDir,
    workspacePolicyDirs: policyDirs,
    userFiles: policyFilesIn(path.join(railguardConfigDir(env), 'policies')),
    ...(org ? { organization: { ...org, trusted: orgApproval === 'approved' } } : {}),
    extraFiles: options.extraFiles ?? [],
    trusted: options.trusted ?? true,
    approval,
    ...(options.knownRuleIds ? { knownRuleIds: options.knownRuleIds } : {}),
    ...(options.categoryOf ? { categoryOf: options.categoryOf } : {}),
    ...(options.previous ? { previous: options.previous } : {}),
  });
  if (org && orgApproval !== 'approved') {
    const problem = {
      file: org.configFile,
      origin: 'organization' as const,
      kind: 'unapproved' as const,
      message: `organization tier config ${org.configFile} ${orgApproval === 'changed' ? 'changed since approval' : 'is not approved'}; organization policies applied as stricter-only (approve it: railguard policy trust ${org.configFile})`,
    };
    set.problems = [...(set.problems ?? []), problem];
  }
  return { policies: set, root };
}
