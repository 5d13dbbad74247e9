/**
 * "Railguard: Install Agent Hooks…" and "Railguard: Uninstall Agent Hooks…": the editor side of
 * `railguard hooks install|uninstall` (`server/src/cli/hooks.ts`). Picks the scope (a workspace
 * folder or the user's home folder) and the agents, shows every file change in a multi-file diff
 * (`vscode.changes`, before ↔ after as read-only virtual documents), asks for a modal confirmation,
 * then merges or removes the entries with the same code as the CLI (`applyHookConfig` in
 * `server/src/hooks/install.ts`) and reports what happened per file in a notification and the
 * Railguard output channel.
 *
 * The machine command written runs the extension's own files: the bash agent hook client
 * (`<extension>/server/src/hooks/shell/agent-hook.bash`, which asks the daemon the language server
 * hosts) with the extension's self-contained CLI (`<extension>/dist/railguard-cli.js`) as its
 * fallback, run by this extension host's runtime (`process.execPath`, prefixed with
 * `env ELECTRON_RUN_AS_NODE=1` under Electron). On Windows, where agents have no bash, the CLI alone.
 * As with the CLI (`server/src/hooks/layout.ts`), it goes only where machine paths belong (Claude
 * Code's `.claude/settings.local.json`, the user-scope files); files a team commits get the
 * portable `railguard hook AGENT` command, which blocks when no `railguard` is on PATH (the
 * result's `message` says so when the editor's PATH has none).
 *
 * Workspace trust: in an untrusted workspace nothing is written into the workspace (its
 * `.claude/settings.json` could be a link planted to redirect the write); the user scope stays
 * available.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  AGENT_HOOK_CLIENT,
  CLI_BUNDLE,
  cliArgv,
  hookCommand,
  type FileChange,
  type Scope,
} from '../../../server/src/hooks/install';
import { applyHookConfig, findOnPath, refreshHookConfigs } from '../../../server/src/hooks/layout';
import { chooseAgents, chooseScope, parseArgs, WRITES, type AgentHooksArgs, type HookOp } from './pickers';
import { PREVIEW_SCHEME, PreviewDocuments, previewAndConfirm } from './preview';

export { PREVIEW_SCHEME, type AgentHooksArgs, type HookOp };

/** The command ids (`contributes.commands` in package.json). */
export const INSTALL_AGENT_HOOKS = 'railguard.installAgentHooks';
export const UNINSTALL_AGENT_HOOKS = 'railguard.uninstallAgentHooks';

/** What a run did. */
export interface AgentHooksResult {
  op: HookOp;
  scope: Scope;
  /** The workspace folder or the home folder the files are under. */
  root: string;
  /** The machine hook command prefix (the agent's name is appended per agent). */
  command: string;
  /**
   * `written`: the files were changed (see `changes`); `nothing-to-do`: every file already was as
   * wanted; `cancelled`: the confirmation was declined (`changes` are then what would have been
   * done); `refused`: bad arguments, an untrusted workspace or a broken install (`message`).
   */
  outcome: 'written' | 'nothing-to-do' | 'cancelled' | 'refused';
  /** Per agent: the change made (or planned, when not written). */
  changes: FileChange[];
  message?: string;
}

const VERB: Record<FileChange['action'], string> = {
  create: 'created',
  update: 'Railguard hook added',
  unchanged: 'unchanged',
  'remove-entry': 'Railguard hook removed',
  delete: 'deleted (only the Railguard hook was left)',
  skip: 'skipped',
  error: 'error',
};

/** The hook command prefix this extension writes (see the module comment). */
export function extensionHookCommand(
  extensionPath: string,
  platform: NodeJS.Platform = process.platform,
): string {
  const cli = cliArgv(
    process.execPath,
    path.join(extensionPath, 'dist', CLI_BUNDLE),
    process.versions.electron !== undefined,
  );
  if (platform === 'win32') return hookCommand({ cli });
  return hookCommand({
    client: path.join(extensionPath, 'server', 'src', 'hooks', 'shell', AGENT_HOOK_CLIENT),
    cli,
  });
}

