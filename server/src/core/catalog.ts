import { ALL_RULES } from './rules';
import type { RuleMeta } from './rules/rule';
import { SHELL_ANALYZER_FINDINGS } from './shell/analyzer-findings';
import { SQL_ANALYZER_FINDINGS } from './sql/analyzer-findings';
import { SUPPRESSION_FINDINGS } from './suppress-meta';

/** Base URL of the rule docs (`<base>/<rule-id>.md`), used by LSP `codeDescription.href` and SARIF `helpUri`. */
export const RULE_DOCS_BASE = 'https://github.com/railguard-dev/railguard/blob/main/server/docs/rules';

/** URL of a rule's doc page. */
export function ruleDocUrl(id: string): string {
  return `${RULE_DOCS_BASE}/${id}.md`;
}

/**
 * Metadata of everything that can appear as a finding's `ruleId`: the rules, plus the analyzers'
 * own finding kinds (`unparsed`, `dynamic-sql`, `shell-unparsed`, `opaque-execution`, `unknown-suppression`).
 * Sorted by id.
 */
export function allRuleMetas(): RuleMeta[] {
  const metas = new Map<string, RuleMeta>();
  for (const m of [...ALL_RULES.map((r) => r.meta), ...SQL_ANALYZER_FINDINGS, ...SHELL_ANALYZER_FINDINGS, ...SUPPRESSION_FINDINGS]) {
    if (!metas.has(m.id)) metas.set(m.id, m);
  }
  return [...metas.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Every known finding id (for suppression and policy validation). */
export function knownRuleIds(): Set<string> {
  return new Set(allRuleMetas().map((m) => m.id));
}
