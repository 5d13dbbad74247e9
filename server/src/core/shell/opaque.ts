import { analyzerFinding, OPAQUE_EXECUTION, type OpaqueMessage } from './analyzer-findings';
import type { Finding } from '../types';
import type { Ctx } from './context';
import type { ShellCommand, ShellWord } from './model';
import { dbInvocation } from './db-clients';
import { hasOption, readOptions } from './options';
import { startsShellOnStdin } from './user-wrappers';

/** Shells: run code from `-c TEXT`, a script operand, or stdin. */
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'fish', 'busybox']);

/**
 * Interpreters with an inline-code option, and the calls in that language that run shell commands
 * (Python `os.system`/`subprocess`, Node `child_process`, Perl/Ruby `system`/`exec`/backticks).
 */
const INTERPRETERS: Record<string, { codeOptions: string[]; shellCalls: RegExp }> = {
  python: {
    codeOptions: ['c'],
    shellCalls: /\b(os\.(system|popen|exec\w*|spawn\w*)|subprocess|pty\.spawn|commands\.getoutput)\b/,
  },
  node: {
    codeOptions: ['e', 'eval', 'p', 'print'],
    shellCalls: /\b(child_process|execSync|execFileSync|spawnSync|spawn|exec)\b/,
  },
  perl: { codeOptions: ['e', 'E'], shellCalls: /\b(system|exec|qx)\b|`/ },
  ruby: { codeOptions: ['e'], shellCalls: /\b(system|exec|spawn|IO\.popen|Open3|%x)\b|`/ },
  php: { codeOptions: ['r'], shellCalls: /\b(shell_exec|system|exec|passthru|popen|proc_open)\b|`/ },
};

/** `python3.11` ⇒ `python`, `nodejs` ⇒ `node`. */
function interpreterFamily(name: string): string | undefined {
  if (/^python[\d.]*$/.test(name)) return 'python';
  if (name === 'node' || name === 'nodejs') return 'node';
  if (/^perl[\d.]*$/.test(name)) return 'perl';
  if (/^ruby[\d.]*$/.test(name)) return 'ruby';
  if (/^php[\d.]*$/.test(name)) return 'php';
  return undefined;
}

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}

/** Whether a program reads the code it runs from stdin (no code option, no script operand). */
function readsCodeFromStdin(cmd: ShellCommand, family: string | undefined): boolean {
  const { options, next } = readOptions(cmd.argv, 1, { short: 'oO', long: ['rcfile', 'init-file'] });
  const operand = cmd.argv[next]?.value;
  if (family === undefined) {
    if (cmd.name === 'busybox') return false;
    if (hasOption(options, 'c', 'command')) return false;
    return operand === undefined || hasOption(options, 's') || operand === '-';
  }
  const spec = INTERPRETERS[family];
  if (spec && hasOption(options, ...spec.codeOptions, 'm')) return false;
  return operand === undefined || operand === '-';
}

/**
 * The `opaque-execution` finding for shell text built at run time that `interpreter` runs with
 * `-c` (`sh -c "$CMD"`, `su -c "$CMD" postgres`), placed on the word holding the text.
 */
export function dynamicTextFinding(interpreter: string, word: ShellWord): Finding {
  return analyzerFinding(OPAQUE_EXECUTION, 'dynamicShellText', word.span, {
    interpreter,
    text: short(word.raw),
  });
}

function report(
  ctx: Ctx,
  cmd: ShellCommand,
  messageId: OpaqueMessage,
  word?: ShellWord,
  data: Record<string, string> = {},
): void {
  ctx.findings.push(
    analyzerFinding(OPAQUE_EXECUTION, messageId, word?.span ?? cmd.span, {
      interpreter: cmd.name ?? '',
      ...data,
    }),
  );
}

/**
 * Reports `opaque-execution` for one command: an interpreter reading code from a pipe whose text
 * is not static (`curl … | sh`, `base64 -d | bash`), a process substitution as script
 * (`bash <(curl …)`, `source <(…)`), `eval` / `sh -c` of text built at run time, and inline
 * Python/Node/Perl/Ruby/PHP code that runs shell commands or is itself built at run time.
 */
export function checkOpaque(cmd: ShellCommand, ctx: Ctx): void {
  const name = cmd.name;
  if (name === undefined) {
    const program = cmd.argv[0];
    if (program) report(ctx, cmd, 'dynamicProgram', program, { text: short(program.raw) });
    return;
  }
  const family = interpreterFamily(name);
  const isShell = SHELLS.has(name);
  if (isShell || family) {
    const sub = cmd.argv
      .slice(1)
      .find((w) => w.nodeType === 'process_substitution' && w.raw.startsWith('<('));
    if (sub) return report(ctx, cmd, 'substitutedScript', sub);
    const runTimeStdin = (cmd.pipeline.index > 0 && !cmd.stdin) || cmd.stdin?.dynamic === true;
    if (runTimeStdin && readsCodeFromStdin(cmd, family)) {
      return report(ctx, cmd, 'pipeToInterpreter', undefined, { producer: cmd.pipeline.prev ?? 'a command' });
    }
  }
  // `curl … | su postgres`, `… | sudo -s`: a user's shell started without a command runs its stdin.
  if (cmd.pipeline.index > 0 && !cmd.stdin && startsShellOnStdin(cmd)) {
    return report(ctx, cmd, 'pipeToInterpreter', undefined, { producer: cmd.pipeline.prev ?? 'a command' });
  }
  const db = dbInvocation(cmd);
  const query = db?.options.find((o) => db.tool.query?.includes(o.name) && o.valueWord?.value === undefined);
  if (query?.valueWord) {
    return report(ctx, cmd, 'dynamicSql', query.valueWord, { text: short(query.valueWord.raw) });
  }
  if (name === 'source' || name === '.') {
    const sub = cmd.argv[1];
    if (sub?.nodeType === 'process_substitution') return report(ctx, cmd, 'substitutedScript', sub);
  }
  if (name === 'eval') {
    const dynamic = cmd.argv.slice(1).find((w) => w.value === undefined);
    if (dynamic) return report(ctx, cmd, 'dynamicEval', dynamic, { text: short(dynamic.raw) });
  }
  if (isShell) {
    const { options, next } = readOptions(cmd.argv, 1, { short: 'oO', long: ['rcfile', 'init-file'] });
    const text = cmd.argv[next];
    if (hasOption(options, 'c', 'command') && text && text.value === undefined) {
      return report(ctx, cmd, 'dynamicShellText', text, { text: short(text.raw) });
    }
  }
  const spec = family ? INTERPRETERS[family] : undefined;
  if (!spec) return;
  const { options } = readOptions(cmd.argv, 1, {
    short: spec.codeOptions.filter((o) => o.length === 1).join(''),
    long: spec.codeOptions.filter((o) => o.length > 1),
  });
  const code = options.find((o) => spec.codeOptions.includes(o.name));
  if (!code?.valueWord) return;
  if (code.value === undefined) {
    return report(ctx, cmd, 'dynamicCode', code.valueWord, { text: short(code.valueWord.raw) });
  }
  const call = spec.shellCalls.exec(code.value);
  if (call) report(ctx, cmd, 'embeddedCode', code.valueWord, { call: call[0] });
}
