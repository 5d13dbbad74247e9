import * as path from 'node:path';
import { FILE_CONTROL } from '../file/file-findings';
import { EDITED, laterCommands } from '../file/run-later';
import { controlSettings } from '../file/settings';
import { short } from '../code/model';
import { findingOf } from '../rules/rule';
import type { Span } from '../types';
import { analyzerFinding, OPAQUE_EXECUTION } from './analyzer-findings';
import type { Ctx } from './context';
import { bindPositional, inheritedOf, reparseBounded } from './definitions';
import { interpreterOf, MAX_SCRIPT_CHARS } from './interpreters';
import type { ShellCommand, ShellWord } from './model';
import { hasOption, readOptions } from './options';
import { staticOutput } from './pipe-stdin';
import { quoteWord, basename } from './words';

/**
 * Script files a command runs, looked into like the text of `bash -c`: `bash FILE ARGS…`, `sh -e
 * FILE`, `bash < FILE`, `source FILE ARGS…`, `. FILE`, and a file run by its path (`./wipe.sh`,
 * `scripts/reset`, `/tmp/x`), dispatched on its `#!` line (bash(1) "Shell Scripts": a file without
 * one is run by the shell; execve(2) "Interpreter scripts" for `#!`).
 *
 * The content comes first from the judged text itself (`cat > x.sh <<'EOF' … EOF; bash x.sh`,
 * `echo '…' > x.sh && sh x.sh`: recorded by {@link recordWrites}), else from the disk through
 * `ctx.readFile`. Either way it is judged like inline text, run-time values and syntax that cannot
 * be read included (`opaque-execution`, `shell-unparsed`): a file on the disk may be one the agent
 * wrote a moment ago with a file tool. A file the command wrote with content known only at run
 * time is `opaque-execution`. Two things differ for a file from the disk: its functions are
 * analysed where it calls them (a library defines many it never runs), and its commands carry
 * `fromFile`, for rules that tell a project's saved value from a replaced one.
 */

/** A file's content as known while judging: written by the judged text, or read from the disk. */
export type ScriptText = { text: string; from: 'text' | 'disk' } | { text: undefined; from: 'text' };

/** Redirection operators that write standard output to a file (bash(1) REDIRECTION). */
const OUTPUT_OPS = new Set(['>', '>|', '>>', '&>', '&>>']);

/** Shells whose script syntax tree-sitter-bash reads (fish is another language). */
const SCRIPT_SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh']);

/**
 * Folders of installed programs: a command run by a path there (`/usr/bin/psql`, a Perl wrapper on
 * Debian) is a program of the system, judged by its name, not read as a script.
 */
const SYSTEM_PREFIXES = [
  '/usr/',
  '/bin/',
  '/sbin/',
  '/lib',
  '/opt/',
  '/snap/',
  '/nix/',
  '/etc/',
  '/proc/',
  '/sys/',
  '/dev/',
];

/** The key of a file in {@link Ctx.written}: absolute when the folder is known. */
export function fileKey(ctx: Ctx, file: string): string {
  return ctx.cwd ? path.resolve(ctx.cwd, file) : path.posix.normalize(file);
}

/** What `echo`/`printf`/`cat`/`tee` write, with the newline `echo` adds (none after `echo -n`). */
function writtenText(ctx: Ctx, cmd: ShellCommand): string | undefined {
  const out = staticOutput(ctx, cmd)?.text;
  if (out === undefined || cmd.name !== 'echo') return out;
  const flags = cmd.argv.slice(1).filter((w) => /^-[neE]+$/.test(w.value ?? ''));
  return flags.some((w) => w.value?.includes('n')) ? out : `${out}\n`;
}

function write(ctx: Ctx, file: string, text: string | undefined, append: boolean): void {
  const key = fileKey(ctx, file);
  const before = ctx.written.get(key);
  if (!append || !before) ctx.written.set(key, { text, append });
  else
    ctx.written.set(key, {
      text: before.text !== undefined && text !== undefined ? before.text + text : undefined,
      append: before.append,
    });
}

/**
 * Records the files a command writes its standard output to (`> F`, `>> F`, `&> F`, `tee [-a]
 * F…`), with the text when it is static (`echo`, `printf`, `cat` of a heredoc or of a known file),
 * for a later command of the same text that runs them.
 */
