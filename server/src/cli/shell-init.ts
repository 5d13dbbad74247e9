import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runtimePaths } from '../daemon/paths';
import {
  pathLine,
  shellInitScript,
  SHELLS,
  SHIMMED_TOOLS,
  writeShims,
  type ShellName,
} from '../hooks/shell/scripts';
import { EXIT, UsageError, type CliIo } from './io';

export const SHELL_INIT_HELP = `Usage:
  railguard shell-init bash|zsh|fish          print the shell hook (add to your rc file)
  railguard shell-init shims [--dir DIR] [--shell bash|zsh|fish]
                                              write PATH shims for ${SHIMMED_TOOLS.join(', ')}
                                              and print the PATH line

Install by hand:  eval "$(railguard shell-init bash)"        (~/.bashrc)
                  eval "$(railguard shell-init zsh)"         (~/.zshrc)
                  railguard shell-init fish | source         (~/.config/fish/config.fish)
Non-interactive bash (scripts, bash -c): export BASH_ENV=FILE with the bash hook saved in FILE.

The hooks ask the running daemon ('railguard daemon'); when it is down or slower than
$RAILGUARD_TIMEOUT seconds (default 2), production-looking commands are blocked and others run
with a warning.
`;

/** `railguard shell-init SHELL` / `railguard shell-init shims`. */
export async function runShellInit(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      shell: { type: 'string', default: 'bash' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(SHELL_INIT_HELP);
    return EXIT.ok;
  }
  const what = positionals[0];
  const runtimeDir = runtimePaths().dir;
  if (what === 'shims') {
    const shell = values.shell as ShellName;
    if (!SHELLS.includes(shell)) throw new UsageError(`--shell must be one of ${SHELLS.join(', ')}`);
    const dir = path.resolve(values.dir ?? path.join(os.homedir(), '.railguard', 'shims'));
    const files = writeShims(dir, runtimeDir);
    io.stderr(`railguard: wrote ${files.length} files in ${dir}\n`);
    io.stdout(pathLine(shell, dir));
    return EXIT.ok;
  }
  if (!what || !SHELLS.includes(what as ShellName)) {
    throw new UsageError(`name the shell: ${SHELLS.join(', ')} (or 'shims')`);
  }
  io.stdout(shellInitScript(what as ShellName, runtimeDir));
  return EXIT.ok;
}
