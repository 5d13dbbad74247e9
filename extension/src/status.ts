import * as vscode from 'vscode';
import type { PolicyStatusProblem } from '../../server/src/lsp/protocol';

/**
 * The status bar item: `Railguard: <mode> · <environment> · <n> problems` for the active editor's
 * workspace folder, and `Railguard: stopped` / `starting` while the server is not running.
 * Clicking it opens the Problems panel. A policy file that does not load turns it red
 * (`policy error`, decisions fail closed or keep the file's last good version); unapproved
 * user/workspace policy files turn it yellow (`N policies stricter-only`) and a click runs
 * "Railguard: Trust Workspace Policy".
 */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'railguard.status',
    vscode.StatusBarAlignment.Left,
    10,
  );
  private state: 'starting' | 'running' | 'stopped' = 'starting';
  private policyProblems: readonly PolicyStatusProblem[] = [];

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

  /** Sets the policy files that are broken or unapproved (from `railguard/policyStatus`). */
  setPolicyProblems(problems: readonly PolicyStatusProblem[]): void {
    this.policyProblems = problems;
    this.update();
  }

  /** The policy problems shown (for the trust command). */
  get problems(): readonly PolicyStatusProblem[] {
    return this.policyProblems;
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
    this.item.command = 'workbench.actions.view.problems';
    this.item.tooltip = `Railguard — mode: ${mode}, environment: ${environment}, problems: ${problems} (server ${this.state})`;
    const broken = this.policyProblems.filter((p) => p.kind === 'broken');
    const unapproved = this.policyProblems.filter((p) => p.kind === 'unapproved');
    if (this.state === 'running' && broken.length > 0) {
      this.item.text = `$(error) Railguard: policy error · ${this.item.text.replace('$(shield) ', '')}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else if (this.state === 'running' && unapproved.length > 0) {
      this.item.text = `$(warning) ${unapproved.length} ${unapproved.length === 1 ? 'policy' : 'policies'} stricter-only · ${this.item.text.replace('$(shield) ', '')}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.command = 'railguard.trustWorkspacePolicy';
    }
    if (this.policyProblems.length > 0)
      this.item.tooltip += `\n${this.policyProblems.map((p) => p.message).join('\n')}`;
  }

  /** The text shown (for tests). */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
