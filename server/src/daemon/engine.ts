import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gitBranch, HINT_VARIABLES } from '../context/hints';
import { judge, type Judgement } from '../core/judge';
import { AGENT_ENV_MARKERS } from '../core/policy/actor';
import type { ContextHints, PolicySet } from '../core/policy/model';
import { categoryLookup } from '../core/judge';
import { builtinPolicyDir, loadRuntime, type Runtime } from '../runtime/runtime';
import type { Parsers } from '../core/parsers';
import { watchPolicies } from '../runtime/watch';
import { railguardConfigDir } from '../runtime/config-dir';
import { loadPolicyTiers } from '../runtime/policy-tiers';
import { workspaceOf } from '../runtime/workspace';
import { actionDirLister, actionFileReader, actionRealPath } from '../runtime/read-action-file';
import type { DecideRequest } from './protocol';

/**
 * The resident decision engine: parsers, rule metadata and the policy set loaded once, policies
 * reloaded when a policy file changes (chokidar, via `runtime/watch.ts`). `decide` is synchronous
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
  /** Per prepared workspace, whether its policies load (for `/v1/health`); absent in test doubles. */
  policyHealth?: () => PolicyHealth[];
}

/** Options of {@link createDecisionEngine}. */
export interface DecisionEngineOptions {
  /** The daemon's own folder: requests without a cwd are judged here (default: the process's cwd). */
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

/** One workspace's prepared policy set, hot-reloaded while it stays in the cache. */
interface PreparedWorkspace {
  /** The folder the set was first loaded for (reloads walk up from it again). */
  at: string;
  root: string;
  policies: PolicySet;
  stop: () => Promise<void>;
}

/** How many workspaces' policy sets the daemon keeps prepared (least recently used is dropped). */
export const MAX_WORKSPACES = 16;

/** The problems of a set as health reports them: broken and unapproved files, error diagnostics. */
export interface PolicyHealth {
  ok: boolean;
  root: string;
  hash: string;
  problems: NonNullable<PolicySet['problems']>;
  diagnostics: PolicySet['diagnostics'];
}

/**
 * Loads the runtime and returns a {@link DecisionEngine}. The policy set of a request is the one
 * of the request's own folder (`action.cwd`; see `runtime/workspace.ts`): the engine keeps one
 * prepared, watched set per workspace (at most {@link MAX_WORKSPACES}); a reload that breaks a
 * file keeps that file's last good version in force and reports it.
 * @throws Error when parsers cannot load.
 */
export async function createDecisionEngine(options: DecisionEngineOptions = {}): Promise<DecisionEngine> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const rt =
    options.runtime ??
    (await loadRuntime({ cwd, ...(options.policyFiles ? { policyFiles: options.policyFiles } : {}) }));
  const extraFiles = (options.policyFiles ?? []).map((f) => path.resolve(cwd, f));
  const builtinDir = builtinPolicyDir();
  const knownRuleIds = new Set(rt.metas.keys());
  const categoryOf = categoryLookup(rt.metas);
  const cache = new Map<string, PreparedWorkspace>();
  const load = (at: string, previous?: PolicySet): { policies: PolicySet; root: string } =>
    loadPolicyTiers({
      cwd: at,
      builtinDir,
      extraFiles,
      knownRuleIds,
      categoryOf,
      ...(previous ? { previous } : {}),
    });
  // Which workspace a folder belongs to, remembered for a second (a few `stat` calls saved per
  // request; a `.railguard/policies` created in a parent is seen within that second).
  const keys = new Map<string, { key: string; until: number }>();
  const keyOf = (at: string): string => {
    const now = Date.now();
    const hit = keys.get(at);
    if (hit && hit.until > now) return hit.key;
    const w = workspaceOf(at);
    const key = JSON.stringify([w.root, ...w.policyDirs]);
    if (keys.size >= 256) keys.clear();
    keys.set(at, { key, until: now + 1000 });
    return key;
  };
  const prepare = (at: string, initial?: PolicySet): PreparedWorkspace => {
    const key = keyOf(at);
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const first = initial ? { policies: initial, root: workspaceOf(at).root } : load(at);
    const entry: PreparedWorkspace = { at, root: first.root, policies: first.policies, stop: async () => {} };
    if (options.watch !== false) {
      const { policyDirs } = workspaceOf(at);
      const folders = [...new Set([first.root, ...policyDirs.map((d) => path.dirname(path.dirname(d)))])];
      entry.stop = watchPolicies(
        folders,
        [...extraFiles, ...userControlPaths()],
        () => {
          entry.policies = load(at, entry.policies).policies;
          options.onReload?.(entry.policies);
        },
        50,
      );
    }
    cache.set(key, entry);
    while (cache.size > MAX_WORKSPACES) {
      const [oldest, dropped] = cache.entries().next().value as [string, PreparedWorkspace];
      cache.delete(oldest);
      void dropped.stop();
    }
    return entry;
  };
  const home = prepare(cwd, options.runtime ? undefined : rt.policies);
  const reload = (): PolicySet => {
    for (const entry of cache.values()) entry.policies = load(entry.at, entry.policies).policies;
    options.onReload?.(home.policies);
    return home.policies;
  };
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
    const readFile = actionFileReader(actionCwd);
    return judge(
      rt.parsers,
      prepare(actionCwd).policies,
      { ...request.action, cwd: actionCwd, source: request.source },
      hints,
      {
        metas: rt.metas,
        readFile,
        realPath: actionRealPath(),
        listDir: actionDirLister(actionCwd),
        home: os.homedir(),
        roots: { home: os.homedir() },
      },
    );
  };
  const health = (): PolicyHealth[] =>
    [...cache.values()].map((e) => ({
      ok: !(e.policies.problems ?? []).some((p) => p.kind === 'broken'),
      root: e.root,
      hash: e.policies.hash,
      problems: e.policies.problems ?? [],
      diagnostics: e.policies.diagnostics.filter((d) => d.severity === 'error'),
    }));
  return {
    decide,
    policies: () => home.policies,
    reload,
    close: async () => {
      await Promise.all([...cache.values()].map((e) => e.stop()));
    },
    parsers: rt.parsers,
    policyHealth: health,
  };
}

/**
 * The user-level folder whose changes reload every set: user policies, approvals, organization.
 * Created (0700) when missing so a later approval is seen; left out when it cannot be.
 */
function userControlPaths(): string[] {
  const dir = railguardConfigDir();
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return [dir];
  } catch {
    return [];
  }
}
