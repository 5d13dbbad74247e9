/**
 * The preview of `Railguard: Install/Uninstall Agent Hooks…`: every planned file change in one
 * multi-file diff (before ↔ after as read-only virtual documents), then a modal confirmation.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileChange } from '../../../server/src/hooks/install';
import type { HookOp } from './pickers';

/** The URI scheme of the preview's before/after documents. */
export const PREVIEW_SCHEME = 'railguard-hooks-preview';

/** Text of the preview documents, by URI; provided read-only under {@link PREVIEW_SCHEME}. */
export class PreviewDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private seq = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** A fresh URI (ending in the file's own name, for its language) holding `text`. */
  add(file: string, side: 'before' | 'after', text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: file, query: `${++this.seq}-${side}` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  clear(): void {
    this.texts.clear();
  }
}

/**
 * Shows the planned changes in one multi-file diff editor (`vscode.changes`; per-file
 * `vscode.diff` where that command is missing) and asks for a modal confirmation. Resolves true
 * when confirmed; closes the preview either way.
 */
export async function previewAndConfirm(
  op: HookOp,
  planned: FileChange[],
  docs: PreviewDocuments,
  scopeLabel: string,
  log: vscode.LogOutputChannel,
): Promise<boolean> {
  const title = `Railguard: ${op} agent hooks (${scopeLabel})`;
  docs.clear();
  const resources = planned.map(
    (c) =>
      [
        vscode.Uri.file(c.file),
        c.before !== undefined ? docs.add(c.file, 'before', c.before) : undefined,
        c.action !== 'delete' && c.after !== undefined ? docs.add(c.file, 'after', c.after) : undefined,
      ] as const,
  );
  try {
    await vscode.commands.executeCommand('vscode.changes', title, resources);
  } catch (err) {
    log.warn(
      `multi-file diff unavailable (${err instanceof Error ? err.message : String(err)}); one diff per file`,
    );
    for (const [file, before, after] of resources) {
      const empty = docs.add(file.fsPath, before ? 'after' : 'before', '');
      await vscode.commands.executeCommand(
        'vscode.diff',
        before ?? empty,
        after ?? empty,
        `${title}: ${path.basename(file.fsPath)}`,
      );
    }
  }
  const verb = op === 'install' ? 'Install' : 'Uninstall';
  let answer: string | undefined;
  try {
    answer = await vscode.window.showWarningMessage(
      `${verb} Railguard's agent hooks?`,
      { modal: true, detail: planned.map((c) => `${c.agent}: ${c.action} ${c.file}`).join('\n') },
      verb,
    );
  } catch (err) {
    log.warn(`confirmation not shown: ${err instanceof Error ? err.message : String(err)}`);
  }
  for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
    if (tab.label === title || tab.label.startsWith(`${title}: `)) await vscode.window.tabGroups.close(tab);
  }
  return answer === verb;
}
