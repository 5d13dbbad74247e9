/**
 * Settings documents (JSON, TOML) whose keys steer Railguard or an agent's safety prompts: the
 * content of a write is read for them whichever way it is written, through a file tool
 * (`analyze.ts`) or by a shell command whose output is known (`echo '{…}' > .vscode/settings.json`,
 * a heredoc into `.claude/settings.json`: `shell/script-files.ts`). One reading for both, so the
 * same content gets the same finding.
 */
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

/** `key` → scalar values of a parsed JSON document, keys both as last segment and dotted path. */
function jsonSettings(text: string): { key: string; value: string }[] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const out: { key: string; value: string }[] = [];
  const walk = (v: unknown, path: string[]): void => {
    if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, [...path, k]);
      return;
    }
    const last = path[path.length - 1];
    if (last !== undefined) out.push({ key: last, value: String(v) });
    // VS Code settings use dotted keys at the top level (`"chat.tools.global.autoApprove": true`).
  };
  walk(doc, []);
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
 * not) and agents' safety switches ({@link AGENT_SETTINGS}). Only `.json` and `.toml` paths are
 * read; text that does not parse as JSON sets nothing. Never throws.
 */
export function controlSettings(path: string, text: string): ControlSetting[] {
  const settings = /\.json$/i.test(path)
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
