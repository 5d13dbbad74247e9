import {
  Diagnostic,
  DiagnosticSeverity,
  DiagnosticTag,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import type { LineIndex } from '../core/text';
import type { Severity, Span } from '../core/types';
import type { LintedFinding, LintResult } from './lint';
import { ruleDocUrl } from '../core/catalog';
import { EFFECT_SEVERITY, verdictNote, type DocumentJudgement } from './severity';

/** `Diagnostic.source` of everything Railguard reports. */
export const SOURCE = 'railguard';

/** Finding kinds that get no "ignore" quick fixes (ignoring them makes no sense). */
const NOT_IGNORABLE = new Set(['unknown-suppression']);

/** A quick fix carried in {@link DiagnosticData}: LSP text edits against `version`. */
export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The rule's own rewrite (preferred over "ignore" actions). */
  preferred: boolean;
}

/**
 * What a Railguard diagnostic carries in `Diagnostic.data` (squawk's design): everything code
 * actions need, so the server keeps no cache. `version` is the document version it was computed
 * for; actions for another version are not offered.
 */
export interface DiagnosticData {
  ruleId: string;
  version: number;
  fixes: QuickFix[];
}

/** Narrows `Diagnostic.data` coming back from the client. */
export function toDiagnosticData(raw: unknown): DiagnosticData | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  if (typeof o.ruleId !== 'string' || typeof o.version !== 'number' || !Array.isArray(o.fixes))
    return undefined;
  const fixes = o.fixes.filter(
    (f): f is QuickFix =>
      typeof f === 'object' &&
      f !== null &&
      typeof (f as Record<string, unknown>).title === 'string' &&
      Array.isArray((f as Record<string, unknown>).edits),
  );
  return { ruleId: o.ruleId, version: o.version, fixes };
}

/** LSP range (0-based) of a core span (1-based line/column, UTF-16 columns). */
export function toRange(span: Span): Range {
  return {
    start: { line: span.line - 1, character: span.column - 1 },
    end: { line: span.endLine - 1, character: span.endColumn - 1 },
  };
}

function offsetRange(index: LineIndex, start: number, end: number): Range {
  return toRange(index.span(start, end));
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** LSP severity of a core severity. */
export function toSeverity(s: Severity): DiagnosticSeverity {
  return SEVERITY[s];
}

function quickFixes(l: LintedFinding, index: LineIndex): QuickFix[] {
  const { finding } = l;
  const fixes: QuickFix[] = [];
  if (finding.fix) {
    fixes.push({
      title: finding.fix.title,
      edits: finding.fix.edits.map((e) => ({
        range: offsetRange(index, e.start, e.end),
        newText: e.newText,
      })),
      preferred: true,
    });
  }
  if (NOT_IGNORABLE.has(finding.ruleId)) return fixes;
  const at = offsetRange(index, l.lineStart, l.lineStart);
  fixes.push({
    title: `Ignore ${finding.ruleId} for this statement`,
    edits: [{ range: at, newText: `${l.indent}-- railguard-ignore ${finding.ruleId}: <reason>\n` }],
    preferred: false,
  });
  const top = offsetRange(index, 0, 0);
  fixes.push({
    title: `Ignore ${finding.ruleId} for this file`,
    edits: [{ range: top, newText: `-- railguard-ignore-file ${finding.ruleId}: <reason>\n` }],
    preferred: false,
  });
  return fixes;
}

/**
 * Diagnostics of a lint result: one per unsuppressed finding (`code` = rule id, `codeDescription`
 * = the rule's doc, exact statement/node range, fixes in `data`). Suppressed findings are not
 * shown; a suppression naming an unknown rule is tagged unnecessary (faded).
 *
 * With `judgement` (from `judgeFindings` over `result.findings`, same order) the severity is the
 * policy's effect for the finding (`EFFECT_SEVERITY` in `severity.ts`) and the message ends with a
 * line naming the effect, context and deciding rule; without it, or for a finding the policy does
 * not judge, the rule's default severity.
 */
export function toDiagnostics(
  result: LintResult,
  version: number,
  judgement?: DocumentJudgement,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [i, l] of result.findings.entries()) {
    const f = l.finding;
    if (f.suppressed) continue;
    const verdict = judgement?.verdicts[i];
    const severity = verdict ? EFFECT_SEVERITY[verdict.effect] : toSeverity(f.severity);
    const message =
      verdict && judgement ? `${f.message}\n${verdictNote(verdict, judgement.context)}` : f.message;
    const d = Diagnostic.create(toRange(f.span), message, severity, f.ruleId, SOURCE);
    d.codeDescription = { href: ruleDocUrl(f.ruleId) };
    const data: DiagnosticData = { ruleId: f.ruleId, version, fixes: quickFixes(l, result.index) };
    d.data = data;
    if (NOT_IGNORABLE.has(f.ruleId)) d.tags = [DiagnosticTag.Unnecessary];
    out.push(d);
  }
  return out;
}
