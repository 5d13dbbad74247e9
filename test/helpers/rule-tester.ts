import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SqlRule } from '../../server/src/core/rules/rule';
import { runSqlRules } from '../../server/src/core/rules/run';
import { analyzeSql } from '../../server/src/core/sql/analyze';
import type { Dialect, Finding } from '../../server/src/core/types';
import { parsers } from './parsers';

/** An expected report: message id and, when given, 1-based position of the finding's start. */
export interface ExpectedError {
  messageId: string;
  line?: number;
  column?: number;
}

export interface SqlRuleCases {
  dialect?: Dialect;
  valid: (string | { code: string; dialect?: Dialect; file?: string })[];
  invalid: { code: string; dialect?: Dialect; file?: string; errors: ExpectedError[]; output?: string }[];
}

/** Applies a finding's fix edits to `code` (edits in offsets of `code`). */
export function applyFix(code: string, finding: Finding): string {
  const edits = [...(finding.fix?.edits ?? [])].sort((a, b) => b.start - a.start);
  let out = code;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/**
 * ESLint RuleTester, for SQL rules on `node:test`: runs the rule's own metadata examples plus the
 * given cases. Valid code must give no finding of this rule; invalid code exactly the listed ones.
 */
export function testSqlRule(rule: SqlRule, cases: SqlRuleCases): void {
  const dialectOf = (d?: Dialect): Dialect => d ?? cases.dialect ?? rule.dialects?.[0] ?? 'postgresql';
  const run = async (code: string, dialect: Dialect, file?: string): Promise<Finding[]> => {
    const p = await parsers();
    const analysis = analyzeSql(p, code, { dialect, ...(file ? { file } : {}) });
    return runSqlRules([rule], analysis).filter((f) => f.ruleId === rule.meta.id);
  };
  describe(`rule ${rule.meta.id}`, () => {
    const valid = [
      ...rule.meta.examples.valid.map((code) => ({ code })),
      ...cases.valid.map((v) => (typeof v === 'string' ? { code: v } : v)),
    ];
    for (const v of valid) {
      const c = v as { code: string; dialect?: Dialect; file?: string };
      it(`valid: ${c.code.slice(0, 80)}`, async () => {
        const found = await run(c.code, dialectOf(c.dialect), c.file);
        assert.deepEqual(
          found.map((f) => f.message),
          [],
        );
      });
    }
    for (const code of rule.meta.examples.invalid) {
      it(`invalid (meta example): ${code.slice(0, 80)}`, async () => {
        const found = await run(code, dialectOf());
        assert.ok(found.length > 0, 'expected at least one finding');
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.code.slice(0, 80)}`, async () => {
        const found = await run(c.code, dialectOf(c.dialect), c.file);
        assert.deepEqual(
          found.map((f) => ({ messageId: f.messageId, line: f.span.line, column: f.span.column })),
          c.errors.map((e, i) => ({
            messageId: e.messageId,
            line: e.line ?? found[i]?.span.line,
            column: e.column ?? found[i]?.span.column,
          })),
        );
        if (c.output !== undefined) {
          const fixable = found.find((f) => f.fix);
          assert.ok(fixable, 'expected a fix');
          assert.equal(applyFix(c.code, fixable), c.output);
        }
      });
    }
  });
}
