import * as path from 'node:path';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { policyTestJudge, ruleMetaMap } from '../core/judge';
import type { Parsers } from '../core/parsers';
import type { Policy, PolicySet } from '../core/policy/model';
import { runPolicyTests, type PolicyTestResult } from '../core/policy/test-runner';
import { SOURCE } from './diagnostics';

/** `Diagnostic.code` of a failing embedded policy test. */
export const POLICY_TEST_FAILED = 'policy-test-failed';

function describe(e: { effect: string; matched?: readonly string[] }): string {
  return e.matched && e.matched.length > 0 ? `${e.effect} (matched ${e.matched.join(', ')})` : e.effect;
}

/** The message of a failing test: name, expected vs actual, and the decision's reason. */
export function failureMessage(r: PolicyTestResult): string {
  const head = `policy test "${r.name}" failed: expected ${describe(r.expected)}`;
  if (r.error !== undefined) return `${head}, but judging it threw: ${r.error}`;
  if (!r.actual) return head;
  return `${head}, got ${describe(r.actual)}\n${r.actual.reason}`;
}

/**
 * Runs the embedded tests (`tests:`) of a policy being edited, like `railguard test` / `opa test`,
 * and returns a diagnostic (Error, code {@link POLICY_TEST_FAILED}) for each failing test, on the
 * first line of its `- name:` item, with expected vs actual. The tests are judged by the core
 * `policyTestJudge` with the edited `policy` placed before the rest of `set` (the policies in
 * force for its folder); the on-disk version of the same file (`policy.file`) is left out of
 * `set`, so the buffer's rules are what is tested. `lines` are the document's lines (to end the
 * range at the line's end). Never throws: a test whose judging throws fails with the error.
 */
export function policyTestDiagnostics(
  parsers: Parsers,
  set: PolicySet,
  policy: Policy,
  lines: readonly string[],
): Diagnostic[] {
  if (policy.tests.length === 0) return [];
  const self = path.resolve(policy.file);
  const others: PolicySet = {
    ...set,
    entries: set.entries.filter((e) => path.resolve(e.policy.file) !== self),
  };
  const results = runPolicyTests(policy, policyTestJudge(parsers, others, { metas: ruleMetaMap() }));
  return results
    .filter((r) => !r.passed)
    .map((r) => {
      const line = r.line - 1;
      const text = lines[line] ?? '';
      // The item starts at its `- ` when the test's mapping follows the dash on the same line.
      const dash = /^(\s*)-\s+$/.exec(text.slice(0, r.column - 1));
      const start = { line, character: dash ? (dash[1] ?? '').length : r.column - 1 };
      const end = { line, character: Math.max(text.length, start.character) };
      return Diagnostic.create(
        { start, end },
        failureMessage(r),
        DiagnosticSeverity.Error,
        POLICY_TEST_FAILED,
        SOURCE,
      );
    });
}
