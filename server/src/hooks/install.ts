import * as fs from 'node:fs';
import * as path from 'node:path';
import { AGENT_HOOK_FILES } from './agents';

/**
 * Installing Railguard's agent hooks: where each agent reads its hook configuration and the entry
 * Railguard adds there, one file at a time ({@link applyHookFile}; which files get which command
 * is `layout.ts`). Files are merged, never replaced: only entries whose command contains
 * `railguard hook` ({@link MARKER}) are Railguard's; everything else is kept as it was.
 * Formats and file locations: see the sources in `agents.ts` ({@link AGENT_HOOK_FILES}).
 */
export type Scope = 'workspace' | 'user';

/** One agent's hook configuration file and entry. */
export interface HookConfigSpec {
  agent: string;
  /**
   * The file for a scope, or undefined when the agent has no such scope. Workspace scope: the
   * file the team commits (shared; only the portable command goes there, see `layout.ts`).
   */
  file(scope: Scope, workspace: string, home: string): string | undefined;
  /**
   * The agent's workspace file for this user only, kept out of version control (Claude Code's
   * `.claude/settings.local.json`), where machine paths go; undefined when the agent has none.
   */
  localFile?(workspace: string): string;
  /** Keys from the file's root to the array of entries (e.g. `hooks.PreToolUse`). */
  eventPath: string[];
  /** Keys the file needs besides the event array (e.g. `{ version: 1 }`). */
  base: Record<string, unknown>;
  /** The entry running `command` (the whole command line, the agent's name included). */
  entry(command: string): Record<string, unknown>;
  /**
   * Further events the agent needs an entry under (Cursor's file reads are their own event,
   * `beforeReadFile`); installed, upgraded and removed with the main one.
   */
  more?: readonly { eventPath: string[]; entry(command: string): Record<string, unknown> }[];
}

/**
 * Claude Code tools the hook is registered for: the shell, and every tool that writes or reads a
 * file (a policy written with `Write` is as effective as one written with `cat >`). The matcher
 * is a regular expression over tool names.
 * Source: https://code.claude.com/docs/en/hooks#matchers (PreToolUse matchers: Bash, Write,
 * Edit, MultiEdit, NotebookEdit, Read…).
 */
export const CLAUDE_MATCHER = 'Bash|Write|Edit|MultiEdit|NotebookEdit|Read';

/**
 * Gemini CLI BeforeTool tools: the shell and the file system tools (`write_file`, `replace`,
 * `read_file`). Source: https://geminicli.com/docs/hooks/reference (BeforeTool matchers),
 * https://geminicli.com/docs/tools/file-system.
 */
export const GEMINI_MATCHER = 'run_shell_command|write_file|replace|read_file';

/**
 * Codex PreToolUse tools: the shell and the patch tool (its file edits; `Write`/`Edit` are its
 * matcher aliases). Source: https://developers.openai.com/codex/hooks.
 */
export const CODEX_MATCHER = 'Bash|apply_patch';

/** The agent hook client's file name in the shell scripts folder (`hooks/shell/`). */
export const AGENT_HOOK_CLIENT = 'agent-hook.bash';

/**
 * The file name of the extension's self-contained `railguard` CLI bundle in its `dist/` (built by
 * `extension/build.ts`, shipped in the .vsix): what the extension's hook commands fall back to.
 */
export const CLI_BUNDLE = 'railguard-cli.js';

/**
 * What marks a Railguard entry: a command running `railguard hook`, `…/railguard.js hook` or the
 * extension's self-contained `…/railguard-cli.js hook` (quoted or not), or the agent hook client
 * {@link AGENT_HOOK_CLIENT}.
 */
export const MARKER = /railguard(?:-cli)?(?:\.js)?'?\s+hook\b|\bagent-hook\.bash\b/;

/**
 * One word for a POSIX shell (`sh -c`, which agents run hook commands with): as is when it holds
 * only characters no shell treats specially, else in single quotes, each `'` written as `'\''`
 * (POSIX.1-2017 XCU 2.2.2: nothing inside single quotes is special).
 */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** How a hook command starts Railguard; see {@link hookCommand}. */
