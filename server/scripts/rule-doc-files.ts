import { allRuleMetas } from '../src/core/catalog';
import { ruleDocMarkdown, ruleIndexMarkdown } from '../src/core/rule-docs';
import { SHELL_RULES, SQL_RULES } from '../src/core/rules';

/** File name ⇒ content of every generated rule doc (and the index `README.md`). */
export function ruleDocFiles(): Map<string, string> {
  const sql = new Set(SQL_RULES.map((r) => r.meta.id));
  const shell = new Set(SHELL_RULES.map((r) => r.meta.id));
  const kindOf = (id: string): 'sql' | 'shell' | 'analyzer' =>
    sql.has(id) ? 'sql' : shell.has(id) ? 'shell' : 'analyzer';
  const metas = allRuleMetas();
  const files = new Map<string, string>();
  for (const m of metas) files.set(`${m.id}.md`, ruleDocMarkdown(m, kindOf(m.id)));
  files.set('README.md', ruleIndexMarkdown(metas.map((meta) => ({ meta, kind: kindOf(meta.id) }))));
  return files;
}
