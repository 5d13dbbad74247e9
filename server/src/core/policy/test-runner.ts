/**
 * Runs the tests embedded in policy files, like `opa test`. The judge (analysis + evaluation of a
 * test input) is injected: the engine provides it; unit tests pass a test double.
 */
import { performance } from 'node:perf_hooks';
import type { Effect } from '../types';
import type { Decision, Policy, PolicySet, PolicyTestInput } from './model';

/** Decides one test input (the engine: analyze the text, resolve the context, call `evaluate`). */
export type PolicyJudge = (input: PolicyTestInput, policy: Policy) => Decision;

/**
 * One test result. `expected`/`actual` hold the effect and, when the test lists them, matched rule
 * ids. `line`/`column` are where the test sits in its file. `error` is set when the judge threw.
 */
export interface PolicyTestResult {
  policy: string;
  file: string;
  name: string;
  passed: boolean;
  expected: { effect: Effect; matched?: string[] };
  actual?: { effect: Effect; matched: string[]; reason: string };
  error?: string;
  line: number;
  column: number;
  durationMs: number;
}

/** Matched rule ids as a test names them: `rule` alone, or `policy/rule` when the test writes a slash. */
function matchedIds(decision: Decision, expected: readonly string[]): string[] {
  const qualified = expected.some((id) => id.includes('/'));
  return [...new Set(decision.matched.map((m) => (qualified ? `${m.policy}/${m.rule}` : m.rule)))].sort();
}

/**
 * Runs every test of a policy, or of every policy of a set (in set order). A test passes when the
 * decided effect (before any audit cap: tests check the policy's logic, not its mode) equals
 * `expect.effect` and every rule id listed in `expect.matched` is among the matched rules (other
 * rules may match too: real text often raises more than one finding, e.g. a `DROP TABLE` also lacks
 * a `lock_timeout`).
 * Never throws: a judge that throws fails the test with `error`.
 */
export function runPolicyTests(target: Policy | PolicySet, judge: PolicyJudge): PolicyTestResult[] {
  const policies = 'entries' in target ? target.entries.map((e) => e.policy) : [target];
  const results: PolicyTestResult[] = [];
  for (const policy of policies) {
    for (const test of policy.tests) {
      const started = performance.now();
      const base = {
        policy: policy.metadata.name,
        file: policy.file,
        name: test.name,
        expected: test.expect,
        line: test.range?.line ?? 1,
        column: test.range?.column ?? 1,
      };
      try {
        const decision = judge(test.input, policy);
        const expectedMatched = test.expect.matched;
        const matched = matchedIds(decision, expectedMatched ?? []);
        const passed =
          decision.decidedEffect === test.expect.effect &&
          (expectedMatched ?? []).every((id) => matched.includes(id));
        results.push({
          ...base,
          passed,
          actual: { effect: decision.decidedEffect, matched, reason: decision.reason },
          durationMs: performance.now() - started,
        });
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        results.push({ ...base, passed: false, error, durationMs: performance.now() - started });
      }
    }
  }
  return results;
}
