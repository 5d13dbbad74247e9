/**
 * A policy set: the built-in policies (`policies/*.yaml`), the organization's (signed), the
 * user's and the workspace's own (`<workspace>/.railguard/policies/*.yaml|yml`), and its stable
 * hash for audit records. See `PolicyOrigin` for the tiers and `evaluate.ts` for their trust.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_AGENTS } from './actor';
import { MAX_POLICY_CHARS, parsePolicyText, sortDiagnostics, type LoadedPolicyFile } from './load';
import type { PolicyLintOptions } from './lint';
import type {
  Policy,
  PolicyDiagnostic,
  PolicyFileProblem,
  PolicyOrigin,
  PolicySet,
  PolicySetEntry,
} from './model';
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
    policies: entries.map((e) => ({
      origin: e.origin,
      trusted: e.trusted,
      policy: semanticPolicy(e.policy),
    })),
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

/** Entries ordered by tier, most specific first (`POLICY_TIERS`), stable within a tier. */
function byTier(entries: PolicySetEntry[]): PolicySetEntry[] {
  const order: Record<PolicyOrigin, number> = { workspace: 0, user: 1, organization: 2, builtin: 3 };
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => order[a.e.origin] - order[b.e.origin] || a.i - b.i)
    .map(({ e }) => e);
}

/**
 * How a user or workspace file stands with the human approvals (`railguard policy trust`):
 * `approved` (this exact content, by SHA-256), `changed` (approved once, content differs since),
 * `unknown` (never approved).
 */
export type ApprovalState = 'approved' | 'changed' | 'unknown';

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
  /**
   * Further workspace policy folders (parents of the action's folder up to the workspace root,
   * nearest first), read like `workspaceDir`'s `.railguard/policies`.
   */
  workspacePolicyDirs?: string[];
  /** User-tier policy files (`$XDG_CONFIG_HOME/railguard/policies/*.yaml`). */
  userFiles?: string[];
  /**
   * Organization-tier files and how to check each one's signature: `verify` returns undefined
   * when `text` is signed by the pinned key, else why not (the file is then refused as broken).
   */
  organization?: {
    files: string[];
    verify: (file: string, text: string) => string | undefined;
    /**
     * False when the tier's configuration (which key is pinned) is not approved by a human: its
     * files are then stricter-only, so a same-user agent that pins its own key gains nothing.
     */
    trusted?: boolean;
  };
  /**
   * The human approval of a user/workspace file's content (`sha256` hex of its bytes). When
   * given, unapproved files are stricter-only and reported; when absent, `trusted` decides alone.
   * Files named in `extraFiles` are chosen by whoever runs the command and count as approved.
   */
  approval?: (file: string, sha256: string) => ApprovalState;
  /** The set in force before this load: a file that no longer loads keeps its version from it. */
  previous?: PolicySet;
}