export function recordWrites(ctx: Ctx, cmd: ShellCommand): void {
  const outputs = cmd.redirects.filter(
    (r) => OUTPUT_OPS.has(r.op) && (r.fd === undefined || r.fd === '1') && r.target !== undefined,
  );
  const tee = cmd.name === 'tee' ? readOptions(cmd.argv, 1, {}) : undefined;
  if (!outputs.length && !tee) return;
  const text = writtenText(ctx, cmd);
  for (const r of outputs) {
    const append = r.op.endsWith('>>');
    write(ctx, r.target as string, text, append);
    if (!append) settingsWritten(ctx, cmd, r.target as string, text, r.span);
    laterWritten(ctx, cmd, r.target as string, text, append);
  }
  if (tee) {
    const append = hasOption(tee.options, 'a', 'append');
    const stdin = cmd.stdin && !cmd.stdin.dynamic ? cmd.stdin.text : undefined;
    for (const w of cmd.argv.slice(tee.next)) {
      if (w.value === undefined) continue;
      write(ctx, w.value, stdin, append);
      if (!append) settingsWritten(ctx, cmd, w.value, stdin, w.span);
      laterWritten(ctx, cmd, w.value, stdin, append);
    }
  }
}

/**
 * A file whose content runs later (a CI workflow, `.vscode/tasks.json`, `.envrc`, a husky hook:
 * `file/run-later.ts`) written with known content: the commands it holds are judged as if `cmd`
 * ran them, as a file tool's write of the same content is. Appended text is read as a part of the
 * file. Content known only at run time adds nothing (as for any file written so).
 */
function laterWritten(
  ctx: Ctx,
  cmd: ShellCommand,
  file: string,
  text: string | undefined,
  append: boolean,
): void {
  if (text === undefined) return;
  const later = laterCommands(fileKey(ctx, file), text, { fragment: append });
  for (const c of later?.commands ?? []) {
    const label = c.where ? `${file} ${c.where}` : file;
    if (c.text === undefined) {
      const data = { interpreter: c.language ?? '?', text: short(c.code ?? '') };
      const f = analyzerFinding(OPAQUE_EXECUTION, 'unreadLanguage', cmd.span, data);
      ctx.findings.push(c.where ? { ...f, message: `${c.where}: ${f.message}` } : f);
      continue;
    }
    // A fragment that is only a string is not known to be commands when a shell writes it.
    if (c.where === EDITED) continue;
    // The runner's environment is the text's variables, not commands of its own.
    const vars = c.env ? new Map([...ctx.vars, ...c.env]) : ctx.vars;
    const key = `${fileKey(ctx, file)}#${c.where}`;
    analyseScriptText(cmd, { ...ctx, vars }, { text: c.text, from: 'text', label, key, positional: [] });
  }
}

/**
 * A settings document written whole with known content (`echo '{"railguard.terminalHook": false}'
 * > .vscode/settings.json`, a heredoc into `.claude/settings.json`) is read for control settings
 * as a file tool's write of it is (`file/settings.ts`): the same `file-control-write` finding.
 */
function settingsWritten(
  ctx: Ctx,
  cmd: ShellCommand,
  file: string,
  text: string | undefined,
  span: Span,
): void {
  if (text === undefined) return;
  for (const s of controlSettings(file, text))
    ctx.findings.push({
      ...findingOf(
        FILE_CONTROL,
        { messageId: s.messageId, data: { key: s.key, value: s.value, what: s.what ?? '' } },
        span,
      ),
      effects: [
        {
          verb: 'disable',
          resource: { kind: 'control', id: `${fileKey(ctx, file)}#${s.key}` },
          ...(cmd.name ? { via: cmd.name } : {}),
        },
      ],
    });
}

/**
 * The content of `file` for a command of the judged text: as the text wrote it before, else from
 * the disk (`ctx.readFile`; files over {@link MAX_SCRIPT_CHARS} are not read). `undefined` when
 * neither knows it.
 */
