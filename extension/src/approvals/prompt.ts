import * as vscode from 'vscode';
import type { ApprovalPrompt, ApprovalReply } from '../../../server/src/lsp/approval-protocol';
import { promptText, type ApprovalBook } from './model';

/** The three answers, as button labels (the e2e test clicks them by text). */
export const BUTTONS = {
  once: 'Approve once',
  session: 'Approve for this session',
  reject: 'Reject',
} as const;

/**
 * Handles one `railguard/requestApproval`: records the prompt as pending and shows it — a modal
 * dialog for production (`prompt.production`, unless `railguard.modalApprovalsInProduction` is
 * off), a warning notification otherwise — with the
 * buttons in {@link BUTTONS} (in the notification Reject comes first, as its primary action). Dismissing the notification (or Cancel in the dialog) is no answer:
 * the prompt stays pending in the view and the status bar until answered or expired. Cancellation
 * by the server (its wait ended) withdraws it. Resolves with the reply for the server.
 */
export function handleApprovalRequest(
  book: ApprovalBook,
  prompt: ApprovalPrompt,
  token: vscode.CancellationToken,
  log: vscode.LogOutputChannel,
): Promise<ApprovalReply> {
  const { reply, autoApproved } = book.add(prompt);
  const { message, detail } = promptText(prompt, new Date());
  if (autoApproved) {
    log.info(`approval ${prompt.id}: auto-approved (approved for this session): ${prompt.command}`);
    vscode.window.setStatusBarMessage(
      `$(pass) Railguard: approved for this session: ${prompt.command}`,
      5000,
    );
    return reply;
  }
  log.info(`approval ${prompt.id} pending: ${detail.replace(/\n/g, ' | ')}`);
  const cancel = token.onCancellationRequested(() => {
    if (book.withdraw(prompt.id)) log.info(`approval ${prompt.id}: withdrawn by the daemon (expired)`);
  });
  const modal =
    prompt.production &&
    vscode.workspace.getConfiguration('railguard').get<boolean>('modalApprovalsInProduction', true);
  const shown = modal
    ? vscode.window.showWarningMessage(
        `Railguard: approve this ${prompt.environment} command?`,
        { modal: true, detail: `${detail}` },
        BUTTONS.once,
        BUTTONS.session,
        BUTTONS.reject,
      )
    : // Reject first: it is the notification's primary action, the one the
      // `notification.acceptPrimaryAction` command presses, which an agent able to run VS Code
      // commands could call. Approving takes a click on a secondary button.
      vscode.window.showWarningMessage(message, BUTTONS.reject, BUTTONS.once, BUTTONS.session);
  void Promise.resolve(shown).then((choice) => {
    if (choice === BUTTONS.once) book.answer(prompt.id, 'approved', 'prompt');
    else if (choice === BUTTONS.session) book.answer(prompt.id, 'approved', 'prompt', true);
    else if (choice === BUTTONS.reject) book.answer(prompt.id, 'rejected', 'prompt');
  });
  return reply.then((r) => {
    cancel.dispose();
    log.info(
      `approval ${r.id}: ${r.answer} by ${r.approver} at ${r.answeredAt} via ${r.via}${r.forSession ? ' (for this session)' : ''}`,
    );
    return r;
  });
}
