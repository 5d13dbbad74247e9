/**
 * "Railguard: Install Agent Hooks…" and "Railguard: Uninstall Agent Hooks…": the editor side of
 * `railguard hooks install|uninstall` (`server/src/cli/hooks.ts`). Picks the scope (a workspace
 * folder or the user's home folder) and the agents, shows every file change in a multi-file diff
 * (`vscode.changes`, before ↔ after as read-only virtual documents), asks for a modal confirmation,
 * then merges or removes the entries with the same code as the CLI (`applyHookConfig` in
 * `server/src/hooks/install.ts`) and reports what happened per file in a notification and the
 * Railguard output channel.
 *
 * The command written runs the extension's own files: the bash agent hook client
 * (`<extension>/server/src/hooks/shell/agent-hook.bash`, which asks the daemon the language server
 * hosts) with the extension's self-contained CLI (`<extension>/dist/railguard-cli.js`) as its
 * fallback, run by this extension host's runtime (`process.execPath`, prefixed with
 * `env ELECTRON_RUN_AS_NODE=1` under Electron). On Windows, where agents have no bash, the CLI alone.
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
  applyHookConfig,
  CLI_BUNDLE,
  cliArgv,
  HOOK_CONFIGS,
  hookCommand,
  refreshHookConfigs,
  type FileChange,
  type HookConfigSpec,
  type Scope,
} from '../../server/src/hooks/install';

/** The command ids (`contributes.commands` in package.json). */
export const INSTALL_AGENT_HOOKS = 'railguard.installAgentHooks';
export const UNINSTALL_AGENT_HOOKS = 'railguard.uninstallAgentHooks';

/** The URI scheme of the preview's before/after documents. */
export const PREVIEW_SCHEME = 'railguard-hooks-preview';

/** Install or uninstall. */
export type HookOp = 'install' | 'uninstall';

/**
 * Optional command argument, for tests and automation (`executeCommand(id, args)`): what is given
 * is not asked for.
 */
export interface AgentHooksArgs {
  /** Agent names as `railguard hook` knows them (`claude-code`, `cursor`, …); default: picked. */
  agents?: string[];
  /** Default: picked. */
  scope?: Scope;
  /** The workspace folder (absolute path) for the workspace scope; default: the first folder. */
  folder?: string;
  /** `false` writes without the preview and the confirmation; default `true`. */
  confirm?: boolean;
}

/** What a run did. */
export interface AgentHooksResult {
  op: HookOp;
  scope: Scope;
  /** The workspace folder or the home folder the files are under. */
  root: string;
  /** The hook command prefix written (the agent's name is appended per agent). */
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

/** Text of the preview documents, by URI; provided read-only under {@link PREVIEW_SCHEME}. */
class PreviewDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private seq = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** A fresh URI (ending in the file's own name, for its language) holding `text`. */
  add(file: string, side: 'before' | 'after', text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: file, query: `${++this.seq}-${side}` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  clear(): void {
    this.texts.clear();
  }
}

const WRITES: ReadonlySet<FileChange['action']> = new Set(['create', 'update', 'remove-entry', 'delete']);

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

/** Validates the command argument; a string names what is wrong. */
function parseArgs(raw: unknown): AgentHooksArgs | string {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return 'the argument must be an object';
  const a = raw as Record<string, unknown>;
  const out: AgentHooksArgs = {};
  if (a.agents !== undefined) {
    if (!Array.isArray(a.agents) || !a.agents.every((x): x is string => typeof x === 'string'))
      return '"agents" must be an array of agent names';
    const unknown = a.agents.filter((n) => !HOOK_CONFIGS.some((c) => c.agent === n));
    if (unknown.length > 0)
      return `unknown agent ${unknown.join(', ')} (known: ${HOOK_CONFIGS.map((c) => c.agent).join(', ')})`;
    out.agents = a.agents;
  }
  if (a.scope !== undefined) {
    if (a.scope !== 'workspace' && a.scope !== 'user') return '"scope" must be "workspace" or "user"';
    out.scope = a.scope;
  }
  if (a.folder !== undefined) {
    if (typeof a.folder !== 'string' || !path.isAbsolute(a.folder))
      return '"folder" must be an absolute path';
    out.folder = a.folder;
  }
  if (a.confirm !== undefined) {
    if (typeof a.confirm !== 'boolean') return '"confirm" must be a boolean';
    out.confirm = a.confirm;
  }
  return out;
}

/** The scope and its root folder: from the arguments, else picked. Undefined when dismissed. */
async function chooseScope(
  op: HookOp,
  args: AgentHooksArgs,
): Promise<{ scope: Scope; root: string } | string | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const trusted = vscode.workspace.isTrusted;
  if (args.scope === 'user') return { scope: 'user', root: os.homedir() };
  if (args.scope === 'workspace') {
    if (!trusted) return 'this workspace is not trusted: Railguard does not write hook files into it';
    const root = args.folder ?? folders[0]?.uri.fsPath;
    if (!root) return 'no workspace folder is open';
    if (!folders.some((f) => f.uri.fsPath === root)) return `${root} is not a folder of this workspace`;
    return { scope: 'workspace', root };
  }
  type Item = vscode.QuickPickItem & { scope: Scope; root: string };
  const items: Item[] = [
    ...(trusted ? folders : []).map((f) => ({
      label: `$(root-folder) ${f.name}`,
      description: f.uri.fsPath,
      detail: 'Workspace: .claude/, .cursor/, .github/hooks/, .gemini/, .codex/ in this folder',
      scope: 'workspace' as const,
      root: f.uri.fsPath,
    })),
    {
      label: '$(home) User',
      description: os.homedir(),
      detail: 'Every project of this user: ~/.claude/, ~/.cursor/, ~/.gemini/, ~/.codex/',
      scope: 'user',
      root: os.homedir(),
    },
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: `Railguard: ${op} agent hooks`,
    placeHolder:
      folders.length > 0 && !trusted
        ? 'Where? (workspace folders are not offered: the workspace is not trusted)'
        : 'Where?',
  });
  return pick ? { scope: pick.scope, root: pick.root } : undefined;
}

