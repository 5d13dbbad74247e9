import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { adapterFor } from './agents';
import {
  applyHookFile,
  HOOK_CONFIGS,
  ourCommands,
  shellQuote,
  type FileChange,
  type HookConfigSpec,
  type Scope,
} from './install';

/**
 * Which file gets which hook command (issue 12, "hooks install writes machine-specific absolute
 * paths"). Two commands exist:
 * - the **machine** command: absolute paths of this install (`bash …/agent-hook.bash NODE
 *   …/railguard.js hook AGENT`), fast, valid on this machine only;
 * - the **portable** command ({@link portableHookCommand}): `railguard hook AGENT` found through
 *   `PATH`, failing closed when there is none.
 *
 * A workspace file the team commits (`shared` in `AGENT_HOOK_FILES`) only ever gets the portable
 * command. Machine paths go to the agent's local workspace file (Claude Code's
 * `.claude/settings.local.json`) or to the user-scope files under the home folder. Claude Code
 * runs the hooks of every settings file, so one machine never holds both: layout `local`
 * (default) writes the machine command to the local file and moves any other Railguard entry
 * out of the shared file; layout `shared` writes the portable command to the shared file (for a
 * team whose members all have `railguard` on PATH) and removes the local entry.
 */
export type Layout = 'local' | 'shared';

/** Shown by the portable command when `railguard` is not on PATH or gave no answer. */
export const NOT_ON_PATH =
  'railguard is not on PATH or gave no answer, so this call was blocked (fail closed): ' +
  'install it (npm install -g railguard) or run railguard hooks install on this machine';

/**
 * The portable hook command line for `agent` (its name included), for files a team commits:
 *
 *     answer=$(railguard hook AGENT) && [ -n "$answer" ] && printf '%s\n' "$answer" ||
 *       { cat >/dev/null 2>&1; printf '%s\n' DENY; }
 *
 * run by the agent with `sh -c` and the hook JSON on stdin (which `$(…)` passes on). `railguard`
 * is looked up on PATH. When it is missing (exit 127), fails, or prints nothing, DENY is printed:
 * the agent's own deny answer (its adapter's `answer` for a deny, `agents.ts`) with
 * {@link NOT_ON_PATH}, exit 0. A missing hook program is a non-blocking error for the agents
 * (Claude Code blocks only on exit 2), so without this the call would silently run unjudged.
 * Only POSIX `sh` syntax (XCU 2.6.3 command substitution, 2.9.3 lists). @throws for an unknown agent.
 */
export function portableHookCommand(agent: string): string {
  const adapter = adapterFor(agent);
  if (!adapter) throw new Error(`unknown agent ${agent}`);
  const deny = adapter.answer({ decision: 'deny', reason: NOT_ON_PATH }).stdout.trim();
  // The deny branch reads the agent's input to its end first: an agent writing the hook JSON to a
  // command that exited unread gets EPIPE (seen in the e2e run, where the write failed).
  return (
    `answer=$(railguard hook ${agent}) && [ -n "$answer" ] && printf '%s\\n' "$answer" ` +
    `|| { cat >/dev/null 2>&1; printf '%s\\n' ${shellQuote(deny)}; }`
  );
}

/** Options of {@link applyHookConfig}. */
export interface ApplyOptions {
  scope: Scope;
  /** The workspace folder (workspace scope). */
  workspace: string;
  home: string;
  /** The machine command prefix (`hookCommand`): the agent's name is appended. */
  command: string;
  /** Where an agent with a local workspace file gets its entry (default `local`). */
  layout?: Layout;
  dryRun: boolean;
}

const isPortableOf = (agent: string) => {
  const portable = portableHookCommand(agent);
  return (entry: unknown): boolean => JSON.stringify(entry).includes(JSON.stringify(portable).slice(1, -1));
};

/**
 * Installs or uninstalls one agent's hook per the layout above and returns one change per file it
 * looked at (shared first, then local; one `user` file in user scope; a `skip` when the agent has
 * no file in the scope). Uninstall removes every Railguard entry from the shared and the local
 * file (files left with nothing else are deleted, then folders left empty). Install, layout
 * `local`, for an agent with a local file: when the shared file already holds the portable entry
 * it covers this machine and nothing is added (a local entry is removed, so none runs twice);
 * otherwise the machine command goes to the local file and other Railguard entries leave the
 * shared file. Running it twice changes nothing. Never throws.
 */
export function applyHookConfig(
  spec: HookConfigSpec,
  op: 'install' | 'uninstall',
  opts: ApplyOptions,
): FileChange[] {
  const machine = `${opts.command} ${spec.agent}`;
  const dryRun = opts.dryRun;
  if (opts.scope === 'user') {
    const file = spec.file('user', opts.workspace, opts.home);
    if (!file)
      return [
        {
          agent: spec.agent,
          file: '-',
          action: 'skip',
          message: `${spec.agent} has no user-scope hook file`,
        },
      ];
    return [applyHookFile(spec, file, op, { command: machine, root: opts.home, dryRun, role: 'user' })];
  }
  const root = opts.workspace;
  const shared = spec.file('workspace', root, opts.home) ?? '';
  const local = spec.localFile?.(root);
  const portable = portableHookCommand(spec.agent);
  const remove = (file: string, role: FileChange['role'], keep?: (e: unknown) => boolean): FileChange =>
    applyHookFile(spec, file, 'uninstall', { root, dryRun, role, ...(keep ? { keep } : {}) });
  if (op === 'uninstall')
    return [remove(shared, 'shared'), ...(local === undefined ? [] : [remove(local, 'local')])];
  const put = (file: string, role: FileChange['role'], command: string): FileChange =>
    applyHookFile(spec, file, 'install', { command, root, dryRun, role });
  if (local === undefined) return [put(shared, 'shared', portable)];
  if (opts.layout === 'shared') return [put(shared, 'shared', portable), remove(local, 'local')];
  if (ourCommands(spec, shared).includes(portable))
    return [
      {
        agent: spec.agent,
        file: shared,
        role: 'shared',
        action: 'unchanged',
        message: 'its portable entry covers this machine',
      },
      remove(local, 'local'),
    ];
  const moved = remove(shared, 'shared', isPortableOf(spec.agent));
  if (moved.action === 'remove-entry' || moved.action === 'delete')
    moved.message = `machine-specific entry moved to ${path.basename(local)}`;
  return [moved, put(local, 'local', machine)];
}

