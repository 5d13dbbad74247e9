import { knownRuleIdSet } from './catalog';
import { analyzeAction, type ActionAnalysis, type AnalyzeOptions } from './engine';
import type { Parsers } from './parsers';
import { sortFindings } from './rules/run';
import { applySuppressions } from './suppress';
import type { Dialect } from './types';

/** Options of {@link lintSql}. */
export interface LintOptions extends AnalyzeOptions {
  file?: string;
  /** Forced dialect; detected from the file name and content otherwise. */
  dialect?: Dialect;
}

/**
 * Lints a SQL text (a migration file): analysis + rules + suppression comments. Unlike judging
 * an action, linting honours `-- railguard-ignore` comments (an agent cannot bypass a decision by
 * adding a comment; a reviewer can acknowledge a finding in a migration).
 */
export function lintSql(parsers: Parsers, text: string, options: LintOptions = {}): ActionAnalysis {
  const analysis = analyzeAction(
    parsers,
    {
      kind: 'sql',
      text,
      ...(options.dialect ? { dialect: options.dialect } : {}),
      ...(options.file ? { file: options.file } : {}),
      source: 'editor',
    },
    options,
  );
  const findings = sortFindings(applySuppressions(text, analysis.findings, knownRuleIdSet()));
  return { ...analysis, findings };
}
