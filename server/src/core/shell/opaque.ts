import { analyzerFinding, OPAQUE_EXECUTION, type OpaqueMessage } from './analyzer-findings';
import type { Finding } from '../types';
import type { Ctx } from './context';
import type { ShellCommand, ShellWord } from './model';
import { dbInvocation, isSqlMode, sqlOperands } from './db-clients';
import { hasOption, readOptions } from './options';
import { checkInterpreter, INTERPRETERS, interpreterOf } from './interpreters';
import { startsShellOnStdin } from './user-wrappers';

/** Shells: run code from `-c TEXT`, a script operand, or stdin. */
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'fish', 'busybox']);

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}

/** `python3.11` ⇒ `python`, `nodejs` ⇒ `nodejs`, `deno`, `bun`: a key of {@link INTERPRETERS}. */
function interpreterFamily(name: string): string | undefined {
  if (INTERPRETERS[name]) return name;
  return /^(python|pypy|perl|ruby|php|lua)[\d.]*$/.exec(name)?.[1];
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
  const spec = interpreterOf(family);
  if (spec && hasOption(options, ...spec.code, ...(spec.module ?? []))) return false;
  if (spec?.evalSubcommand && operand === spec.evalSubcommand) return false;
  return operand === undefined || operand === '-';
}

/**
 * Whether a query client reads its queries from stdin: no query or query-file option, and no
 * query operands (`sqlite3 DB 'SQL'`, `redis-cli DEL k`, `bq query 'SQL'`).
 */
function readsQueriesFromStdin(db: NonNullable<ReturnType<typeof dbInvocation>>): boolean {
  const t = db.tool;
  if (db.options.some((o) => t.query?.includes(o.name) || t.queryFile?.includes(o.name))) return false;
  if (t.operands === 'command' || t.operands === 'sql') return db.operands.length === 0;
  if (t.queryOperands) return db.operands.length <= 1;
  return true;
}

/**
 * The program that started `cmd` when it is a program running commands from its own options or
 * code (`python3 -c`, `find -exec`, `awk system`, `script -c`, `vim -c !`): the wrappers that are
 * a program and an option. Plain launchers (`sudo`, `env`, `nohup`, `nice`), user switches (`su
 * -c`), shell text (`bash -c`, `eval`) and remote sessions (`docker exec -it c bash`) are not
 * escapes: a shell started by them is what was typed.
 */
function escapeVia(cmd: ShellCommand): string | undefined {
  const via = cmd.wrappers[cmd.wrappers.length - 1];
  if (via === undefined || !via.includes(' ') || cmd.remote) return undefined;
  // Shell text (`bash -c 'bash'`) and switching users (`su -c bash`, `runuser -c`) start what was typed.
  if (/^(([a-z]*sh|busybox) -[a-z]*c|(su|runuser|sudo|doas)\b.*)$/.test(via)) return undefined;
  return via;
}

/**
 * The `opaque-execution` finding for shell text built at run time that `interpreter` runs with
 * `-c` (`sh -c "$CMD"`, `su -c "$CMD" postgres`), placed on the word holding the text; `asCode`
 * for a program that runs it otherwise (`ssh host "$CMD"`, `ansible -m shell -a "$CMD"`).
 */
export function dynamicTextFinding(interpreter: string, word: ShellWord, asCode = false): Finding {
  return analyzerFinding(OPAQUE_EXECUTION, asCode ? 'dynamicCode' : 'dynamicShellText', word.span, {
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
 * (`bash <(curl …)`, `source <(…)`), `eval` / `sh -c` of text built at run time; interpreters'
 * code (Python, JavaScript, Perl, Ruby, PHP) is looked into by `checkInterpreter`.
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
  // `… | psql`, `zcat x.gz | mysql`: a query client running whatever an unreadable producer writes.
  const dbStdin = (cmd.pipeline.index > 0 && !cmd.stdin) || cmd.stdin?.dynamic === true;
  if (db && dbStdin && db.tool.kind === 'query' && readsQueriesFromStdin(db)) {
    return report(ctx, cmd, 'pipeToInterpreter', undefined, { producer: cmd.pipeline.prev ?? 'a command' });
  }
  const query = db?.options.find((o) => db.tool.query?.includes(o.name) && o.valueWord?.value === undefined);
  if (query?.valueWord) {
    return report(ctx, cmd, 'dynamicSql', query.valueWord, { text: short(query.valueWord.raw) });
  }
  // `mysqlsh -e 'session.runSql(…)'`: JavaScript or Python against the database, not read.
  const code = db && !isSqlMode(db) ? db.options.find((o) => db.tool.query?.includes(o.name)) : undefined;
  if (code?.valueWord) {
    return report(ctx, cmd, 'unreadLanguage', code.valueWord, {
      text: `${db?.program ?? ''} ${hasOption(db?.options ?? [], 'py', 'python') ? 'Python' : 'JavaScript'}`,
    });
  }
  // `sqlite3 db "$SQL"`, `bq query "$SQL"`: a query operand known only at run time.
  const operand =
    db && db.tool.dialect !== undefined ? sqlOperands(db).find((w) => w.value === undefined) : undefined;
  if (operand) return report(ctx, cmd, 'dynamicSql', operand, { text: short(operand.raw) });
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
    const via = escapeVia(cmd);
    if (via && !cmd.stdin && readsCodeFromStdin(cmd, undefined)) {
      return report(ctx, cmd, 'interactiveShell', undefined, { via });
    }
  }
  if (family) checkInterpreter(cmd, ctx);
}
