import type { Hover, Position } from 'vscode-languageserver';
import { ruleDocUrl } from '../core/catalog';
import type { RuleMeta } from '../core/rules/rule';
import { parseSuppressions } from '../core/suppress';
import type { EnvironmentDecision } from './decisions';
import { findingMeta, type LintResult } from './lint';

/** Markdown explanation of a rule: summary, problem → safer way, link to the doc. */
export function explainRule(meta: RuleMeta): string {
  return [
    `**${meta.title}** \`${meta.id}\` (${meta.category}, ${meta.severity})`,
    meta.docs.description,
    `**Problem.** ${meta.docs.problem}`,
    `**Safer.** ${meta.docs.solution}`,
    `[Rule documentation](${ruleDocUrl(meta.id)})`,
  ].join('\n\n');
}

/** UTF-16 offset of a 0-based LSP position in `text` (clamped to the text). */
function offsetAt(text: string, p: Position): number {
  let at = 0;
  for (let line = 0; line < p.line; line++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return Math.min(at + p.character, text.length);
}

interface LineColumnRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

function contains(span: LineColumnRange, p: Position): boolean {
  const line = p.line + 1;
  const col = p.character + 1;
  if (line < span.line || line > span.endLine) return false;
  if (line === span.line && col < span.column) return false;
  if (line === span.endLine && col > span.endColumn) return false;
  return true;
}

/**
 * Hover at a position of a linted SQL document: the explanation of every rule whose finding
 * covers the position, or that a `railguard-ignore` comment under the cursor names; notes on
 * suppressed findings; then, when the cursor is on a flagged statement, what the policy decides
 * for `who` (the configured actor, `an agent` by default) running it in each environment (`decide`
 * judges a statement's text). `null` when nothing is there.
 */
export function hoverAt(
  result: LintResult,
  text: string,
  position: Position,
  decide?: (statementText: string) => EnvironmentDecision[],
  who = 'an agent',
): Hover | null {
  const ids = new Set<string>();
  const notes: string[] = [];
  for (const { finding } of result.findings) {
    if (!contains(finding.span, position)) continue;
    ids.add(finding.ruleId);
    if (finding.suppressed)
      notes.push(`\`${finding.ruleId}\` is suppressed here: ${finding.suppressed.reason}`);
  }
  for (const s of parseSuppressions(text, result.index)) {
    if (contains(result.index.span(s.start, s.end), position)) for (const r of s.rules) ids.add(r);
  }
  const parts = [...ids].map((id) => {
    const meta = findingMeta(id);
    return meta ? explainRule(meta) : `\`${id}\`: no such rule.`;
  });
  if (parts.length === 0) return null;
  const offset = offsetAt(text, position);
  const statement = result.statements.find((s) => s.start <= offset && offset <= s.end);
  if (
    decide &&
    statement &&
    result.findings.some(
      (f) => f.finding.span.start >= statement.start && f.finding.span.start < statement.end,
    )
  ) {
    const rows = decide(statement.text).map((d) => `| ${d.environment} | **${d.effect}** | ${d.reason} |`);
    if (rows.length > 0)
      notes.push(
        [
          `**Policy decision for ${who} running this statement**`,
          '',
          '| environment | effect | why |',
          '|---|---|---|',
          ...rows,
        ].join('\n'),
      );
  }
  return { contents: { kind: 'markdown', value: [...parts, ...notes].join('\n\n---\n\n') } };
}
