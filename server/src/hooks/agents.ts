import type { FileOperation } from '../core/types';
import {
  CLAUDE_FILE_TOOLS,
  CODEX_FILE_TOOLS,
  COPILOT_CLI_FILE_TOOLS,
  fileToolCall,
  GEMINI_FILE_TOOLS,
  VSCODE_FILE_TOOLS,
  type FileToolTable,
} from './file-tools';

/**
 * Agent hook adapters: each reads one agent's pre-execution hook JSON (stdin of a `command`
 * hook, or the body of an `http` hook) and writes the answer in that agent's format.
 *
 * Mapping of Railguard verdicts (see `verdict.ts`), the same for every agent:
 * - `neutral` (allowed by policy, or not a shell tool call): an empty JSON object, exit 0 — the
 *   agent's own permission flow then applies. Railguard never grants more than the agent's own
 *   settings would: an `allow` answer would skip the agent's prompt for commands the user never
 *   approved.
 * - `allow`: only after a human approved an `ask` (in the editor): the agent's explicit allow.
 * - `warn`: neutral plus a message the user sees (`systemMessage` where the agent has it).
 * - `ask`: the agent's own ask (its prompt to the human) where it has one, else deny.
 * - `deny`: the agent's deny with the reason and rule.
 * Exit code is 0 with JSON on stdout for every answer (Claude Code, VS Code and Gemini CLI read
 * the JSON only on exit 0; exit 2 would discard it).
 */

/**
 * A file tool call's target: `command` then holds the content written (new text of an edit,
 * patch text for `patch`, empty for a read or delete). See `file-tools.ts`.
 */
export interface HookFile {
  path: string;
  operation: FileOperation;
}

/**
 * A hook input as read: a shell command (or, with `file`, a file tool call) to judge, not a call
 * Railguard judges (`skip`), or unreadable.
 */
export type ParsedHook =
  | { kind: 'command'; command: string; cwd?: string; sessionId?: string; file?: HookFile }
  | { kind: 'skip'; why: string }
  | { kind: 'malformed'; why: string };

/** What to answer; `reason` is shown to the user and/or the agent. */
export interface HookVerdict {
  decision: 'neutral' | 'allow' | 'warn' | 'ask' | 'deny';
  reason: string;
}

/** What the hook process prints and exits with. */
export interface HookAnswer {
  stdout: string;
  exitCode: number;
}

