/**
 * File effects of shell commands: each unwrapped {@link ShellCommand} reduced to
 * {@link ActionEffect}s on `path` resources (deletes, truncation, overwrites, appends), with the
 * target resolved through `cd` earlier on the same line, the action's working directory, `~` /
 * `$HOME` and well-known variables, and kept `dynamic` when built at run time.
 *
 * Knowledge is data: `FILE_PROGRAMS` (`file-programs.ts`) has one entry per program with its manual page. What
 * a class of path means (build output, service data, Railguard's own files…) is decided later, by
 * policy (`resources/classify.ts`); analysis stays policy-free.
 */
import { parseOptions } from '../rules/shell/util/options';
import { normalizePath, resolvePath } from '../resources/paths';
import type { ActionEffect, EffectVerb, Span } from '../types';
import { printsNothing } from './empty-source';
import { feederRoots, placeholderOf } from './feeders';
import { type FileProgram, type FileScope, type RawTarget } from './file-targets';
import { FILE_PROGRAMS } from './file-programs';
import type { ShellAnalysis, ShellCommand } from './model';

export type { FileProgram, FileScope } from './file-targets';

/** One file effect of a command and where the text names its target. */
export interface FileEffect {
  effect: ActionEffect;
  scope: FileScope;
  /** The target word, option or redirection in the action text. */
  span: Span;
  /** The target as written (quotes removed), for messages. */
  written: string;
}

/** Entries by program name (a program may have several: `git config`, `git clean`). */
const BY_PROGRAM = new Map<string, FileProgram[]>();
for (const e of FILE_PROGRAMS)
  for (const p of e.programs) BY_PROGRAM.set(p, [...(BY_PROGRAM.get(p) ?? []), e]);

/**
 * The scope of deleting what a feeder hands (`feeders.ts`): every entry of a folder is deleted as
 * the command deletes one (`ls | xargs rm -rf` is a recursive delete of the folder's entries);
 * entries of one name are files removed (`find . -name .git -exec rm -rf {} +` loses each `.git`,
 * judged by the class of `ROOT/.git`); files a filter picks are `some`.
 */
function fedScope(selects: 'entries' | 'named' | 'some', own: FileScope): FileScope {
  if (selects === 'entries') return own;
  if (selects === 'named') return own === 'tree' ? 'file' : own;
  return 'some';
}

/** Pseudo-files that are not data (`> /dev/null`, `tee /dev/stderr`). */
function isPseudoFile(path: string): boolean {
  return /^\/dev\/(null|zero|std(in|out|err)|tty|fd\/\d+)$/.test(path) || /^\/proc\/self\/fd\//.test(path);
}

/**
 * Well-known variables with a conventional value, so `$XDG_RUNTIME_DIR/railguard/token` or
 * `$RAILGUARD_HOME/audit` still name the file they usually name (XDG Base Directory spec;
 * `server/src/daemon/paths.ts` for Railguard's own).
 */
const KNOWN_VARS: Record<string, string> = {
  HOME: '~',
  XDG_CONFIG_HOME: '~/.config',
  XDG_DATA_HOME: '~/.local/share',
  XDG_STATE_HOME: '~/.local/state',
  XDG_CACHE_HOME: '~/.cache',
  XDG_RUNTIME_DIR: '/run/user/UID',
  RAILGUARD_HOME: '~/.railguard',
  RAILGUARD_RUNTIME_DIR: '~/.railguard/run',
  TMPDIR: '/tmp',
};

/** The working directory after a `cd` to a place only known at run time (`cd "$D"`, `cd -`). */
export const RUNTIME_CWD = '\u0000run-time';

/**
 * The path a target names: `id` normalized and resolved against `cwd` (see `resources/paths.ts`);
 * `dynamic` when part of it is only known at run time, `id` then holding the static folder before
 * the first unknown expansion (`/var/lib/$X` ⇒ `/var/lib`), `undefined` when nothing is static.
 */
