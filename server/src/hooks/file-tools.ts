import type { FileOperation } from '../core/types';

/**
 * How one file tool's input maps to a file action: which keys hold the path and the content, and
 * what the tool does. `operation` `patch` means the content is patch text naming its own files
 * (Codex `apply_patch` envelopes, unified diffs); the path is then the first file it names.
 */
export interface FileToolSpec {
  operation: FileOperation;
  /** Input keys that may hold the path, first present wins. */
  path: readonly string[];
  /** Input keys whose strings make up the content (joined with newlines); `edits[]` items too. */
  content?: readonly string[];
  /** An input key holding an array of edits (`MultiEdit`'s `edits`), each with `content` keys. */
  edits?: string;
  /** An input key holding an array of paths (VS Code `editFiles`' `files`). */
  paths?: string;
}

/** A tool name ⇒ spec table, one per agent. */
export type FileToolTable = Readonly<Record<string, FileToolSpec>>;

const PATH_KEYS = ['file_path', 'filePath', 'path', 'notebook_path', 'absolute_path', 'target_file', 'uri'];
const NEW_TEXT = ['content', 'new_string', 'newString', 'new_str', 'file_text', 'new_source', 'code', 'text'];

/**
 * Claude Code's file tools (PreToolUse `tool_input`): `Write {file_path, content}`, `Edit
 * {file_path, old_string, new_string}`, `MultiEdit {file_path, edits[]}`, `NotebookEdit
 * {notebook_path, new_source, edit_mode}`, `Read {file_path}`.
 * Source: https://code.claude.com/docs/en/hooks#pretooluse (tool input per tool).
 */
export const CLAUDE_FILE_TOOLS: FileToolTable = {
  Write: { operation: 'write', path: PATH_KEYS, content: ['content'] },
  Edit: { operation: 'edit', path: PATH_KEYS, content: ['new_string'] },
  MultiEdit: { operation: 'edit', path: PATH_KEYS, edits: 'edits', content: ['new_string'] },
  NotebookEdit: { operation: 'edit', path: PATH_KEYS, content: ['new_source'] },
  Read: { operation: 'read', path: PATH_KEYS },
};

/**
 * VS Code's agent file tools (PreToolUse fires for every tool; matchers are ignored). Names as
 * the hooks reference and the built-in tool list give them.
 * Source: https://code.visualstudio.com/docs/agents/reference/hooks-reference (PreToolUse input,
 * `"tool_name": "editFiles", "tool_input": {"files": [...]}`).
 */
export const VSCODE_FILE_TOOLS: FileToolTable = {
  editFiles: { operation: 'edit', path: PATH_KEYS, paths: 'files', content: NEW_TEXT },
  create_file: { operation: 'write', path: PATH_KEYS, content: NEW_TEXT },
  createFile: { operation: 'write', path: PATH_KEYS, content: NEW_TEXT },
  replace_string_in_file: { operation: 'edit', path: PATH_KEYS, content: NEW_TEXT },
  multi_replace_string_in_file: {
    operation: 'edit',
    path: PATH_KEYS,
    edits: 'replacements',
    content: NEW_TEXT,
  },
  insert_edit_into_file: { operation: 'edit', path: PATH_KEYS, content: NEW_TEXT },
  edit_notebook_file: { operation: 'edit', path: PATH_KEYS, content: NEW_TEXT },
  apply_patch: { operation: 'patch', path: PATH_KEYS, content: ['input', 'patch'] },
  read_file: { operation: 'read', path: PATH_KEYS },
  readFile: { operation: 'read', path: PATH_KEYS },
};

/**
 * Gemini CLI's file tools (BeforeTool): `write_file {file_path, content}`, `replace {file_path,
 * old_string, new_string}`, `read_file {absolute_path | file_path}`.
 * Source: https://geminicli.com/docs/tools/file-system.
 */
export const GEMINI_FILE_TOOLS: FileToolTable = {
  write_file: { operation: 'write', path: PATH_KEYS, content: ['content'] },
  replace: { operation: 'edit', path: PATH_KEYS, content: ['new_string'] },
  read_file: { operation: 'read', path: PATH_KEYS },
};

/**
 * Codex's patch tool (PreToolUse, matcher `apply_patch`; `Write`/`Edit` are matcher aliases):
 * `tool_input.command` holds the `*** Begin Patch` envelope.
 * Sources: https://developers.openai.com/codex/hooks; openai/codex PR 20527 (hook_runtime.rs
 * reads `tool_input.command` for Bash and apply_patch).
 */
export const CODEX_FILE_TOOLS: FileToolTable = {
  apply_patch: { operation: 'patch', path: PATH_KEYS, content: ['command', 'input', 'patch'] },
};

/**
 * GitHub Copilot CLI's file tools (preToolUse `toolName`, `toolArgs`): `create {path,
 * file_text}`, `edit {path, old_str, new_str}`, `view {path}`.
 * Source: https://docs.github.com/en/copilot/reference/copilot-cli-reference/cli-hooks-reference.
 */
export const COPILOT_CLI_FILE_TOOLS: FileToolTable = {
  create: { operation: 'write', path: PATH_KEYS, content: NEW_TEXT },
  edit: { operation: 'edit', path: PATH_KEYS, content: NEW_TEXT },
  str_replace: { operation: 'edit', path: PATH_KEYS, content: NEW_TEXT },
  write: { operation: 'write', path: PATH_KEYS, content: NEW_TEXT },
  view: { operation: 'read', path: PATH_KEYS },
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function firstString(o: Obj, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string') return v;
    if (isObj(v) && typeof v.path === 'string') return v.path; // `{ uri: { path } }`
  }
  return undefined;
}

/** The first file a patch names (`*** Add/Update/Delete File: p`, `+++ b/p`), or undefined. */
export function firstPatchPath(patch: string): string | undefined {
  const m = /^\*\*\* (?:Add|Update|Delete) File: (.+)$/m.exec(patch) ?? /^\+\+\+ (?:b\/)?(.+)$/m.exec(patch);
  return m?.[1]?.trim();
}

/**
 * Reads one file tool call's input with its spec. Returns the path, operation and content, or why
 * it cannot (no path): a file tool call Railguard cannot read is never passed as harmless.
 */
export function fileToolCall(
  spec: FileToolSpec,
  input: Obj,
): { path: string; operation: FileOperation; content: string } | { why: string } {
  const parts: string[] = [];
  for (const k of spec.content ?? []) if (typeof input[k] === 'string') parts.push(input[k] as string);
  const edits = spec.edits !== undefined ? input[spec.edits] : undefined;
  if (Array.isArray(edits))
    for (const e of edits)
      if (isObj(e))
        for (const k of spec.content ?? []) if (typeof e[k] === 'string') parts.push(e[k] as string);
  const content = parts.join('\n');
  let path = firstString(input, spec.path);
  const list = spec.paths !== undefined ? input[spec.paths] : undefined;
  if (path === undefined && Array.isArray(list)) {
    const names = list.filter((x): x is string => typeof x === 'string');
    if (names.length === 1) path = names[0];
    else if (names.length > 1)
      return {
        path: names[0] ?? '',
        operation: 'patch',
        content: names.map((n) => `*** Update File: ${n}`).join('\n') + (content ? `\n${content}` : ''),
      };
  }
  if (spec.operation === 'patch') {
    path ??= firstPatchPath(content);
    if (content === '') return { why: 'no patch text' };
  }
  if (path === undefined || path === '') return { why: 'no file path in the tool input' };
  const operation = spec.operation === 'edit' && input.edit_mode === 'delete' ? 'delete' : spec.operation;
  return { path, operation, content };
}
