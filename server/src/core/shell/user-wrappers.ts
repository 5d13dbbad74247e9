import type { ShellCommand, ShellWord } from './model';
import {
  hasOption,
  optionValue,
  optionValueWord,
  readOptions,
  readOptionsPermuted,
  type OptionSpec,
  type ParsedOption,
} from './options';
import type { Unwrapped, Unwrapper } from './wrappers';

/**
 * Wrappers that run a command as another user: sudo(8), doas(1), and util-linux su(1) and
 * runuser(1). The text `su -c` hands to the user's shell is re-parsed as shell (tree-sitter-bash),
 * as `bash -c` text is; a command run directly (`sudo CMD`, `runuser -u USER CMD`) is an argv slice.
 */

/** Matches the leading `NAME=` of an assignment word (sudo(8) and env(1) accept them before the command). */
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Leading `NAME=value` words from `from` (as `env` and `sudo` accept them). */
export function leadingAssignments(
  argv: readonly ShellWord[],
  from: number,
): { assignments: ShellCommand['assignments']; next: number } {
  const assignments: ShellCommand['assignments'] = [];
  let i = from;
  for (; i < argv.length; i++) {
    const w = argv[i];
    const raw = w?.raw ?? '';
    if (!NAME_RE.test(raw)) break;
    const eq = raw.indexOf('=');
    assignments.push({ name: raw.slice(0, eq), value: w?.value?.slice(eq + 1) });
  }
  return { assignments, next: i };
}

/** sudo(8) options that take a value (see {@link sudo}). */
const SUDO_OPTIONS: OptionSpec = {
  short: 'ugpCDrtUTRhac',
  long: [
    'user',
    'group',
    'prompt',
    'close-from',
    'chdir',
    'chroot',
    'role',
    'type',
    'other-user',
    'command-timeout',
    'host',
    'auth-type',
    'login-class',
  ],
};

/**
 * sudo(8) (https://www.sudo.ws/docs/man/sudo.man/): `sudo [options] [VAR=value…] [--] command
 * [arg…]`. Options that take a value: `-C num`, `-D dir`, `-g group`, `-h host`, `-p prompt`,
 * `-R dir`, `-r role`, `-T timeout`, `-t type`, `-U user`, `-u user`, and BSD's `-a type` and
 * `-c class`. sudo stops reading options at the command (`sudo ls -l` gives `-l` to ls).
 * - `-s`/`--shell` and `-i`/`--login` with a command pass it to the shell's `-c`, after escaping
 *   every character but alphanumerics, `_`, `-` and `$` with a backslash (sudo's
 *   `parse_args.c`), so the words still run
 *   as the argv they are: the command is unwrapped as an argv slice, like plain `sudo CMD`.
 *   Without a command they start a shell, which runs its standard input (`echo … | sudo -s`).
 * - `-l`, `-v`, `-e` (sudoedit) and `-K` run no command; `-k` with a command runs it.
 */
const sudo: Unwrapper = (cmd) => {
  const { options, next } = readOptions(cmd.argv, 1, SUDO_OPTIONS);
  if (hasOption(options, 'l', 'list', 'v', 'validate', 'K', 'remove-timestamp', 'e', 'edit'))
    return undefined;
  const { assignments, next: start } = leadingAssignments(cmd.argv, next);
  const runAs = optionValue(options, 'u', 'user');
  const as = runAs ? { runAs } : {};
  if (start < cmd.argv.length)
    return [{ kind: 'argv', wrapper: cmd.name ?? 'sudo', start, assignments, ...as }];
  if (!hasOption(options, 's', 'shell', 'i', 'login')) return undefined;
  return shellStdin(cmd, `${cmd.name ?? 'sudo'} ${hasOption(options, 's', 'shell') ? '-s' : '-i'}`, runAs);
};

/** doas(1) options that take a value (see {@link doas}). */
const DOAS_OPTIONS: OptionSpec = { short: 'uCa' };

/**
 * doas(1) (https://man.openbsd.org/doas.1, and OpenDoas on Linux): `doas [-Lns] [-a style]
 * [-C config] [-u user] command [arg…]`. `-C` only checks the configuration, `-L` only clears
 * persisted authentication, and `-s` starts the user's shell (which runs its standard input).
 */
const doas: Unwrapper = (cmd) => {
  const { options, next } = readOptions(cmd.argv, 1, DOAS_OPTIONS);
  if (hasOption(options, 'C', 'L')) return undefined;
  const runAs = optionValue(options, 'u');
  if (next < cmd.argv.length)
    return [{ kind: 'argv', wrapper: 'doas', start: next, ...(runAs ? { runAs } : {}) }];
  return hasOption(options, 's') ? shellStdin(cmd, 'doas -s', runAs) : undefined;
};

/** A shell started without a command runs its standard input, when that is known. */
function shellStdin(cmd: ShellCommand, wrapper: string, runAs: string | undefined): Unwrapped[] | undefined {
  const stdin = cmd.stdin;
  if (!stdin || stdin.dynamic) return undefined;
  return [{ kind: 'stdin', wrapper: `${wrapper} (stdin)`, stdin, ...(runAs ? { runAs } : {}) }];
}

/**
 * Options of util-linux su(1) and runuser(1) that take a value: the getopt_long string
 * `c:fg:G:lmpPs:u:hVw:` and long options of login-utils/su-common.c (`-u`/`--user` is runuser's).
 */
const SU_OPTIONS: OptionSpec = {
  short: 'cgGsuw',
  long: ['command', 'session-command', 'group', 'supp-group', 'shell', 'user', 'whitelist-environment'],
};

/** Options of the shells su starts (as in `wrappers.ts`): `-c` makes the first operand the command. */
const SHELL_OPTIONS: OptionSpec = { short: 'oO', long: ['rcfile', 'init-file'] };

