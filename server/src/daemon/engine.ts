import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gitBranch, HINT_VARIABLES } from '../context/hints';
import { judge, type Judgement } from '../core/judge';
import { AGENT_ENV_MARKERS } from '../core/policy/actor';
import type { ContextHints, PolicySet } from '../core/policy/model';
import { loadPolicySet } from '../core/policy/policy-set';
import { categoryLookup } from '../core/judge';
import { builtinPolicyDir, loadRuntime, type Runtime } from '../cli/runtime';
import type { Parsers } from '../core/parsers';
import { watchPolicies } from '../lsp/watch';
import type { DecideRequest } from './protocol';

/**
 * The resident decision engine: parsers, rule metadata and the policy set loaded once, policies
 * reloaded when a policy file changes (chokidar, via `lsp/watch.ts`). `decide` is synchronous
 * and pure apart from reading files named by `psql -f` and `.git/HEAD` of the request's cwd.
 */
export interface DecisionEngine {
  decide(request: DecideRequest): Judgement;
  /** The policy set in force now. */
  policies(): PolicySet;
  /** Re-reads the policy files now (also done automatically on change when watching). */
  reload(): PolicySet;
  /** Stops watching. */
  close(): Promise<void>;
  /** The loaded parsers (for SQL fingerprints in audit and lineage); absent in test doubles. */
  parsers?: Parsers;
}

/** Options of {@link createDecisionEngine}. */
export interface DecisionEngineOptions {
  /** Workspace whose `.railguard/policies` apply (default: the process's cwd). */
  cwd?: string;
  /** Extra policy files, relative to `cwd` or absolute. */
  policyFiles?: string[];
  /** Watch policy files and reload on change (default true). */
  watch?: boolean;
  /** Called after every reload (hot or explicit) with the new set. */
  onReload?: (set: PolicySet) => void;
  /** An already loaded runtime to reuse (the language server passes its own). */
  runtime?: Runtime;
}

/** Environment variables a request may contribute as hints: connection variables and agent markers. */
const PASSED_VARIABLES: ReadonlySet<string> = new Set<string>([
  ...HINT_VARIABLES,
  ...AGENT_ENV_MARKERS.map((m) => m.variable),
  'USER',
]);

/** The hint-relevant part of a caller's environment (connection variables, agent markers, USER, `*_URL`/`*_HOST`). */
export function pickHintEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (!v) continue;
    if (PASSED_VARIABLES.has(k) || /(?:_URL|_URI|_DSN|_HOST)$/.test(k)) out[k] = v;
  }
  return out;
}

/** Loads the runtime and returns a {@link DecisionEngine}. @throws Error when parsers cannot load. */
export async function createDecisionEngine(options: DecisionEngineOptions = {}): Promise<DecisionEngine> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const rt =
    options.runtime ??
    (await loadRuntime({ cwd, ...(options.policyFiles ? { policyFiles: options.policyFiles } : {}) }));
  const extraFiles = (options.policyFiles ?? []).map((f) => path.resolve(cwd, f));
  const state = { policies: rt.policies };
  const reload = (): PolicySet => {
    state.policies = loadPolicySet({
      builtinDir: builtinPolicyDir(),
      workspaceDir: cwd,
      extraFiles,
      trusted: true,
      knownRuleIds: new Set(rt.metas.keys()),
      categoryOf: categoryLookup(rt.metas),
    });
    options.onReload?.(state.policies);
    return state.policies;
  };
  const stop =
    options.watch === false
      ? async (): Promise<void> => {}
      : watchPolicies([cwd], extraFiles, () => reload(), 50);
  const decide = (request: DecideRequest): Judgement => {
    const actionCwd = request.action.cwd ?? cwd;
    const env = pickHintEnv(request.env);
    const branch = request.hints.gitBranch ?? gitBranch(actionCwd);
    const hints: ContextHints = {
      kubeContext: rt.hints.kubeContext,
      awsProfile: rt.hints.awsProfile,
      ...request.hints,
      env,
      ...(branch ? { gitBranch: branch } : {}),
      ...(request.actor ? { actor: request.actor } : {}),
    };
    if (!hints.kubeContext) delete hints.kubeContext;
    if (!hints.awsProfile) delete hints.awsProfile;
    const readFile = (p: string): string | undefined => {
      try {
        return fs.readFileSync(path.resolve(actionCwd, p), 'utf8');
      } catch {
        return undefined;
      }
    };
    return judge(
      rt.parsers,
      state.policies,
      { ...request.action, cwd: actionCwd, source: request.source },
      hints,
      { metas: rt.metas, readFile, roots: { home: os.homedir() } },
    );
  };
  return { decide, policies: () => state.policies, reload, close: stop, parsers: rt.parsers };
}
