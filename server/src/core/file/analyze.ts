import { posix } from 'node:path';
import { short } from '../code/model';
import type { Parsers } from '../parsers';
import { findingOf, type ShellRule, type SqlRule } from '../rules/rule';
import { runShellRules, runSqlRules } from '../rules/run';
import fileDestroy from '../rules/shell/file-destroy';
import { secretKind } from '../rules/shell/util/paths';
import { analyzeShell } from '../shell/analyze';
import { analyzerFinding, OPAQUE_EXECUTION, SHELL_UNPARSED } from '../shell/analyzer-findings';
import type { ShellAnalysis } from '../shell/model';
import { quoteWord } from '../shell/words';
import { analyzeSql } from '../sql/analyze';
import { detectDialect } from '../sql/dialect';
import type { SqlAnalysis } from '../sql/model';
import { LineIndex } from '../text';
import type { Action, ActionEffect, Dialect, EffectVerb, FileOperation, Finding, Span } from '../types';
import { FILE_CONTROL, FILE_SECRET_READ, FILE_WRITE } from './file-findings';
import { globRegExp } from './path-glob';
import { EDITED, isShellText, laterCommands } from './run-later';
import { controlSettings } from './settings';

/**
 * Railguard's own files and agents' hook configurations, as path globs (most specific first: the
 * first match names the file) (`*` within a segment,
 * `**` across segments; `~` is the home folder). The policy's `railguard-control` resource class
 * names the same files for shell effects; a file tool call is recognised here as well so a policy
 * or hook file written through Write/Edit is `control` even before policy classifies the path.
 * Sources: `server/src/hooks/install.ts` (hook files), `server/src/daemon/paths.ts` (runtime
 * folder), `policies/README.md` (workspace policies), issue 10.
 */
export const CONTROL_FILES: readonly { glob: string; what: string; secret?: boolean }[] = [
  { glob: '**/.railguard/policies/**', what: 'a Railguard policy' },
  { glob: '~/.railguard/run/**', what: "Railguard's runtime folder (token, port, socket)", secret: true },
  { glob: '~/.railguard/**/*.key', what: "Railguard's audit signing key", secret: true },
  { glob: '~/.railguard/**', what: "Railguard's user folder (audit, keys, outbox)" },
  { glob: '~/.config/railguard/**', what: "Railguard's user policy" },
  { glob: '**/.railguard/**', what: "Railguard's workspace folder" },
  { glob: '**/.claude/settings*.json', what: "Claude Code's settings (its hooks)" },
  { glob: '**/.github/hooks/*.json', what: 'VS Code / Copilot CLI agent hooks' },
  { glob: '**/.cursor/hooks.json', what: "Cursor's hooks" },
  { glob: '**/.gemini/settings.json', what: "Gemini CLI's settings (its hooks)" },
  { glob: '**/.codex/hooks.json', what: "Codex's hooks" },
  { glob: '**/.codex/config.toml', what: "Codex's configuration (approvals, sandbox, hooks)" },
  { glob: '**/.copilot/config.json', what: "Copilot CLI's configuration" },
  { glob: '**/hooks/shell/*.bash', what: "Railguard's hook scripts" },
  { glob: '**/railguard*/shims/*', what: "Railguard's PATH shims" },
];

const CONTROL_RES = CONTROL_FILES.map((e) => ({ ...e, re: globRegExp(e.glob) }));

/**
 * The path a file tool names, normalised: `home` prefix written `~`, `cwd` joined to a relative
 * path, `.`/`..` segments resolved, `\` of Windows paths turned to `/`.
 */
export function resolveToolPath(file: string, cwd?: string, home?: string): string {
  let p = file.replace(/\\/g, '/');
  if (!p.startsWith('/') && !p.startsWith('~') && !/^[A-Za-z]:\//.test(p) && cwd)
    p = `${cwd.replace(/\\/g, '/').replace(/\/$/, '')}/${p}`;
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '.' || (seg === '' && out.length > 0)) continue;
    if (seg === '..' && out.length > 1) out.pop();
    else out.push(seg);
  }
  p = out.join('/') || '/';
  if (home) {
    const h = home.replace(/\\/g, '/').replace(/\/$/, '');
    if (p === h || p.startsWith(`${h}/`)) p = `~${p.slice(h.length)}`;
  }
  if (!p.startsWith('~')) p = p.replace(/^\/(home|Users)\/[^/]+(?=\/|$)/, '~');
  return p;
}

