import * as path from 'node:path';
import { analyzerFinding, OPAQUE_EXECUTION } from './analyzer-findings';
import type { Ctx } from './context';
import { reparseBounded } from './definitions';
import { interpreterOf, judgeLoadedFile } from './interpreters';
import type { ShellCommand, ShellWord } from './model';
import { readOptions } from './options';
import { readScript } from './script-files';

/**
 * Project files that tools run as code without naming them on the command line: pytest's
 * `conftest.py`, a package's `setup.py` under `pip install .`, the `*.config.js` of JavaScript
 * build and test tools, cargo's `build.rs`, the `//go:generate` lines of Go files. Only files
 * WRITTEN BY THE JUDGED TEXT are looked at (`echo … > conftest.py; pytest`): a file of the project
 * on the disk is the project's own code, which these tools are there to run.
 *
 * A written file is found by its name wherever the text wrote it (a tool may be started in another
 * folder, and pytest loads the `conftest.py` of every folder it collects). Python and JavaScript
 * files are judged as code the command runs (`interpreters.ts`, with the modules they load);
 * `build.rs` is `opaque-execution` (no Rust grammar is installed); a `//go:generate` line is the
 * command `go generate` runs, judged as shell text.
 */
interface ImplicitFiles {
  /** Programs (or `python -m` modules) that run the files. */
  programs: readonly string[];
  /** First operand that makes the program run them (`cargo build`); absent: any invocation. */
  subcommands?: readonly string[];
  /** Only when an operand (or `-e` value) names a local folder (`pip install .`). */
  localOperand?: boolean;
  /** File names (basenames), or a suffix starting with `*` (`*.go`). */
  files: readonly string[];
  /** How the file is judged. */
  how: 'python' | 'javascript' | 'opaque' | 'go-generate';
  /** Docs that say the tool runs them. */
  sources: readonly string[];
}

