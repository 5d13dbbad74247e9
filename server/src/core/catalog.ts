import { FILE_FINDINGS } from './file/file-findings';
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
 * Ordinal comparison of ids. Ids are kebab-case ASCII (`[a-z0-9-]`, checked by the rule registry
 * test), for which it orders exactly as `localeCompare` does, without initialising an ICU
 * collator at start-up (~30 ms).
 */
function byId(a: RuleMeta, b: RuleMeta): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The metadata list, built once when the module loads (the rule set is static). */
const RULE_METAS: readonly RuleMeta[] = Object.freeze(
  (() => {
    const metas = new Map<string, RuleMeta>();
    for (const m of [
      ...ALL_RULES.map((r) => r.meta),
      ...SQL_ANALYZER_FINDINGS,
      ...SHELL_ANALYZER_FINDINGS,
      ...SUPPRESSION_FINDINGS,
      ...FILE_FINDINGS,
    ]) {
      if (!metas.has(m.id)) metas.set(m.id, m);
    }
    return [...metas.values()].sort(byId);
  })(),
);

/** Every known finding id, built once with {@link RULE_METAS}. */
const RULE_IDS: ReadonlySet<string> = new Set(RULE_METAS.map((m) => m.id));

/**
 * Metadata of everything that can appear as a finding's `ruleId`: the rules, plus the analyzers'
 * own finding kinds (`unparsed`, `dynamic-sql`, `shell-unparsed`, `opaque-execution`, `unknown-suppression`).
 * Sorted by id. A fresh array on each call (the metadata objects are shared).
 */
export function allRuleMetas(): RuleMeta[] {
  return [...RULE_METAS];
}

/** Every known finding id (for suppression and policy validation). A fresh set on each call. */
export function knownRuleIds(): Set<string> {
  return new Set(RULE_IDS);
}

/**
 * Every known finding id, shared and read-only: for hot paths (linting file after file) that
 * must not rebuild the set per call.
 */
export function knownRuleIdSet(): ReadonlySet<string> {
  return RULE_IDS;
}
