import { type Ctx, joinSpans, type Placement } from './context';
import { reparseBounded } from './definitions';
import type { Span } from '../types';
import type { ShellCommand, ShellWord } from './model';
import { checkOpaque, dynamicTextFinding } from './opaque';
import { hasOption, optionValue, readOptions, type OptionSpec, type ParsedOption } from './options';
import { analyzerFinding, OPAQUE_EXECUTION } from './analyzer-findings';
import { EXEC_OPTIONS_BY_NAME } from './exec-options';
import { REMOTE_WRAPPERS } from './remote-wrappers';
import { fleetCommands } from './fleet-tools';
import { RUNNER_WRAPPERS } from './runners';
import { PACKAGE_RUNNER_WRAPPERS } from './package-runners';
import { checkMigrationRun } from './migration-files';
import { checkScriptFile } from './script-files';
import { checkPackageScript } from './package-scripts';
import { checkMake } from './makefile';
import { checkProjectRunner } from './project-runners';
import { leadingAssignments, USER_WRAPPERS } from './user-wrappers';
import { basename } from './words';
import { commandEnvTexts } from './command-env';
import { checkCodeEnv } from './code-env';
import { checkImplicitFiles } from './implicit-files';

/**
 * What a wrapper command runs: an argv slice of it (`sudo rm …` ⇒ `rm …`), or shell text to parse
 * (`bash -c '…'`, `eval …`, `ssh host '…'`, `watch '…'`).
 */
export type Unwrapped =
  | {
      kind: 'argv';
      wrapper: string;
      start: number;
      end?: number;
      assignments?: ShellCommand['assignments'];
      remote?: ShellCommand['remote'];
      argsFromStdin?: boolean;
      runAs?: string;
      /** Words appended to the slice (xargs items read from a static stdin). */
      extraArgs?: ShellWord[];
      /** A replace string put in place in each word (`xargs -I {}` with a static first line). */
      replace?: { token: string; value: string };
    }
  | {
      kind: 'text';
      wrapper: string;
      words: ShellWord[];
      remote?: ShellCommand['remote'];
      runAs?: string;
      /**
       * The program to name in an `opaque-execution` finding when the text is built at run time
       * (`su -c "$CMD"`); absent where `checkOpaque` reports it (shells, `eval`) or nothing does.
       */
      reportDynamic?: string;
      /**
       * Report the dynamic text only when its program is not static (`ssh h "$CMD"`), as code
       * `reportDynamic` runs; a text whose program is static is judged as written instead
       * (`ssh h "rm -rf $DIR"`, `ssh h rm -rf $DIR`).
       */
      reportUnknownOnly?: boolean;
      /** The text reads what the wrapper writes (`awk '{print | "sh"}'`): its stdin is run-time data. */
      stdinFromWrapper?: boolean;
      /** What the wrapper writes into it, when static (`awk 'BEGIN {print "SQL" | "psql"}'`). */
      stdinText?: string;
    }
  | {
      kind: 'stdin';
      wrapper: string;
      stdin: NonNullable<ShellCommand['stdin']>;
      runAs?: string;
      remote?: ShellCommand['remote'];
    }
  /** Text a program executes that cannot be known or judged (`sed s/…/…/e`, `awk '{system($0)}'`). */
  | { kind: 'opaque'; wrapper: string; word: ShellWord; option: string };

/**
 * Unwraps one wrapper; `undefined` when the command runs nothing else. `ctx` reads the files a
 * wrapper feeds what it runs (`ssh host 'bash -s' < FILE`).
 */
export type Unwrapper = (cmd: ShellCommand, ctx: Ctx) => Unwrapped[] | undefined;

/** A wrapper with options and then the command: `nohup cmd`, `nice -n 5 cmd`, `stdbuf -oL cmd`. */
function simple(spec: OptionSpec, operandsBefore = 0): Unwrapper {
  return (cmd) => {
    const { next } = readOptions(cmd.argv, 1, spec);
    const start = next + operandsBefore;
    return start < cmd.argv.length ? [{ kind: 'argv', wrapper: cmd.name ?? '', start }] : undefined;
  };
}

const env: Unwrapper = (cmd) => {
  const { options, next } = readOptions(cmd.argv, 1, {
    short: 'uCSP',
    long: ['unset', 'chdir', 'split-string', 'default-signal'],
  });
  const split = options.find((o) => o.name === 'S' || o.name === 'split-string');
  if (split?.valueWord)
    return [{ kind: 'text', wrapper: 'env -S', words: [split.valueWord, ...cmd.argv.slice(next)] }];
  const { assignments, next: start } = leadingAssignments(cmd.argv, next);
  return start < cmd.argv.length ? [{ kind: 'argv', wrapper: 'env', start, assignments }] : undefined;
};

