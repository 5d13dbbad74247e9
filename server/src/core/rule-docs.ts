import { ruleDocUrl } from './catalog';
import type { RuleMeta } from './rules/rule';

const fence = (code: string): string => '```sql\n' + code.trimEnd() + '\n```';

/**
 * The Markdown doc page of a rule, generated from its metadata (the single source: docs, hovers
 * and `railguard explain` all read the same fields). Shell rules' examples are fenced as `sh`.
 */
export function ruleDocMarkdown(m: RuleMeta, kind: 'sql' | 'shell' | 'analyzer'): string {
  const lang = kind === 'shell' ? 'sh' : 'sql';
  const block = (code: string): string => fence(code).replace(/^```sql/, '```' + lang);
  const lines = [
    `# ${m.id}`,
    '',
    `**${m.title}**`,
    '',
    '| category | default severity | quick fix | same as | controls |',
    '|---|---|---|---|---|',
    `| ${m.category} | ${m.severity} | ${m.fixable ? 'yes' : 'no'} | ${m.sources?.join(', ') || '—'} | ${m.controls.join(', ') || '—'} |`,
    '',
    m.docs.description,
    '',
    '## Problem',
    '',
    m.docs.problem,
    '',
    '## Solution',
    '',
    m.docs.solution,
    '',
  ];
  if (m.examples.invalid.length)
    lines.push('## Flagged', '', ...m.examples.invalid.map((e) => block(e) + '\n'));
  if (m.examples.valid.length)
    lines.push('## Not flagged', '', ...m.examples.valid.map((e) => block(e) + '\n'));
  lines.push(
    `<!-- generated from the rule's metadata by \`npm run docs\`; edit the rule, not this file (${ruleDocUrl(m.id)}) -->`,
    '',
  );
  return lines.join('\n');
}

/** The index page: every rule id with category, severity and title, linking to its page. */
export function ruleIndexMarkdown(rows: { meta: RuleMeta; kind: string }[]): string {
  const lines = [
    '# Railguard rules',
    '',
    'Generated from rule metadata by `npm run docs`. `railguard explain RULE_ID` shows the same text.',
    '',
    '| rule | applies to | category | severity | title |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| [${r.meta.id}](${r.meta.id}.md) | ${r.kind} | ${r.meta.category} | ${r.meta.severity} | ${r.meta.title} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
