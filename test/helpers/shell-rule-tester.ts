import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ShellRule } from '../../server/src/core/rules/rule';
import { runShellRules } from '../../server/src/core/rules/run';
import { analyzeShell } from '../../server/src/core/shell/analyze';
import type { Finding, Severity } from '../../server/src/core/types';
import { parsers } from './parsers';

/** An expected report: message id and, when given, 1-based position and severity of the finding. */
export interface ExpectedShellError {
  messageId: string;
  line?: number;
  column?: number;
  severity?: Severity;
  /** Expected message text, when the test pins the filled placeholders. */
  message?: string;
}

export interface ShellRuleCases {
  valid: string[];
  invalid: { code: string; errors: ExpectedShellError[] }[];
}

/** Findings of one rule on shell text (analyzer findings excluded). */
export async function runShellRule(rule: ShellRule, code: string): Promise<Finding[]> {
  const analysis = analyzeShell(await parsers(), code);
  return runShellRules([rule], analysis).filter((f) => f.ruleId === rule.meta.id);
}

/**
 * ESLint RuleTester for shell rules on `node:test`: runs the rule's metadata examples plus the
 * given cases. Valid code must give no finding of this rule; invalid code exactly the listed
 * findings, in order, with position (and severity/message when given) asserted.
 */
export function testShellRule(rule: ShellRule, cases: ShellRuleCases): void {
  describe(`rule ${rule.meta.id}`, () => {
    for (const code of [...rule.meta.examples.valid, ...cases.valid]) {
      it(`valid: ${code.slice(0, 80)}`, async () => {
        const found = await runShellRule(rule, code);
        assert.deepEqual(
          found.map((f) => f.message),
          [],
        );
      });
    }
    for (const code of rule.meta.examples.invalid) {
      it(`invalid (meta example): ${code.slice(0, 80)}`, async () => {
        const found = await runShellRule(rule, code);
        assert.ok(found.length > 0, 'expected at least one finding');
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.code.slice(0, 80)}`, async () => {
        const found = await runShellRule(rule, c.code);
        assert.deepEqual(
          found.map((f, i) => ({
            messageId: f.messageId,
            line: f.span.line,
            column: f.span.column,
            ...(c.errors[i]?.severity ? { severity: f.severity } : {}),
            ...(c.errors[i]?.message ? { message: f.message } : {}),
          })),
          c.errors.map((e, i) => ({
            messageId: e.messageId,
            line: e.line ?? found[i]?.span.line,
            column: e.column ?? found[i]?.span.column,
            ...(e.severity ? { severity: e.severity } : {}),
            ...(e.message ? { message: e.message } : {}),
          })),
        );
      });
    }
  });
}
