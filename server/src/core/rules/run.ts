import type { ShellAnalysis, ShellCommand } from '../shell/model';
import type { SqlAnalysis } from '../sql/model';
import type { Finding } from '../types';
import { findingOf, type ShellRule, type SqlRule } from './rule';

/**
 * Runs SQL rules over every statement of an analysis (unparsed statements are skipped: the
 * analyzer already reported them; so are statements only planned, `EXPLAIN` without `ANALYZE`).
 * In a transaction the text rolls back, `data-loss` rules are skipped (locks still count).
 * Findings carry the statement's facts.
 * @throws Error when a rule reports an unknown message id (a rule bug, caught by the rule tests).
 */
export function runSqlRules(rules: readonly SqlRule[], analysis: SqlAnalysis): Finding[] {
  const findings: Finding[] = [];
  analysis.statements.forEach((stmt, i) => {
    if (!stmt.parsed || stmt.planOnly) return;
    const ctx = analysis.contexts[i];
    if (!ctx) return;
    for (const rule of rules) {
      if (rule.dialects && !rule.dialects.includes(stmt.dialect)) continue;
      if (ctx.rolledBack && rule.meta.category === 'data-loss') continue;
      rule.check(stmt, ctx, (r) =>
        findings.push({ ...findingOf(rule.meta, r, stmt.span), statement: stmt.facts }),
      );
    }
  });
  return findings;
}

/**
 * Runs shell rules over every command of a shell analysis. `annotate`, when given, completes each
 * finding with what the caller knows about the command it was reported on (the engine adds the
 * facts of the SQL that command runs).
 */
export function runShellRules(
  rules: readonly ShellRule[],
  analysis: ShellAnalysis,
  annotate?: (finding: Finding, cmd: ShellCommand) => Finding,
): Finding[] {
  const findings: Finding[] = [];
  for (const cmd of analysis.commands) {
    for (const rule of rules) {
      rule.check(cmd, analysis, (r) => {
        const f = findingOf(rule.meta, r, cmd.span);
        findings.push(annotate ? annotate(f, cmd) : f);
      });
    }
  }
  return findings;
}

/**
 * Deterministic order of findings: by start offset, then end offset, then rule id. Rule ids are
 * kebab-case ASCII (`[a-z0-9-]`, checked by the rule registry tests), for which an ordinal
 * comparison orders exactly as `localeCompare`, without an ICU collator.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.span.start - b.span.start ||
    a.span.end - b.span.end ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

/** Sorts findings in place in {@link compareFindings} order; returns the array. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}
