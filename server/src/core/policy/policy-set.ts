/**
 * A policy set: the built-in policies (`policies/*.yaml`) plus a workspace's own
 * (`<workspace>/.railguard/policies/*.yaml|yml`), and its stable hash for audit records.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_AGENTS } from './actor';
import { loadPolicyFile, sortDiagnostics } from './load';
import type { PolicyLintOptions } from './lint';
import type { Policy, PolicyDiagnostic, PolicySet, PolicySetEntry } from './model';
import { compilePolicySchema } from './schema';

/** JSON with object keys sorted at every level (RFC 8785-like canonical form for hashing). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A policy without where it came from (file path, source ranges): its meaning only. */
function semanticPolicy(p: Policy): unknown {
  return {
    ...p,
    file: undefined,
    rules: p.rules.map((r) => ({ ...r, range: undefined })),
    tests: p.tests.map((t) => ({ ...t, range: undefined })),
  };
}

/**
 * `sha256:<hex>` over the canonical JSON of the trust flag and the entries (origin + policy
 * content, without file paths or positions): equal for equal policies on any machine, different
 * when any rule, environment, mode or test changes.
 */
export function policySetHash(entries: readonly PolicySetEntry[], trusted: boolean): string {
  const content = canonicalJson({
    trusted,
    policies: entries.map((e) => ({ origin: e.origin, policy: semanticPolicy(e.policy) })),
  });
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/**
 * Builds a set from loaded policies (pure; for editors holding unsaved buffers and for tests).
 * Entries are ordered workspace first, then built-in, each group in the given order.
 */
export function createPolicySet(
  policies: { builtin: readonly Policy[]; workspace?: readonly Policy[] },
  trusted: boolean,
  diagnostics: PolicyDiagnostic[] = [],
): PolicySet {
  const entries: PolicySetEntry[] = [
    ...(policies.workspace ?? []).map((policy) => ({ policy, origin: 'workspace' as const })),
    ...policies.builtin.map((policy) => ({ policy, origin: 'builtin' as const })),
  ];
  return { entries, trusted, hash: policySetHash(entries, trusted), diagnostics };
}

export interface LoadPolicySetOptions extends Omit<
  PolicyLintOptions,
  'knownEnvironments' | 'knownDataClasses' | 'knownAgents' | 'knownResourceClasses'
> {
  /** Folder of the built-in policies (`policies/` of the extension). */
  builtinDir: string;
  /** Workspace root; its `.railguard/policies/*.yaml|yml` are read when present. */
  workspaceDir?: string;
  /** Further workspace-level policy files (`railguard check --policy FILE`). */
  extraFiles?: string[];
  /** VS Code workspace trust. When false, workspace policies can only make decisions stricter. */
  trusted: boolean;
}

/**
 * The policy files of a folder: its `*.yaml` / `*.yml` files (any case, not in subfolders),
 * sorted by name — how the built-in folder and `.railguard/policies/` are read. `[]` when the
 * folder cannot be read.
 */
export const policyFilesIn = (dir: string): string[] => {
  try {
    return readdirSync(dir)
      .filter((f) => /\.ya?ml$/i.test(f))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
};

/**
 * Reads and validates the built-in and workspace policies. Files with errors are left out and
 * reported in `diagnostics` (a missing workspace folder is not an error; a missing or empty
 * built-in folder is, as no built-in policy means no baseline). Workspace files are linted
 * knowing the built-in environments, data classes and agents. Never throws.
 */
export function loadPolicySet(options: LoadPolicySetOptions): PolicySet {
  const validate = compilePolicySchema();
  const diagnostics: PolicyDiagnostic[] = [];
  const lint = { knownRuleIds: options.knownRuleIds, categoryOf: options.categoryOf, validate };
  const builtin: Policy[] = [];
  const builtinFiles = policyFilesIn(options.builtinDir);
  if (builtinFiles.length === 0) {
    const at = { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const message = `no built-in policy found in ${options.builtinDir}`;
    diagnostics.push({ file: options.builtinDir, ...at, severity: 'error', code: 'read-error', message });
  }
  for (const file of builtinFiles) {
    const r = loadPolicyFile(file, lint);
    diagnostics.push(...r.diagnostics);
    if (r.policy) builtin.push(r.policy);
  }
  const known = {
    knownEnvironments: new Set(builtin.flatMap((p) => Object.keys(p.environments))),
    knownDataClasses: new Set(builtin.flatMap((p) => Object.keys(p.dataClasses))),
    knownResourceClasses: new Set(builtin.flatMap((p) => Object.keys(p.resources))),
    knownAgents: new Set([...DEFAULT_AGENTS, ...builtin.flatMap((p) => p.actors.agents)]),
  };
  const seen = new Set(builtinFiles.map((f) => path.resolve(f)));
  const workspaceFiles = [
    ...(options.workspaceDir ? policyFilesIn(path.join(options.workspaceDir, '.railguard', 'policies')) : []),
    ...(options.extraFiles ?? []),
  ].filter((f) => {
    // A file named twice (e.g. `--policy policies/default.yaml`) is loaded once, in its first role.
    const abs = path.resolve(f);
    if (seen.has(abs)) return false;
    seen.add(abs);
    return true;
  });
  const workspace: Policy[] = [];
  for (const file of workspaceFiles) {
    const r = loadPolicyFile(file, { ...lint, ...known });
    diagnostics.push(...r.diagnostics);
    if (r.policy) workspace.push(r.policy);
  }
  return createPolicySet({ builtin, workspace }, options.trusted, sortDiagnostics(diagnostics));
}
