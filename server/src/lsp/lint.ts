import { allRuleMetas } from '../core/catalog';
import { lintSql as coreLintSql } from '../core/lint';
import type { Parsers } from '../core/parsers';
import type { RuleMeta } from '../core/rules/rule';
import { LineIndex } from '../core/text';
import type { Dialect, Finding } from '../core/types';

/** Metadata of a rule or of an analyzer's own finding kind (`unparsed`, `unknown-suppression`…). */
export function findingMeta(id: string): RuleMeta | undefined {
  return allRuleMetas().find((m) => m.id === id);
}

/** A finding with the place a `-- railguard-ignore` comment for it would go. */
export interface LintedFinding {
  finding: Finding;
  /** Offset of the start of the finding's first line (where the suppression comment goes). */
  lineStart: number;
  /** Leading whitespace of that line (the suppression comment's indentation). */
  indent: string;
}

/** The result of linting one SQL text. Findings are sorted; suppressed ones are kept, marked. */
export interface LintResult {
  dialect: Dialect;
  index: LineIndex;
  findings: LintedFinding[];
  /** Top-level statements: offsets into the text and their own text (for per-statement decisions). */
  statements: { start: number; end: number; text: string }[];
}

function failureFinding(err: unknown, index: LineIndex, text: string): Finding {
  const message = err instanceof Error ? err.message : String(err);
  const nl = text.indexOf('\n');
  return {
    ruleId: 'unparsed',
    category: 'unparsed',
    severity: 'warning',
    message: `Railguard could not analyze this SQL, so it cannot vouch for it: ${message}`,
    span: index.span(0, nl < 0 ? text.length : nl),
  };
}

/**
 * Lints one SQL text with the core linter (`server/src/core/lint.ts`: analysis, every rule,
 * `-- railguard-ignore` suppressions, `unknown-suppression` findings), so the editor and
 * `railguard lint` agree. `dialect` forces the dialect; otherwise the core detects it from the
 * file name and content (PostgreSQL when nothing tells). Never throws: an engine failure becomes
 * an `unparsed` finding (bad input never passes silently).
 */
export function lintSql(
  parsers: Parsers,
  text: string,
  options: { dialect?: Dialect; file?: string },
): LintResult {
  const index = new LineIndex(text);
  let findings: Finding[];
  let dialect: Dialect = options.dialect ?? 'postgresql';
  let statements: LintResult['statements'] = [];
  try {
    const analysis = coreLintSql(parsers, text, options);
    findings = analysis.findings;
    dialect = analysis.sql[0]?.dialect ?? dialect;
    statements = analysis.sql.flatMap((a) =>
      a.statements
        .filter((st) => st.origin === 'top')
        .map((st) => ({ start: st.span.start, end: st.span.end, text: st.text })),
    );
  } catch (err) {
    findings = [failureFinding(err, index, text)];
  }
  const lines = text.split('\n');
  return {
    dialect,
    index,
    statements,
    findings: findings.map((finding) => ({
      finding,
      lineStart: finding.span.start - (finding.span.column - 1),
      indent: /^[ \t]*/.exec(lines[finding.span.line - 1] ?? '')?.[0] ?? '',
    })),
  };
}
