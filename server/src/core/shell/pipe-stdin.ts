import { awkStaticOutput } from './awk-program';
import { type Ctx, joinSpans } from './context';
import type { ShellCommand, ShellWord } from './model';
import { readScript } from './script-files';
import { decodeAnsiC } from './words';

type Stdin = NonNullable<ShellCommand['stdin']>;

function fromWords(ctx: Ctx, words: ShellWord[], text: string, exactOne: boolean): Stdin | undefined {
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last) return undefined;
  const stdin: Stdin = { text, span: joinSpans(ctx, first.span, last.span), via: 'pipe' };
  if (exactOne && words.length === 1 && first.valueOffset !== undefined && first.value === text) {
    stdin.textOffset = first.valueOffset;
  }
  return stdin;
}

/** `echo [-neE] words…`: the words joined by spaces (`-e` decodes backslash escapes). */
function echoOutput(ctx: Ctx, cmd: ShellCommand): Stdin | undefined {
  let i = 1;
  let escapes = false;
  for (; i < cmd.argv.length; i++) {
    const v = cmd.argv[i]?.value;
    if (v === undefined || !/^-[neE]+$/.test(v)) break;
    if (v.includes('e')) escapes = true;
  }
  const words = cmd.argv.slice(i);
  if (words.some((w) => w.value === undefined)) return undefined;
  const joined = words.map((w) => w.value ?? '').join(' ');
  return fromWords(ctx, words, escapes ? decodeAnsiC(joined) : joined, !escapes);
}

/**
 * `printf FORMAT [ARGS…]` for the formats that are static text: no conversion (`printf 'SQL'`),
 * or only `%s`/`%b` conversions filled from static arguments (the format is reused while
 * arguments remain, as POSIX printf does).
 */
function printfOutput(ctx: Ctx, cmd: ShellCommand): Stdin | undefined {
  const words = cmd.argv.slice(1);
  const format = words[0]?.value;
  if (format === undefined || words.some((w) => w.value === undefined)) return undefined;
  const args = words.slice(1).map((w) => w.value ?? '');
  const conversions = format.match(/%[^%]/g) ?? [];
  if (conversions.some((c) => c !== '%s' && c !== '%b')) return undefined;
  const fill = (rest: string[]): string =>
    format.replace(/%(.)/g, (_, c: string) => (c === '%' ? '%' : (rest.shift() ?? '')));
  let text = '';
  const rest = [...args];
  do text += fill(rest);
  while (conversions.length > 0 && rest.length > 0);
  const decoded = decodeAnsiC(text);
  return fromWords(
    ctx,
    args.length === 0 ? words.slice(0, 1) : words.slice(1),
    decoded,
    conversions.length === 0 && decoded === text,
  );
}

/** `cat FILE`: the file's text, as the judged text wrote it or as it is on the disk (`script-files.ts`). */
function catFile(ctx: Ctx, cmd: ShellCommand): Stdin | undefined {
  const file = cmd.argv[1];
  if (cmd.argv.length !== 2 || file?.value === undefined || file.value.startsWith('-')) return undefined;
  const text = readScript(ctx, file.value)?.text;
  return text === undefined ? undefined : { text, span: cmd.span, via: 'file' };
}

/**
 * The text a pipeline element writes to stdout when it is statically known: `echo '…'`,
 * `printf '…'`, `awk 'BEGIN { print "…" }'`, `cat` without file arguments or `tee` passing on
 * static stdin (a heredoc, a here-string, a static pipe), and `cat FILE` of a file whose text is
 * known (written earlier by the same text, or read from the disk).
 */
export function staticOutput(ctx: Ctx, cmd: ShellCommand | undefined): Stdin | undefined {
  if (!cmd) return undefined;
  switch (cmd.name) {
    case 'echo':
      return echoOutput(ctx, cmd);
    case 'printf':
      return printfOutput(ctx, cmd);
    case 'awk':
    case 'gawk':
    case 'mawk':
    case 'nawk': {
      // `awk 'BEGIN { print "…" }'` with no other option: what it prints is static.
      const program = cmd.argv[1];
      if (cmd.argv.length !== 2 || program?.value === undefined) return undefined;
      const text = awkStaticOutput(program.value);
      return text === undefined ? undefined : { text, span: program.span, via: 'pipe' };
    }
    case 'cat':
    case 'tee':
      // `cat` without files and `tee FILE…` pass their (static) stdin through.
      if ((cmd.name === 'tee' || cmd.argv.length === 1) && cmd.stdin && !cmd.stdin.dynamic)
        return { ...cmd.stdin, via: 'pipe' };
      return cmd.name === 'cat' ? catFile(ctx, cmd) : undefined;
    default:
      return undefined;
  }
}
