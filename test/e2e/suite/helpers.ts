/**
 * Helpers for the e2e suite running in the extension host: waiting on diagnostics events (never
 * on sleeps), fixture files in the temp workspace, screenshots through the launcher.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The shared corpus (`../shared/corpus`), passed by `test/e2e/run.ts`. */
export const CORPUS = process.env.RAILGUARD_E2E_CORPUS ?? path.resolve(__dirname, '../../../shared/corpus');

/** Lemmy's diesel migrations in the corpus. */
export const LEMMY = path.join(CORPUS, 'migrations', 'LemmyNet__lemmy', 'migrations');

/**
 * Skips the calling mocha test or suite (call it as `skipWithoutCorpus(this)` in `before` or `it`)
 * when the corpus is absent, as in a public clone; mocha reports it as pending.
 */
export function skipWithoutCorpus(ctx: Mocha.Context): void {
  if (!fs.existsSync(LEMMY)) ctx.skip();
}

/** The workspace folder the tests run in (a fresh temp folder). */
export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e tests need a workspace folder');
  return folder.uri.fsPath;
}

/** Railguard diagnostics of a URI. */
export function railguardDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'railguard');
}

/** The rule id of a diagnostic (`code` is `{ value, target }` when it links to the doc). */
export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c);
}

/**
 * Resolves with the Railguard diagnostics of `uri` as soon as `accept` holds for them: checks now,
 * then on every `languages.onDidChangeDiagnostics` for that URI. Rejects after `timeoutMs` with the
 * last diagnostics seen (a bounded wait on an event, not a sleep).
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (ds: vscode.Diagnostic[]) => boolean,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const ds = railguardDiagnostics(uri);
      if (!accept(ds)) return false;
      cleanup();
      resolve(ds);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      const seen = railguardDiagnostics(uri).map(
        (d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`,
      );
      reject(
        new Error(`timed out waiting for diagnostics of ${uri.fsPath}; last seen: [${seen.join(', ')}]`),
      );
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      sub.dispose();
    };
    check();
  });
}

/** Writes a file under the workspace folder (creating folders) and returns its URI. */
export function writeWorkspaceFile(rel: string, text: string): vscode.Uri {
  const file = path.join(workspaceDir(), rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

/** Opens a file in an editor and returns the editor. */
export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/**
 * Captures the workbench to `extension/media/screenshots/<name>.png` through the launcher's
 * screenshot service, after `waitFor` (a CSS selector) is visible. A no-op (returns false) when no
 * service runs (e.g. desktop VS Code).
 */
export async function screenshot(name: string, waitFor?: string): Promise<boolean> {
  const service = process.env.RAILGUARD_E2E_SCREENSHOT_URL;
  const dir = process.env.RAILGUARD_E2E_SCREENSHOTS;
  if (!service || !dir) return false;
  const url = new URL(service);
  url.searchParams.set('path', path.join(dir, `${name}.png`));
  if (waitFor) url.searchParams.set('waitFor', waitFor);
  const res = await fetch(url, { method: 'POST' });
  if (!res.ok) throw new Error(`screenshot ${name} failed: ${res.status} ${await res.text()}`);
  return true;
}