/** The {@link CONTROL_FILES} entry a path falls under, if any. */
export function controlFile(path: string): (typeof CONTROL_FILES)[number] | undefined {
  return CONTROL_RES.find((e) => e.re.test(path));
}

/** Whether content is a shell script: by extension, or a `#!` line naming a shell. */
function isShellScript(path: string, text: string): boolean {
  if (/\.(sh|bash|zsh|ksh)$/i.test(path)) return true;
  const first = text.slice(0, text.indexOf('\n') >>> 0 || text.length);
  return /^#!\s*\S*\/(env\s+(-S\s+)?)?(ba|da|k|z|mk)?sh\b/.test(first);
}

const VERB: Record<FileOperation, EffectVerb> = {
  read: 'read',
  write: 'overwrite',
  edit: 'write',
  delete: 'destroy',
  patch: 'write',
};

/** One file a patch changes: its path, what happens to it, and the lines it adds. */
export interface PatchedFile {
  path: string;
  operation: Exclude<FileOperation, 'read' | 'patch'>;
  added: string;
}

/**
 * The files a patch changes: Codex `apply_patch` envelopes (`*** Add File: p`, `*** Update File:
 * p`, `*** Delete File: p`, `*** Move to: q`; lines starting `+` are added) and unified diffs
 * (`--- a/p` / `+++ b/p`, `+++ /dev/null` deletes). Lines are classified by their first
 * character as the formats define; nothing else of the text is interpreted.
 * Sources: https://developers.openai.com/codex/ (apply_patch format),
 * https://www.gnu.org/software/diffutils/manual/html_node/Unified-Format.html.
 */
