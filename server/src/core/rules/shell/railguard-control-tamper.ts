import { compileCatalogue, CONTROL_PATHS, type CompiledEntry } from '../../resources/protected-paths';
import { compilePathGlob, destroysGlob, pathGlobMatch } from '../../resources/path-glob';
import { cwdOf, fileEffects, targetPath } from '../../shell/file-effects';
import type { ShellCommand } from '../../shell/model';
import type { ActionEffect, Span } from '../../types';
import { defineShellRule } from '../rule';
import { parseOptions } from './util/options';

const CONTROL = compileCatalogue(CONTROL_PATHS);

/**
 * Programs that never read a file's content: they look at its name or metadata, or change or
 * remove it (judged as file effects instead).
 */
const METADATA_ONLY = new Set([
  'ls',
  'stat',
  'test',
  '[',
  '[[',
  'file',
  'du',
  'realpath',
  'readlink',
  'dirname',
  'basename',
  'echo',
  'printf',
  'which',
  'type',
  'mkdir',
  'touch',
  'find',
  'tree',
  'wc',
  'chmod',
  'chown',
  'chgrp',
  'cd',
  'rm',
  'rmdir',
  'unlink',
  'shred',
  'wipe',
  'srm',
  'truncate',
  'mv',
]);

const SECRETS = CONTROL.filter((c) => c.entry.secret === true);
const HOLDERS = CONTROL.filter((c) => c.entry.holdsSecrets === true);

/**
 * Whether reading `path` can read a secret: the path is a secret file, or it lies in a folder
 * holding secrets and is a glob that can name one (`~/.railguard/run/*`) or a folder above one
 * (`tar czf x.tgz ~/.railguard`).
 */
