import * as path from 'node:path';
import { analyzeCode, type CodeAction, type CodeAnalysis, type CodeLanguage } from '../code';
import { RUN_TIME } from '../code/model';
import { HARMLESS_PYTHON_MODULES } from '../code/python';
import type { ActionEffect, Span } from '../types';
import { analyzerFinding, OPAQUE_EXECUTION } from './analyzer-findings';
import type { Ctx, Inherited, Placement } from './context';
import type { ShellCommand, ShellWord } from './model';
import { readOptions, type OptionSpec } from './options';
import {
  jsImportFile,
  moduleKey,
  moduleLanguage,
  type ModuleBase,
  type ModuleFile,
  perlModuleFile,
  pythonImportFiles,
  pythonMainFiles,
  rubyModuleFile,
} from './code-modules';
import { readScript } from './script-files';
import { quoteWord } from './words';

/**
 * A language interpreter as invoked from the shell: which options carry inline code, which take
 * another value, and (Python) which option runs a module. Sources: python(1) "Command line and
 * environment" (https://docs.python.org/3/using/cmdline.html), node(1) "Command-line API"
 * (https://nodejs.org/api/cli.html), deno `eval` (https://docs.deno.com/runtime/reference/cli/eval/),
 * bun `--eval` (https://bun.sh/docs/cli/run), perlrun(1), ruby(1), php-cli `-r`
 * (https://www.php.net/manual/en/features.commandline.options.php), GTFOBins' pages for each.
 */
export interface Interpreter {
  language: CodeLanguage;
  /** Options whose value is code (`-c`, `-e`, `--eval`); repeated ones are joined by newlines. */
  code: readonly string[];
  /** Option syntax (options taking values, code options included). */
  options: OptionSpec;
  /** Options whose value names a module run as the program (`python -m`). */
  module?: readonly string[];
  /** A subcommand that takes code as its operand (`deno eval CODE`). */
  evalSubcommand?: string;
  /** Subcommand that runs the script file operand (`deno run FILE`). */
  runSubcommand?: string;
  /** The file may also follow the program directly (`bun FILE` as well as `bun run FILE`). */
  runSubcommandOptional?: boolean;
  /** Options that only check or print the code without running it (`php -l`, `ruby -c`). */
  checkOnly?: readonly string[];
  /** Options whose value names a module loaded before the code (`node -r`, `perl -M`, `ruby -r`). */
  preload?: readonly string[];
}

const PYTHON: Interpreter = {
  language: 'python',
  code: ['c'],
  checkOnly: ['V', 'version', 'h', 'help'],
  module: ['m'],
  options: { short: 'cmWXQ', long: ['check-hash-based-pycs'] },
};
const NODE: Interpreter = {
  language: 'javascript',
  code: ['e', 'eval', 'p', 'print'],
  checkOnly: ['c', 'check', 'v', 'version', 'h', 'help'],
  preload: ['r', 'require', 'import', 'loader', 'experimental-loader'],
  options: {
    short: 'epr',
    long: [
      'eval',
      'print',
      'require',
      'import',
      'loader',
      'experimental-loader',
      'input-type',
      'env-file',
      'title',
    ],
  },
};

/** Interpreters by program name; {@link interpreterOf} also maps versioned names (`python3.12`). */
export const INTERPRETERS: Readonly<Record<string, Interpreter>> = {
  python: PYTHON,
  pypy: PYTHON,
  node: NODE,
  nodejs: NODE,
  bun: {
    language: 'javascript',
    code: ['e', 'eval', 'p', 'print'],
    options: { short: 'epr', long: ['eval', 'print', 'preload', 'cwd'] },
    preload: ['r', 'preload'],
    runSubcommand: 'run',
    runSubcommandOptional: true,
  },
  deno: { language: 'javascript', code: [], options: {}, evalSubcommand: 'eval', runSubcommand: 'run' },
  ipython: { ...PYTHON, options: { short: 'cm' } },
  'ts-node': { ...NODE, language: 'javascript' },
  tsx: { ...NODE, language: 'javascript' },
  perl: {
    language: 'perl',
    code: ['e', 'E'],
    options: { short: 'eEI', attachedOnly: 'MmlxiF0C' },
    preload: ['M', 'm'],
  },
  ruby: {
    language: 'ruby',
    code: ['e'],
    options: { short: 'eIrCE', long: ['encoding'] },
    checkOnly: ['c'],
    preload: ['r'],
  },
  irb: { language: 'ruby', code: [], options: { short: 'rI' } },
  php: {
    language: 'php',
    code: ['r'],
    options: { short: 'rcdfzBERFt' },
    checkOnly: ['l', 's', 'i', 'v', 'm'],
  },
  lua: { language: 'lua', code: ['e'], options: { short: 'el' } },
  luajit: { language: 'lua', code: ['e'], options: { short: 'elbjO' } },
  Rscript: { language: 'r', code: ['e'], options: { short: 'e' } },
  R: { language: 'r', code: ['e'], options: { short: 'ef', long: ['file'] } },
  julia: {
    language: 'julia',
    code: ['e', 'eval', 'E', 'print'],
    options: { short: 'eEpLJCt', long: ['eval', 'print', 'load', 'project'] },
  },
};

