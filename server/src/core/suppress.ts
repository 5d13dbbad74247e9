import { formatMessage } from './rules/rule';
import { SUPPRESSION_FINDINGS } from './suppress-meta';
import { LineIndex } from './text';
import type { Finding } from './types';

/**
 * Suppression comments in SQL, as squawk's `-- squawk-ignore` and ESLint's `eslint-disable-next-line`:
 *
 * - `-- railguard-ignore RULE[, RULE…]: reason` suppresses those rules for the next line holding code
 *   (the statement that starts there and everything reported on that line);
 * - `-- railguard-ignore-file RULE[, RULE…]: reason` suppresses them for the whole text.
 *
 * Suppressed findings are kept, marked `suppressed: { reason }`, so audit still sees them. A
 * suppression naming an unknown rule id is itself a finding (`unknown-suppression`).
 */
export interface Suppression {
  rules: string[];
  reason: string;
  scope: 'next-line' | 'file';
  /** 1-based line the suppression applies to (`next-line` only). */
  appliesToLine?: number;
  /** Offsets of the comment in the text. */
  start: number;
  end: number;
}

const DIRECTIVE = /--\s*railguard-ignore(-file)?\s+([^:\n]+?)\s*(?::\s*([^\n]*))?$/gm;

/** Finds suppression comments in `text`. Pure; O(text). */
export function parseSuppressions(text: string, index?: LineIndex): Suppression[] {
  const out: Suppression[] = [];
  // Fast path: most texts hold no directive; skip the regular expression, line split and index.
  if (!text.includes('railguard-ignore')) return out;
  const lines = text.split('\n');
  const lineIndex = index ?? new LineIndex(text);
  for (const m of text.matchAll(DIRECTIVE)) {
    const start = m.index ?? 0;
    const rules = (m[2] ?? '')
      .split(/[\s,]+/)
      .map((r) => r.trim())
      .filter(Boolean);
    const s: Suppression = {
      rules,
      reason: (m[3] ?? '').trim(),
      scope: m[1] ? 'file' : 'next-line',
      start,
      end: start + m[0].length,
    };
    if (s.scope === 'next-line') {
      const at = lineIndex.position(start);
      const line = at.line;
      const before = (lines[line - 1] ?? '').slice(0, at.column - 1);
      if (before.trim() !== '') {
        s.appliesToLine = line; // trailing comment: applies to its own line
      } else {
        let next = line + 1;
        while (next <= lines.length && /^\s*(--.*)?$/.test(lines[next - 1] ?? '')) next++;
        s.appliesToLine = next;
      }
    }
    out.push(s);
  }
  return out;
}

/**
 * Marks findings suppressed by comments in `text`, and reports suppressions that name unknown
 * rules. `knownRuleIds` is every rule and analyzer finding id.
 * @returns the findings (same order) plus `unknown-suppression` findings.
 */
export function applySuppressions(
  text: string,
  findings: readonly Finding[],
  knownRuleIds: ReadonlySet<string>,
  lineIndex?: LineIndex,
): Finding[] {
  const sups = parseSuppressions(text, lineIndex);
  if (sups.length === 0) return [...findings];
  const index = lineIndex ?? new LineIndex(text);
  const out: Finding[] = findings.map((f) => {
    const s = sups.find(
      (x) => x.rules.includes(f.ruleId) && (x.scope === 'file' || x.appliesToLine === f.span.line),
    );
    return s ? { ...f, suppressed: { reason: s.reason || '(no reason given)' } } : f;
  });
  for (const s of sups) {
    for (const rule of s.rules) {
      if (knownRuleIds.has(rule)) continue;
      out.push({
        ruleId: 'unknown-suppression',
        messageId: 'unknownRule',
        category: 'unparsed',
        severity: 'warning',
        message: formatMessage(SUPPRESSION_FINDINGS[0]?.messages.unknownRule ?? '', { rule }),
        span: index.span(s.start, s.end),
      });
    }
  }
  return out;
}