const timeout: Unwrapper = (cmd) => {
  const { next } = readOptions(cmd.argv, 1, { short: 'sk', long: ['signal', 'kill-after'] });
  return next + 1 < cmd.argv.length ? [{ kind: 'argv', wrapper: 'timeout', start: next + 1 }] : undefined;
};

const xargs: Unwrapper = (cmd) => {
  const { options, next } = readOptions(cmd.argv, 1, {
    short: 'InPLdEsa',
    attachedOnly: 'ei',
    long: [
      'replace',
      'max-args',
      'max-procs',
      'max-lines',
      'delimiter',
      'eof',
      'max-chars',
      'arg-file',
      'process-slot-var',
    ],
  });
  if (next >= cmd.argv.length) return undefined;
  return [{ kind: 'argv', wrapper: 'xargs', start: next, argsFromStdin: true, ...xargsInput(cmd, options) }];
};

/** Most static input items xargs is taken to append (`echo a b | xargs rm`). */
const MAX_XARGS_ITEMS = 64;

/**
 * The arguments xargs(1) reads from a static stdin (`echo /tmp/a /tmp/b | xargs rm -rf`): items
 * split on blanks and newlines (or NUL with `-0`, or the `-d` delimiter), appended to the command
 * or, with `-I R`/`-i`, put in place of R in each word (the first input line).
 */
function xargsInput(
  cmd: ShellCommand,
  options: ParsedOption[],
): { extraArgs?: ShellWord[]; replace?: { token: string; value: string } } {
  const s = cmd.stdin;
  if (!s || s.dynamic || hasOption(options, 'a', 'arg-file')) return {};
  const replaceOpt = options.find((o) => ['I', 'i', 'replace'].includes(o.name));
  if (replaceOpt) {
    const line = s.text.split('\n').find((l) => l.trim() !== '');
    if (line === undefined) return {};
    return { replace: { token: replaceOpt.value ?? '{}', value: line.trim() } };
  }
  const delimiter = hasOption(options, '0', 'null') ? '\0' : optionValue(options, 'd', 'delimiter');
  const items = (delimiter ? s.text.split(delimiter) : s.text.split(/[ \t\n]+/)).filter((x) => x !== '');
  if (items.length === 0 || items.length > MAX_XARGS_ITEMS) return {};
  return { extraArgs: items.map((value) => ({ value, raw: value, span: s.span })) };
}

/** `source FILE` / `. FILE` reading the standard input (`. /dev/stdin <<< '…'`) runs that text. */
const STDIN_FILES = new Set(['/dev/stdin', '/proc/self/fd/0', '/dev/fd/0', '-']);
const source: Unwrapper = (cmd) => {
  const file = cmd.argv[1]?.value;
  const stdin = cmd.stdin;
  if (file === undefined || !STDIN_FILES.has(file) || file === '-' || !stdin || stdin.dynamic)
    return undefined;
  return [{ kind: 'stdin', wrapper: `${cmd.name ?? 'source'} (stdin)`, stdin }];
};

const watch: Unwrapper = (cmd) => {
  const { options, next } = readOptions(cmd.argv, 1, { short: 'nq', long: ['interval', 'equexit'] });
  if (next >= cmd.argv.length) return undefined;
  // watch runs its arguments joined by spaces through `sh -c` unless -x/--exec is given.
  if (hasOption(options, 'x', 'exec')) return [{ kind: 'argv', wrapper: 'watch', start: next }];
  return [{ kind: 'text', wrapper: 'watch', words: cmd.argv.slice(next) }];
};

const command: Unwrapper = (cmd) => {
  const { options, next } = readOptions(cmd.argv, 1, {});
  if (hasOption(options, 'v', 'V')) return undefined;
  return next < cmd.argv.length ? [{ kind: 'argv', wrapper: cmd.name ?? 'command', start: next }] : undefined;
};

/**
 * `bash -c TEXT`, `sh -lc TEXT`, `zsh -c …`: the first operand after an option cluster with `c`;
 * a shell without `-c` and without a script operand runs its static stdin (`echo '…' | sh`).
 */
const shell: Unwrapper = (cmd) => {
  const { options, next } = readOptions(cmd.argv, 1, { short: 'oO', long: ['rcfile', 'init-file'] });
  if (!hasOption(options, 'c', 'command')) {
    const stdin = cmd.stdin;
    if (!stdin || stdin.dynamic || (next < cmd.argv.length && cmd.argv[next]?.value !== '-'))
      return undefined;
    return [{ kind: 'stdin', wrapper: `${cmd.name ?? 'sh'} (stdin)`, stdin }];
  }
  const text = cmd.argv[next];
  return text ? [{ kind: 'text', wrapper: `${cmd.name ?? 'sh'} -c`, words: [text] }] : undefined;
};