/** The interpreter a program name runs (`python3.11` ⇒ Python, `nodejs` ⇒ Node), if any. */
export function interpreterOf(name: string | undefined): Interpreter | undefined {
  if (name === undefined) return undefined;
  if (INTERPRETERS[name]) return INTERPRETERS[name];
  const family = /^(python|pypy|perl|ruby|php|lua)[\d.]*$/.exec(name)?.[1];
  return family ? INTERPRETERS[family] : undefined;
}

/** Code an interpreter command runs, where it sits in the action text, and how it got there. */
interface CodeSource {
  code: string;
  /** Action-text offset where `code` starts when it maps back character by character. */
  offset?: number;
  /** The span of the word, heredoc or command holding the code (used when `offset` is unknown). */
  span: Span;
  /** Wrapper name recorded on the commands the code runs (`python3 -c`, `node (stdin)`). */
  wrapper: string;
  /** The script file the code was read from (`python3 tools/x.py`). */
  file?: string;
}

/**
 * Scripts larger than this (UTF-16 units, ~512 KB) are not read: bundles and generated code are
 * not what an agent writes into a command, and parsing them would cost the hook its budget.
 */
export const MAX_SCRIPT_CHARS = 512 * 1024;

/** The code an interpreter command runs, or a reason it cannot be known; `undefined` when none. */
function codeSource(
  cmd: ShellCommand,
  spec: Interpreter,
  ctx: Ctx,
):
  | CodeSource
  | { main: ModuleFile[]; wrapper: string }
  | { opaque: ShellWord | undefined; what: string; module?: true }
  | undefined {
  const name = cmd.name ?? '';
  const { options, next } = readOptions(cmd.argv, 1, spec.options);
  if (spec.checkOnly && options.some((o) => spec.checkOnly?.includes(o.name))) return undefined;
  const code = options.filter((o) => spec.code.includes(o.name));
  if (code.length > 0) {
    const dynamic = code.find((o) => o.value === undefined);
    if (dynamic) return { opaque: dynamic.valueWord, what: dynamic.valueWord?.raw ?? '' };
    const first = code[0];
    const word = first?.valueWord;
    const single = code.length === 1 && word && word.value === first.value;
    return {
      code: code.map((o) => o.value ?? '').join('\n'),
      ...(single && word.valueOffset !== undefined ? { offset: word.valueOffset } : {}),
      span: word?.span ?? cmd.span,
      wrapper: `${name} -${(first?.name.length ?? 0) > 1 ? '-' : ''}${first?.name ?? ''}`,
    };
  }
  const module = options.find((o) => spec.module?.includes(o.name));
  if (module) {
    // `python -m M` runs the project's `M.py` / `M/__main__.py` when there is one (sys.path[0] is
    // the working folder, before the installed modules).
    const main =
      module.value === undefined ? [] : pythonMainFiles(ctx, module.value, pythonPathOf(cmd, ctx, undefined));
    if (main.length) return { main, wrapper: `${name} -m ${module.value ?? ''}` };
    if (module.value !== undefined && HARMLESS_PYTHON_MODULES.has(module.value)) return undefined;
    return { opaque: module.valueWord, what: module.valueWord?.raw ?? '', module: true };
  }
  let operandAt = next;
  const sub = cmd.argv[next]?.value;
  if (spec.evalSubcommand || spec.runSubcommand) {
    if (sub === spec.evalSubcommand) {
      const { next: at } = readOptions(cmd.argv, next + 1, {});
      const word = cmd.argv[at];
      if (!word) return undefined;
      if (word.value === undefined) return { opaque: word, what: word.raw };
      return {
        code: word.value,
        ...(word.valueOffset !== undefined ? { offset: word.valueOffset } : {}),
        span: word.span,
        wrapper: `${name} ${sub}`,
      };
    }
    if (sub === spec.runSubcommand) operandAt = readOptions(cmd.argv, next + 1, {}).next;
    else if (!spec.runSubcommandOptional) return undefined;
  }
  const operand = cmd.argv[operandAt];
  if (!operand || operand.value === '-') {
    const stdin = cmd.stdin;
    if (!stdin || stdin.dynamic) return undefined;
    return {
      code: stdin.text,
      ...(stdin.textOffset !== undefined ? { offset: stdin.textOffset } : {}),
      span: stdin.span,
      wrapper: `${name} (stdin)`,
    };
  }
  const file = operand.value;
  if (file === undefined) return undefined;
  const script = readScript(ctx, file);
  if (!script) return undefined;
  // A file this command wrote with run-time content (`curl -o x.py …; python3 x.py`).
  if (script.text === undefined) return { opaque: operand, what: file };
  return {
    code: script.text,
    span: cmd.span,
    wrapper: `${name} ${file}`,
    file,
  };
}

