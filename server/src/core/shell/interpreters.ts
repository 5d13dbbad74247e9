import { analyzeCode, type CodeAction, type CodeAnalysis, type CodeLanguage } from '../code';
import { HARMLESS_PYTHON_MODULES } from '../code/python';
import type { ActionEffect, Span } from '../types';
import { analyzerFinding, OPAQUE_EXECUTION } from './analyzer-findings';
import type { Ctx, Inherited, Placement } from './context';
import type { ShellCommand, ShellWord } from './model';
import { readOptions, type OptionSpec } from './options';
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
    runSubcommand: 'run',
    runSubcommandOptional: true,
  },
  deno: { language: 'javascript', code: [], options: {}, evalSubcommand: 'eval', runSubcommand: 'run' },
  ipython: { ...PYTHON, options: { short: 'cm' } },
  'ts-node': { ...NODE, language: 'javascript' },
  tsx: { ...NODE, language: 'javascript' },
  perl: { language: 'perl', code: ['e', 'E'], options: { short: 'eEI', attachedOnly: 'MmlxiF0C' } },
  ruby: { language: 'ruby', code: ['e'], options: { short: 'eIrCE', long: ['encoding'] }, checkOnly: ['c'] },
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
): CodeSource | { opaque: ShellWord | undefined; what: string; module?: true } | undefined {
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
    case 'send':
      return { text: `curl --data-binary @${a.file ? quoteWord(a.file) : '-'} ${quoteWord(a.url)}` };
    case 'socket':
      return { text: `nc ${quoteWord(a.host)} ${quoteWord(a.port ?? '')}`.trim() };
    case 'sql':
      return { text: sqlClient(analysis, a.text) };
    case 'opaque':
      return undefined;
  }
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
 * Returns whether the command was an interpreter running code that was looked at.
 */
export function checkInterpreter(cmd: ShellCommand, ctx: Ctx): boolean {
  const spec = interpreterOf(cmd.name);
  if (!spec) return false;
  const source = codeSource(cmd, spec, ctx);
  if (!source) return false;
  const interpreter = cmd.name ?? '';
  if ('opaque' in source) {
    const span = source.opaque?.span ?? cmd.span;
    ctx.findings.push(
      source.module
        ? analyzerFinding(OPAQUE_EXECUTION, 'unknownModule', span, { interpreter, module: source.what })
        : analyzerFinding(OPAQUE_EXECUTION, 'dynamicCode', span, { interpreter, text: short(source.what) }),
    );
    return true;
  }
  const analysis = analyzeCode(ctx.parsers, spec.language, source.code);
  const spanAt = (r: { start: number; end: number }): Span =>
    source.offset !== undefined && !ctx.fixedSpan
      ? ctx.index.span(source.offset + r.start, source.offset + r.end)
      : (ctx.fixedSpan ?? source.span);
  if (analysis.unparsed) {
    ctx.findings.push(
      analyzerFinding(OPAQUE_EXECUTION, 'unparsedCode', spanAt(analysis.unparsed.at), {
        interpreter,
        text: analysis.unparsed.text,
      }),
    );
  }
  const inherited: Inherited = {
    wrappers: [...cmd.wrappers, source.wrapper],
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
  return true;
}

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}
