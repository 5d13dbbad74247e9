import { ruleDocUrl } from '../core/catalog';
import type { RuleMeta } from '../core/rules/rule';
import type { Finding, Severity } from '../core/types';

/** Findings of one linted file. */
export interface FileFindings {
  /** Path as given on the command line (made relative to `baseDir` in the SARIF log). */
  file: string;
  findings: Finding[];
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

/**
 * Builds a SARIF 2.1.0 log (OASIS SARIF v2.1.0, the format GitHub code scanning ingests).
 * `rules` lists the metadata of every rule that may appear; unknown ids are still reported.
 */
export function toSarif(files: readonly FileFindings[], rules: readonly RuleMeta[], version: string): object {
  const used = new Set(files.flatMap((f) => f.findings.map((x) => x.ruleId)));
  const driverRules = rules.filter((r) => used.has(r.id));
  const indexOf = new Map(driverRules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'railguard',
            version,
            informationUri: 'https://github.com/railguard-dev/railguard',
            rules: driverRules.map((r) => ({
              id: r.id,
              name: r.title,
              shortDescription: { text: r.docs.description },
              fullDescription: { text: r.docs.problem },
              help: { text: r.docs.solution, markdown: r.docs.solution },
              helpUri: ruleDocUrl(r.id),
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { category: r.category, tags: [r.category, ...r.controls] },
            })),
          },
        },
        results: files.flatMap((f) =>
          f.findings.map((x) => ({
            ruleId: x.ruleId,
            ...(indexOf.has(x.ruleId) ? { ruleIndex: indexOf.get(x.ruleId) } : {}),
            level: LEVEL[x.severity],
            message: { text: x.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: f.file.split('\\').join('/') },
                  region: {
                    startLine: x.span.line,
                    startColumn: x.span.column,
                    endLine: x.span.endLine,
                    endColumn: x.span.endColumn,
                  },
                },
              },
            ],
            ...(x.suppressed
              ? { suppressions: [{ kind: 'inSource', justification: x.suppressed.reason }] }
              : {}),
          })),
        ),
      },
    ],
  };
}