/** The shell text standing for one code action, and the effects it has. */
function synthesize(
  a: CodeAction,
  analysis: CodeAnalysis,
): { text: string; effects?: ActionEffect[] } | undefined {
  switch (a.kind) {
    case 'shell':
      return { text: a.text };
    case 'argv':
      return { text: a.argv.map(quoteWord).join(' ') };
    case 'delete':
      return {
        text: `rm ${a.recursive ? '-rf' : '-f'} -- ${quoteWord(a.path)}`,
        effects: [{ verb: 'destroy', resource: { kind: 'path', id: a.path }, via: a.via }],
      };
    case 'overwrite':
      return {
        text: `: > ${quoteWord(a.path)}`,
        effects: [{ verb: 'overwrite', resource: { kind: 'path', id: a.path }, via: a.via }],
      };
    case 'http':
      return { text: curlOf(a) };
    case 'socket':
      return { text: `nc ${quoteWord(a.host)} ${quoteWord(a.port ?? '')}`.trim() };
    case 'sql':
      return { text: sqlClient(analysis, a.text) };
    case 'opaque':
      return undefined;
  }
}

/**
 * A value of the code as one shell word: parts known only at run time ({@link RUN_TIME}) become a
 * variable no shell sets, so rules see a word built at run time (as curl's `"$API/users/$ID"`).
 */