export function readScript(ctx: Ctx, file: string): ScriptText | undefined {
  const w = ctx.written.get(fileKey(ctx, file));
  if (w && !w.append)
    return w.text === undefined ? { text: undefined, from: 'text' } : { text: w.text, from: 'text' };
  const disk = ctx.readFile?.(ctx.cwd ? path.resolve(ctx.cwd, file) : file);
  if (w)
    return w.text === undefined
      ? { text: undefined, from: 'text' }
      : { text: (disk ?? '') + w.text, from: 'text' };
  if (disk === undefined || disk.length > MAX_SCRIPT_CHARS) return undefined;
  return { text: disk, from: 'disk' };
}

/** A script a command runs: the file word, the arguments, and how it runs it. */
export interface ScriptRun {
  file: string;
  at: ShellWord | undefined;
  args: ShellWord[];
  how: 'shell' | 'source' | 'path';
  /** Wrapper name on the commands it runs (default: `bash x.sh`, `./x.sh`). */
  label?: string;
  /** Values of `$1…` when they are not the arguments' (a git hook's, known at run time only). */
  positional?: (string | undefined)[];
  /** A file the project runs as its own (a git hook): never taken for an installed program. */
  fromProject?: boolean;
}

/**
 * A script named by a word known only at run time (`bash "$SCRIPT"`, `. "$ENV_FILE"`): what runs
 * cannot be known, like a program so named. A process substitution (`bash <(curl …)`) is reported
 * by `opaque.ts`.
 */
function unknownScript(word: ShellWord): { unknown: ShellWord } | undefined {
  return word.nodeType === 'process_substitution' ? undefined : { unknown: word };
}

function scriptRun(cmd: ShellCommand): ScriptRun | { unknown: ShellWord } | undefined {
  const name = cmd.name;
  if (name === undefined) return undefined;
  if (SCRIPT_SHELLS.has(name)) {
    const { options, next } = readOptions(cmd.argv, 1, { short: 'oO', long: ['rcfile', 'init-file'] });
    if (hasOption(options, 'c', 'command')) return undefined;
    // `-s`: commands come from standard input and every operand is an argument (`bash -s x < f`).
    const stdinScript = hasOption(options, 's');
    const operand = cmd.argv[next];
    if (operand && operand.value !== '-' && !stdinScript) {
      return operand.value === undefined
        ? unknownScript(operand)
        : { file: operand.value, at: operand, args: cmd.argv.slice(next + 1), how: 'shell' };
    }
    // `bash < FILE`: the shell reads its commands from standard input.
    const input = cmd.redirects.find((r) => r.op === '<' && (r.fd === undefined || r.fd === '0'));
    const args = stdinScript ? cmd.argv.slice(next) : [];
    return input?.target === undefined
      ? undefined
      : { file: input.target, at: undefined, args, how: 'shell' };
  }
  if (name === 'source' || name === '.') {
    const operand = cmd.argv[1]?.value === '--' ? 2 : 1;
    const file = cmd.argv[operand];
    if (!file) return undefined;
    return file.value === undefined
      ? unknownScript(file)
      : { file: file.value, at: file, args: cmd.argv.slice(operand + 1), how: 'source' };
  }
  const program = cmd.argv[0];
  return program?.value?.includes('/')
    ? { file: program.value, at: program, args: cmd.argv.slice(1), how: 'path' }
    : undefined;
}

/** `#!/usr/bin/env -S python3 -u` ⇒ `['python3', '-u']`; `undefined` without a `#!` line. */
export function shebang(text: string): string[] | undefined {
  if (!text.startsWith('#!')) return undefined;
  const words = (text.slice(2).split('\n')[0] ?? '').trim().split(/\s+/).filter(Boolean);
  if (basename(words[0]) !== 'env') return words;
  let i = 1;
  while (i < words.length && (/^-/.test(words[i] ?? '') || /^\w+=/.test(words[i] ?? ''))) {
    i += words[i] === '-u' || words[i] === '--unset' ? 2 : 1;
  }
  return words.slice(i);
}

/**
 * Looks into the script `cmd` runs (see the module comment): shell text is analysed with `$1…`,
 * `$@`, `$#` bound to the arguments (`source` shares the caller's variables and functions, as it
 * runs in the same shell); a file whose `#!` names a language interpreter is judged as that
 * interpreter running it (`./job.py` ⇒ `python3 ./job.py`).
 */
