/**
 * The arguments and pickers of `Railguard: Install/Uninstall Agent Hooks…`: what to do where,
 * from the command's argument (tests, automation) or asked with quick picks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  HOOK_CONFIGS,
  type FileChange,
  type HookConfigSpec,
  type Scope,
} from '../../../server/src/hooks/install';
import { applyHookConfig } from '../../../server/src/hooks/layout';

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

/** The change kinds that write a file. */
export const WRITES: ReadonlySet<FileChange['action']> = new Set([
  'create',
  'update',
  'remove-entry',
  'delete',
]);

/** Validates the command argument; a string names what is wrong. */
export function parseArgs(raw: unknown): AgentHooksArgs | string {
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
export async function chooseScope(
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
export async function chooseAgents(
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
    const files = [c.file(scope, root, home), scope === 'workspace' ? c.localFile?.(root) : undefined];
    if (!files.some((f) => f !== undefined && fs.existsSync(f))) return false;
    if (op === 'install') return true;
    const plan = applyHookConfig(c, 'uninstall', { scope, workspace: root, home, command, dryRun: true });
    return plan.some((p) => WRITES.has(p.action));
  };
  const configured = new Set(inScope.filter(present).map((c) => c.agent));
  const items = inScope.map((c) => ({
    label: c.agent,
    // Where this machine's entry goes: the agent's local file when it has one, else its file.
    description:
      path.relative(
        root,
        (scope === 'workspace' ? c.localFile?.(root) : undefined) ?? c.file(scope, root, home) ?? '',
      ) || undefined,
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