function runTimeWord(s: string): string {
  if (!s.includes(RUN_TIME)) return quoteWord(s);
  const parts = s.split(RUN_TIME).map((p) => p.replace(/["\\$`]/g, (c) => `\\${c}`));
  return `"${parts.join('${RAILGUARD_CODE_VALUE}')}"`;
}

/**
 * The curl command making the same request as code (`requests.delete(U)` ⇒ `curl -X DELETE U`,
 * `requests.post(U, data=open(F))` ⇒ `curl --data-binary @F U`, a static body as `--data-raw`
 * so GraphQL delete mutations of catalogued APIs are seen), so `http-delete-request`,
 * `destructive-tool-verb`, `upload-to-network` and `secret-to-network` judge it as they judge
 * curl. `-X` is left out where curl's default is the method (GET, POST with a body).
 */
function curlOf(a: Extract<CodeAction, { kind: 'http' }>): string {
  const words = ['curl'];
  const implied = a.body ? 'POST' : 'GET';
  if (a.method !== implied) words.push('-X', runTimeWord(a.method));
  if (a.body && a.data !== undefined && a.file === undefined) words.push('--data-raw', quoteWord(a.data));
  else if (a.body) words.push('--data-binary', `@${a.file !== undefined ? runTimeWord(a.file) : '-'}`);
  words.push(runTimeWord(a.url));
  return words.join(' ');
}

const SHELL_PROGRAM = /^(?:\S*\/)?(?:ba|z|da|k|a|mk)?sh$/;

/**
 * Code that opens a TCP socket and starts a shell (`s.connect((h, p)); os.dup2(…); pty.spawn(
 * '/bin/sh')`, `net.connect(p, h)` piped into `spawn('/bin/sh')`) is a reverse shell: GTFOBins'
 * python/node/perl/ruby/php "Reverse shell" recipes (https://gtfobins.github.io/#+reverse%20shell).
 * It is added as the canonical `sh -i >& /dev/tcp/HOST/PORT 0>&1`, so rules about reverse shells
 * and network sinks judge every language's spelling of it.
 */
function reverseShell(analysis: CodeAnalysis): void {
  const socket = analysis.actions.find((a) => a.kind === 'socket');
  if (socket?.kind !== 'socket') return;
  const shell = analysis.actions.find(
    (a) =>
      (a.kind === 'argv' && SHELL_PROGRAM.test(a.argv[0] ?? '')) ||
      (a.kind === 'shell' && SHELL_PROGRAM.test(a.text.trim().split(/\s+/)[0] ?? '')),
  );
  if (!shell) return;
  const port = socket.port && /^\d+$/.test(socket.port) ? socket.port : '0';
  analysis.actions.push({
    kind: 'shell',
    text: `sh -i >& /dev/tcp/${socket.host}/${port} 0>&1`,
    via: `${socket.via} + ${shell.via}`,
    at: socket.at,
  });
}

/** A database client command running `sql` against the code's first connection. */
function sqlClient(analysis: CodeAnalysis, sql: string | undefined): string {
  const target = analysis.connections[0];
  const dialect = target?.dialect ?? analysis.dialect ?? 'postgresql';
  const opt = (flag: string, v: string | undefined) => (v ? ` ${flag} ${quoteWord(v)}` : '');
  if (dialect === 'sqlite')
    return `sqlite3 ${quoteWord(target?.file ?? ':memory:')}${sql === undefined ? '' : ` ${quoteWord(sql)}`}`;
  if (dialect === 'mysql' || dialect === 'mariadb') {
    return `mysql${opt('-h', target?.host)}${opt('-D', target?.database)}${opt('-u', target?.user)}${opt('-e', sql)}`;
  }
  const conninfo = target?.conninfo ? ` ${quoteWord(target.conninfo)}` : '';
  return `psql${conninfo}${opt('-h', target?.host)}${opt('-d', target?.database)}${opt('-U', target?.user)}${opt('-c', sql)}`;
}

/** Most levels of modules followed from the code a command runs (`import a` ⇒ `import b` ⇒ …). */
export const MAX_MODULE_DEPTH = 4;

/** Most module files judged for one action. */
export const MAX_MODULES = 32;

/** Code to judge for a command, where it sits, and where the modules it loads are looked for. */
interface CodeJob {
  language: CodeLanguage;
  code: string;
  /** Action-text offset of `code` when it maps back character by character. */
  offset?: number;
  /** Where the code sits in the action text (used when `offset` is unknown). */
  span: Span;
  /** Wrappers recorded on the commands the code runs, the interpreter's included. */
  wrappers: string[];
  /** Program named in findings (`python3`). */
  interpreter: string;
  base: ModuleBase;
  /** Keys of the module files that led here (cycle guard); empty for the command's own code. */
  trail: readonly string[];
}

/**
 * Looks inside the code an interpreter command runs (`python -c`, `python - <<EOF`, `python
 * file.py` through `ctx.readFile`, `node -e`, `deno eval`, `bun -e`, `perl -e`, `ruby -e`, `php
 * -r`): every process it starts, file it removes or overwrites, SQL it sends, upload or socket is
 * re-parsed as the equivalent shell command (`os.system(T)` ⇒ `T`, `shutil.rmtree(P)` ⇒ `rm -rf --
 * P`, `cursor.execute(S)` ⇒ `psql -h HOST -c S`, `requests.post(U)` ⇒ `curl --data-binary @- U`)
 * with the interpreter as wrapper, so shell rules, embedded SQL and environment detection apply
 * unchanged. What cannot be known (code built at run time, arguments that are not static, `python
 * -m` of a module not known harmless, code that does not parse) is an `opaque-execution` finding,
 * in a script file as in inline code: the agent may have written the file with a file tool, so
 * what it cannot be read for stays unknown (ask in production). Files over
 * {@link MAX_SCRIPT_CHARS} are not read.
 *
 * The project's own modules the code loads are judged as part of it (`import evil` with `evil.py`
 * beside it, `require('./x')`, `python -m pkg` ⇒ `pkg/__main__.py`, `node -r ./x.js`, `perl
 * -Mx`, `ruby -r./x`; see `code-modules.ts`), transitively to {@link MAX_MODULE_DEPTH} levels and
 * {@link MAX_MODULES} files; a module written by the judged text past those bounds is opaque.
 * Returns whether the command was an interpreter running code that was looked at.
 */
export function checkInterpreter(cmd: ShellCommand, ctx: Ctx): boolean {
  const spec = interpreterOf(cmd.name);
  if (!spec) return false;
  const interpreter = cmd.name ?? '';
  const wrappers = [...cmd.wrappers];
  const preloaded = checkPreloads(cmd, ctx, spec);
  const source = codeSource(cmd, spec, ctx);
  if (!source) return preloaded || checkStartupFile(cmd, ctx, spec);
  if ('opaque' in source) {
    const span = source.opaque?.span ?? cmd.span;
    ctx.findings.push(
      source.module
        ? analyzerFinding(OPAQUE_EXECUTION, 'unknownModule', span, { interpreter, module: source.what })
        : analyzerFinding(OPAQUE_EXECUTION, 'dynamicCode', span, { interpreter, text: short(source.what) }),
    );
    return true;
  }
  const file = 'file' in source ? source.file : undefined;
  const base: ModuleBase = {
    ...(file !== undefined ? { file } : {}),
    pythonPath: pythonPathOf(cmd, ctx, file),
  };
  if ('main' in source) {
    for (const m of source.main)
      judgeModule(cmd, ctx, { wrappers: [...wrappers, source.wrapper], interpreter, base, trail: [] }, m, {
        at: cmd.span,
        language: spec.language,
      });
    return true;
  }
  judgeCode(cmd, ctx, {
    language: spec.language,
    code: source.code,
    ...(source.offset !== undefined ? { offset: source.offset } : {}),
    span: source.span,
    wrappers: [...wrappers, source.wrapper],
    interpreter,
    base,
    trail: [],
  });
  return true;
}

/** Judges one code text (the command's own, or a module it loads) and the modules it loads. */
function judgeCode(cmd: ShellCommand, ctx: Ctx, job: CodeJob): void {
  const analysis = analyzeCode(ctx.parsers, job.language, job.code);
  const { interpreter } = job;
  const spanAt = (r: { start: number; end: number }): Span =>
    job.offset !== undefined && !ctx.fixedSpan
      ? ctx.index.span(job.offset + r.start, job.offset + r.end)
      : (ctx.fixedSpan ?? job.span);
  if (analysis.unparsed) {
    ctx.findings.push(
      analyzerFinding(OPAQUE_EXECUTION, 'unparsedCode', spanAt(analysis.unparsed.at), {
        interpreter,
        text: analysis.unparsed.text,
      }),
    );
  }
  const inherited: Inherited = {
    wrappers: job.wrappers,
    inSubstitution: cmd.inSubstitution,
    ...(cmd.runAs ? { runAs: cmd.runAs } : {}),
    ...(cmd.remote ? { remote: cmd.remote } : {}),
  };
  const hasSql = analysis.actions.some((a) => a.kind === 'sql');
  reverseShell(analysis);
  const items: { text: string; effects?: ActionEffect[]; at: Span }[] = [];
  for (const a of analysis.actions) {
    if (a.kind === 'opaque') {
      ctx.findings.push(
        analyzerFinding(OPAQUE_EXECUTION, 'opaqueCall', spanAt(a.at), {
          interpreter,
          call: a.via,
          text: a.what,
        }),
      );
      continue;
    }
    const s = synthesize(a, analysis);
    if (s) items.push({ ...s, at: spanAt(a.at) });
  }
  // A connection whose SQL is not static still names the database host (environment detection).
  if (!hasSql) {
    for (const c of analysis.connections)
      items.push({ text: sqlClient({ ...analysis, connections: [c] }, undefined), at: spanAt(c.at) });
  }
  for (const item of items) {
    if (ctx.depth + 1 > ctx.maxDepth) {
      ctx.findings.push(analyzerFinding(OPAQUE_EXECUTION, 'tooDeep', item.at, { depth: ctx.maxDepth }));
      continue;
    }
    const before = ctx.commands.length;
    const placement: Placement = { fixedSpan: item.at };
    ctx.reparse(ctx, item.text, placement, inherited, item.at);
    if (item.effects) for (const c of ctx.commands.slice(before)) c.effects = item.effects;
  }
  if (cmd.remote) return;
  for (const imp of analysis.imports ?? []) {
    const files =
      job.language === 'python'
        ? pythonImportFiles(ctx, imp, job.base)
        : job.language === 'javascript'
          ? [jsImportFile(ctx, imp.spec, job.base)].filter((m): m is ModuleFile => m !== undefined)
          : [];
    for (const m of files) judgeModule(cmd, ctx, job, m, { at: spanAt(imp.at), language: job.language });
  }
}

/**
 * Judges module file `m`, loaded by the code of `parent` at `at`, as code of that command: within
 * {@link MAX_MODULE_DEPTH} and {@link MAX_MODULES}, once per place, never around a cycle. Past the
 * bounds a module the judged text wrote is opaque (it could hide anything there); a module of the
 * project on the disk is left alone. A module written with content known only at run time is
 * opaque.
 */
function judgeModule(
  cmd: ShellCommand,
  ctx: Ctx,
  parent: Omit<CodeJob, 'language' | 'code' | 'span' | 'offset'>,
  m: ModuleFile,
  where: { at: Span; language: CodeLanguage; label?: string },
): void {
  const key = moduleKey(ctx, m.file);
  if (parent.trail.includes(key)) return;
  const once = JSON.stringify(['module', key, where.at.start, where.at.end]);
  if (ctx.budget.calls.has(once)) return;
  ctx.budget.calls.add(once);
  if (m.script.text === undefined) {
    ctx.findings.push(
      analyzerFinding(OPAQUE_EXECUTION, 'writtenScript', where.at, {
        interpreter: parent.interpreter,
        file: m.file,
      }),
    );
    return;
  }
  if (parent.trail.length >= MAX_MODULE_DEPTH || ctx.budget.modules >= MAX_MODULES) {
    if (m.script.from === 'text')
      ctx.findings.push(analyzerFinding(OPAQUE_EXECUTION, 'tooDeep', where.at, { depth: MAX_MODULE_DEPTH }));
    return;
  }
  ctx.budget.modules++;
  const language = moduleLanguage(m.file, where.language);
  const wrappers = [...parent.wrappers, where.label ?? `import ${m.file}`];
  const base: ModuleBase = { file: m.file, pythonPath: parent.base.pythonPath };
  const trail = [...parent.trail, key];
  if (language === 'python' || language === 'javascript' || language in SCANNED) {
    judgeCode(cmd, ctx, {
      language,
      code: m.script.text,
      span: where.at,
      wrappers,
      interpreter: parent.interpreter,
      base,
      trail,
    });
  }
}

/** Languages read by the scan of `code/scan.ts` (no import following). */
const SCANNED: Readonly<Record<string, true>> = { perl: true, ruby: true, php: true, lua: true };

/**
 * `sys.path` folders of the project for a Python command: the script's folder (the working
 * folder for `-c`, `-m` and stdin), then the static entries of `PYTHONPATH` as set on the command
 * or earlier in the text (an empty entry is the working folder).
 */
export function pythonPathOf(cmd: ShellCommand, ctx: Ctx, script: string | undefined): string[] {
  const first = script === undefined ? '.' : path.posix.dirname(script);
  const set = envValueOf(cmd, ctx, 'PYTHONPATH');
  const more = set === undefined ? [] : set.split(':').map((d) => d || '.');
  return [...new Set([first, ...more])];
}

/** The value of environment variable `name` for `cmd`: its own assignment, else the text's. */
export function envValueOf(cmd: ShellCommand, ctx: Ctx, name: string): string | undefined {
  const own = cmd.assignments.find((a) => a.name === name);
  return own ? own.value : ctx.vars.get(name);
}

/**
 * Modules an interpreter's options load before its code (node(1) `-r`/`--require`/`--import`/
 * `--loader`, bun `--preload`, perlrun `-M`/`-m`, ruby(1) `-r`), with the folders its `-I`
 * options add: each module of the project is judged as code the command runs.
 */
function checkPreloads(cmd: ShellCommand, ctx: Ctx, spec: Interpreter): boolean {
  if (!spec.preload) return false;
  const { options } = readOptions(cmd.argv, 1, spec.options);
  const names = options
    .filter((o) => spec.preload?.includes(o.name) && o.value !== undefined)
    .map((o) => ({ name: o.value as string, option: o.name }));
  if (!names.length) return false;
  const inc = options.filter((o) => o.name === 'I' && o.value !== undefined).map((o) => o.value as string);
  judgeModuleLoads(cmd, ctx, spec.language, names, { inc, wrapper: cmd.name ?? '', strict: false });
  return true;
}

/**
 * Judges the modules `names` loaded into a `language` process (by interpreter options or an
 * environment variable such as `NODE_OPTIONS`): a path, or a Perl/Ruby name found in `inc`, is
 * read as code of that language. With `strict` (the load is planted for later processes), a
 * module that cannot be read is opaque unless it is one of `harmless`; without it, it is left
 * alone as an installed package is.
 */
export function judgeModuleLoads(
  cmd: ShellCommand,
  ctx: Ctx,
  language: CodeLanguage,
  names: readonly { name: string; option: string }[],
  how: { inc: readonly string[]; wrapper: string; strict: boolean; harmless?: ReadonlySet<string> },
): void {
  const parent = {
    wrappers: [...cmd.wrappers],
    interpreter: how.wrapper,
    base: { pythonPath: pythonPathOf(cmd, ctx, undefined) },
    trail: [] as string[],
  };
  for (const { name, option } of names) {
    const m =
      language === 'javascript'
        ? jsImportFile(ctx, name, parent.base)
        : language === 'perl'
          ? perlModuleFile(ctx, name.replace(/[=\s].*$/s, ''), how.inc)
          : language === 'ruby'
            ? rubyModuleFile(ctx, name, how.inc)
            : undefined;
    const label = `${how.wrapper} -${option.length > 1 ? '-' : ''}${option} ${name}`;
    if (m) {
      judgeModule(cmd, ctx, parent, m, { at: cmd.span, language, label });
      continue;
    }
    const bare = name.replace(/[=\s].*$/s, '');
    if (how.strict && !how.harmless?.has(bare))
      ctx.findings.push(
        analyzerFinding(OPAQUE_EXECUTION, 'loadedCode', cmd.span, { via: how.wrapper, what: short(name) }),
      );
  }
}

/**
 * Judges file `m`, which `cmd` makes a `language` program load (a `sitecustomize.py` on
 * `PYTHONPATH`, a project file a tool runs), as code `cmd` runs, placed on `cmd`; `label` names
 * it on the commands it runs and in findings.
 */
export function judgeLoadedFile(
  cmd: ShellCommand,
  ctx: Ctx,
  m: ModuleFile,
  language: CodeLanguage,
  label: string,
): void {
  const parent = {
    wrappers: [...cmd.wrappers],
    interpreter: label,
    base: { pythonPath: pythonPathOf(cmd, ctx, m.file) },
    trail: [] as string[],
  };
  judgeModule(cmd, ctx, parent, m, { at: cmd.span, language, label });
}

/**
 * `PYTHONSTARTUP`: the file an interactive `python` runs before its first prompt (python(1)
 * "Environment variables"; not with a script, `-c`, `-m`, `-i` or input that is not a terminal).
 */
function checkStartupFile(cmd: ShellCommand, ctx: Ctx, spec: Interpreter): boolean {
  if (spec.language !== 'python' || cmd.stdin || cmd.pipeline.index > 0) return false;
  const { options, next } = readOptions(cmd.argv, 1, spec.options);
  if (next < cmd.argv.length || options.some((o) => o.name === 'i')) return false;
  const file = envValueOf(cmd, ctx, 'PYTHONSTARTUP');
  const script = file === undefined || file === '' ? undefined : readScript(ctx, file);
  if (file === undefined || !script) return false;
  judgeModule(
    cmd,
    ctx,
    {
      wrappers: [...cmd.wrappers],
      interpreter: cmd.name ?? 'python',
      base: { pythonPath: ['.'] },
      trail: [],
    },
    { file, script },
    { at: cmd.span, language: 'python', label: `${cmd.name ?? 'python'} $PYTHONSTARTUP` },
  );
  return true;
}

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}