const evalText: Unwrapper = (cmd) =>
  cmd.argv.length > 1 ? [{ kind: 'text', wrapper: 'eval', words: cmd.argv.slice(1) }] : undefined;

/**
 * `trap ARG SIGSPEC…`: ARG is shell text run when a signal or `EXIT`/`ERR`/`DEBUG`/`RETURN` comes
 * (bash(1) SHELL BUILTIN COMMANDS, `trap`), so it runs as surely as `eval ARG`. A single operand,
 * `-` or an empty ARG reset the traps; `-l`/`-p` only print.
 */
const trap: Unwrapper = (cmd) => {
  const { options, next } = readOptions(cmd.argv, 1, {});
  if (hasOption(options, 'l', 'p')) return undefined;
  const text = cmd.argv[next];
  if (!text || next + 1 >= cmd.argv.length || text.value === '-' || text.value === '') return undefined;
  return [{ kind: 'text', wrapper: 'trap', words: [text], reportDynamic: 'trap' }];
};

const SHELLS = ['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'fish'];

/**
 * Wrapper programs by name. Sources: each program's manual page (env(1), timeout(1), xargs(1)…;
 * sudo(8), su(1)… in `user-wrappers.ts`, ssh(1)… in `remote-wrappers.ts`).
 */
const WRAPPERS: Record<string, Unwrapper> = {
  ...RUNNER_WRAPPERS,
  ...PACKAGE_RUNNER_WRAPPERS,
  ...USER_WRAPPERS,
  env,
  nohup: simple({}),
  setsid: simple({}),
  exec: simple({ short: 'a' }),
  command,
  builtin: simple({}),
  time: simple({ short: 'fo', long: ['format', 'output'] }),
  nice: simple({ short: 'n', long: ['adjustment'], numericFlags: true }),
  ionice: simple({ short: 'cnp', long: ['class', 'classdata', 'pid', 'pgid', 'uid'] }),
  timeout,
  stdbuf: simple({ short: 'ioe', long: ['input', 'output', 'error'] }),
  chroot: simple({ long: ['userspec', 'groups'] }, 1),
  unbuffer: simple({}),
  xargs,
  watch,
  eval: evalText,
  trap,
  source,
  '.': source,
  ...Object.fromEntries(SHELLS.map((s) => [s, shell])),
  ...REMOTE_WRAPPERS,
};

function shortText(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}

/** Where text made of `words` (joined by spaces) sits in the action text. */
function placementOf(ctx: Ctx, words: ShellWord[], text: string): Placement {
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last) return { fixedSpan: ctx.fixedSpan ?? ctx.index.span(0, 0) };
  if (words.length === 1 && first.valueOffset !== undefined) return { baseOffset: first.valueOffset };
  if (words.every((w) => w.valueOffset !== undefined && w.raw === w.value)) {
    if (ctx.index.text.slice(first.span.start, last.span.end) === text)
      return { baseOffset: first.span.start };
  }
  return { fixedSpan: joinSpans(ctx, first.span, last.span) };
}

/** A command run by a wrapper, made from an argv slice of the wrapper. */
function derive(
  ctx: Ctx,
  outer: ShellCommand,
  u: Extract<Unwrapped, { kind: 'argv' }>,
): ShellCommand | undefined {
  let argv = outer.argv.slice(u.start, u.end);
  const replace = u.replace;
  if (replace)
    argv = argv.map((w) =>
      w.value?.includes(replace.token)
        ? { ...w, value: w.value.split(replace.token).join(replace.value) }
        : w,
    );
  if (u.extraArgs) argv = [...argv, ...u.extraArgs];
  const first = argv[0];
  const last = argv[argv.length - 1];
  if (!first || !last) return undefined;
  const inner: ShellCommand = {
    ...outer,
    name: basename(first.value),
    argv,
    assignments: u.assignments ?? [],
    wrappers: [...outer.wrappers, u.wrapper],
    span:
      u.end === undefined ? joinSpans(ctx, first.span, outer.span) : joinSpans(ctx, first.span, last.span),
  };
  const remote = u.remote ?? outer.remote;
  if (remote) inner.remote = remote;
  if (u.argsFromStdin) inner.argsFromStdin = true;
  if (u.runAs) inner.runAs = u.runAs;
  return inner;
}

/**
 * Records what a wrapper command runs (recursively: `sudo env A=1 bash -c '…'`), and reports
 * opaque execution for the command. Re-parsed text goes through `ctx.reparse`.
 */
