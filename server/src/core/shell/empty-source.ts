/**
 * Writes that leave a file empty: a copy, link or move whose source is an empty pseudo-file
 * (`cp /dev/null F`, `ln -sf /dev/null F`, `dd if=/dev/null of=F`), and a redirection whose
 * command prints nothing (`> F`, `: > F`, `cat /dev/null > F`, `true > F`, `echo -n > F`,
 * `printf '' > F`). Replacing a file with nothing is deleting its content, so file effects treat
 * these as a `destroy` of the file (scope `file`) rather than an overwrite with new content: the
 * same effect as `truncate -s 0 F` or `rm F` (MITRE ATT&CK T1070.002/T1070.003 clear logs and
 * history this way; T1485 destroys data). Pure, over the parsed command only.
 */
import type { ShellCommand, ShellWord } from './model';

/** Pseudo-files that read as empty (`/dev/null`) — `/dev/zero` is not empty but fills with zeros. */
const EMPTY_FILES = new Set(['/dev/null']);

/** Whether `word` names a file that reads as empty. */
export function isEmptySourceWord(word: ShellWord | undefined): boolean {
  return word?.value !== undefined && EMPTY_FILES.has(word.value);
}

/** `echo` options that print no newline (`-n`, clusters such as `-ne`, `-en`). */
const ECHO_NO_NEWLINE = /^-[neE]*n[neE]*$/;

/**
 * Whether the command's standard output is empty, so that its `>` redirections leave their target
 * empty (bash(1) REDIRECTION; coreutils `true`, `cat`; POSIX `printf`, `echo`).
 * - a bare `> F`, `:`, `true`, `false`;
 * - `cat` whose every operand reads as empty (`cat /dev/null`);
 * - `echo -n` with no text, `printf ''` / `printf '%s' ''`.
 * A command with arguments from stdin or dynamic words is not known to be empty.
 */
export function printsNothing(cmd: ShellCommand): boolean {
  if (cmd.argsFromStdin) return false;
  // No words: a bare `> F` (the statement starts with its redirection) prints nothing; the
  // redirection of a compound statement (`for …; done > F`) carries the loop's output.
  if (cmd.argv.length === 0) return cmd.redirects[0]?.span.start === cmd.span.start;
  const name = cmd.name;
  const args = cmd.argv.slice(1);
  if (args.some((w) => w.value === undefined)) return false;
  const values = args.map((w) => w.value as string);
  switch (name) {
    case ':':
    case 'true':
    case 'false':
      return true;
    case 'cat':
      return values.length > 0 && args.every((w) => isEmptySourceWord(w));
    case 'echo': {
      const opts = values.filter((v) => /^-[neE]+$/.test(v));
      const text = values.filter((v) => !/^-[neE]+$/.test(v));
      return opts.some((o) => ECHO_NO_NEWLINE.test(o)) && text.every((t) => t === '');
    }
    case 'printf':
      return (
        values.length > 0 && /^(%s)*$/.test(values[0] as string) && values.slice(1).every((v) => v === '')
      );
    default:
      return false;
  }
}
