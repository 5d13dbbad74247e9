import type { Parsers } from '../core/parsers';
import { ALL_RULES, ruleMeta, SQL_RULES } from '../core/rules';
import type { RuleMeta } from '../core/rules/rule';
import { runSqlRules, sortFindings } from '../core/rules/run';
import { SQL_ANALYZER_FINDINGS } from '../core/sql/analyzer-findings';
import { analyzeSql } from '../core/sql/analyze';
import type { SqlStatement } from '../core/sql/model';
import { LineIndex } from '../core/text';
import type { Dialect, Finding, Span } from '../core/types';
import { applySuppressions, codeStart, parseSuppressions } from './suppressions';

/** Metadata of a rule or of a finding kind the SQL analyzer reports itself (`unparsed`…). */
export function findingMeta(id: string): RuleMeta | undefined {
  return ruleMeta(id, SQL_ANALYZER_FINDINGS);
}

/** Whether `id` names a rule or an analyzer finding kind (valid in suppressions and policies). */
export function isKnownRuleId(id: string): boolean {
  return findingMeta(id) !== undefined;
}

/** A suppression comment naming a rule id that does not exist. */
export interface SuppressionProblem {
  span: Span;
  ruleId: string;
  message: string;
}

/** A finding with the place a `-- railguard-ignore` comment for it would go. */
export interface LintedFinding {
  finding: Finding;
  /** Offset of the start of the line where the finding's statement code starts. */
  statementLineStart: number;
  /** Leading whitespace of that line (the suppression comment's indentation). */
  indent: string;
}

/** The result of linting one SQL text. Findings are sorted; suppressed ones are kept, marked. */
export interface LintResult {
  dialect: Dialect;
  index: LineIndex;
  findings: LintedFinding[];
  suppressionProblems: SuppressionProblem[];
}

function failureFinding(err: unknown, index: LineIndex, text: string): Finding {
  const message = err instanceof Error ? err.message : String(err);
  const start = codeStart(text, 0);
  const nl = text.indexOf('\n', start);
  return {
    ruleId: 'unparsed',
    category: 'unparsed',
    severity: 'warning',
    message: `Railguard could not analyze this SQL, so it cannot vouch for it: ${message}`,
    span: index.span(start, nl < 0 ? text.length : nl),
  };
}

function statementOf(statements: readonly SqlStatement[], offset: number): SqlStatement | undefined {
  let found: SqlStatement | undefined;
  for (const s of statements) {
    if (s.origin !== 'top') continue;
    if (s.span.start <= offset) found = s;
    else break;
  }
  return found;
}

/**
 * Lints one SQL text: analyzer findings plus every SQL rule, then `-- railguard-ignore`
 * suppressions. Never throws: an analyzer or rule failure becomes an `unparsed` finding (bad input
 * never passes silently).
 */
export function lintSql(
  parsers: Parsers,
  text: string,
  options: { dialect: Dialect; file?: string },
): LintResult {
  const index = new LineIndex(text);
  let findings: Finding[];
  let statements: SqlStatement[] = [];
  try {
    const analysis = analyzeSql(parsers, text, options);
    statements = analysis.statements;
    findings = [...analysis.findings, ...runSqlRules(SQL_RULES, analysis)];
  } catch (err) {
    findings = [failureFinding(err, index, text)];
  }
  const lines = text.split('\n');
  const anchorOf = (f: Finding): number => {
    const stmt = statementOf(statements, f.span.start);
    return codeStart(text, stmt ? stmt.span.start : f.span.start);
  };
  const suppressions = parseSuppressions(text, index);
  const judged = sortFindings(
    applySuppressions(findings, suppressions, lines, (f) => index.position(anchorOf(f)).line),
  );
  const suppressionProblems: SuppressionProblem[] = suppressions.flatMap((s) =>
    s.rules
      .filter((r) => !isKnownRuleId(r.id))
      .map((r) => ({
        span: r.span,
        ruleId: r.id,
        message: `Unknown rule "${r.id}" in a railguard-ignore comment: it suppresses nothing (${ALL_RULES.length} rules are known; "Railguard: Explain Rule" lists them).`,
      })),
  );
  return {
    dialect: options.dialect,
    index,
    findings: judged.map((finding) => {
      const at = index.position(anchorOf(finding));
      const lineText = lines[at.line - 1] ?? '';
      return {
        finding,
        statementLineStart: anchorOf(finding) - (at.column - 1),
        indent: /^[ \t]*/.exec(lineText)?.[0] ?? '',
      };
    }),
    suppressionProblems,
  };
}