/** Logs every change and shows a summary notification (a warning when something failed). */
function report(result: AgentHooksResult, log: vscode.LogOutputChannel): void {
  const head = `agent hooks ${result.op} (${result.scope} scope, ${result.root}): ${result.outcome}`;
  log.info(`${head}${result.message ? `: ${result.message}` : ''}; command: ${result.command}`);
  for (const c of result.changes) {
    const line = `  ${c.agent}: ${VERB[c.action]} ${c.file}${c.message ? ` (${c.message})` : ''}`;
    if (c.action === 'error') log.error(line);
    else log.info(line);
  }
  const counts = new Map<string, number>();
  for (const c of result.changes) counts.set(VERB[c.action], (counts.get(VERB[c.action]) ?? 0) + 1);
  const summary = [...counts].map(([verb, n]) => `${n} ${verb}`).join(', ');
  const errors = result.changes.filter((c) => c.action === 'error');
  const text =
    result.outcome === 'refused'
      ? `Railguard: agent hooks not ${result.op}ed: ${result.message ?? ''}`
      : result.outcome === 'cancelled'
        ? `Railguard: agent hooks ${result.op} cancelled; nothing was written.`
        : `Railguard agent hooks ${result.op} (${result.scope}): ${summary || 'no agent'}.` +
          (errors[0] ? ` ${errors[0].file}: ${errors[0].message ?? 'error'}` : '') +
          (result.message ? ` Warning: ${result.message}.` : '');
  const show =
    result.outcome === 'refused' || errors.length > 0 || result.message !== undefined
      ? vscode.window.showWarningMessage
      : vscode.window.showInformationMessage;
  void show(text, 'Show Output').then((a) => {
    if (a) log.show(true);
  });
}

/**
 * Runs one install or uninstall: arguments or pickers, a dry run, the preview and confirmation
 * (unless `confirm: false`), the writes, the report. Resolves undefined when the user dismisses a
 * picker; never throws (an unexpected error is reported as `refused`).
 */
