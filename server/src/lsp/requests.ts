import * as fs from 'node:fs/promises';
import type { Connection } from 'vscode-languageserver';
import type { Parsers } from '../core/parsers';
import type { PolicySet } from '../core/policy/model';
import { decisionsByEnvironment } from './decisions';
import { allRuleMetas, ruleDocUrl } from '../core/catalog';
import { toRange } from './diagnostics';
import type { LintResult } from './lint';
import {
  ANALYZE_METHOD,
  LINT_FILES_METHOD,
  RULES_METHOD,
  type AnalyzeParams,
  type AnalyzeResult,
  type FindingInfo,
  type LintFilesParams,
  type LintFilesResult,
  type RailguardSettings,
  type RuleInfo,
} from './protocol';
import { lintForUri, uriPath } from './lint-uri';

function findingInfos(result: LintResult): FindingInfo[] {
  return result.findings.map(({ finding: f }) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    range: toRange(f.span),
    ...(f.suppressed ? { suppressed: f.suppressed.reason } : {}),
  }));
}

/** Every rule's metadata as {@link RuleInfo}. */
export function ruleInfos(): RuleInfo[] {
  return allRuleMetas().map((meta) => ({
    id: meta.id,
    title: meta.title,
    category: meta.category,
    severity: meta.severity,
    description: meta.docs.description,
    problem: meta.docs.problem,
    solution: meta.docs.solution,
    docsUrl: ruleDocUrl(meta.id),
  }));
}

/**
 * Registers the custom requests of `protocol.ts`: `railguard/rules`, `railguard/lintFiles`
 * (reads each file; unreadable files are reported with `error`, never skipped silently) and
 * `railguard/analyze` (findings plus the policy's decision for an agent in each environment).
 */
export function registerRequests(
  connection: Connection,
  parsers: Promise<Parsers>,
  settingsOf: (uri: string) => Promise<RailguardSettings>,
  policySetOf: (uri: string, extraFiles: readonly string[]) => PolicySet,
): void {
  connection.onRequest(RULES_METHOD, (): RuleInfo[] => ruleInfos());
  connection.onRequest(LINT_FILES_METHOD, async (params: LintFilesParams): Promise<LintFilesResult> => {
    const p = await parsers;
    const files: LintFilesResult['files'] = [];
    for (const uri of params.uris) {
      try {
        const text = await fs.readFile(uriPath(uri), 'utf8');
        files.push({ uri, findings: findingInfos(lintForUri(p, text, uri, await settingsOf(uri))) });
      } catch (err) {
        files.push({ uri, findings: [], error: err instanceof Error ? err.message : String(err) });
      }
    }
    return { files };
  });
  connection.onRequest(ANALYZE_METHOD, async (params: AnalyzeParams): Promise<AnalyzeResult> => {
    const uri = params.uri ?? 'untitled:selection.sql';
    const p = await parsers;
    const settings = await settingsOf(uri);
    const result = lintForUri(p, params.text, uri, settings);
    const decisions = decisionsByEnvironment(p, policySetOf(uri, settings.policyPaths), params.text, {
      dialect: result.dialect,
      file: uriPath(uri),
    });
    return { dialect: result.dialect, findings: findingInfos(result), decisions };
  });
}
