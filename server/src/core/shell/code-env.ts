import * as path from 'node:path';
import { analyzerFinding, OPAQUE_EXECUTION } from './analyzer-findings';
import { findModuleFile } from './code-modules';
import { type CodeEnvHow, commandEnvVar } from './command-env';
import type { Ctx } from './context';
import { reparseBounded } from './definitions';
import {
  envValueOf,
  INTERPRETERS,
  judgeLoadedFile,
  judgeModuleLoads,
  type Interpreter,
} from './interpreters';
import type { ShellCommand, ShellWord } from './model';
import { readOptions } from './options';

/**
 * Environment variables that make programs load code (the `CodeEnvHow` entries of
 * `command-env.ts`), judged where they are set, as a prefix (`LD_PRELOAD=… ls`), through `env`,
 * as a statement or with `export`, since every later program of the shell (or a child of one)
 * loads that code, whichever program comes next:
 *
 * - `LD_PRELOAD`, `LD_AUDIT`, `DYLD_INSERT_LIBRARIES`: shared objects (compiled code, not read)
 *   are `opaque-execution`, except libraries of the system: an absolute path in the system's
 *   library folders (written by the package manager, as root), or a bare name the linker finds
 *   there when no `LD_LIBRARY_PATH` is set (`libjemalloc.so.2`). `LD_LIBRARY_PATH` alone is not
 *   reported: it changes where the libraries a program already needs are found, not what it runs.
 * - `NODE_OPTIONS`, `PERL5OPT`, `RUBYOPT`: their module-loading options (`--require`, `--import`,
 *   `--loader`; `-M`/`-m`; `-r`) load modules read and judged as code run by the command
 *   (`interpreters.ts`); a module that cannot be read is opaque unless it is a preload documented by
 *   a common tool (`dotenv/config`, `bundler/setup`, `Devel::Cover`…). Other options are harmless.
 * - `PYTHONPATH`: a `sitecustomize.py` / `usercustomize.py` in one of its folders runs in every
 *   later Python process (site(7) of the Python docs): judged as Python code. The folders are
 *   also where `import` finds the project's modules.
 * - `JAVA_TOOL_OPTIONS`, `_JAVA_OPTIONS`, `JDK_JAVA_OPTIONS`: `-javaagent:`, `-agentpath:` and
 *   `-agentlib:` (but the JDK's own debugger agent `jdwp`) load compiled code: opaque;
 *   `-XX:OnError=` / `-XX:OnOutOfMemoryError=` are shell commands, judged as such.
 *
 * A value built at run time is opaque, except the idiom of appending to the variable's own value
 * (`NODE_OPTIONS="$NODE_OPTIONS --max-old-space-size=4096"`), judged on what it adds.
 */

/**
 * Folders of the system's shared libraries (Filesystem Hierarchy Standard 3.0, `/lib`, `/usr/lib`
 * and their multilib variants; macOS `/usr/lib`, `/System/Library`).
 */
const SYSTEM_LIB_DIRS = [
  '/lib/',
  '/lib32/',
  '/lib64/',
  '/usr/lib/',
  '/usr/lib32/',
  '/usr/lib64/',
  '/System/Library/',
];

/** Module preloads documented by common tools, not read (installed packages), not reported. */
const HARMLESS_PRELOADS: Readonly<Record<'javascript' | 'perl' | 'ruby', ReadonlySet<string>>> = {
  // dotenv "Preload", ts-node "Using with node", tsx "Node.js CLI", source-map-support "Usage",
  // @babel/register docs, tsconfig-paths "Usage".
  javascript: new Set([
    'dotenv/config',
    'ts-node/register',
    'ts-node/register/transpile-only',
    'ts-node/esm',
    'tsx',
    'tsx/cjs',
    'tsx/esm',
    'source-map-support/register',
    '@babel/register',
    'tsconfig-paths/register',
  ]),
  // perlrun `-M` examples (strict, warnings, utf8), Devel::Cover "SYNOPSIS" (PERL5OPT=-MDevel::Cover).
  perl: new Set(['strict', 'warnings', 'utf8', 'diagnostics', 'lib', 'Carp', 'Carp::Always', 'Devel::Cover']),
  // Bundler "bundle exec" (RUBYOPT=-rbundler/setup), ruby(1) -r examples.
  ruby: new Set(['bundler/setup', 'rubygems', 'json', 'pp', 'set']),
};

/** Node options that load a module (node(1) "Command-line API"). */
const NODE_LOADERS = ['r', 'require', 'import', 'loader', 'experimental-loader'];

/**
 * The value of an assignment as static text: its value, or its raw text when the only run-time
 * part is the variable's own earlier value (`X="$X --more"`), which is dropped. `undefined`
 * otherwise.
 */