export interface HookCommandParts {
  /**
   * The bash agent hook client ({@link AGENT_HOOK_CLIENT}, absolute path): it asks the running
   * daemon over `/dev/tcp` and runs the Node command only when the daemon cannot answer.
   * Undefined: the Node command alone (a Node process per call).
   */
  client?: string;
  /** The argv that runs the `railguard` CLI, e.g. {@link cliArgv}`(node, '/…/railguard.js')`. */
  cli: readonly string[];
}

/**
 * The argv running the CLI script `script` with the JavaScript runtime `execPath`. When that
 * runtime is Electron (VS Code's own binary, `process.versions.electron` set) it only behaves as
 * Node with `ELECTRON_RUN_AS_NODE=1`, which the agent's environment lacks: the argv then starts
 * with `env ELECTRON_RUN_AS_NODE=1`.
 */
export function cliArgv(execPath: string, script: string, electron: boolean): string[] {
  return electron ? ['env', 'ELECTRON_RUN_AS_NODE=1', execPath, script] : [execPath, script];
}

/**
 * The machine hook command prefix, written where only this machine reads (the agent's name is
 * appended per agent by `applyHookConfig`, `layout.ts`): `bash CLIENT CLI… hook` with a client, `CLI… hook`
 * without, every word quoted with {@link shellQuote}. Both the CLI (`hooks install`) and the VS
 * Code extension build their commands here. The result matches {@link MARKER} when it runs the
 * client or a CLI script named `railguard`, `railguard.js` or {@link CLI_BUNDLE}.
 */
export function hookCommand(parts: HookCommandParts): string {
  const cli = [...parts.cli.map(shellQuote), 'hook'].join(' ');
  return parts.client === undefined ? cli : `bash ${shellQuote(parts.client)} ${cli}`;
}

const HOOK_TIMEOUT_S = 150; // covers a 120 s approval wait plus the 2 s decision timeout

/** The files of {@link AGENT_HOOK_FILES}`[agent]` as {@link HookConfigSpec} functions. */
function filesOf(agent: string): Pick<HookConfigSpec, 'file' | 'localFile'> {
  const f = AGENT_HOOK_FILES[agent];
  if (!f) throw new Error(`no hook files for ${agent}`);
  const local = f.local;
  return {
    file: (s, ws, home) =>
      s === 'workspace'
        ? path.join(ws, f.shared)
        : f.user === undefined
          ? undefined
          : path.join(home, f.user),
    ...(local === undefined ? {} : { localFile: (ws: string) => path.join(ws, local) }),
  };
}

/** Every agent's spec, in `railguard hook` names. */
export const HOOK_CONFIGS: readonly HookConfigSpec[] = [
  {
    agent: 'claude-code',
    ...filesOf('claude-code'),
    eventPath: ['hooks', 'PreToolUse'],
    base: {},
    entry: (command) => ({
      matcher: CLAUDE_MATCHER,
      hooks: [{ type: 'command', command, timeout: HOOK_TIMEOUT_S }],
    }),
  },
  {
    agent: 'vscode',
    ...filesOf('vscode'),
    eventPath: ['hooks', 'PreToolUse'],
    base: {},
    entry: (command) => ({ type: 'command', command, timeout: HOOK_TIMEOUT_S }),
  },
  {
    agent: 'copilot-cli',
    ...filesOf('copilot-cli'),
    eventPath: ['hooks', 'preToolUse'],
    base: { version: 1 },
    entry: (command) => ({ type: 'command', bash: command, timeoutSec: HOOK_TIMEOUT_S }),
  },
  {
    agent: 'cursor',
    ...filesOf('cursor'),
    eventPath: ['hooks', 'beforeShellExecution'],
    base: { version: 1 },
    entry: (command) => ({ command }),
    // Cursor's only blocking file hook is beforeReadFile; afterFileEdit runs after the edit and
    // cannot stop it (https://cursor.com/docs/agent/hooks): file writes through Cursor's own edit
    // tool are not judged before they happen (docs/threat-model.md, "What Railguard cannot do").
    more: [{ eventPath: ['hooks', 'beforeReadFile'], entry: (command) => ({ command }) }],
  },
  {
    agent: 'gemini',
    ...filesOf('gemini'),
    eventPath: ['hooks', 'BeforeTool'],
    base: {},
    entry: (command) => ({
      matcher: GEMINI_MATCHER,
      hooks: [{ type: 'command', command, timeout: HOOK_TIMEOUT_S * 1000 }],
    }),
  },
  {
    agent: 'codex',
    ...filesOf('codex'),
    eventPath: ['hooks', 'PreToolUse'],
    base: {},
    entry: (command) => ({
      matcher: CODEX_MATCHER,
      hooks: [{ type: 'command', command, timeout: HOOK_TIMEOUT_S }],
    }),
  },
];

