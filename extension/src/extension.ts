/**
 * The Railguard VS Code extension: starts the language server (`dist/server.js`) over IPC when a
 * SQL file or a `.railguard` folder appears (lazy activation), restarts it when it dies (the
 * languageclient's error handler), shows state in a status bar item, logs to the "Railguard"
 * output channel and registers the `railguard.*` commands. Bundled to `dist/extension.js`.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { registerApprovals, type ApprovalsApi } from './approvals';
import { registerGateways, type GatewaysApi } from './gateway';
import { registerAudit, type AuditApi } from './audit';
import { createClient } from './client';
import { explainRule, lintWorkspace, openPolicy, showDecision } from './commands';
import { registerAgentHooks } from './agent-hooks';
import { StatusItem } from './status';
import { TRUST_POLICY_COMMAND, trustWorkspacePolicy } from './policy-trust';
import { POLICY_STATUS_METHOD, type PolicyStatusParams } from '../../server/src/lsp/protocol';
import { registerTerminalHook, type TerminalHookApi } from './terminal';

/** What `activate` returns: handles for the e2e tests and other extensions. */
export interface RailguardApi {
  client: LanguageClient;
  status: StatusItem;
  approvals: ApprovalsApi;
  /** The integrated-terminal hook (`terminal/`): guarded bash profile, PATH shims. */
  terminal: TerminalHookApi;
  /** The audit trail and lineage views, Verify Audit Log, the lineage sync status (`audit/`). */
  audit: AuditApi;
  /** Database gateways of `railguard.gateway.databases` and the terminals pointed at them (`gateway/`). */
  gateways: GatewaysApi;
}

export async function activate(context: vscode.ExtensionContext): Promise<RailguardApi> {
  const output = vscode.window.createOutputChannel('Railguard', { log: true });
  const status = new StatusItem();
  const workspaceFindings = vscode.languages.createDiagnosticCollection('railguard-workspace');
  const client = createClient(context, output);
  context.subscriptions.push(
    output,
    status,
    workspaceFindings,
    client.onDidChangeState((e) => {
      output.info(`language server ${State[e.oldState]} → ${State[e.newState]}`);
      status.setState(
        e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped',
      );
    }),
    vscode.languages.onDidChangeDiagnostics(() => status.update()),
    vscode.window.onDidChangeActiveTextEditor(() => status.update()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('railguard')) status.update();
    }),
    vscode.commands.registerCommand('railguard.lintWorkspace', () =>
      lintWorkspace(client, workspaceFindings),
    ),
    vscode.commands.registerCommand('railguard.explainRule', (ruleId?: unknown) =>
      explainRule(client, typeof ruleId === 'string' ? ruleId : undefined),
    ),
    vscode.commands.registerCommand('railguard.openPolicy', () => openPolicy()),
    vscode.commands.registerCommand('railguard.showDecision', () => showDecision(client)),
    vscode.commands.registerCommand('railguard.restartServer', () => client.restart()),
    // Policy tiers: approve unapproved user/workspace policy files (modal; `policy-trust.ts`).
    vscode.commands.registerCommand(TRUST_POLICY_COMMAND, () =>
      trustWorkspacePolicy(status.problems, output),
    ),
    client.onNotification(POLICY_STATUS_METHOD, (p: PolicyStatusParams) => {
      for (const x of p.problems.filter((y) => y.kind === 'broken')) output.error(x.message);
      status.setPolicyProblems(p.problems);
    }),
    // Install / Uninstall Agent Hooks (`agent-hooks/`).
    ...registerAgentHooks(context, output),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.info('workspace trusted: restarting the language server so workspace policies apply fully');
      void client.restart();
    }),
    { dispose: () => void client.stop() },
  );
  // Approval UI, terminal observer, task fallback, language model tool (`approvals/`).
  const approvals = registerApprovals(context, client, output);
  // PATH shims and the daemon's location for integrated terminals; the guarded bash profile.
  const terminal = registerTerminalHook(context, output);
  // Audit trail and lineage views, audit verification, lineage sync state.
  const audit = registerAudit(context, output);
  // A `railguard gateway` per configured database; terminals' PGHOST/PGPORT/DATABASE_URL point at it.
  const gateways = registerGateways(context, output);
  output.info(`Railguard activating (VS Code ${vscode.version}, ${vscode.env.remoteName ?? 'local'})`);
  await client.start();
  return { client, status, approvals, terminal, audit, gateways };
}
