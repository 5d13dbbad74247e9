/**
 * The composition root below every adapter (CLI, language server, daemon, hooks, MCP, gateway):
 * loading the parsers (from a bundle's wasm or `node_modules`) and the policy tiers of a folder.
 * Adapters only wire what this layer builds.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gatherHints, type EnvironmentHints } from '../context/hints';
import { categoryLookup, ruleMetaMap } from '../core/judge';
import { loadParsers, type Parsers } from '../core/parsers';
import type { PolicySet } from '../core/policy/model';
import { loadPolicyTiers } from './policy-tiers';
import type { RuleMeta } from '../core/rules/rule';

/** What a CLI command needs to judge: loaded parsers, the policy set, rule metadata and hints. */
export interface Runtime {
  parsers: Parsers;
  policies: PolicySet;
  metas: Map<string, RuleMeta>;
  hints: EnvironmentHints;
  cwd: string;
}

/**
 * The folder of the built-in policies: `policies/` of the package, found by walking up from this
 * module (works from the bundle in `dist/` and from the sources under `server/src/runtime`).
 * @throws Error when no `policies/default.yaml` is found (broken install).
 */
export function builtinPolicyDir(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'policies');
    if (fs.existsSync(path.join(candidate, 'default.yaml'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`built-in policies not found above ${from}`);
    dir = parent;
  }
}

/**
 * The folder holding `tree-sitter-bash.wasm` beside this module when it runs from a self-contained
 * bundle (the extension's `dist/railguard-cli.js`, built by `extension/build.ts`, which copies the
 * parsers' wasm beside it); undefined when running from sources or a bundle without it, where the
 * parsers resolve their wasm from `node_modules`.
 */
export function bundledWasmDir(from: string = __dirname): string | undefined {
  // Every grammar must be there: a `dist/` holding an older build's bash grammar only (the CLI
  // built beside an extension bundle of before the Python, JavaScript and Makefile grammars) is
  // not a bundle.
  const all = [
    'tree-sitter-bash.wasm',
    'tree-sitter-python.wasm',
    'tree-sitter-javascript.wasm',
    'tree-sitter-make.wasm',
  ];
  return all.every((f) => fs.existsSync(path.join(from, f))) ? from : undefined;
}

/**
 * Loads parsers and the policy tiers for `cwd` (see `runtime/policy-tiers.ts`: built-in,
 * organization, user, and every `.railguard/policies` from `cwd` up to the workspace root).
 */
export async function loadRuntime(
  options: { cwd?: string; policyFiles?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<Runtime> {
  const cwd = options.cwd ?? process.cwd();
  const metas = ruleMetaMap();
  const wasmDir = bundledWasmDir();
  const parsers = await loadParsers(wasmDir ? { wasmDir } : {});
  const { policies } = loadPolicyTiers({
    cwd,
    builtinDir: builtinPolicyDir(),
    extraFiles: (options.policyFiles ?? []).map((f) => path.resolve(cwd, f)),
    ...(options.env ? { env: options.env } : {}),
    knownRuleIds: new Set(metas.keys()),
    categoryOf: categoryLookup(metas),
  });
  return { parsers, policies, metas, hints: gatherHints(cwd), cwd };
}

/**
 * The policy files of a set that are not applied as written (broken, unapproved), one line each,
 * for stderr and status lines; empty when there are none.
 */
export function formatPolicyProblems(set: PolicySet): string {
  return (set.problems ?? []).map((p) => `railguard: ${p.message}\n`).join('');
}

/** Formats policy diagnostics as `file:line:column: severity: message (code)` lines. */
export function formatPolicyDiagnostics(set: PolicySet): string {
  return set.diagnostics
    .map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} (${d.code})\n`)
    .join('');
}