/** Reads a policy file's text (bounded) and parses it; the text is returned for hashing/signatures. */
function readPolicy(
  file: string,
  options: Parameters<typeof parsePolicyText>[2],
): LoadedPolicyFile & { text?: string } {
  const at = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  try {
    const bytes = statSync(file).size;
    if (bytes > 3 * MAX_POLICY_CHARS) {
      const message = `policy file is ${bytes} bytes; the limit is ${MAX_POLICY_CHARS} characters`;
      return { diagnostics: [{ file, ...at, severity: 'error', code: 'too-large', message }] };
    }
    const text = readFileSync(file, 'utf8');
    return { ...parsePolicyText(text, file, options), text };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { diagnostics: [{ file, ...at, severity: 'error', code: 'read-error', message }] };
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

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
  const problems: PolicyFileProblem[] = [];
  const entries: PolicySetEntry[] = [];
  const lint = { knownRuleIds: options.knownRuleIds, categoryOf: options.categoryOf, validate };
  const previous = new Map((options.previous?.entries ?? []).map((e) => [path.resolve(e.policy.file), e]));
  const builtinFiles = policyFilesIn(options.builtinDir);
  if (builtinFiles.length === 0) {
    const at = { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const message = `no built-in policy found in ${options.builtinDir}`;
    diagnostics.push({ file: options.builtinDir, ...at, severity: 'error', code: 'read-error', message });
    problems.push({ file: options.builtinDir, origin: 'builtin', kind: 'broken', message });
  }
  /** Loads one file into `entries`; a broken file keeps its previous version when there is one. */
  const add = (
    file: string,
    origin: PolicyOrigin,
    known: Partial<PolicyLintOptions>,
    admit: (text: string) => { trusted?: boolean; refused?: string },
  ): void => {
    const r = readPolicy(file, { ...lint, ...known });
    diagnostics.push(...r.diagnostics);
    const verdict = r.text !== undefined ? admit(r.text) : {};
    if (r.policy && r.text !== undefined && verdict.refused === undefined) {
      entries.push({
        policy: r.policy,
        origin,
        ...(verdict.trusted !== undefined ? { trusted: verdict.trusted } : {}),
      });
      return;
    }
    if (verdict.refused !== undefined) {
      const at = { line: 1, column: 1, endLine: 1, endColumn: 1 };
      diagnostics.push({ file, ...at, severity: 'error', code: 'read-error', message: verdict.refused });
    }
    const kept = previous.get(path.resolve(file));
    if (kept && kept.origin === origin) entries.push(kept);
    const why = verdict.refused ?? 'it does not load';
    problems.push({
      file,
      origin,
      kind: 'broken',
      lastGood: kept !== undefined && kept.origin === origin,
      message: kept
        ? `${origin} policy ${file}: ${why}; its last good version stays in force`
        : `${origin} policy ${file}: ${why}; decisions fail closed (production asks) until it is fixed`,
    });
  };
  const seen = new Set<string>();
  const fresh = (f: string): boolean => {
    // A file named twice (e.g. `--policy policies/default.yaml`) is loaded once, in its first role.
    const abs = path.resolve(f);
    if (seen.has(abs)) return false;
    seen.add(abs);
    return true;
  };
  for (const file of builtinFiles.filter(fresh)) add(file, 'builtin', {}, () => ({}));
  for (const file of (options.organization?.files ?? []).filter(fresh)) {
    const verify = options.organization?.verify;
    const orgTrusted = options.organization?.trusted;
    add(file, 'organization', {}, (text) => {
      const refused = verify?.(file, text);
      if (refused !== undefined) return { refused };
      return orgTrusted === false ? { trusted: false } : {};
    });
  }
  const baseline = entries
    .filter((e) => e.origin === 'builtin' || e.origin === 'organization')
    .map((e) => e.policy);
  const known = {
    knownEnvironments: new Set(baseline.flatMap((p) => Object.keys(p.environments))),
    knownDataClasses: new Set(baseline.flatMap((p) => Object.keys(p.dataClasses))),
    knownResourceClasses: new Set(baseline.flatMap((p) => Object.keys(p.resources))),
    knownAgents: new Set([...DEFAULT_AGENTS, ...baseline.flatMap((p) => p.actors.agents)]),
  };
  const approve = (file: string, origin: PolicyOrigin, text: string): { trusted?: boolean } => {
    if (!options.approval) return {};
    const state = options.approval(path.resolve(file), sha256(text));
    if (state === 'approved') return { trusted: options.trusted };
    problems.push({
      file,
      origin,
      kind: 'unapproved',
      message:
        state === 'changed'
          ? `${origin} policy ${file} changed since approval; applied as stricter-only (approve it: railguard policy trust ${file})`
          : `${origin} policy ${file} is not approved; applied as stricter-only (approve it: railguard policy trust ${file})`,
    });
    return { trusted: false };
  };
  for (const file of (options.userFiles ?? []).filter(fresh))
    add(file, 'user', known, (t) => approve(file, 'user', t));
  const workspaceDirs = [
    ...(options.workspaceDir ? [path.join(options.workspaceDir, '.railguard', 'policies')] : []),
    ...(options.workspacePolicyDirs ?? []),
  ];
  for (const file of [...new Set(workspaceDirs)].flatMap(policyFilesIn).filter(fresh))
    add(file, 'workspace', known, (t) => approve(file, 'workspace', t));
  for (const file of (options.extraFiles ?? []).filter(fresh))
    add(file, 'workspace', known, () => (options.approval ? { trusted: options.trusted } : {}));
  const ordered = byTier(entries);
  const set: PolicySet = {
    entries: ordered,
    trusted: options.trusted,
    hash: policySetHash(ordered, options.trusted),
    diagnostics: sortDiagnostics(diagnostics),
  };
  if (problems.length > 0) set.problems = problems;
  return set;
}