export function splitPatch(text: string): PatchedFile[] {
  const files: PatchedFile[] = [];
  let cur: PatchedFile | undefined;
  let oldPath: string | undefined;
  const lines: string[] = [];
  const flush = (): void => {
    if (cur) files.push({ ...cur, added: lines.join('\n') });
    lines.length = 0;
    cur = undefined;
  };
  for (const line of text.split('\n')) {
    const env = /^\*\*\* (Add|Update|Delete) File: (.+)$/.exec(line);
    if (env?.[1] && env[2]) {
      flush();
      const op = env[1] === 'Add' ? 'write' : env[1] === 'Delete' ? 'delete' : 'edit';
      cur = { path: env[2].trim(), operation: op, added: '' };
      continue;
    }
    const move = /^\*\*\* Move to: (.+)$/.exec(line);
    if (move?.[1] && cur) {
      files.push({ path: cur.path, operation: 'delete', added: '' });
      cur = { ...cur, path: move[1].trim(), operation: 'write' };
      continue;
    }
    if (line.startsWith('--- ')) {
      oldPath = line.slice(4).replace(/^a\//, '').replace(/\t.*$/, '').trim();
      continue;
    }
    if (line.startsWith('+++ ')) {
      flush();
      const p = line.slice(4).replace(/^b\//, '').replace(/\t.*$/, '').trim();
      cur =
        p === '/dev/null'
          ? { path: oldPath ?? p, operation: 'delete', added: '' }
          : { path: p, operation: oldPath === '/dev/null' ? 'write' : 'edit', added: '' };
      continue;
    }
    if (cur && line.startsWith('+')) lines.push(line.slice(1));
  }
  flush();
  return files;
}

/** What {@link analyzeFileAction} found. */
export interface FileAnalysis {
  findings: Finding[];
  sql: SqlAnalysis[];
  shell?: ShellAnalysis;
  /** Hosts a written script talks to (for environment detection). */
  hosts?: string[];
}

/** Options of {@link analyzeFileAction}. */
export interface FileAnalyzeOptions {
  sqlRules: readonly SqlRule[];
  shellRules: readonly ShellRule[];
  lineIndex: LineIndex;
  /** The user's home folder, to write paths under it as `~/…` (the CLI and daemon pass it). */
  home?: string;
  defaultDialect?: Dialect;
  /**
   * Analyzes a written shell script as a shell action (the engine passes its own shell analysis,
   * so SQL inside `psql -c` of a script and its hosts count too); shell rules alone when absent.
   */
  analyzeScript?: (text: string) => FileAnalysis;
}

/**
 * Analyzes a file tool call (`Action.kind === 'file'`): `action.file` is the path, `action.text`
 * the content written (for an edit, the new text), `action.operation` read/write/edit/delete.
 * Findings: `file-write` for every change (effect `overwrite`/`write`/`destroy` on the path),
 * `file-control-write` for Railguard's own files and agent settings that turn prompts off,
 * `file-secret-read` for credential files read; then the content's own findings (SQL rules for
 * a `.sql` file, shell rules for a script). Pure; never throws on bad input: a file action without
 * a path is reported on an empty path, unreadable JSON is simply not a settings document.
 */
export function analyzeFileAction(parsers: Parsers, action: Action, opts: FileAnalyzeOptions): FileAnalysis {
  const op: FileOperation = action.operation ?? 'write';
  if (op === 'patch') return analyzePatch(parsers, action, opts);
  const path = resolveToolPath(action.file ?? '', action.cwd, opts.home);
  const whole: Span = opts.lineIndex.span(0, action.text.length);
  const findings: Finding[] = [];
  const sql: SqlAnalysis[] = [];
  const effect = (verb: EffectVerb): ActionEffect => ({
    verb,
    resource: { kind: 'path', id: path },
    via: 'file-tool',
  });
  const control = controlFile(path);
  if (op === 'read') {
    if (control?.secret)
      findings.push({
        ...findingOf(FILE_CONTROL, { messageId: 'controlRead', data: { what: control.what, path } }, whole),
        effects: [
          effect('read'),
          { verb: 'read', resource: { kind: 'control', id: path }, via: 'file-tool' },
        ],
      });
    const secret = secretKind(path);
    if (secret)
      findings.push({
        ...findingOf(FILE_SECRET_READ, { messageId: 'secretRead', data: { what: secret, path } }, whole),
        effects: [effect('read'), { verb: 'read', resource: { kind: 'secret', id: path }, via: 'file-tool' }],
      });
    return { findings, sql };
  }
  findings.push({
    ...findingOf(FILE_WRITE, { messageId: op === 'delete' ? 'delete' : op, data: { path } }, whole),
    effects: [effect(VERB[op])],
  });
  // The same effect as the shell's `rm FILE` / `> FILE`, so one set of policy rules (by the path's
  // resource class: service data, system, home, version control…) decides whichever tool acts.
  findings.push(
    findingOf(
      fileDestroy.meta,
      {
        messageId: op === 'delete' ? 'file' : 'content',
        data: { via: 'the file tool', path },
        severity: op === 'delete' ? 'warning' : 'info',
        effects: [effect(VERB[op])],
      },
      whole,
    ),
  );
  if (control) {
    const operation = op === 'delete' ? 'Deletion' : op === 'edit' ? 'Edit' : 'Write';
    findings.push({
      ...findingOf(
        FILE_CONTROL,
        { messageId: 'controlPath', data: { operation, what: control.what, path } },
        whole,
      ),
      effects: [{ verb: 'disable', resource: { kind: 'control', id: path }, via: 'file-tool' }],
    });
  }
  if (op === 'delete' || action.text.length === 0) return { findings, sql };
  for (const s of controlSettings(path, action.text))
    findings.push({
      ...findingOf(
        FILE_CONTROL,
        { messageId: s.messageId, data: { key: s.key, value: s.value, what: s.what ?? '' } },
        whole,
      ),
      effects: [{ verb: 'disable', resource: { kind: 'control', id: `${path}#${s.key}` }, via: 'file-tool' }],
    });
  const dialect = /\.sql$/i.test(path)
    ? (detectDialect(path, action.text) ?? opts.defaultDialect ?? 'postgresql')
    : undefined;
  if (dialect) {
    const analysis = analyzeSql(parsers, action.text, { dialect, lineIndex: opts.lineIndex, file: path });
    sql.push(analysis);
    findings.push(...analysis.findings, ...runSqlRules(opts.sqlRules, analysis));
    return { findings, sql };
  }
  const later = laterCommands(toolPath(action), action.text, { fragment: op === 'edit' });
  const script = later?.file.format === 'script' && isShellText(action.text);
  if (isShellScript(path, action.text) || script) {
    if (opts.analyzeScript) {
      const r = opts.analyzeScript(action.text);
      return { ...r, findings: [...findings, ...r.findings], sql: [...sql, ...r.sql] };
    }
    const shell = analyzeShell(parsers, action.text, { lineIndex: opts.lineIndex });
    findings.push(...shell.findings, ...runShellRules(opts.shellRules, shell));
    return { findings, sql, shell };
  }
  if (!later) return { findings, sql };
  const hosts: string[] = [];
  for (const c of later.commands) {
    const prefix = c.where ? `${c.where}: ` : '';
    if (c.text === undefined) {
      const data = { interpreter: c.language ?? '?', text: short(c.code ?? '') };
      const f = analyzerFinding(OPAQUE_EXECUTION, 'unreadLanguage', whole, data);
      findings.push({ ...f, message: prefix + f.message });
      continue;
    }
    // The runner's environment comes first, as assignments; they are not commands of the file.
    const env = [...(c.env ?? [])]
      .map(([k, v]) => (v === undefined ? '' : `${k}=${quoteWord(v)}\n`))
      .join('');
    const r = analyzeLater(parsers, env + c.text, opts);
    sql.push(...r.sql);
    hosts.push(...(r.hosts ?? []));
    for (const x of r.findings) {
      if (x.span.start < env.length) continue;
      // An edit's text that is only a string may be any part of the file: judged, not required to parse.
      if (c.where === EDITED && x.ruleId === SHELL_UNPARSED.id) continue;
      findings.push({ ...x, span: whole, message: prefix + x.message });
    }
  }
  return { findings, sql, hosts };
}

/** The path a file tool names, absolute when the folder is known (`~` not substituted). */
function toolPath(action: Action): string {
  const file = (action.file ?? '').replace(/\\/g, '/');
  return action.cwd ? posix.resolve(action.cwd.replace(/\\/g, '/'), file) : file;
}

/** Shell text a run-later file holds, judged as the engine judges a command (see `analyzeScript`). */
function analyzeLater(parsers: Parsers, text: string, opts: FileAnalyzeOptions): FileAnalysis {
  if (opts.analyzeScript) return opts.analyzeScript(text);
  const shell = analyzeShell(parsers, text, { lineIndex: new LineIndex(text) });
  return { findings: [...shell.findings, ...runShellRules(opts.shellRules, shell)], sql: [], shell };
}

/**
 * A patch action: each file it names is analyzed as its own write/edit/delete with the lines it
 * adds as content; findings are placed on the whole patch, prefixed with the file they are about.
 * A patch that names no file is an `unparsed`-like `file-write` on the patch itself (path `?`),
 * never an empty result.
 */
function analyzePatch(parsers: Parsers, action: Action, opts: FileAnalyzeOptions): FileAnalysis {
  const whole: Span = opts.lineIndex.span(0, action.text.length);
  const files = splitPatch(action.text);
  if (files.length === 0)
    return analyzeFileAction(parsers, { ...action, operation: 'edit', file: action.file ?? '?' }, opts);
  const findings: Finding[] = [];
  const sql: SqlAnalysis[] = [];
  const hosts: string[] = [];
  for (const f of files) {
    const sub: Action = { ...action, text: f.added, file: f.path, operation: f.operation };
    const r = analyzeFileAction(parsers, sub, { ...opts, lineIndex: new LineIndex(f.added) });
    sql.push(...r.sql);
    hosts.push(...(r.hosts ?? []));
    for (const x of r.findings)
      findings.push(
        x.ruleId === FILE_WRITE.id || x.ruleId === FILE_CONTROL.id
          ? { ...x, span: whole }
          : { ...x, span: whole, message: `${f.path}:${x.span.line}:${x.span.column}: ${x.message}` },
      );
  }
  return { findings, sql, hosts };
}
