import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ANALYZE_METHOD,
  LINT_FILES_METHOD,
  RULES_METHOD,
  type AnalyzeResult,
  type FindingInfo,
  type LintFilesResult,
  type RuleInfo,
} from '../../server/src/lsp/protocol';

const SEVERITY: Record<FindingInfo['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Severity of a policy effect, as the server maps it (`server/src/lsp/severity.ts`). */
const EFFECT_SEVERITY: Record<NonNullable<FindingInfo['effect']>, vscode.DiagnosticSeverity> = {
  deny: vscode.DiagnosticSeverity.Error,
  ask: vscode.DiagnosticSeverity.Warning,
  warn: vscode.DiagnosticSeverity.Information,
  allow: vscode.DiagnosticSeverity.Hint,
};

/** A finding as a diagnostic: severity from the policy's effect when the server judged it. */
function toDiagnostic(f: FindingInfo, docsUrl: (id: string) => string): vscode.Diagnostic {
  const r = f.range;
  const d = new vscode.Diagnostic(
    new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
    f.policyNote !== undefined ? `${f.message}\n${f.policyNote}` : f.message,
    f.effect !== undefined ? EFFECT_SEVERITY[f.effect] : SEVERITY[f.severity],
  );
  d.source = 'railguard';
  d.code = { value: f.ruleId, target: vscode.Uri.parse(docsUrl(f.ruleId)) };
  return d;
}

/**
 * "Railguard: Lint Workspace": lints every `*.sql` file of the workspace (not only open ones) on
 * the server and shows the results in a separate diagnostic collection (open documents keep their
 * live pull diagnostics). Returns the number of unsuppressed findings.
 */
export async function lintWorkspace(
  client: LanguageClient,
  collection: vscode.DiagnosticCollection,
): Promise<number> {
  const uris = await vscode.workspace.findFiles('**/*.sql', '**/{node_modules,.git}/**', 20_000);
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  const result = await client.sendRequest<LintFilesResult>(LINT_FILES_METHOD, {
    uris: uris.filter((u) => !open.has(u.toString())).map((u) => u.toString()),
  });
  const rules = await client.sendRequest<RuleInfo[]>(RULES_METHOD);
  const docs = (id: string): string => rules.find((r) => r.id === id)?.docsUrl ?? 'https://github.com/';
  collection.clear();
  let total = 0;
  const failed: string[] = [];
  for (const file of result.files) {
    if (file.error) failed.push(`${vscode.Uri.parse(file.uri).fsPath}: ${file.error}`);
    const shown = file.findings.filter((f) => f.suppressed === undefined);
    total += shown.length;
    collection.set(
      vscode.Uri.parse(file.uri),
      shown.map((f) => toDiagnostic(f, docs)),
    );
  }
  const msg = `Railguard linted ${uris.length} SQL files: ${total} problems.`;
  if (failed.length > 0)
    void vscode.window.showWarningMessage(`${msg} ${failed.length} could not be read: ${failed[0]}`);
  else void vscode.window.showInformationMessage(msg);
  return total;
}

/** "Railguard: Explain Rule": picks a rule (or takes its id) and opens its explanation as Markdown. */
export async function explainRule(
  client: LanguageClient,
  ruleId?: string,
): Promise<vscode.TextDocument | undefined> {
  const rules = await client.sendRequest<RuleInfo[]>(RULES_METHOD);
  let rule = ruleId ? rules.find((r) => r.id === ruleId) : undefined;
  if (!rule) {
    const pick = await vscode.window.showQuickPick(
      rules.map((r) => ({ label: r.id, description: r.title, detail: r.description, rule: r })),
      { placeHolder: 'Rule to explain', matchOnDescription: true },
    );
    rule = pick?.rule;
  }
  if (!rule) return undefined;
  const content = [
    `# ${rule.title} (\`${rule.id}\`)`,
    `Category: ${rule.category} · default severity: ${rule.severity}`,
    rule.description,
    `## Problem\n\n${rule.problem}`,
    `## Solution\n\n${rule.solution}`,
    `[Full documentation](${rule.docsUrl})`,
  ].join('\n\n');
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(doc, { preview: true });
  return doc;
}

/** The commented starter policy written by "Railguard: Open Policy" when none exists. */
export const POLICY_SCAFFOLD = `# Railguard workspace policy — see policies/README.md in the extension for the format.
# The schema (policies/policy.schema.json) gives completion in YAML editors.
apiVersion: railguard.dev/v1
kind: Policy
metadata:
  name: workspace
  description: Rules for this repository, layered on the built-in policy.
# mode: enforce        # or audit: decide and log, never block
# environments:
#   production:
#     match:
#       - host: "*.prod.example.com"
# rules:
#   - id: no-agent-drops-in-prod
#     match:
#       actor: agent
#       environment: production
#       ruleId: [drop-table]
#     effect: deny
`;

/**
 * "Railguard: Open Policy": opens the first `.railguard/policies/*.yaml` of the (first) workspace
 * folder, creating `policy.yaml` from {@link POLICY_SCAFFOLD} when there is none.
 */
export async function openPolicy(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showWarningMessage('Railguard: open a folder to create a workspace policy.');
    return undefined;
  }
  const existing = await vscode.workspace.findFiles(
    new vscode.RelativePattern(folder, '.railguard/policies/*.{yaml,yml}'),
    undefined,
    1,
  );
  let uri = existing[0];
  if (!uri) {
    uri = vscode.Uri.file(path.join(folder.uri.fsPath, '.railguard', 'policies', 'policy.yaml'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(POLICY_SCAFFOLD));
  }
  await vscode.window.showTextDocument(uri);
  return uri;
}

/**
 * "Railguard: Show Decision for Selection": analyzes the selected SQL (the whole document when
 * nothing is selected) and lists what the policy decides for an AI agent running it in each
 * environment, then the findings. Returns the server's answer.
 */
export async function showDecision(client: LanguageClient): Promise<AnalyzeResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const text = editor.selection.isEmpty
    ? editor.document.getText()
    : editor.document.getText(editor.selection);
  const result = await client.sendRequest<AnalyzeResult>(ANALYZE_METHOD, {
    text,
    uri: editor.document.uri.toString(),
  });
  const items: vscode.QuickPickItem[] = [
    { label: 'Agent decision per environment', kind: vscode.QuickPickItemKind.Separator },
    ...result.decisions.map((d) => ({ label: `${d.environment}: ${d.effect}`, detail: d.reason })),
    { label: 'Findings', kind: vscode.QuickPickItemKind.Separator },
    ...result.findings.map((f) => ({
      label: `${f.severity} ${f.ruleId}${f.suppressed !== undefined ? ' (suppressed)' : ''}`,
      detail: f.message,
    })),
  ];
  void vscode.window.showQuickPick(items, {
    title: `Railguard (${result.dialect}): decision for the selection`,
  });
  return result;
}