export function unwrap(cmd: ShellCommand, ctx: Ctx): void {
  checkOpaque(cmd, ctx);
  checkScriptFile(cmd, ctx);
  checkPackageScript(cmd, ctx);
  checkMake(cmd, ctx);
  checkProjectRunner(cmd, ctx);
  checkImplicitFiles(cmd, ctx);
  const handler = cmd.name === undefined ? undefined : WRAPPERS[cmd.name];
  const execOptions = cmd.name === undefined ? undefined : EXEC_OPTIONS_BY_NAME.get(cmd.name);
  checkCodeEnv(cmd, ctx);
  runUnwrapped(cmd, ctx, [
    ...(handler?.(cmd, ctx) ?? []),
    ...fleetCommands(cmd, ctx),
    ...(execOptions?.extract(cmd) ?? []),
    ...commandEnvTexts(cmd),
  ]);
  // Last: the commands derived above copy `cmd`, and the migrations belong to `cmd` alone.
  checkMigrationRun(cmd, ctx);
}

/**
 * Records the commands planted by the assignments of a declaration (`export PAGER=CMD`) or of a
 * statement of assignments only (`EDITOR=CMD`), which are not commands `unwrap` sees.
 */
export function unwrapAssignments(cmd: ShellCommand, ctx: Ctx): void {
  checkCodeEnv(cmd, ctx);
  runUnwrapped(cmd, ctx, commandEnvTexts(cmd));
}

/** Analyses what `cmd` runs, as found by its unwrappers (see {@link unwrap}). */
function runUnwrapped(cmd: ShellCommand, ctx: Ctx, items: readonly Unwrapped[]): void {
  for (const u of items) {
    if (u.kind === 'opaque') {
      ctx.findings.push(
        analyzerFinding(OPAQUE_EXECUTION, 'execOption', u.word.span, {
          interpreter: u.wrapper,
          option: u.option,
          text: shortText(u.word.raw),
        }),
      );
      continue;
    }
    if (u.kind === 'argv') {
      const inner = derive(ctx, cmd, u);
      if (!inner) continue;
      ctx.commands.push(inner);
      unwrap(inner, ctx);
      continue;
    }
    let text: string;
    let placement: Placement;
    let at: Span;
    if (u.kind === 'stdin') {
      text = u.stdin.text;
      at = u.stdin.span;
      placement = u.stdin.textOffset !== undefined ? { baseOffset: u.stdin.textOffset } : { fixedSpan: at };
    } else {
      const dynamic = u.words.find((w) => w.value === undefined);
      // `"ssh -p $PORT"`, `"rm -rf $DIR"`: a double-quoted text whose program is static is also
      // judged as written (its expansions left to the inner reading); so are words after a static
      // first word (`ssh h rm -rf $DIR`: joined, the dynamic ones as written). The rest cannot be judged.
      const first = u.words[0];
      const quoted =
        dynamic && u.words.length === 1 && dynamic.raw.startsWith('"') && dynamic.raw.endsWith('"')
          ? /^\s*[^\s$`"'\\]+\s/.exec(dynamic.staticPrefix ?? '')
          : null;
      const words = dynamic && u.words.length > 1 && first?.value !== undefined;
      if (dynamic) {
        // Shells and eval are reported by checkOpaque; other wrappers say whether to report here.
        if (u.reportDynamic && !(u.reportUnknownOnly && (quoted || words)))
          ctx.findings.push(dynamicTextFinding(u.reportDynamic, dynamic, u.reportUnknownOnly));
        if (!quoted && !words) continue;
        text = quoted ? dynamic.raw.slice(1, -1) : u.words.map((w) => w.value ?? w.raw).join(' ');
        at = quoted
          ? dynamic.span
          : joinSpans(ctx, first?.span ?? cmd.span, u.words[u.words.length - 1]?.span ?? cmd.span);
        placement = { fixedSpan: at };
      } else {
        text = u.words.map((w) => w.value ?? '').join(' ');
        placement = placementOf(ctx, u.words, text);
        at = joinSpans(ctx, u.words[0]?.span ?? cmd.span, u.words[u.words.length - 1]?.span ?? cmd.span);
      }
    }
    const remote = u.remote ?? cmd.remote;
    const runAs = u.runAs ?? cmd.runAs;
    const inherited = {
      wrappers: [...cmd.wrappers, u.wrapper],
      ...(runAs ? { runAs } : {}),
      inSubstitution: cmd.inSubstitution,
      ...(remote ? { remote } : {}),
      ...(cmd.stdin && u.kind !== 'stdin' ? { stdin: cmd.stdin } : {}),
      ...(u.kind === 'text' && u.stdinFromWrapper
        ? { stdin: { text: '', span: at, via: 'pipe' as const, dynamic: true, fromWrapper: u.wrapper } }
        : {}),
      ...(u.kind === 'text' && u.stdinText !== undefined
        ? { stdin: { text: u.stdinText, span: at, via: 'pipe' as const } }
        : {}),
    };
    reparseBounded(ctx, text, placement, inherited, at);
  }
}