function readsSecret(path: string): CompiledEntry | undefined {
  const direct = SECRETS.find((c) => c.globs.some((g) => pathGlobMatch(g, path)));
  if (direct) return direct;
  const inSecretFolder = HOLDERS.some((c) => c.globs.some((g) => pathGlobMatch(g, path)));
  if (!inSecretFolder) return undefined;
  const asGlob = /[*?]/.test(path) ? compilePathGlob(path) : undefined;
  const folder = path.slice(0, path.lastIndexOf('/'));
  return SECRETS.find((c) =>
    c.globs.some(
      (g) =>
        destroysGlob(g, path) || (asGlob?.regexp.test(g.pattern.replace(/^\*\*\//, `${folder}/`)) ?? false),
    ),
  );
}

/** The catalogue entry a path belongs to (a `destroy` also counts folders holding one). */
function controlEntry(path: string, destroy: boolean): CompiledEntry | undefined {
  return CONTROL.find((c) => c.globs.some((g) => (destroy ? destroysGlob(g, path) : pathGlobMatch(g, path))));
}

/** Candidate paths in an argument: the word, the part after `=` (`--file=P`, `of=P`) and after `@` (`-d @P`). */
function candidates(text: string): string[] {
  const out = [text];
  const eq = text.indexOf('=');
  if (eq >= 0) out.push(text.slice(eq + 1));
  if (text.startsWith('@')) out.push(text.slice(1));
  return out.filter((t) => t !== '');
}

/** Secret control files (`secret: true` entries) a command names as an argument or reads with `<`. */
function secretReads(
  cmd: ShellCommand,
  cwd: string | undefined,
): { path: string; what: string; span: Span }[] {
  if (cmd.name !== undefined && METADATA_ONLY.has(cmd.name)) return [];
  const out: { path: string; what: string; span: Span }[] = [];
  const consider = (text: string, dynamic: boolean, span: Span): void => {
    for (const c of candidates(text)) {
      const { id } = targetPath(c, dynamic, cwd);
      if (id === undefined) continue;
      const hit = readsSecret(id);
      if (hit) {
        out.push({ path: id, what: hit.entry.what, span });
        return;
      }
    }
  };
  for (const w of cmd.argv.slice(1))
    consider(w.value ?? w.raw.replace(/["']/g, ''), w.value === undefined, w.span);
  for (const r of cmd.redirects)
    if (r.op === '<' && r.target !== undefined) consider(r.target, false, r.span);
  return out;
}

/**
 * Control files a command makes a second name for: the link targets of `ln [-s|-P|-L] TARGET…
 * [LINK]`, `cp -s|-l|--symbolic-link|--link` (coreutils ln(1), cp(1)). A write to the new name
 * (an agent's file tool on `notes.json`, a later `> notes.json`) changes the control file under
 * a name no catalogue entry knows, so making the name is itself a change of the controls.
 */
function controlLinks(
  cmd: ShellCommand,
  cwd: string | undefined,
): { path: string; what: string; span: Span }[] {
  if (cmd.name !== 'ln' && cmd.name !== 'cp') return [];
  const words = cmd.argv.slice(1);
  const p = parseOptions(words, { shortWithValue: 'St', longWithValue: ['target-directory', 'suffix'] });
  if (cmd.name === 'cp' && !p.has('s', 'symbolic-link', 'l', 'link')) return [];
  const targetDir = p.has('t', 'target-directory');
  // `ln TARGET` (one operand) links in the current folder; otherwise the last operand is the link
  // unless -t names the folder.
  const targets = targetDir || p.positionals.length === 1 ? p.positionals : p.positionals.slice(0, -1);
  const out: { path: string; what: string; span: Span }[] = [];
  for (const w of targets) {
    const { id } = targetPath(w.value ?? w.raw.replace(/["']/g, ''), w.value === undefined, cwd);
    const hit = id === undefined ? undefined : controlEntry(id, true);
    if (id !== undefined && hit) out.push({ path: id, what: hit.entry.what, span: w.span });
  }
  return out;
}

/**
 * Any change to Railguard's own control surface (policies, agents' hook settings, hook clients,
 * the daemon's runtime folder, audit log and keys, the outbox, the installed extension), and any
 * read of its secrets (the daemon token, the audit signing key): category `control`.
 */
export default defineShellRule({
  meta: {
    id: 'railguard-control-tamper',
    title: "Changing Railguard's own controls or reading its secrets",
    category: 'control',
    severity: 'error',
    docs: {
      description:
        "Flags writes, overwrites and deletes of Railguard's policies, hook settings, runtime folder, audit log and installation, and reads of its token and audit key.",
      problem:
        'The agent Railguard guards runs as the same OS user: one shell command can add an ' +
        '`allow` workspace policy, remove the hook entry from `.claude/settings.json`, point the ' +
        'hook client at a fake daemon through the port file, delete the audit log or read the ' +
        'token and signing key to forge answers and records. Each switches the guard off.',
      solution:
        "Change Railguard's configuration yourself, in the editor or with `railguard` commands run " +
        'from your own terminal; the default policy denies these actions to agents in every ' +
        'environment. For a guarantee against a same-user attacker, run the daemon as its own OS ' +
        'user (see the threat model).',
    },
    messages: {
      change:
        "`{{via}}` {{verb}} `{{path}}` ({{what}}): Railguard's own controls cannot be changed by the agent it guards.",
      read: '`{{via}}` reads `{{path}}` ({{what}}), a Railguard secret: with it an agent can impersonate the daemon or forge the audit log.',
      link: "`{{via}}` makes another name for `{{path}}` ({{what}}): a write through the link changes Railguard's own controls.",
    },
    controls: ['NIST:AU-9', 'NIST:CM-5', 'NIST:SI-7', 'SOC2:CC6.1', 'SOC2:CC7.2'],
    sources: [
      'issue 10 (Railguard cannot be switched off by the agent it guards)',
      'https://attack.mitre.org/techniques/T1562/001/',
      'https://attack.mitre.org/techniques/T1070/',
    ],
    examples: {
      valid: [
        'cat .claude/settings.json',
        'ls ~/.railguard/run',
        'cat .railguard/policies/team.yaml',
        'echo x > settings.json',
      ],
      invalid: [
        "echo '{}' > .claude/settings.json",
        'rm -rf ~/.railguard/audit',
        "printf 'rules: [{id: a, effect: allow}]' > .railguard/policies/x.yaml",
        'cat ~/.railguard/run/token',
        'cp ~/.railguard/audit/audit-key.pem /tmp',
        'rm -rf .claude',
      ],
    },
  },
  check(cmd, analysis, report) {
    const verbs: Record<ActionEffect['verb'], string> = {
      destroy: 'deletes',
      overwrite: 'overwrites',
      write: 'writes to',
      grant: 'changes access to',
      read: 'reads',
      send: 'sends',
      execute: 'runs',
      persist: 'persists',
      disable: 'disables',
    };
    for (const fx of fileEffects(cmd, analysis)) {
      const path = fx.effect.resource.id;
      if (path === undefined) continue;
      const hit = controlEntry(path, fx.effect.verb === 'destroy');
      if (!hit) continue;
      report({
        messageId: 'change',
        data: {
          via: fx.effect.via ?? 'the command',
          verb: verbs[fx.effect.verb],
          path,
          what: hit.entry.what,
        },
        span: fx.span,
        effects: [fx.effect],
      });
    }
    for (const l of controlLinks(cmd, cwdOf(cmd, analysis)))
      report({
        messageId: 'link',
        data: { via: cmd.name ?? 'ln', path: l.path, what: l.what },
        span: l.span,
        effects: [{ verb: 'write', resource: { kind: 'path', id: l.path }, via: cmd.name ?? 'ln' }],
      });
    const reads = secretReads(cmd, cwdOf(cmd, analysis));
    for (const r of reads) {
      report({
        messageId: 'read',
        data: { via: cmd.name ?? 'the command', path: r.path, what: r.what },
        span: r.span,
        effects: [
          { verb: 'read', resource: { kind: 'path', id: r.path }, ...(cmd.name ? { via: cmd.name } : {}) },
        ],
      });
    }
  },
});
