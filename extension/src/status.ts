import * as vscode from 'vscode';

/**
 * The status bar item: `Railguard: <mode> · <environment> · <n> problems` for the active editor's
 * workspace folder, and `Railguard: stopped` / `starting` while the server is not running.
 * Clicking it opens the Problems panel.
 */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'railguard.status',
    vscode.StatusBarAlignment.Left,
    10,
  );
  private state: 'starting' | 'running' | 'stopped' = 'starting';

  constructor() {
    this.item.name = 'Railguard';
    this.item.command = 'workbench.actions.view.problems';
    this.update();
    this.item.show();
  }

  /** Sets the server state shown. */
  setState(state: 'starting' | 'running' | 'stopped'): void {
    this.state = state;
    this.update();
  }

  /** Recomputes the text from settings and the current Railguard diagnostics. */
  update(): void {
    const scope = vscode.window.activeTextEditor?.document.uri;
    const config = vscode.workspace.getConfiguration('railguard', scope);
    const mode = config.get<string>('mode', 'enforce');
    const environment = config.get<string>('environment', 'auto');
    const problems = vscode.languages
      .getDiagnostics()
      .reduce((n, [, ds]) => n + ds.filter((d) => d.source === 'railguard').length, 0);
    if (this.state !== 'running') {
      this.item.text = `$(shield) Railguard: ${this.state}`;
      this.item.backgroundColor =
        this.state === 'stopped' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    } else {
      this.item.text = `$(shield) ${mode} · ${environment} · ${problems}`;
      this.item.backgroundColor = undefined;
    }
    this.item.tooltip = `Railguard — mode: ${mode}, environment: ${environment}, problems: ${problems} (server ${this.state})`;
  }

  /** The text shown (for tests). */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
