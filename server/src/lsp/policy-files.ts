import type { ValidateFunction } from 'ajv';
import { Diagnostic } from 'vscode-languageserver';
import { loadPolicyFile, type LoadedPolicyFile } from '../core/policy/load';
import type { PolicyDiagnostic } from '../core/policy/model';
import { compilePolicySchema } from '../core/policy/schema';
import { knownRuleIds } from '../core/catalog';
import { SOURCE, toSeverity } from './diagnostics';
import { findingMeta } from './lint';

/** Whether a path is a workspace policy file (`.railguard/policies/*.yaml|yml`). */
export function isPolicyFile(file: string): boolean {
  return /[\\/]\.railguard[\\/]policies[\\/][^\\/]+\.ya?ml$/i.test(file);
}

/**
 * Checks one policy file's text with the core loader (`server/src/core/policy/load.ts`): YAML
 * syntax and tags, the JSON Schema (`policies/policy.schema.json`), then semantic checks (unknown
 * rule ids against every rule and analyzer finding kind, unknown environments, shadowed rules),
 * each at its line and column. Failing embedded policy tests need the engine and the policy set:
 * see `policyTestDiagnostics` in `policy-tests.ts`.
 */
export function checkPolicyText(text: string, file: string, validate: ValidateFunction): LoadedPolicyFile {
  return loadPolicyFile(
    { text, file },
    { validate, knownRuleIds: knownRuleIds(), categoryOf: (id: string) => findingMeta(id)?.category },
  );
}

/** Lazily compiles the policy schema once per server (held by the caller, not a module global). */
export function schemaValidator(): () => ValidateFunction {
  let validate: ValidateFunction | undefined;
  return () => (validate ??= compilePolicySchema());
}

/** LSP diagnostics of policy diagnostics (1-based, end exclusive ⇒ 0-based LSP range). */
export function policyToDiagnostics(diagnostics: readonly PolicyDiagnostic[]): Diagnostic[] {
  return diagnostics.map((p) => {
    const range = {
      start: { line: p.line - 1, character: p.column - 1 },
      end: { line: p.endLine - 1, character: Math.max(p.endColumn - 1, 0) },
    };
    return Diagnostic.create(range, p.message, toSeverity(p.severity), p.code, SOURCE);
  });
}
