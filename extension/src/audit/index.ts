/**
 * The audit trail and lineage in the editor: the "Railguard Audit Trail" view (refreshed by a
 * debounced watcher of the audit folder), "Railguard: Verify Audit Log" (`verifyAudit`), an
 * effect filter, "Railguard: Show Dataset Lineage" (team store, else the local outbox) in the
 * "Railguard Lineage" view, and the lineage sync state in the status bar.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { verifyAudit, type VerifyResult } from '../../../server/src/audit/verify';
import { runtimePaths } from '../../../server/src/daemon/paths';
import type { Direction } from '../../../server/src/teamstore/lineage-graph';
import { showLineage } from './lineage-command';
import { LINEAGE_VIEW, LineageView } from './lineage-view';
import { SyncStatusItem } from './status-item';
import { auditDirOf, railguardHome } from './trail';
import { AUDIT_VIEW, AuditTrailView, EFFECTS, LogWatcher } from './view';

/** Handles for tests and other extensions. */
export interface AuditApi {
  view: AuditTrailView;
  lineage: LineageView;
  sync: SyncStatusItem;
  /** The audit folder in use. */
  auditDir(): string;
  /** Runs the verify command; resolves to what `verifyAudit` found. */
  verify(): Promise<VerifyResult>;
  /** Shows a dataset's lineage without prompting (`NAMESPACE/NAME`). */
  showLineage(dataset: string, direction?: Direction, depth?: number): Promise<void>;
}

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('railguard');

/** The outbox folder: `railguard.outboxDir`, else `$RAILGUARD_HOME/outbox` or `~/.railguard/outbox`. */
export function outboxDir(): string {
  const set = config().get<string>('outboxDir', '').trim();
  return set || railguardHome(process.env, 'outbox');
}

/** Runs `verifyAudit` on `dir` and reports: an information message when ok, else the problems. */
async function verifyCommand(dir: string, log: vscode.LogOutputChannel): Promise<VerifyResult> {
  const result = await verifyAudit(dir);
  const where = (p: VerifyResult['problems'][number]): string =>
    `${p.file}:${p.line} ${p.kind}: ${p.message}`;
  if (result.ok) {
    const cp = result.lastVerifiedCheckpoint;
    const recovered = result.problems.length ? `, ${result.problems.length} recovered torn line(s)` : '';
    void vscode.window.showInformationMessage(
      `Railguard audit log OK: ${result.records} records in ${result.files} file(s), ${result.checkpoints} checkpoint(s)${
        cp ? `, last signed checkpoint at seq ${cp.seq}` : ''
      }${recovered} (${dir}).`,
    );
  } else {
    log.warn(`audit verify ${dir}: ${result.problems.length + result.moreProblems} problem(s)`);
    for (const p of result.problems) log.warn(`  ${where(p)}`);
    const first = result.problems.find((p) => !p.recovered);
    void vscode.window
      .showWarningMessage(
        `Railguard audit log has ${result.problems.length + result.moreProblems} problem(s)${first ? `: ${where(first)}` : ''}`,
        'Show All',
      )
      .then((pick) => pick && log.show(true));
  }
  return result;
}

/** Registers the views, commands, watcher and status item; returns the {@link AuditApi}. */
export function registerAudit(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): AuditApi {
  const auditDir = (): string => auditDirOf(config().get<string>('auditDir', ''));
  const view = new AuditTrailView({
    dir: auditDir,
    limit: () => config().get<number>('audit.maxRecords', 200),
  });
  const lineage = new LineageView();
  const sync = new SyncStatusItem({
    outboxDir,
    teamStoreConfigured: () => config().get<string>('teamStore.url', '').trim() !== '',
    runtime: () => runtimePaths(),
  });
  const refreshAll = (): void => {
    void view.refresh();
    void sync.refresh();
  };
  const watcher = new LogWatcher(refreshAll);
  const outboxWatcher = new LogWatcher(() => void sync.refresh(), 1000);
  const rewatch = (): void => {
    watcher.rewatch(auditDir());
    outboxWatcher.rewatch(outboxDir());
  };
  // Folders created after activation, and the daemon's health, are picked up by a slow poll.
  const poll = setInterval(() => {
    rewatch();
    void sync.refresh();
  }, 15_000);
  const api: AuditApi = {
    view,
    lineage,
    sync,
    auditDir,
    verify: () => verifyCommand(auditDir(), log),
    showLineage: (dataset, direction = 'downstream', depth = 3) =>
      showLineage({ dataset, direction, depth, view: lineage, outboxDir: outboxDir(), log }),
  };
  context.subscriptions.push(
    view,
    lineage,
    sync,
    watcher,
    outboxWatcher,
    { dispose: () => clearInterval(poll) },
    vscode.window.registerTreeDataProvider(AUDIT_VIEW, view),
    vscode.window.registerTreeDataProvider(LINEAGE_VIEW, lineage),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('railguard')) return;
      rewatch();
      refreshAll();
    }),
    vscode.commands.registerCommand('railguard.audit.refresh', () => view.refresh()),
    vscode.commands.registerCommand('railguard.audit.verify', () => api.verify()),
    vscode.commands.registerCommand('railguard.audit.filterEffect', async () => {
      const pick = await vscode.window.showQuickPick(['all', ...EFFECTS], {
        placeHolder: `Show audit events with effect (now: ${view.effect ?? 'all'})`,
      });
      if (!pick) return;
      view.effect = pick === 'all' ? undefined : pick;
      await view.refresh();
    }),
    vscode.commands.registerCommand('railguard.lineage.show', () =>
      showLineage({ view: lineage, outboxDir: outboxDir(), log, recent: view.shown }),
    ),
  );
  if (!fs.existsSync(auditDir())) log.info(`audit trail: ${auditDir()} does not exist yet`);
  rewatch();
  refreshAll();
  return api;
}