/** What installing or uninstalling did (or would do, in a dry run) to one file. */
export interface FileChange {
  agent: string;
  file: string;
  /**
   * What the file is (see `AGENT_HOOK_FILES`): `shared` (committed with the workspace), `local`
   * (the workspace's file for this user only) or `user` (under the home folder).
   */
  role?: 'shared' | 'local' | 'user';
  action: 'create' | 'update' | 'unchanged' | 'remove-entry' | 'delete' | 'skip' | 'error';
  message?: string;
  before?: string;
  after?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Whether a hook entry (any JSON value) is Railguard's: its text matches {@link MARKER}. */
export const isOurs = (v: unknown): boolean => MARKER.test(JSON.stringify(v));

/** Reads a JSON object file: missing, unreadable JSON and non-objects are told apart. */
export function readJson(file: string): { exists: boolean; text?: string; value?: Obj; error?: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { exists: false };
  }
  try {
    const v: unknown = text.trim() === '' ? {} : JSON.parse(text);
    return isObj(v) ? { exists: true, text, value: v } : { exists: true, text, error: 'not a JSON object' };
  } catch (err) {
    return {
      exists: true,
      text,
      error: `not valid JSON (${err instanceof Error ? err.message : String(err)}); left untouched`,
    };
  }
}

/** The entries array at `keys`, creating objects on the way when `create`. */
function entriesAt(root: Obj, keys: string[], create: boolean): unknown[] | undefined {
  let o: Obj = root;
  for (const k of keys.slice(0, -1)) {
    if (!isObj(o[k])) {
      if (!create) return undefined;
      o[k] = {};
    }
    o = o[k] as Obj;
  }
  const last = keys[keys.length - 1] ?? '';
  if (!Array.isArray(o[last])) {
    if (!create) return undefined;
    o[last] = [];
  }
  return o[last] as unknown[];
}

/** Options of {@link applyHookFile}. */
export interface HookFileOptions {
  /** `install`: the whole command line of the entry written (the agent's name included). */
  command?: string;
  /** The folder empty parents are removed up to (never removed itself): workspace or home. */
  root: string;
  dryRun: boolean;
  /** `uninstall`: Railguard entries to leave in place (e.g. the portable one, see `layout.ts`). */
  keep?: (entry: unknown) => boolean;
  role?: FileChange['role'];
}

/**
 * Computes (and unless `dryRun`, writes) one agent's install or uninstall in one file: install
 * replaces every Railguard entry with the one running `command` under each of the agent's
 * events; uninstall removes them (except those `keep` holds), deleting a file left with only the
 * spec's base keys and then the folders left empty up to `root`. Never throws.
 */