/** `NAME.config.{js,…}` for the extensions JavaScript tools load configuration from. */
function configs(...names: string[]): string[] {
  return names.flatMap((n) => ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts'].map((e) => `${n}.config.${e}`));
}

/** The catalogue (see {@link ImplicitFiles}). */
export const IMPLICIT_FILES: readonly ImplicitFiles[] = [
  {
    programs: ['pytest', 'py.test'],
    files: ['conftest.py'],
    how: 'python',
    sources: [
      'https://docs.pytest.org/en/stable/reference/fixtures.html#conftest-py-sharing-fixtures-across-multiple-files',
      'https://docs.pytest.org/en/stable/how-to/writing_plugins.html#conftest-py-local-per-directory-plugins',
    ],
  },
  {
    programs: ['pip', 'pip3'],
    subcommands: ['install', 'wheel', 'download'],
    localOperand: true,
    files: ['setup.py'],
    how: 'python',
    sources: [
      'https://pip.pypa.io/en/stable/reference/build-system/setup-py/',
      'https://setuptools.pypa.io/en/latest/userguide/quickstart.html',
    ],
  },
  {
    programs: ['build'],
    files: ['setup.py'],
    how: 'python',
    sources: ['https://build.pypa.io/en/stable/'],
  },
  {
    programs: ['jest'],
    files: configs('jest'),
    how: 'javascript',
    sources: ['https://jestjs.io/docs/configuration'],
  },
  {
    programs: ['vitest'],
    files: configs('vitest', 'vite'),
    how: 'javascript',
    sources: ['https://vitest.dev/config/'],
  },
  {
    programs: ['vite'],
    files: configs('vite'),
    how: 'javascript',
    sources: ['https://vite.dev/config/'],
  },
  {
    programs: ['webpack', 'webpack-cli', 'webpack-dev-server'],
    files: configs('webpack'),
    how: 'javascript',
    sources: ['https://webpack.js.org/configuration/'],
  },
  {
    programs: ['eslint'],
    files: [...configs('eslint'), '.eslintrc.js', '.eslintrc.cjs'],
    how: 'javascript',
    sources: ['https://eslint.org/docs/latest/use/configure/configuration-files'],
  },
  {
    programs: ['rollup'],
    files: configs('rollup'),
    how: 'javascript',
    sources: ['https://rollupjs.org/command-line-interface/#configuration-files'],
  },
  {
    programs: ['next'],
    files: configs('next'),
    how: 'javascript',
    sources: ['https://nextjs.org/docs/app/api-reference/config/next-config-js'],
  },
  {
    programs: ['babel', 'babel-node'],
    files: [...configs('babel'), '.babelrc.js', '.babelrc.cjs', '.babelrc.mjs'],
    how: 'javascript',
    sources: ['https://babeljs.io/docs/config-files'],
  },
  {
    programs: ['prettier'],
    files: [...configs('prettier'), '.prettierrc.js', '.prettierrc.cjs', '.prettierrc.mjs'],
    how: 'javascript',
    sources: ['https://prettier.io/docs/configuration'],
  },
  {
    programs: ['playwright'],
    files: configs('playwright'),
    how: 'javascript',
    sources: ['https://playwright.dev/docs/test-configuration'],
  },
  {
    programs: ['cargo'],
    subcommands: [
      'build',
      'b',
      'run',
      'r',
      'test',
      't',
      'check',
      'c',
      'bench',
      'install',
      'clippy',
      'doc',
      'd',
    ],
    files: ['build.rs'],
    how: 'opaque',
    sources: ['https://doc.rust-lang.org/cargo/reference/build-scripts.html'],
  },
  {
    programs: ['go'],
    subcommands: ['generate'],
    files: ['*.go'],
    how: 'go-generate',
    sources: ['https://pkg.go.dev/cmd/go#hdr-Generate_Go_files_by_processing_source'],
  },
];

/** The tool `cmd` runs and its arguments: `python3 -m pytest …` is `pytest …`. */
function toolOf(cmd: ShellCommand): { tool: string; args: ShellWord[] } | undefined {
  if (cmd.name === undefined) return undefined;
  const spec = interpreterOf(cmd.name);
  if (spec?.language === 'python' && spec.module) {
    const { options, next } = readOptions(cmd.argv, 1, spec.options);
    const m = options.find((o) => spec.module?.includes(o.name));
    if (m?.value !== undefined) return { tool: m.value, args: cmd.argv.slice(next) };
  }
  return { tool: cmd.name, args: cmd.argv.slice(1) };
}

/** Whether pip's arguments name a local folder to build (`.`, `./pkg`, `-e .`, `/src/x`). */
function hasLocalOperand(args: readonly ShellWord[]): boolean {
  return args.some((w) => /^(\.{1,2}(\/|$)|\/|file:)/.test(w.value ?? '') || /^-e\.?/.test(w.value ?? ''));
}

function matches(entry: ImplicitFiles, file: string): boolean {
  const base = path.posix.basename(file);
  return entry.files.some((f) => (f.startsWith('*') ? base.endsWith(f.slice(1)) : base === f));
}

/** `//go:generate CMD` lines of Go source (go help generate: at the start of a line, no space). */
function goGenerateLines(text: string): string[] {
  return [...text.matchAll(/^\/\/go:generate[ \t]+(.+)$/gm)]
    .map((m) => m[1] ?? '')
    .filter((l) => !l.startsWith('-command'));
}

/**
 * Judges the files `cmd`'s tool runs implicitly that the judged text wrote (see the module
 * comment). A command run on another host reads that host's files.
 */
export function checkImplicitFiles(cmd: ShellCommand, ctx: Ctx): void {
  if (cmd.remote || ctx.written.size === 0) return;
  const t = toolOf(cmd);
  if (!t) return;
  const sub = t.args.find((w) => !(w.value ?? '').startsWith('-'))?.value;
  for (const entry of IMPLICIT_FILES) {
    if (!entry.programs.includes(t.tool)) continue;
    if (entry.subcommands && (sub === undefined || !entry.subcommands.includes(sub))) continue;
    if (entry.localOperand && !hasLocalOperand(t.args)) continue;
    for (const file of ctx.written.keys()) {
      if (!matches(entry, file)) continue;
      const label = `${t.tool} (${path.posix.basename(file)})`;
      const script = readScript(ctx, file);
      if (!script) continue;
      if (script.text === undefined) {
        ctx.findings.push(
          analyzerFinding(OPAQUE_EXECUTION, 'writtenScript', cmd.span, { interpreter: t.tool, file }),
        );
        continue;
      }
      const key = JSON.stringify(['implicit', file, cmd.span.start]);
      if (ctx.budget.calls.has(key)) continue;
      ctx.budget.calls.add(key);
      if (entry.how === 'python' || entry.how === 'javascript')
        judgeLoadedFile(cmd, ctx, { file, script }, entry.how, label);
      else if (entry.how === 'opaque')
        ctx.findings.push(
          analyzerFinding(OPAQUE_EXECUTION, 'loadedCode', cmd.span, { via: t.tool, what: file }),
        );
      else
        for (const line of goGenerateLines(script.text))
          reparseBounded(
            ctx,
            line,
            { fixedSpan: cmd.span },
            { wrappers: [...cmd.wrappers, label], inSubstitution: cmd.inSubstitution },
            cmd.span,
          );
    }
  }
}
