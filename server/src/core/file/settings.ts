/**
 * Settings documents (JSON, TOML) whose keys steer Railguard or an agent's safety prompts: the
 * content of a write is read for them whichever way it is written, through a file tool
 * (`analyze.ts`) or by a shell command whose output is known (`echo '{…}' > .vscode/settings.json`,
 * a heredoc into `.claude/settings.json`: `shell/script-files.ts`). One reading for both, so the
 * same content gets the same finding.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { AGENT_SETTINGS } from '../shell/control-surface';

/** A key of a written settings document that changes Railguard's or an agent's controls. */
export interface ControlSetting {
  /** `railguardSetting`: a `railguard.*` key; `agentSetting`: an {@link AGENT_SETTINGS} entry. */
  messageId: 'railguardSetting' | 'agentSetting';
  /** The key as found (the last segment, or the dotted top-level key of VS Code settings). */
  key: string;
  value: string;
  /** What the setting turns off (agent settings only), for messages. */
  what?: string;
}

/**
 * `key` → scalar value pairs of JSON or JSONC text, read token by token with jsonc-parser's
 * scanner: a whole document (comments and trailing commas allowed, as in VS Code's settings
 * files) and a fragment alike (an Edit tool's `new_string` such as `"railguard.terminalHook":
 * false,` is no document). A key is the property name right before the value: the last segment
 * of a nested key, or the dotted top-level key of VS Code settings (`"chat.tools.autoApprove"`).
 * Values that are objects or arrays give no pair; their own scalar properties do.
 */
function jsonSettings(text: string): { key: string; value: string }[] {
  const scanner = createScanner(text, true);
  const out: { key: string; value: string }[] = [];
  let key: string | undefined;
  let colon = false;
  for (let t = scanner.scan(); t !== SyntaxKind.EOF; t = scanner.scan()) {
    const value = colon && key !== undefined;
    switch (t) {
      case SyntaxKind.StringLiteral:
        if (value) out.push({ key: key as string, value: scanner.getTokenValue() });
        key = value ? undefined : scanner.getTokenValue();
        colon = false;
        break;
      case SyntaxKind.ColonToken:
        colon = key !== undefined;
        break;
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
      case SyntaxKind.NullKeyword:
      case SyntaxKind.NumericLiteral:
        if (value) out.push({ key: key as string, value: scanner.getTokenValue() });
        key = undefined;
        colon = false;
        break;
      default:
        key = undefined;
        colon = false;
    }
  }
  return out;
}

/** `key = value` lines of a TOML document (top-level and table keys), quotes removed. */
function tomlSettings(text: string): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z0-9_.-]+)\s*=\s*("([^"]*)"|'([^']*)'|(\S+))/.exec(line);
    if (m?.[1]) out.push({ key: m[1].split('.').pop() ?? m[1], value: m[3] ?? m[4] ?? m[5] ?? '' });
  }
  return out;
}

/**
 * The control settings `text`, written to `path`, sets: Railguard's own editor settings
 * (`"railguard.terminalHook": false` in a VS Code settings file: the file is ordinary, the key is
 * not) and agents' safety switches ({@link AGENT_SETTINGS}). Only `.json`, `.jsonc` and `.toml`
 * paths are read, whole documents and edited fragments alike. Never throws.
 */
export function controlSettings(path: string, text: string): ControlSetting[] {
  const settings = /\.jsonc?$/i.test(path)
    ? jsonSettings(text)
    : /\.toml$/i.test(path)
      ? tomlSettings(text)
      : undefined;
  const out: ControlSetting[] = [];
  for (const s of settings ?? []) {
    if (/^railguard\./i.test(s.key)) {
      out.push({ messageId: 'railguardSetting', key: s.key, value: s.value });
      continue;
    }
    const known = AGENT_SETTINGS.find((a) => a.key === s.key && a.value.test(s.value));
    if (known) out.push({ messageId: 'agentSetting', key: s.key, value: s.value, what: known.what });
  }
  return out;
}