export function applyHookFile(
  spec: HookConfigSpec,
  file: string,
  op: 'install' | 'uninstall',
  opts: HookFileOptions,
): FileChange {
  const who = { agent: spec.agent, file, ...(opts.role ? { role: opts.role } : {}) };
  const cur = readJson(file);
  if (cur.error) return { ...who, action: 'error', message: cur.error };
  const root: Obj = structuredClone(cur.value ?? {});
  const change = (action: FileChange['action'], after?: string): FileChange => {
    if (!opts.dryRun && after !== undefined) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, after);
    }
    if (!opts.dryRun && action === 'delete') {
      fs.rmSync(file, { force: true });
      removeEmptyFolders(path.dirname(file), opts.root);
    }
    return {
      ...who,
      action,
      ...(cur.text !== undefined ? { before: cur.text } : {}),
      ...(after !== undefined ? { after } : {}),
    };
  };
  const events = [{ eventPath: spec.eventPath, entry: spec.entry }, ...(spec.more ?? [])];
  if (op === 'install') {
    const command = opts.command ?? '';
    for (const [k, v] of Object.entries(spec.base)) if (root[k] === undefined) root[k] = v;
    for (const ev of events) {
      const list = entriesAt(root, ev.eventPath, true) ?? [];
      const kept = list.filter((e) => !isOurs(e));
      list.splice(0, list.length, ...kept, ev.entry(command));
    }
    const after = JSON.stringify(root, null, 2) + '\n';
    if (cur.value && JSON.stringify(cur.value) === JSON.stringify(root))
      return { ...who, action: 'unchanged' };
    return change(cur.exists ? 'update' : 'create', after);
  }
  const drop = (e: unknown): boolean => isOurs(e) && !(opts.keep?.(e) ?? false);
  let found = false;
  for (const ev of events) {
    const list = entriesAt(root, ev.eventPath, false);
    if (!cur.exists || !list || !list.some(drop)) continue;
    found = true;
    const kept = list.filter((e) => !drop(e));
    list.splice(0, list.length, ...kept);
    if (kept.length === 0) pruneEmpty(root, ev.eventPath);
  }
  if (!found) return { ...who, action: 'unchanged' };
  const onlyBase = Object.keys(root).every(
    (k) => k in spec.base && JSON.stringify(root[k]) === JSON.stringify(spec.base[k]),
  );
  if (onlyBase) return change('delete');
  return change('remove-entry', JSON.stringify(root, null, 2) + '\n');
}

/**
 * The command lines of Railguard's entries in `file` under the spec's events (`[]` when the file
 * is missing or unreadable).
 */
export function ourCommands(spec: HookConfigSpec, file: string): string[] {
  const cur = readJson(file);
  if (!cur.value) return [];
  const out: string[] = [];
  for (const ev of [{ eventPath: spec.eventPath }, ...(spec.more ?? [])]) {
    for (const e of entriesAt(cur.value, ev.eventPath, false) ?? []) {
      if (!isOurs(e) || !isObj(e)) continue;
      const inner = Array.isArray(e.hooks) ? e.hooks : [e];
      for (const h of inner)
        if (isObj(h))
          for (const k of ['command', 'bash'])
            if (typeof h[k] === 'string' && !out.includes(h[k] as string)) out.push(h[k] as string);
    }
  }
  return out;
}

/**
 * Removes `dir` and its parents while they are empty, stopping at `root` (never removed) or at
 * the first folder that holds anything: uninstalling leaves no empty `.cursor/` or
 * `.github/hooks/` behind. Never throws.
 */
function removeEmptyFolders(dir: string, root: string): void {
  const stop = path.resolve(root);
  for (let d = path.resolve(dir); d !== stop && d.startsWith(stop + path.sep); d = path.dirname(d)) {
    try {
      if (fs.readdirSync(d).length > 0) return;
      fs.rmdirSync(d);
    } catch {
      return;
    }
  }
}

/** Removes the empty array at `keys` and any objects left empty above it. */
function pruneEmpty(root: Obj, keys: string[]): void {
  const chain: Obj[] = [root];
  for (const k of keys.slice(0, -1)) {
    const next = chain[chain.length - 1]?.[k];
    if (!isObj(next)) return;
    chain.push(next);
  }
  for (let i = keys.length - 1; i >= 0; i--) {
    const parent = chain[i];
    const k = keys[i] ?? '';
    if (!parent) return;
    const v = parent[k];
    if ((Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0)) delete parent[k];
    else return;
  }
}