/** Where an agent's Railguard entries are, per file (see {@link hookStatus}). */
export interface HookFileStatus {
  agent: string;
  file: string;
  role: 'shared' | 'local' | 'user';
  /** Each Railguard entry's kind: the portable command, or a machine-specific one. */
  entries: { kind: 'portable' | 'machine'; command: string }[];
}

/**
 * Which files hold Railguard's entries for `specs` (default every agent) in `workspace` and under
 * `home`, and whether each entry is portable or names paths of one machine. Files without an
 * entry are left out. Never throws.
 */
export function hookStatus(
  workspace: string,
  home: string,
  specs: readonly HookConfigSpec[] = HOOK_CONFIGS,
): HookFileStatus[] {
  const out: HookFileStatus[] = [];
  for (const spec of specs) {
    const portable = portableHookCommand(spec.agent);
    const files: [string | undefined, HookFileStatus['role']][] = [
      [spec.file('workspace', workspace, home), 'shared'],
      [spec.localFile?.(workspace), 'local'],
      [spec.file('user', workspace, home), 'user'],
    ];
    for (const [file, role] of files) {
      if (file === undefined) continue;
      const commands = ourCommands(spec, file);
      if (commands.length === 0) continue;
      out.push({
        agent: spec.agent,
        file,
        role,
        entries: commands.map((command) => ({
          kind: command === portable ? ('portable' as const) : ('machine' as const),
          command,
        })),
      });
    }
  }
  return out;
}

/**
 * The first executable file named `name` in the folders of `pathVar` (`PATH`, `:`-separated, as
 * `sh` searches it; empty entries mean the current folder), or undefined.
 */
export function findOnPath(
  name: string,
  pathVar: string | undefined,
  cwd = process.cwd(),
): string | undefined {
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    const file = path.resolve(cwd, dir || '.', name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Whether git ignores `file` inside `workspace` (`git check-ignore -q`: exit 0 ignored, 1 not):
 * a local hook file that git does not ignore could be committed with this machine's paths. Claude
 * Code adds its `settings.local.json` to git's ignores when it creates the file itself, not when
 * `hooks install` does. Undefined when it cannot tell (no git, not a repository). Never throws.
 */
export function gitIgnores(workspace: string, file: string): boolean | undefined {
  const r = spawnSync('git', ['check-ignore', '-q', '--', path.relative(workspace, file)], {
    cwd: workspace,
    stdio: 'ignore',
    timeout: 5000,
  });
  return r.status === 0 ? true : r.status === 1 ? false : undefined;
}

/** Options of {@link refreshHookConfigs}. */
export interface RefreshOptions {
  /** Workspace folders whose hook files may be refreshed (trusted ones only). */
  workspaces: readonly string[];
  home: string;
  /** The machine command prefix to write now (the agent's name is appended per agent). */
  command: string;
  /**
   * Whether a file's current text holds an entry this installer owns and may rewrite (e.g. the
   * extension's entries name `CLI_BUNDLE`); entries written by someone else (the CLI from an
   * npm install, a `--command` of the user's) are never touched.
   */
  owns(text: string): boolean;
  dryRun?: boolean;
}

/**
 * Rewrites Railguard entries that point at an older install (an extension update moves its
 * folder; a VS Code update moves its runtime): for every agent and scope where a file the
 * install would change holds an entry {@link RefreshOptions.owns}, applies what `install` does
 * now (which also moves an old machine-specific entry out of a shared file). Agents and scopes
 * without such an entry are left alone (refreshing never installs). Returns the changes made
 * (not `unchanged` ones). Never throws.
 */
export function refreshHookConfigs(options: RefreshOptions): FileChange[] {
  const out: FileChange[] = [];
  const targets: { scope: Scope; workspace: string }[] = [
    { scope: 'user', workspace: options.home },
    ...options.workspaces.map((w) => ({ scope: 'workspace' as const, workspace: w })),
  ];
  for (const spec of HOOK_CONFIGS) {
    for (const { scope, workspace } of targets) {
      const base = { scope, workspace, home: options.home, command: options.command };
      const planned = applyHookConfig(spec, 'install', { ...base, dryRun: true });
      const stale = planned.some(
        (c) => c.action !== 'unchanged' && c.before !== undefined && options.owns(c.before),
      );
      if (!stale) continue;
      const done = options.dryRun ? planned : applyHookConfig(spec, 'install', { ...base, dryRun: false });
      out.push(...done.filter((c) => c.action !== 'unchanged' && c.action !== 'skip'));
    }
  }
  return out;
}
