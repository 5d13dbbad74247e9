/**
 * The editor side of interception: the approval UI for `ask` decisions (notification or modal,
 * the "Railguard Approvals" view, the status bar count), the terminal observer, the task fallback
 * and the `railguard_run_command` / `railguard_execute_sql` language model tools. The decisions
 * themselves come from the language server, which hosts the daemon (`server/src/lsp/decision-host.ts`).
 *
 * `lm.registerMcpServerDefinitionProvider` (VS Code 1.101+) is feature-detected at runtime: in
 * VS Code 1.100 no MCP server definition is registered (`railguard mcp` can still be added to
 * `mcp.json` or any MCP client by hand).
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { REQUEST_APPROVAL_METHOD, type ApprovalPrompt } from '../../../server/src/lsp/approval-protocol';
import { registerRunCommandTool } from './lm-tool';
import { registerMcpDefinition } from './mcp-definition';
import { ApprovalBook } from './model';
import { guardTasks, observeTerminals } from './observers';
import { handleApprovalRequest } from './prompt';
import { registerExecuteSqlTool } from './sql-tool';
import { approvalIdOf, APPROVALS_VIEW, ApprovalsView, PendingStatus } from './view';

/** Handles for tests and other extensions. */
export interface ApprovalsApi {
  book: ApprovalBook;
  status: PendingStatus;
}

/** Default of `railguard.approvalTimeoutSeconds`. */
const DEFAULT_TIMEOUT_S = 120;

/**
 * Picks the pending approval a command answers: the view node it was invoked on, else one the
 * user picks in a quick pick (shown even when only one is pending). An approval chosen that way
 * (the command palette, a keybinding, or `executeCommand` without a view node) must be confirmed
 * in a modal dialog, which no command can answer: an agent able to run VS Code commands cannot
 * approve its own request. Other arguments (id strings, look-alike objects) are refused and logged.
 */
async function pickPending(
  book: ApprovalBook,
  arg: unknown,
  answer: 'approved' | 'rejected',
  log: vscode.LogOutputChannel,
): Promise<string | undefined> {
  const given = approvalIdOf(arg);
  if (given) return given;
  if (arg !== undefined) {
    log.warn(
      `approval ${answer} refused: called with ${typeof arg} arguments instead of from the view or palette`,
    );
    return undefined;
  }
  const pending = book.pendingPrompts();
  if (pending.length === 0) return undefined;
  const pick = await vscode.window.showQuickPick(
    pending.map((p: ApprovalPrompt) => ({
      label: p.command,
      description: `${p.actorLabel} · ${p.environment}`,
      id: p.id,
    })),
    { placeHolder: `Pending Railguard approval to ${answer === 'approved' ? 'approve' : 'reject'}` },
  );
  if (!pick || answer === 'rejected') return pick?.id;
  // A dialog that cannot be shown (VS Code refuses modals under test) is no confirmation.
  const ok = await Promise.resolve(
    vscode.window.showWarningMessage(
      `Railguard: approve this command for ${pick.description}?`,
      { modal: true, detail: pick.label },
      'Approve',
    ),
  ).catch(() => undefined);
  return ok === 'Approve' ? pick.id : undefined;
}

/**
 * Registers everything on `client` (request handlers work before `client.start()`) and returns
 * the {@link ApprovalsApi}. The approver recorded is `vscode-user:` + the OS user running VS Code.
 */
export function registerApprovals(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  log: vscode.LogOutputChannel,
): ApprovalsApi {
  const book = new ApprovalBook({
    approver: `vscode-user:${os.userInfo().username}`,
    timeoutMs: () =>
      Math.max(
        1,
        vscode.workspace
          .getConfiguration('railguard')
          .get<number>('approvalTimeoutSeconds', DEFAULT_TIMEOUT_S),
      ) * 1000,
  });
  const view = new ApprovalsView(book);
  const status = new PendingStatus(book);
  const answer =
    (a: 'approved' | 'rejected', forSession = false) =>
    async (arg?: unknown): Promise<boolean> => {
      const id = await pickPending(book, arg, a, log);
      return id !== undefined && book.answer(id, a, 'view', forSession);
    };
  context.subscriptions.push(
    view,
    status,
    { dispose: () => book.dispose() },
    vscode.window.registerTreeDataProvider(APPROVALS_VIEW, view),
    client.onRequest(REQUEST_APPROVAL_METHOD, (prompt: ApprovalPrompt, token: vscode.CancellationToken) =>
      handleApprovalRequest(book, prompt, token, log),
    ),
    vscode.commands.registerCommand('railguard.approvals.approve', answer('approved')),
    vscode.commands.registerCommand('railguard.approvals.approveForSession', answer('approved', true)),
    vscode.commands.registerCommand('railguard.approvals.reject', answer('rejected')),
    vscode.commands.registerCommand('railguard.approvals.clearSession', () => {
      const n = book.clearSession();
      void vscode.window.showInformationMessage(
        `Railguard: forgot ${n} command(s) approved for this session.`,
      );
      return n;
    }),
    observeTerminals(book, client, log),
    guardTasks(client, log),
    registerRunCommandTool(client, log),
    registerExecuteSqlTool(client, log),
    registerMcpDefinition(context, log),
  );
  return { book, status };
}