/**
 * The agents: from the arguments, else picked among those with a file in this scope, preselecting
 * the ones already configured there (install: their config file exists; uninstall: it holds a
 * Railguard entry), or all when none is. Undefined when dismissed or nothing was picked.
 */
async function chooseAgents(
  op: HookOp,
  args: AgentHooksArgs,
  scope: Scope,
  root: string,
  command: string,
): Promise<HookConfigSpec[] | undefined> {
  const home = os.homedir();
  const inScope = HOOK_CONFIGS.filter((c) => c.file(scope, root, home) !== undefined);
  if (args.agents) return HOOK_CONFIGS.filter((c) => args.agents?.includes(c.agent));
  const present = (c: HookConfigSpec): boolean => {
    const file = c.file(scope, root, home);
    if (!file || !fs.existsSync(file)) return false;
    if (op === 'install') return true;
    const plan = applyHookConfig(c, 'uninstall', { scope, workspace: root, home, command, dryRun: true });
    return WRITES.has(plan.action);
  };
  const configured = new Set(inScope.filter(present).map((c) => c.agent));
  const items = inScope.map((c) => ({
    label: c.agent,
    description: path.relative(root, c.file(scope, root, home) ?? '') || undefined,
    picked: configured.size === 0 || configured.has(c.agent),
    spec: c,
  }));
  const picks = await vscode.window.showQuickPick(items, {
    title: `Railguard: ${op} agent hooks`,
    placeHolder: 'Which agents?',
    canPickMany: true,
  });
  return picks && picks.length > 0 ? picks.map((p) => p.spec) : undefined;
}

/**
 * Shows the planned changes in one multi-file diff editor (`vscode.changes`; per-file
 * `vscode.diff` where that command is missing) and asks for a modal confirmation. Resolves true
 * when confirmed; closes the preview either way.
 */
async function previewAndConfirm(
  op: HookOp,
  planned: FileChange[],
  docs: PreviewDocuments,
  scopeLabel: string,
  log: vscode.LogOutputChannel,
): Promise<boolean> {
  const title = `Railguard: ${op} agent hooks (${scopeLabel})`;
  docs.clear();
  const resources = planned.map(
    (c) =>
      [
        vscode.Uri.file(c.file),
        c.before !== undefined ? docs.add(c.file, 'before', c.before) : undefined,
        c.action !== 'delete' && c.after !== undefined ? docs.add(c.file, 'after', c.after) : undefined,
      ] as const,
  );
  try {
    await vscode.commands.executeCommand('vscode.changes', title, resources);
  } catch (err) {
    log.warn(
      `multi-file diff unavailable (${err instanceof Error ? err.message : String(err)}); one diff per file`,
    );
    for (const [file, before, after] of resources) {
      const empty = docs.add(file.fsPath, before ? 'after' : 'before', '');
      await vscode.commands.executeCommand(
        'vscode.diff',
        before ?? empty,
        after ?? empty,
        `${title}: ${path.basename(file.fsPath)}`,
      );
    }
  }
  const verb = op === 'install' ? 'Install' : 'Uninstall';
  let answer: string | undefined;
  try {
    answer = await vscode.window.showWarningMessage(
      `${verb} Railguard's agent hooks?`,
      { modal: true, detail: planned.map((c) => `${c.agent}: ${c.action} ${c.file}`).join('\n') },
      verb,
    );
  } catch (err) {
    log.warn(`confirmation not shown: ${err instanceof Error ? err.message : String(err)}`);
  }
  for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
    if (tab.label === title || tab.label.startsWith(`${title}: `)) await vscode.window.tabGroups.close(tab);
  }
  return answer === verb;
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
          (errors[0] ? ` ${errors[0].file}: ${errors[0].message ?? 'error'}` : '');
  const show =
    result.outcome === 'refused' || errors.length > 0
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
    const planned = specs.map((s) => applyHookConfig(s, op, { ...opts, dryRun: true }));
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
    const changes = specs.map((s) => applyHookConfig(s, op, { ...opts, dryRun: false }));
    const result: AgentHooksResult = { ...base, outcome: 'written', changes };
    report(result, log);
    return result;
  } catch (err) {
    return refuse(`unexpected error: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Keeps hooks this extension installed working across updates: the commands name the extension's
 * versioned folder and VS Code's runtime, which updates move. Rewrites (with `refreshHookConfigs`)
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
      owns: (text) => text.includes(marker) && !text.includes(JSON.stringify(command).slice(1, -1)),
    });
    for (const c of changes)
      log.info(`agent hooks: ${c.agent} hook in ${c.file} now runs this version of Railguard (${c.action})`);
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
