import { CodeAction, CodeActionKind, type CodeActionParams } from 'vscode-languageserver';
import { SOURCE, toDiagnosticData } from './diagnostics';

/**
 * Code actions for Railguard diagnostics in the request's context: each {@link QuickFix} carried
 * in `Diagnostic.data` becomes a `quickfix` action editing the document. Diagnostics computed for
 * another document version than `version` get none (their edits would land in the wrong place).
 */
export function codeActions(params: CodeActionParams, version: number | undefined): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    if (d.source !== SOURCE) continue;
    const data = toDiagnosticData(d.data);
    if (!data || (version !== undefined && data.version !== version)) continue;
    for (const fix of data.fixes) {
      const action = CodeAction.create(
        fix.title,
        { changes: { [params.textDocument.uri]: fix.edits } },
        CodeActionKind.QuickFix,
      );
      action.diagnostics = [d];
      if (fix.preferred) action.isPreferred = true;
      out.push(action);
    }
  }
  return out;
}