async function runAgentHooks(
  op: HookOp,
  rawArgs: unknown,
  extensionPath: string,
  docs: PreviewDocuments,
  log: vscode.LogOutputChannel,
): Promise<AgentHooksResult | undefined> {
  const command = extensionHookCommand(extensionPath);
  const refuse = (message: string, scope: Scope = 'workspace', root = ''): AgentHooksResult => {
    const result: AgentHooksResult = { op, scope, root, command, outcome: 'refused', changes: [], message };
    report(result, log);
    return result;
  };
  try {
    const args = parseArgs(rawArgs);
    if (typeof args === 'string') return refuse(args);
    if (op === 'install') {
      const missing = [
        path.join(extensionPath, 'dist', CLI_BUNDLE),
        ...(process.platform === 'win32'
          ? []
          : [path.join(extensionPath, 'server', 'src', 'hooks', 'shell', AGENT_HOOK_CLIENT)]),
      ].filter((f) => !fs.existsSync(f));
      if (missing.length > 0)
        return refuse(`the extension is missing ${missing.join(', ')} (broken install)`);
    }
    const where = await chooseScope(op, args);
    if (where === undefined) return undefined;
    if (typeof where === 'string') return refuse(where, args.scope);
    const { scope, root } = where;
    const specs = await chooseAgents(op, args, scope, root, command);
    if (!specs) return undefined;
    const opts = { scope, workspace: root, home: os.homedir(), command };
    const planned = specs.flatMap((s) => applyHookConfig(s, op, { ...opts, dryRun: true }));
    const base = { op, scope, root, command };
    if (!planned.some((c) => WRITES.has(c.action))) {
      const result: AgentHooksResult = { ...base, outcome: 'nothing-to-do', changes: planned };
      report(result, log);
      return result;
    }
    if (args.confirm !== false) {
      const label = scope === 'user' ? 'user' : path.basename(root);
      const ok = await previewAndConfirm(
        op,
        planned.filter((c) => WRITES.has(c.action)),
        docs,
        label,
        log,
      );
      if (!ok) {
        const result: AgentHooksResult = { ...base, outcome: 'cancelled', changes: planned };
        report(result, log);
        return result;
      }
    }
    const changes = specs.flatMap((s) => applyHookConfig(s, op, { ...opts, dryRun: false }));
    const portable = changes.some(
      (c) => op === 'install' && c.role === 'shared' && (c.action === 'create' || c.action === 'update'),
    );
    const result: AgentHooksResult = {
      ...base,
      outcome: 'written',
      changes,
      ...(portable && findOnPath('railguard', process.env.PATH) === undefined
        ? {
            message:
              'no railguard on PATH: the portable hooks in files the team commits block every call until it is installed (npm install -g railguard)',
          }
        : {}),
    };
    report(result, log);
    return result;
  } catch (err) {
    return refuse(`unexpected error: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Keeps hooks this extension installed working across updates: the commands name the extension's
 * versioned folder and VS Code's runtime, which updates move. An entry an earlier version wrote
 * into a file the team commits is moved to the local file or replaced by the portable command
 * (issue 12), with a warning in the log when the editor's PATH has no `railguard`. Rewrites (with `refreshHookConfigs`)
 * every entry naming this extension's CLI bundle ({@link CLI_BUNDLE}) that differs from the
 * command it writes now, in the user's files and in trusted workspace folders; entries written by
 * the npm CLI or by hand are left alone. Logs each file changed. Never throws.
 */
export function refreshAgentHooks(extensionPath: string, log: vscode.LogOutputChannel): FileChange[] {
  try {
    const command = extensionHookCommand(extensionPath);
    const workspaces = vscode.workspace.isTrusted
      ? (vscode.workspace.workspaceFolders ?? [])
          .filter((f) => f.uri.scheme === 'file')
          .map((f) => f.uri.fsPath)
      : [];
    const marker = `${path.sep}dist${path.sep}${CLI_BUNDLE}`;
    const changes = refreshHookConfigs({
      workspaces,
      home: os.homedir(),
      command,
      // Entries already naming `command` come back `unchanged` from refreshHookConfigs.
      owns: (text) => text.includes(marker),
    });
    for (const c of changes)
      log.info(
        c.role === 'shared'
          ? `agent hooks: ${c.agent} hook in ${c.file}, a file the team commits, now runs railguard from PATH (${c.action})`
          : `agent hooks: ${c.agent} hook in ${c.file} now runs this version of Railguard (${c.action})`,
      );
    if (changes.some((c) => c.role === 'shared') && findOnPath('railguard', process.env.PATH) === undefined)
      log.warn(
        'agent hooks: no railguard on PATH: the portable hooks in files the team commits block every call until it is installed (npm install -g railguard)',
      );
    return changes;
  } catch (err) {
    log.warn(
      `agent hooks: could not refresh installed hooks: ${err instanceof Error ? err.message : String(err)}`,
    );
    return [];
  }
}

/**
 * Registers {@link INSTALL_AGENT_HOOKS} and {@link UNINSTALL_AGENT_HOOKS} (each takes an optional
 * {@link AgentHooksArgs} and resolves to an {@link AgentHooksResult}) and the preview's document
 * provider, after refreshing hooks an earlier version installed ({@link refreshAgentHooks}).
 * Returns their disposables.
 */
export function registerAgentHooks(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const docs = new PreviewDocuments();
  refreshAgentHooks(context.extensionPath, log);
  return [
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, docs),
    vscode.commands.registerCommand(INSTALL_AGENT_HOOKS, (args?: unknown) =>
      runAgentHooks('install', args, context.extensionPath, docs, log),
    ),
    vscode.commands.registerCommand(UNINSTALL_AGENT_HOOKS, (args?: unknown) =>
      runAgentHooks('uninstall', args, context.extensionPath, docs, log),
    ),
  ];
}
