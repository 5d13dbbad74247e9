import { outputPipe, parsePsqlCopy } from '../sql/psql-meta';
import { neutralizeNul, psqlMetaCommands, type PsqlMetaCommand } from '../sql/prepare';

/** Meta-commands whose argument is the rest of the line (psql's "whole line" arguments). */
const WHOLE_LINE = new Set(['!', 'copy', 'ef', 'ev', 'sf', 'sf+', 'sv', 'sv+', 'h', 'help']);

/**
 * The meta-commands of one meta-command line: psql ends an argument at the next backslash, so
 * `\x \o |cmd` and `\x \\ \o |cmd` run `\o |cmd` too; the rest of the line belongs to a
 * command that takes it whole (`\!`, `\copy`) or to an output pipe (`|cmd`). A backslash
 * inside a quoted argument is taken as a command as well (the stricter reading).
 */
function sameLine(text: string, line: PsqlMetaCommand): PsqlMetaCommand[] {
  const out: PsqlMetaCommand[] = [];
  let start = line.start;
  while (start >= 0 && start < line.end) {
    const name = /^[^\s\\]*/.exec(text.slice(start + 1, line.end))?.[0] ?? '';
    const m = { ...line, start, name };
    if (name !== '') out.push(m);
    if (WHOLE_LINE.has(name) || outputPipe(text, m)) break;
    const next = text.indexOf('\\', start + 1 + name.length);
    start = next < line.end ? next : -1;
  }
  return out;
}

/** A shell command that psql runs for a meta-command of its input. */
export interface PsqlProgram {
  /** The command text, as the client's shell receives it. */
  command: string;
  /** Offset of `command` in the psql input text, when it is that text character by character. */
  at?: number;
  /**
   * True when the command's standard input is psql's output: query results (`\o |cmd`,
   * `\g |cmd`, `\gx |cmd`), the query buffer (`\w |cmd`) or table data (`\copy … to program`).
   */
  readsOutput: boolean;
  /** The meta-command, for wrapper names (`\o`, `\copy`). */
  meta: string;
}

/**
 * The shell commands psql runs for the meta-commands of `text` (a `-c` argument, a script read on
 * stdin): `\! cmd`, the output pipes of `\o`, `\out`, `\g`, `\gx`, `\w`, `\write` (`|cmd`, the
 * rest of the line), and `\copy … { from | to } program 'cmd'` (psql docs, "Meta-Commands",
 * https://www.postgresql.org/docs/current/app-psql.html#APP-PSQL-META-COMMANDS). Meta-commands are
 * found as the SQL analyzer finds them (a backslash outside strings, quoted identifiers and
 * comments; `prepare.ts`), so both sides read the same lines. Pure.
 */
export function psqlPrograms(input: string): PsqlProgram[] {
  const text = neutralizeNul(input);
  const out: PsqlProgram[] = [];
  for (const m of psqlMetaCommands(text).flatMap((line) => sameLine(text, line))) {
    if (m.name === '!') {
      const from = m.start + 2;
      const command = text.slice(from, m.end).replace(/\r$/, '');
      const lead = command.length - command.trimStart().length;
      out.push({ command: command.trim(), at: from + lead, readsOutput: false, meta: '\\!' });
      continue;
    }
    const pipe = outputPipe(text, m);
    if (pipe) {
      out.push({ command: pipe.command, at: pipe.at, readsOutput: true, meta: `\\${m.name}` });
      continue;
    }
    const copy = parsePsqlCopy(text, m);
    if (copy?.target.kind === 'program') {
      const t = copy.target;
      out.push({
        command: t.value,
        ...(t.valueAt !== undefined ? { at: t.valueAt } : {}),
        readsOutput: copy.direction === 'to',
        meta: '\\copy',
      });
    }
  }
  return out;
}