function staticValue(a: ShellCommand['assignments'][number]): string | undefined {
  if (a.value !== undefined) return a.value;
  const own = new RegExp(`\\$\\{${a.name}(?::?[-+=?][^}]*)?\\}|\\$${a.name}\\b`, 'g');
  const raw = (a.raw ?? '').replace(own, '');
  const unquoted = /^"(.*)"$/s.exec(raw)?.[1] ?? raw;
  return /[$`"'\\]/.test(unquoted) ? undefined : unquoted;
}

/** Splits an options variable into words, honouring double and single quotes (Node, JVM). */
export function splitOptions(value: string): string[] {
  const out: string[] = [];
  const re = /"((?:\\.|[^"\\])*)"|'([^']*)'|([^\s"']+)/g;
  let word = '';
  let last = -1;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const piece = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? '');
    if (m.index === last) word += piece;
    else {
      if (last >= 0) out.push(word);
      word = piece;
    }
    last = re.lastIndex;
  }
  if (last >= 0) out.push(word);
  return out;
}

function words(values: readonly string[], cmd: ShellCommand): ShellWord[] {
  return values.map((v) => ({ value: v, raw: v, span: cmd.span }));
}

function opaque(ctx: Ctx, cmd: ShellCommand, name: string, what: string): void {
  ctx.findings.push(analyzerFinding(OPAQUE_EXECUTION, 'loadedCode', cmd.span, { via: `$${name}`, what }));
}

/** Folders of a `:`-separated search variable as seen by `cmd`. */
function dirsOf(cmd: ShellCommand, ctx: Ctx, name: string): string[] {
  return (envValueOf(cmd, ctx, name) ?? '').split(':').filter(Boolean);
}

/** Whether a library of `LD_PRELOAD` is one of the system's (see the module comment). */
function systemLibrary(cmd: ShellCommand, ctx: Ctx, lib: string): boolean {
  if (!lib.includes('/')) return envValueOf(cmd, ctx, 'LD_LIBRARY_PATH') === undefined;
  const p = path.posix.normalize(lib);
  return SYSTEM_LIB_DIRS.some((d) => p.startsWith(d));
}

/** Modules loaded by the options of `spec` in `values` (`-r X`, `-MX`), with its `-I` folders. */
function optionLoads(
  spec: Interpreter,
  values: readonly string[],
  cmd: ShellCommand,
  loaders: readonly string[],
): { names: { name: string; option: string }[]; inc: string[] } {
  const argv = words(['x', ...values], cmd);
  const names: { name: string; option: string }[] = [];
  const inc: string[] = [];
  // Options variables hold options only: an operand-like word is skipped, not taken as a script.
  for (let i = 1; i < argv.length;) {
    const { options, next } = readOptions(argv, i, spec.options);
    for (const o of options) {
      if (o.value === undefined) continue;
      if (loaders.includes(o.name)) names.push({ name: o.value, option: o.name });
      if (o.name === 'I') inc.push(o.value);
    }
    i = Math.max(next + 1, i + 1);
  }
  return { names, inc };
}

/** Judges the code one assignment of a code-loading variable makes programs load. */
function checkOne(
  cmd: ShellCommand,
  ctx: Ctx,
  a: ShellCommand['assignments'][number],
  how: CodeEnvHow,
): void {
  const value = staticValue(a);
  if (how === 'python-startup' || how === 'perl-lib' || how === 'ruby-lib') return;
  if (value === undefined) {
    if (how !== 'python-path') opaque(ctx, cmd, a.name, a.raw ?? a.name);
    return;
  }
  switch (how) {
    case 'native-preload': {
      // ld.so(8): LD_PRELOAD is split on spaces and colons; dyld(1) takes a colon-separated list.
      for (const lib of value.split(a.name.startsWith('DYLD') ? /:/ : /[\s:]+/))
        if (lib && !systemLibrary(cmd, ctx, lib)) opaque(ctx, cmd, a.name, lib);
      return;
    }
    case 'python-path': {
      for (const dir of value.split(':')) {
        for (const name of ['sitecustomize', 'usercustomize']) {
          const m = findModuleFile(ctx, path.posix.join(dir || '.', `${name}.py`));
          if (m) judgeLoadedFile(cmd, ctx, m, 'python', `$${a.name} ${m.file}`);
        }
      }
      return;
    }
    case 'node-options':
    case 'perl-options':
    case 'ruby-options': {
      const key = how === 'node-options' ? 'node' : how === 'perl-options' ? 'perl' : 'ruby';
      const spec = INTERPRETERS[key];
      if (!spec) return;
      const loaders = how === 'node-options' ? NODE_LOADERS : (spec.preload ?? []);
      const { names, inc } = optionLoads(spec, splitOptions(value), cmd, loaders);
      if (!names.length) return;
      const lib =
        how === 'perl-options' ? ['PERL5LIB', 'PERLLIB'] : how === 'ruby-options' ? ['RUBYLIB'] : [];
      const language = spec.language as 'javascript' | 'perl' | 'ruby';
      judgeModuleLoads(cmd, ctx, language, names, {
        inc: [...inc, ...lib.flatMap((n) => dirsOf(cmd, ctx, n))],
        wrapper: `$${a.name}`,
        strict: true,
        harmless: HARMLESS_PRELOADS[language],
      });
      return;
    }
    case 'java-options': {
      for (const w of splitOptions(value)) {
        const hook = /^-XX:On(?:Error|OutOfMemoryError)=(.*)$/s.exec(w);
        if (hook?.[1]) {
          // The JVM runs each `;`-separated command with /bin/sh (java(1) "-XX:OnError").
          const text = hook[1].replace(/%p/g, '1');
          reparseBounded(
            ctx,
            text,
            { fixedSpan: cmd.span },
            { wrappers: [...cmd.wrappers, `$${a.name}`], inSubstitution: cmd.inSubstitution },
            cmd.span,
          );
          continue;
        }
        const agent = /^-(javaagent|agentpath|agentlib):([^=]*)/.exec(w);
        if (agent && !(agent[1] === 'agentlib' && agent[2] === 'jdwp')) opaque(ctx, cmd, a.name, w);
      }
      return;
    }
  }
}

/**
 * Judges the code that `cmd`'s assignments of code-loading variables make programs load (see the
 * module comment). A command run on another host sets them there: its own remote analysis
 * applies.
 */
export function checkCodeEnv(cmd: ShellCommand, ctx: Ctx): void {
  for (const a of cmd.assignments) {
    const entry = commandEnvVar(a.name);
    if (!entry || entry.how === 'shell' || entry.how === 'preprocessor') continue;
    checkOne(cmd, ctx, a, entry.how);
  }
}
