import type { LineIndex } from '../core/text';
import type { Finding, Span } from '../core/types';

/**
 * A suppression comment (squawk's `-- squawk-ignore rule`, ESLint's `eslint-disable-next-line`):
 * - `-- railguard-ignore RULE[, RULE…]: reason` on the line(s) right above a statement silences
 *   those rules for that statement;
 * - `-- railguard-ignore-file RULE[, RULE…]: reason` anywhere silences them for the whole file.
 */
export interface Suppression {
  scope: 'statement' | 'file';
  /** Rule ids with their spans (for "unknown rule" diagnostics and hovers). */
  rules: { id: string; span: Span }[];
  reason: string;
  /** 1-based line of the comment. */
  line: number;
}

const COMMENT =
  /--[ \t]*railguard-ignore(-file)?[ \t]+([A-Za-z0-9_-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_-]+)*)[ \t]*(?::(.*))?$/gm;

/** Finds every suppression comment in a SQL text. */
export function parseSuppressions(text: string, index: LineIndex): Suppression[] {
  const out: Suppression[] = [];
  for (const m of text.matchAll(COMMENT)) {
    const list = m[2] ?? '';
    const listStart = (m.index ?? 0) + m[0].indexOf(list);
    const rules: Suppression['rules'] = [];
    for (const idMatch of list.matchAll(/[A-Za-z0-9_-]+/g)) {
      const start = listStart + (idMatch.index ?? 0);
      rules.push({ id: idMatch[0], span: index.span(start, start + idMatch[0].length) });
    }
    out.push({
      scope: m[1] ? 'file' : 'statement',
      rules,
      reason: (m[3] ?? '').trim(),
      line: index.position(m.index ?? 0).line,
    });
  }
  return out;
}

/**
 * Offset of the first code character at or after `offset`, skipping whitespace, `-- …` line
 * comments and `/* … *\/` block comments (a statement's span may start at comments before it).
 */
export function codeStart(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (text.startsWith('--', i)) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return text.length;
      i = nl + 1;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return text.length;
      i = close + 2;
    } else {
      return i;
    }
  }
}

/**
 * Lines (1-based) of the comment-only lines directly above `line` (stops at the first blank or
 * code line), so stacked `-- railguard-ignore` comments all apply to the statement below.
 */
export function commentLinesAbove(lines: readonly string[], line: number): Set<number> {
  const out = new Set<number>();
  for (let l = line - 1; l >= 1; l--) {
    if (!/^\s*--/.test(lines[l - 1] ?? '')) break;
    out.add(l);
  }
  return out;
}

/**
 * Marks findings silenced by suppressions (`Finding.suppressed`, kept for audit). `statementLine`
 * gives, for a finding, the 1-based line where its statement's code starts.
 */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  lines: readonly string[],
  statementLine: (f: Finding) => number,
): Finding[] {
  const fileLevel = new Map<string, string>();
  for (const s of suppressions) {
    if (s.scope === 'file') for (const r of s.rules) fileLevel.set(r.id, s.reason);
  }
  return findings.map((f) => {
    const fileReason = fileLevel.get(f.ruleId);
    if (fileReason !== undefined) return { ...f, suppressed: { reason: fileReason } };
    const above = commentLinesAbove(lines, statementLine(f));
    const s = suppressions.find(
      (x) => x.scope === 'statement' && above.has(x.line) && x.rules.some((r) => r.id === f.ruleId),
    );
    return s ? { ...f, suppressed: { reason: s.reason } } : f;
  });
}
