import * as vscode from 'vscode';
import type { ApprovalPrompt } from '../../../server/src/lsp/approval-protocol';
import { promptText, type ApprovalBook } from './model';

/** The view's id in `contributes.views.explorer`. */
export const APPROVALS_VIEW = 'railguard.approvals';

type Group = 'pending' | 'answered' | 'observed';

/** A node: a group heading, or an item under one (`id` = approval id for pending ones). */
interface Node {
  group: Group;
  item?: vscode.TreeItem;
}

/** Pending nodes this view handed to VS Code: the only command arguments {@link approvalIdOf} accepts. */
const issued = new WeakSet<object>();

const GROUP_LABEL: Record<Group, string> = {
  pending: 'Pending approvals',
  answered: 'Answered',
  observed: 'Observed in terminals (observation only, not judged)',
};

/**
 * "Railguard Approvals" tree (Explorer): pending prompts (context value `pendingApproval`, with
 * approve/reject actions), recent answers (who answered, when, how) and the commands observed in
 * terminals, newest first. Refreshes on every {@link ApprovalBook} change.
 */
export class ApprovalsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly unsubscribe: () => void;

  constructor(private readonly book: ApprovalBook) {
    this.unsubscribe = book.onDidChange(() => this.emitter.fire(undefined));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.item) return node.item;
    const count = this.children(node.group).length;
    const t = new vscode.TreeItem(
      `${GROUP_LABEL[node.group]} (${count})`,
      node.group === 'pending' || count > 0
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed,
    );
    t.id = `group:${node.group}`;
    return t;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return (['pending', 'answered', 'observed'] as const).map((group) => ({ group }));
    if (node.item) return [];
    return this.children(node.group).map((item) => {
      const child: Node = { group: node.group, item };
      if (node.group === 'pending') issued.add(child);
      return child;
    });
  }

  private children(group: Group): vscode.TreeItem[] {
    const now = new Date();
    if (group === 'pending') return this.book.pendingPrompts().map((p) => pendingItem(p, now));
    if (group === 'answered')
      return this.book.answered.all().map(({ prompt, reply }) => {
        const t = new vscode.TreeItem(prompt.command);
        t.description = `${reply.answer} by ${reply.approver} · ${reply.via}${reply.forSession ? ' · session' : ''} · ${reply.answeredAt}`;
        t.tooltip = `${promptText(prompt, now).detail}\n\nAnswer: ${reply.answer} by ${reply.approver} at ${reply.answeredAt} (${reply.via})`;
        t.iconPath = new vscode.ThemeIcon(reply.answer === 'approved' ? 'pass' : 'circle-slash');
        return t;
      });
    return this.book.observed.all().map((o) => {
      const t = new vscode.TreeItem(o.commandLine || '(empty)');
      const exit = o.exitCode !== undefined ? ` · exit ${o.exitCode}` : '';
      t.description = `${o.terminal} · ${o.phase}${exit} · ${o.startedAt}`;
      t.tooltip = `Observed after the fact (not judged, not blocked); confidence ${o.confidence}${o.cwd ? `; cwd ${o.cwd}` : ''}`;
      t.iconPath = new vscode.ThemeIcon('eye');
      return t;
    });
  }

  dispose(): void {
    this.unsubscribe();
    this.emitter.dispose();
  }
}

function pendingItem(p: ApprovalPrompt, now: Date): vscode.TreeItem {
  const t = new vscode.TreeItem(p.command);
  t.id = `pending:${p.id}`;
  t.description = `${p.actorLabel} · ${p.environment}`;
  t.tooltip = promptText(p, now).detail;
  t.contextValue = 'pendingApproval';
  t.iconPath = new vscode.ThemeIcon('question');
  return t;
}

/**
 * The approval id of a pending node of this view passed back to a command by VS Code (the inline
 * approve/reject actions), else undefined. Only node objects this view handed out count: an id
 * string or a look-alike object from `executeCommand` (which any extension, or an agent's
 * run-command tool, can call) is refused, so the requesting agent cannot approve itself.
 */
export function approvalIdOf(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null || !issued.has(arg)) return undefined;
  const id = (arg as Node).item?.id;
  return typeof id === 'string' && id.startsWith('pending:') ? id.slice('pending:'.length) : undefined;
}

/**
 * The status bar count: `$(bell-dot) N Railguard approvals` while any is pending (hidden
 * otherwise); clicking it reveals the view.
 */
export class PendingStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'railguard.approvals.status',
    vscode.StatusBarAlignment.Left,
    9,
  );
  private readonly unsubscribe: () => void;

  constructor(private readonly book: ApprovalBook) {
    this.item.name = 'Railguard approvals';
    this.item.command = `${APPROVALS_VIEW}.focus`;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.unsubscribe = book.onDidChange(() => this.update());
    this.update();
  }

  /** The text shown (for tests); empty when hidden. */
  get text(): string {
    return this.book.pendingPrompts().length > 0 ? this.item.text : '';
  }

  private update(): void {
    const n = this.book.pendingPrompts().length;
    this.item.text = `$(bell-dot) ${n} Railguard approval${n === 1 ? '' : 's'}`;
    this.item.tooltip = `${n} pending Railguard approval${n === 1 ? '' : 's'}: click to review`;
    if (n > 0) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.unsubscribe();
    this.item.dispose();
  }
}
