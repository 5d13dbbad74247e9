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
import { judgeFindings, parseActorSetting, verdictNote, type DocumentJudgement } from './severity';

/** Findings as sent to the extension, with the policy's verdicts when `judgement` is given. */
function findingInfos(result: LintResult, judgement?: DocumentJudgement): FindingInfo[] {
  return result.findings.map(({ finding: f }, i) => {
    const verdict = judgement?.verdicts[i];
    return {
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      range: toRange(f.span),
      ...(f.suppressed ? { suppressed: f.suppressed.reason } : {}),
      ...(verdict && judgement
        ? { effect: verdict.effect, policyNote: verdictNote(verdict, judgement.context) }
        : {}),
    };
  });
}

/** Lints a document's text and judges its findings with the URI's settings and policy set. */
function lintAndJudge(
  parsers: Parsers,
  text: string,
  uri: string,
  settings: RailguardSettings,
  set: PolicySet,
): { result: LintResult; judgement: DocumentJudgement } {
  const result = lintForUri(parsers, text, uri, settings);
  const judgement = judgeFindings(
    set,
    result.findings.map((l) => l.finding),
    { environment: settings.environment, actor: settings.actor, text },
  );
  return { result, judgement };
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
 * `railguard/analyze` (findings plus the policy's decision for the actor in each environment).
 * Findings carry the policy's effect in the settings' context, as diagnostics do (`severity.ts`).
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
        const settings = await settingsOf(uri);
        const { result, judgement } = lintAndJudge(
          p,
          text,
          uri,
          settings,
          policySetOf(uri, settings.policyPaths),
        );
        files.push({ uri, findings: findingInfos(result, judgement) });
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
    const set = policySetOf(uri, settings.policyPaths);
    const { result, judgement } = lintAndJudge(p, params.text, uri, settings, set);
    const actor = parseActorSetting(settings.actor);
    const decisions = decisionsByEnvironment(p, set, params.text, {
      dialect: result.dialect,
      file: uriPath(uri),
      ...(actor ? { actor } : {}),
    });
    return { dialect: result.dialect, findings: findingInfos(result, judgement), decisions };
  });
}