export function checkScriptFile(cmd: ShellCommand, ctx: Ctx): void {
  const run = scriptRun(cmd);
  if (run && 'unknown' in run)
    ctx.findings.push(
      analyzerFinding(OPAQUE_EXECUTION, 'dynamicProgram', run.unknown.span, { text: run.unknown.raw }),
    );
  else if (run) runScriptFile(cmd, ctx, run);
}

/**
 * Looks into the script file `run` names, run by `cmd` (the command's own file operand, or a file
 * another program runs for it: a git hook).
 */
export function runScriptFile(cmd: ShellCommand, ctx: Ctx, run: ScriptRun): void {
  const installed = SYSTEM_PREFIXES.some((p) => run.file.startsWith(p));
  if (run.how === 'path' && installed && !run.fromProject && !ctx.written.has(fileKey(ctx, run.file))) return;
  const script = readScript(ctx, run.file);
  if (!script) return;
  const label = run.label ?? `${run.how === 'path' ? '' : `${cmd.name ?? ''} `}${run.file}`;
  const at = cmd.span;
  if (script.text === undefined) {
    ctx.findings.push(
      analyzerFinding(OPAQUE_EXECUTION, 'writtenScript', run.at?.span ?? at, {
        interpreter: cmd.name ?? 'sh',
        file: run.file,
      }),
    );
    return;
  }
  const text = script.text;
  if (run.how === 'path') {
    const interpreter = shebang(text);
    const program = basename(interpreter?.[0]);
    if (program !== undefined && !SCRIPT_SHELLS.has(program)) {
      if (!interpreterOf(program)) return;
      // Judged as the interpreter running the file, which reads it through readScript again.
      const words = [...(interpreter ?? []), run.file].map(quoteWord);
      reparseBounded(
        ctx,
        [...words, ...run.args.map((w) => w.raw)].join(' '),
        { fixedSpan: at },
        inheritedOf(cmd, label),
        at,
      );
      return;
    }
    // Not text (a compiled program): nothing to read.
    if (program === undefined && text.slice(0, 1024).includes('\0')) return;
  }
  const positional = run.positional ?? run.args.map((w) => w.value);
  analyseScriptText(cmd, ctx, {
    text,
    from: script.from,
    label,
    key: fileKey(ctx, run.file),
    ...(run.how !== 'source' || positional.length ? { positional } : {}),
    ...(run.how === 'source' ? { sameShell: true } : {}),
  });
}

/** Shell text of the workspace a command runs (a script file, a `package.json` script). */
export interface ScriptSource {
  text: string;
  /** Written by the judged text itself, or read from the disk. */
  from: 'text' | 'disk';
  /** Wrapper name on the commands it runs (`bash x.sh`, `npm run seed (seed)`). */
  label: string;
  /** What it is (a path, `package.json#seed`): one analysis per key, arguments and command. */
  key: string;
  /** Static values of `$1…` (absent: the caller's, as for `source FILE` without arguments). */
  positional?: (string | undefined)[];
  /** Runs in the caller's shell (`source`): variables it sets stay set. */
  sameShell?: boolean;
}

/**
 * Analyses shell text that `cmd` runs from the workspace at `cmd`'s span, within the shared
 * budget. Text from the disk has its functions analysed where they are called, not where they are
 * defined, and its commands marked `fromFile` (see the module comment).
 */
export function analyseScriptText(cmd: ShellCommand, ctx: Ctx, s: ScriptSource): void {
  const at = cmd.span;
  const key = JSON.stringify(['script', s.key, s.positional ?? null, at.start]);
  if (ctx.budget.calls.has(key)) return;
  ctx.budget.calls.add(key);
  const vars = s.sameShell ? ctx.vars : new Map(ctx.vars);
  if (s.positional) bindPositional(vars, s.positional);
  const scriptCtx: Ctx = {
    ...ctx,
    vars,
    ...(s.positional ? { positional: s.positional } : {}),
    // A workspace script's functions count where it calls them (a library defines many).
    ...(s.from === 'disk' ? { deferFunctions: true } : {}),
  };
  const commandsBefore = ctx.commands.length;
  reparseBounded(scriptCtx, s.text, { fixedSpan: at }, inheritedOf(cmd, s.label), at);
  if (s.from === 'disk') for (const c of ctx.commands.slice(commandsBefore)) c.fromFile ??= s.key;
}