/** One agent's hook contract. */
export interface AgentAdapter {
  /** `railguard hook NAME`. */
  name: string;
  /** The actor name policies see (`agent:NAME`). */
  actorName: string;
  /** Whether the agent has its own `ask` (a prompt to its human). */
  supportsAsk: boolean;
  parse(input: unknown): ParsedHook;
  answer(verdict: HookVerdict): HookAnswer;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (o: Obj, k: string): string | undefined =>
  typeof o[k] === 'string' ? (o[k] as string) : undefined;
const json = (v: unknown): HookAnswer => ({ stdout: JSON.stringify(v) + '\n', exitCode: 0 });

/** Quotes argv words for a POSIX shell (for agents that send a command as an array). */
function joinArgv(argv: unknown[]): string | undefined {
  if (!argv.every((a) => typeof a === 'string')) return undefined;
  return (argv as string[])
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

/**
 * Reads `tool_input.command` (string, or argv array) of a snake_case hook payload, or, for a tool
 * in `files`, the file tool call (path, operation, content).
 */
function snakeToolCall(
  input: unknown,
  event: string,
  tools: readonly string[],
  files: FileToolTable = {},
): ParsedHook {
  if (!isObj(input)) return { kind: 'malformed', why: 'the hook input is not a JSON object' };
  const ev = str(input, 'hook_event_name') ?? str(input, 'hookEventName');
  if (ev !== undefined && ev !== event) return { kind: 'skip', why: `event ${ev}` };
  const tool = str(input, 'tool_name');
  if (tool === undefined) return { kind: 'malformed', why: 'no tool_name' };
  const ti = input.tool_input;
  const sessionId0 = str(input, 'session_id') ?? str(input, 'sessionId');
  if (files[tool] !== undefined) {
    if (!isObj(ti)) return { kind: 'malformed', why: 'tool_input is not an object' };
    const call = fileToolCall(files[tool], ti);
    if ('why' in call) return { kind: 'malformed', why: `${tool}: ${call.why}` };
    const cwd = str(input, 'cwd');
    return {
      kind: 'command',
      command: call.content,
      file: { path: call.path, operation: call.operation },
      ...(cwd ? { cwd } : {}),
      ...(sessionId0 ? { sessionId: sessionId0 } : {}),
    };
  }
  if (!tools.includes(tool)) return { kind: 'skip', why: `tool ${tool}` };
  if (!isObj(ti)) return { kind: 'malformed', why: 'tool_input is not an object' };
  const c = ti.command;
  const command = typeof c === 'string' ? c : Array.isArray(c) ? joinArgv(c) : undefined;
  if (command === undefined) return { kind: 'malformed', why: 'tool_input.command is not a string' };
  const cwd = str(input, 'cwd') ?? (typeof ti.cwd === 'string' ? ti.cwd : undefined);
  const sessionId = str(input, 'session_id') ?? str(input, 'sessionId');
  return { kind: 'command', command, ...(cwd ? { cwd } : {}), ...(sessionId ? { sessionId } : {}) };
}

/** `hookSpecificOutput` answers of Claude Code, VS Code and Codex `PreToolUse`. */
function preToolUseAnswer(v: HookVerdict, ask: boolean): HookAnswer {
  const out = (permissionDecision: string): HookAnswer =>
    json({
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision,
        permissionDecisionReason: v.reason,
      },
    });
  switch (v.decision) {
    case 'neutral':
      return json({});
    case 'warn':
      return json({ systemMessage: `railguard: ${v.reason}` });
    case 'allow':
      return out('allow');
    case 'ask':
      return out(ask ? 'ask' : 'deny');
    case 'deny':
      return out('deny');
  }
}

/**
 * Claude Code `PreToolUse`, matcher `Bash`: input `{ session_id, cwd, hook_event_name,
 * tool_name: "Bash", tool_input: { command } }`; answer `hookSpecificOutput.permissionDecision`
 * allow|deny|ask + `permissionDecisionReason` (ask: shown in the prompt; deny: shown to Claude).
 * Source: https://code.claude.com/docs/en/hooks#pretooluse (Hooks reference, PreToolUse decision control).
 */
export const claudeCode: AgentAdapter = {
  name: 'claude-code',
  actorName: 'claude-code',
  supportsAsk: true,
  parse: (input) => snakeToolCall(input, 'PreToolUse', ['Bash'], CLAUDE_FILE_TOOLS),
  answer: (v) => preToolUseAnswer(v, true),
};

/**
 * VS Code agent hooks (`.github/hooks/*.json`), `PreToolUse` of the `run_in_terminal` tool:
 * common input fields (`timestamp`, `cwd`, `sessionId`, `hookEventName`) plus `tool_name`,
 * `tool_input`, `tool_use_id`; answer `hookSpecificOutput.permissionDecision` allow|deny|ask.
 * Source: https://code.visualstudio.com/docs/agents/reference/hooks-reference (PreToolUse).
 */
export const vscode: AgentAdapter = {
  name: 'vscode',
  actorName: 'copilot',
  supportsAsk: true,
  parse: (input) =>
    snakeToolCall(input, 'PreToolUse', ['run_in_terminal', 'runInTerminal'], VSCODE_FILE_TOOLS),
  answer: (v) => preToolUseAnswer(v, true),
};

/**
 * GitHub Copilot CLI `preToolUse` (`.github/hooks/*.json`, `version: 1`): input `{ timestamp,
 * cwd, toolName: "bash", toolArgs }` where `toolArgs` is a JSON string (the SDK passes an object);
 * answer `{ permissionDecision: allow|deny|ask, permissionDecisionReason }`.
 * Sources: https://docs.github.com/en/copilot/reference/copilot-cli-reference/cli-hooks-reference,
 * https://docs.github.com/en/copilot/how-tos/copilot-sdk/use-hooks/pre-tool-use.
 */
export const copilotCli: AgentAdapter = {
  name: 'copilot-cli',
  actorName: 'copilot',
  supportsAsk: true,
  parse: (input) => {
    if (!isObj(input)) return { kind: 'malformed', why: 'the hook input is not a JSON object' };
    const tool = str(input, 'toolName');
    if (tool === undefined) return { kind: 'malformed', why: 'no toolName' };
    const fileSpec = COPILOT_CLI_FILE_TOOLS[tool];
    if (!['bash', 'shell'].includes(tool) && !fileSpec) return { kind: 'skip', why: `tool ${tool}` };
    let args: unknown = input.toolArgs;
    if (typeof args === 'string') {
      try {
        args = JSON.parse(args);
      } catch {
        return { kind: 'malformed', why: 'toolArgs is not JSON' };
      }
    }
    if (fileSpec) {
      if (!isObj(args)) return { kind: 'malformed', why: 'toolArgs is not an object' };
      const call = fileToolCall(fileSpec, args);
      if ('why' in call) return { kind: 'malformed', why: `${tool}: ${call.why}` };
      const fcwd = str(input, 'cwd');
      return {
        kind: 'command',
        command: call.content,
        file: { path: call.path, operation: call.operation },
        ...(fcwd ? { cwd: fcwd } : {}),
      };
    }
    if (!isObj(args) || typeof args.command !== 'string')
      return { kind: 'malformed', why: 'toolArgs.command is not a string' };
    const cwd = str(input, 'cwd');
    return { kind: 'command', command: args.command, ...(cwd ? { cwd } : {}) };
  },
  answer: (v) => {
    if (v.decision === 'neutral' || v.decision === 'warn') return json({});
    const permissionDecision = v.decision === 'allow' ? 'allow' : v.decision;
    return json({ permissionDecision, permissionDecisionReason: v.reason });
  },
};

/**
 * Cursor `beforeShellExecution` (`.cursor/hooks.json`, `version: 1`): input `{ conversation_id,
 * generation_id, hook_event_name, command, cwd, workspace_roots }`; answer `{ permission:
 * allow|deny|ask, userMessage, agentMessage }`.
 * Source: https://cursor.com/docs/agent/hooks (beforeShellExecution).
 */
export const cursor: AgentAdapter = {
  name: 'cursor',
  actorName: 'cursor',
  supportsAsk: true,
  parse: (input) => {
    if (!isObj(input)) return { kind: 'malformed', why: 'the hook input is not a JSON object' };
    const ev = str(input, 'hook_event_name');
    if (ev === 'beforeReadFile') {
      const file = str(input, 'file_path');
      if (file === undefined) return { kind: 'malformed', why: 'file_path is not a string' };
      const roots = Array.isArray(input.workspace_roots) ? input.workspace_roots : [];
      const root = typeof roots[0] === 'string' ? roots[0] : undefined;
      const conv = str(input, 'conversation_id');
      return {
        kind: 'command',
        command: '',
        file: { path: file, operation: 'read' },
        ...(root ? { cwd: root } : {}),
        ...(conv ? { sessionId: conv } : {}),
      };
    }
    if (ev !== undefined && ev !== 'beforeShellExecution') return { kind: 'skip', why: `event ${ev}` };
    const command = str(input, 'command');
    if (command === undefined) return { kind: 'malformed', why: 'command is not a string' };
    const roots = Array.isArray(input.workspace_roots) ? input.workspace_roots : [];
    const cwd = str(input, 'cwd') || (typeof roots[0] === 'string' ? roots[0] : undefined);
    const sessionId = str(input, 'conversation_id');
    return { kind: 'command', command, ...(cwd ? { cwd } : {}), ...(sessionId ? { sessionId } : {}) };
  },
  answer: (v) => {
    if (v.decision === 'neutral') return json({});
    const permission = v.decision === 'warn' ? 'allow' : v.decision;
    return json({ permission, userMessage: `railguard: ${v.reason}`, agentMessage: v.reason });
  },
};

/**
 * Gemini CLI `BeforeTool`, tool `run_shell_command`: input `{ session_id, cwd, hook_event_name,
 * tool_name, tool_input: { command } }`; answer `{ decision: "allow"|"deny", reason }` (the
 * reference lists no `ask` for BeforeTool, so `ask` ⇒ deny naming the approval it needs).
 * Source: https://geminicli.com/docs/hooks/reference (BeforeTool; common output fields).
 */
export const gemini: AgentAdapter = {
  name: 'gemini',
  actorName: 'gemini',
  supportsAsk: false,
  parse: (input) => snakeToolCall(input, 'BeforeTool', ['run_shell_command'], GEMINI_FILE_TOOLS),
  answer: (v) => {
    switch (v.decision) {
      case 'neutral':
        return json({});
      case 'warn':
        return json({ systemMessage: `railguard: ${v.reason}` });
      case 'allow':
        return json({ decision: 'allow', reason: v.reason });
      case 'ask':
        return json({
          decision: 'deny',
          reason: `needs a human's approval, which Gemini CLI hooks cannot ask for: ${v.reason}`,
        });
      case 'deny':
        return json({ decision: 'deny', reason: v.reason });
    }
  },
};

/**
 * Codex `PreToolUse`, matcher `Bash` (`.codex/hooks.json`, `[features] codex_hooks = true`):
 * input `{ session_id, cwd, hook_event_name, tool_name: "Bash", tool_input: { command } }`;
 * answer `hookSpecificOutput.permissionDecision: "deny"` + reason. Codex does not support `ask`
 * from a PreToolUse hook ⇒ deny.
 * Source: https://developers.openai.com/codex/hooks (PreToolUse).
 */
export const codex: AgentAdapter = {
  name: 'codex',
  actorName: 'codex',
  supportsAsk: false,
  parse: (input) => snakeToolCall(input, 'PreToolUse', ['Bash', 'shell', 'local_shell'], CODEX_FILE_TOOLS),
  answer: (v) => preToolUseAnswer(v, false),
};

/** Every adapter, by `railguard hook NAME`. */
export const AGENT_ADAPTERS: readonly AgentAdapter[] = [
  claudeCode,
  vscode,
  copilotCli,
  cursor,
  gemini,
  codex,
];

/** The adapter for a name (`claude` and `copilot` are accepted aliases); undefined when unknown. */
export function adapterFor(name: string): AgentAdapter | undefined {
  const alias: Record<string, string> = {
    claude: 'claude-code',
    copilot: 'copilot-cli',
    'gemini-cli': 'gemini',
  };
  const n = alias[name] ?? name;
  return AGENT_ADAPTERS.find((a) => a.name === n);
}

/**
 * Where an agent reads hook configuration, as paths relative to the workspace (`shared`, `local`)
 * or to the home folder (`user`), and which of the workspace files a team commits:
 * - `shared`: the workspace file the agent's docs present as checked in and shared with the team:
 *   `hooks install` writes only the portable command there (no path of this machine);
 * - `local`: a workspace file in the same format that the agent reads for this user only and keeps
 *   out of version control, where machine paths go; undefined when the agent has none;
 * - `user`: the user-scope file (this machine only), undefined when the agent has none.
 */
export interface AgentHookFiles {
  shared: string;
  local?: string;
  user?: string;
  /** The pages these locations and their sharing come from. */
  sources: readonly string[];
}

/** Each agent's hook files, by `railguard hook` name. */
export const AGENT_HOOK_FILES: Readonly<Record<string, AgentHookFiles>> = {
  // Claude Code: "Project settings (.claude/settings.json): checked into source control and shared
  // with your team"; "Local project settings (.claude/settings.local.json): not checked in … Claude
  // Code will configure git to ignore it"; hooks from every settings file run.
  'claude-code': {
    shared: '.claude/settings.json',
    local: '.claude/settings.local.json',
    user: '.claude/settings.json',
    sources: ['https://code.claude.com/docs/en/settings', 'https://code.claude.com/docs/en/hooks'],
  },
  // VS Code: `.github/hooks/*.json` is the team-shared workspace location. It also reads Claude
  // Code's `.claude/settings.local.json`, but in Claude's format and for Claude's tool names, so a
  // `hook vscode` entry cannot live there: VS Code has no local file of its own.
  vscode: {
    shared: '.github/hooks/railguard-vscode.json',
    sources: ['https://code.visualstudio.com/docs/agent-customization/hooks'],
  },
  // Copilot CLI: repository `.github/hooks/*.json`; user-level `~/.copilot/hooks/*.json` (not yet
  // written by `hooks install`); no uncommitted workspace file.
  'copilot-cli': {
    shared: '.github/hooks/railguard-copilot-cli.json',
    sources: [
      'https://docs.github.com/en/copilot/reference/hooks-reference',
      'https://docs.github.com/en/copilot/reference/copilot-cli-reference/cli-hooks-reference',
    ],
  },
  // Cursor: project `.cursor/hooks.json` (committed, also run by its cloud agents), user
  // `~/.cursor/hooks.json`, enterprise `/etc/cursor/hooks.json`; no local project file.
  cursor: {
    shared: '.cursor/hooks.json',
    user: '.cursor/hooks.json',
    sources: ['https://cursor.com/docs/agent/hooks'],
  },
  // Gemini CLI: project `.gemini/settings.json`, user `~/.gemini/settings.json`, system files; no
  // local project file.
  gemini: {
    shared: '.gemini/settings.json',
    user: '.gemini/settings.json',
    sources: [
      'https://geminicli.com/docs/reference/configuration',
      'https://geminicli.com/docs/hooks/reference',
    ],
  },
  // Codex: `<repo>/.codex/hooks.json` and `~/.codex/hooks.json` ("matching hooks from multiple files
  // all run"); no local project file.
  codex: {
    shared: '.codex/hooks.json',
    user: '.codex/hooks.json',
    sources: ['https://developers.openai.com/codex/hooks'],
  },
};
