import type { RuleMeta } from './rules/rule';

/** Metadata of the finding `applySuppressions` reports for a suppression naming an unknown rule. */
export const SUPPRESSION_FINDINGS: RuleMeta[] = [
  {
    id: 'unknown-suppression',
    title: 'Suppression comment names an unknown rule',
    category: 'unparsed',
    severity: 'warning',
    docs: {
      description: 'A `-- railguard-ignore RULE` comment names a rule id that does not exist.',
      problem:
        'A misspelled rule id in a suppression comment suppresses nothing, so the reader believes a finding was reviewed when it was not.',
      solution: 'Use a rule id listed by `railguard explain --list`, or remove the comment.',
    },
    messages: { unknownRule: 'Suppression names an unknown rule "{{rule}}".' },
    controls: ['SOC2:CC8.1'],
    examples: {
      valid: ['-- railguard-ignore drop-table: rollback of a new table\nDROP TABLE t;'],
      invalid: ['-- railguard-ignore no-such-rule: typo\nDROP TABLE t;'],
    },
  },
];
