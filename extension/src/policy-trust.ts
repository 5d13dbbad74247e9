/**
 * Policy tiers in the editor: the status of the workspace's policy files (from the server's
 * `railguard/policyStatus`) and the command "Railguard: Trust Workspace Policy", which approves
 * the exact content (SHA-256) of the unapproved user/workspace policy files after a modal
 * confirmation by the human, in the user's config folder (`trusted-policies.json`, outside the
 * workspace). An agent cannot click a modal; the server reloads when the store changes.
 */
import * as vscode from 'vscode';
import type { PolicyStatusProblem } from '../../server/src/lsp/protocol';
import { approvePolicies, fileSha256, trustStorePath } from '../../server/src/runtime/trust-store';

/** Command id of "Railguard: Trust Workspace Policy". */
export const TRUST_POLICY_COMMAND = 'railguard.trustWorkspacePolicy';

/**
 * Asks the human (modal) to approve the unapproved policy files in `problems`, showing each file
 * and its content hash; writes the approvals when they confirm. Resolves to the files approved.
 */
export async function trustWorkspacePolicy(
  problems: readonly PolicyStatusProblem[],
  output: vscode.LogOutputChannel,
): Promise<string[]> {
  const files = problems.filter((p) => p.kind === 'unapproved').map((p) => p.file);
  if (files.length === 0) {
    void vscode.window.showInformationMessage('Railguard: every policy file in force here is approved.');
    return [];
  }
  const shown = new Map<string, string>();
  const detail = files
    .map((f) => {
      try {
        shown.set(f, fileSha256(f));
        return `${f}\nsha256 ${shown.get(f)}`;
      } catch {
        return `${f}\n(unreadable)`;
      }
    })
    .join('\n\n');
  const choice = await vscode.window.showWarningMessage(
    `Trust ${files.length === 1 ? 'this policy file' : `these ${files.length} policy files`}? Approved policies may loosen Railguard's decisions (for agents too). Read them first: an agent may have written them.`,
    { modal: true, detail },
    'Trust',
  );
  if (choice !== 'Trust') return [];
  try {
    approvePolicies(trustStorePath(process.env), files, new Date(), shown);
  } catch (err) {
    void vscode.window.showErrorMessage(`Railguard: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
  output.info(`approved policy files: ${files.join(', ')}`);
  return files;
}