export function targetPath(
  text: string,
  dynamic: boolean,
  cwd: string | undefined,
): { id: string | undefined; dynamic: boolean } {
  let t = text;
  if (dynamic && t === '') return { id: undefined, dynamic: true };
  if (cwd === RUNTIME_CWD && !/^[/~$]/.test(t)) return { id: undefined, dynamic: true };
  if (dynamic || t.includes('$')) {
    t = t.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (m, a?: string, b?: string) => {
        const known = KNOWN_VARS[a ?? b ?? ''];
        return known !== undefined ? known : m;
      },
    );
    const cut = t.search(/[$`]/);
    if (cut >= 0) {
      const prefix = t.slice(0, cut);
      const slash = prefix.lastIndexOf('/');
      if (slash < 0) return { id: undefined, dynamic: true };
      const folder = prefix.slice(0, slash) || '/';
      return { id: resolvePath(folder, cwd), dynamic: true };
    }
  }
  return { id: resolvePath(t, cwd), dynamic: false };
}

/**
 * The working directory `cmd` runs in: the action's `cwd` (or unknown), moved by each `cd`/`pushd`
 * that runs before `cmd` on the same line. A remote command runs in the remote home (`~`). A `cd`
 * to a place built at run time (or `cd -`) gives {@link RUNTIME_CWD}: relative paths are then
 * dynamic.
 */
export function cwdOf(cmd: ShellCommand, analysis: ShellAnalysis): string | undefined {
  if (cmd.remote) return '~';
  let cwd = analysis.cwd !== undefined ? normalizePath(analysis.cwd) : undefined;
  for (const c of analysis.commands) {
    if (c === cmd || c.span.start >= cmd.span.start) break;
    if ((c.name !== 'cd' && c.name !== 'pushd') || c.remote) continue;
    const args = c.argv.slice(1).filter((w) => !/^-[LPe@]+$/.test(w.value ?? ''));
    const arg = args[0];
    if (!arg) {
      cwd = '~';
      continue;
    }
    const t = targetPath(arg.value ?? arg.raw.replace(/["']/g, ''), arg.value === undefined, cwd);
    cwd = t.dynamic || t.id === undefined || arg.value === '-' ? RUNTIME_CWD : t.id;
  }
  return cwd;
}

/** Redirection operators that replace (`>`) or extend (`>>`) a file (bash(1) REDIRECTION). */
function redirectVerb(op: string): { verb: EffectVerb; scope: FileScope } | undefined {
  if (op === '>' || op === '>|' || op === '&>' || op === '>&') return { verb: 'overwrite', scope: 'content' };
  if (op === '>>' || op === '&>>') return { verb: 'write', scope: 'append' };
  return undefined;
}

/**
 * Every file effect of one command: its program's targets ({@link FILE_PROGRAMS}) and its output
 * redirections. Never throws; a target built at run time is a `dynamic` resource.
 */
export function fileEffects(cmd: ShellCommand, analysis: ShellAnalysis): readonly FileEffect[] {
  // Several rules ask for the same command's effects (file-destroy, the control and persistence
  // rules, download-then-run): computed once per command object.
  let known = EFFECTS_OF.get(cmd);
  if (!known) EFFECTS_OF.set(cmd, (known = computeFileEffects(cmd, analysis)));
  return known;
}

/** {@link fileEffects} per command, for the analysis the command belongs to. */
const EFFECTS_OF = new WeakMap<ShellCommand, readonly FileEffect[]>();

function computeFileEffects(cmd: ShellCommand, analysis: ShellAnalysis): FileEffect[] {
  const raws: RawTarget[] = [];
  for (const program of cmd.name !== undefined ? (BY_PROGRAM.get(cmd.name) ?? []) : [])
    raws.push(...program.targets(cmd));
  for (const r of cmd.redirects) {
    const v = redirectVerb(r.op);
    if (!v) continue;
    if (r.target !== undefined && /^\d+$|^-$/.test(r.target)) continue;
    const text = r.target ?? r.raw?.replace(/["']/g, '') ?? '';
    // `> F`, `: > F`, `cat /dev/null > F`: the file is left empty, its content destroyed.
    const empties = v.verb === 'overwrite' && printsNothing(cmd);
    const eff = empties ? { verb: 'destroy' as const, scope: 'file' as const } : v;
    raws.push({ ...eff, span: r.span, text, dynamic: r.target === undefined });
  }
  // Files fed at run time by a `find` (`-exec rm {} ;`) or piped into `xargs` lie where the feeder
  // chose them (`feeders.ts`): the entries it names (`ROOT/.git`, `DIR/*`), or some files below.
  const mark = raws.length > 0 && cmd.wrappers.length > 0 ? placeholderOf(cmd, analysis) : '{}';
  const placeholders = raws.some((r) => r.text.includes(mark));
  const stdinRm = cmd.argsFromStdin === true && cmd.name === 'rm' && !placeholders;
  const fed = placeholders || stdinRm ? feederRoots(cmd, analysis) : undefined;
  if (stdinRm) {
    const p = parseOptions(cmd.argv.slice(1));
    const recursive = p.has('r', 'R', 'recursive');
    for (const root of fed ?? []) {
      const scope = fedScope(root.selects, recursive ? 'tree' : 'file');
      raws.push({ verb: 'destroy', scope, span: cmd.span, text: root.text, dynamic: true, fed: true });
    }
    // Paths from a feeder nobody can read here (`cat list | xargs rm -rf`): built at run time.
    if (fed !== undefined && fed.length === 0)
      raws.push({
        verb: 'destroy',
        scope: recursive ? 'tree' : 'file',
        span: cmd.span,
        text: '',
        dynamic: true,
        written: 'paths piped in',
      });
  }
  if (placeholders && fed !== undefined && fed.length > 0)
    for (const raw of [...raws]) {
      if (!raw.text.includes(mark)) continue;
      const fedTargets = fed.map((root) => ({
        ...raw,
        text: root.text,
        dynamic: true,
        fed: true,
        scope:
          raw.verb !== 'destroy' ? raw.scope : fedScope(cmd.name === 'mv' ? 'some' : root.selects, raw.scope),
      }));
      raws.splice(raws.indexOf(raw), 1, ...fedTargets);
    }
  if (raws.length === 0) return [];
  const cwd = cwdOf(cmd, analysis);
  const out: FileEffect[] = [];
  for (const raw of raws) {
    if (!raw.dynamic && (raw.text === '' || isPseudoFile(raw.text))) continue;
    // `{}` is what `find -exec` / `xargs -I` substitute: files a filter selected, known at run time.
    const placeholder = raw.text.includes(mark);
    const resolved = placeholder ? { id: undefined, dynamic: true } : targetPath(raw.text, raw.dynamic, cwd);
    const { id } = resolved;
    const dynamic = resolved.dynamic || raw.fed === true;
    if (id !== undefined && isPseudoFile(id)) continue;
    out.push({
      effect: {
        verb: raw.verb,
        resource: { kind: 'path', id, ...(dynamic ? { dynamic: true } : {}) },
        ...(cmd.name ? { via: cmd.name } : {}),
      },
      scope: raw.scope,
      span: raw.span,
      written: raw.written ?? raw.text,
    });
  }
  return out;
}
