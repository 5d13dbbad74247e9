import type { Rule, RuleMeta } from './rule';
import { SHELL_RULES } from './shell';
import { SQL_RULES, STYLE_RULES } from './sql';

export { SHELL_RULES, SQL_RULES, STYLE_RULES };

/** Every rule, SQL first (opt-in style rules included, for docs and suppressions), in a stable order. */
export const ALL_RULES: readonly Rule[] = [...SQL_RULES, ...STYLE_RULES, ...SHELL_RULES];

/** Rule metadata by id (rules plus the analyzers' own finding kinds registered in `ANALYZER_FINDINGS`). */
export function ruleMeta(id: string, extra: readonly RuleMeta[] = []): RuleMeta | undefined {
  return ALL_RULES.find((r) => r.meta.id === id)?.meta ?? extra.find((m) => m.id === id);
}