/**
 * How util-linux su(1) or runuser(1) without `-u` reads its command line (su-common.c):
 * `su [options] [-] [USER [ARG…]]`, options anywhere (getopt_long permutes argv) until `--`.
 */
export interface SuInvocation {
  /** The user to become (`root` when none is named); `undefined` when the name is dynamic. */
  user: string | undefined;
  /** The last `-c`/`--command`/`--session-command` option: the text the shell runs with `-c`. */
  command?: ParsedOption;
  /** Operands after the user: arguments of the shell (after `-c TEXT`, its `$0`, `$1`…). */
  shellArgs: ShellWord[];
}

/**
 * Reads `su`/`runuser` (without `-u`) as su-common.c does: options in any position (GNU
 * getopt_long), then a first operand `-` means `--login`, the next names the user (root when
 * absent), and the rest are handed to the user's shell after `-c COMMAND` when one was given
 * (`execv(shell, [shell, "-c", COMMAND, ARG…])`). `undefined` for other commands.
 */
export function suInvocation(cmd: ShellCommand): SuInvocation | undefined {
  if (cmd.name !== 'su' && cmd.name !== 'runuser') return undefined;
  if (cmd.name === 'runuser' && runuserDirect(cmd)) return undefined;
  const { options, operands } = readOptionsPermuted(cmd.argv, 1, SU_OPTIONS);
  if (hasOption(options, 'h', 'help', 'V', 'version')) return undefined;
  const words = operands.map((o) => o.word);
  if (words[0]?.value === '-') words.shift();
  const userWord = words.shift();
  const command = options.filter((o) => ['c', 'command', 'session-command'].includes(o.name)).pop();
  return {
    user: userWord ? userWord.value : 'root',
    ...(command ? { command } : {}),
    shellArgs: words,
  };
}

/**
 * `runuser -u USER [--] COMMAND [ARG…]` (runuser(1)): the command is executed directly, with no
 * shell; the argv index of COMMAND, or `undefined` when `-u`/`--user` is not given before the
 * first operand.
 */
function runuserDirect(cmd: ShellCommand): { start: number; user: string | undefined } | undefined {
  const { options, next } = readOptions(cmd.argv, 1, SU_OPTIONS);
  if (!hasOption(options, 'u', 'user')) return undefined;
  return { start: next, user: optionValue(options, 'u', 'user') };
}

/**
 * util-linux su(1) (https://man7.org/linux/man-pages/man1/su.1.html) and runuser(1)
 * (https://man7.org/linux/man-pages/man1/runuser.1.html), read as login-utils/su-common.c does:
 * - `su [-] [USER] -c TEXT`, `su -l USER -c TEXT`, `su --command=TEXT USER`,
 *   `su --session-command=TEXT USER`, `runuser -l USER -c TEXT`: TEXT is re-parsed as shell;
 *   when it is built at run time (`su -c "$CMD"`), the command is reported as opaque execution.
 * - `su USER -- -c TEXT`: the shell gets `-c TEXT` itself, with the same effect.
 * - `runuser -u USER [--] CMD [ARG…]`: CMD runs directly (an argv slice).
 * - no command and no shell arguments: the shell reads its standard input (`echo … | su postgres`).
 * - shell arguments without `-c` (`su - jetty ./run.sh`) make the shell run a script file, which
 *   is not read, as for `bash ./run.sh`.
 */
const su: Unwrapper = (cmd) => {
  const name = cmd.name ?? 'su';
  const direct = name === 'runuser' ? runuserDirect(cmd) : undefined;
  if (direct) {
    if (direct.start >= cmd.argv.length) return undefined;
    const runAs = direct.user;
    return [{ kind: 'argv', wrapper: 'runuser -u', start: direct.start, ...(runAs ? { runAs } : {}) }];
  }
  const inv = suInvocation(cmd);
  if (!inv) return undefined;
  const as = inv.user ? { runAs: inv.user } : {};
  const text = inv.command ? optionValueWord(inv.command) : undefined;
  if (inv.command) {
    return text
      ? [{ kind: 'text', wrapper: `${name} -c`, words: [text], reportDynamic: name, ...as }]
      : undefined;
  }
  if (inv.shellArgs.length === 0) return shellStdin(cmd, name, inv.user);
  const { options, next } = readOptions(inv.shellArgs, 0, SHELL_OPTIONS);
  const shellText = inv.shellArgs[next];
  if (!hasOption(options, 'c') || !shellText) return undefined;
  return [{ kind: 'text', wrapper: `${name} -c`, words: [shellText], reportDynamic: name, ...as }];
};

/**
 * Whether a command starts a user's shell that reads the commands it runs from standard input:
 * `su [USER]` and `runuser USER` without a command or shell arguments, `sudo -s`/`sudo -i` and
 * `doas -s` without a command. Used to report piped text they run as opaque (`curl … | su`).
 */
export function startsShellOnStdin(cmd: ShellCommand): boolean {
  switch (cmd.name) {
    case 'su':
    case 'runuser': {
      const inv = suInvocation(cmd);
      return inv !== undefined && !inv.command && inv.shellArgs.length === 0;
    }
    case 'sudo': {
      const { options, next } = readOptions(cmd.argv, 1, SUDO_OPTIONS);
      return next >= cmd.argv.length && hasOption(options, 's', 'shell', 'i', 'login');
    }
    case 'doas': {
      const { options, next } = readOptions(cmd.argv, 1, DOAS_OPTIONS);
      return next >= cmd.argv.length && hasOption(options, 's');
    }
    default:
      return false;
  }
}

/** Wrappers that run their command as another user, by program name. */
export const USER_WRAPPERS: Record<string, Unwrapper> = { sudo, doas, su, runuser: su };
