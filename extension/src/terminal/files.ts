/**
 * The files the integrated-terminal hook needs, written into the extension's storage folder:
 * the bash hook (`railguard.bash`, the script `railguard shell-init bash` prints, with the runtime
 * folder baked in), an rc file for the "Railguard bash" profile and the PATH shims
 * (`railguard shell-init shims`). Plain Node (no `vscode`), so unit tests can run it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { shellInitScript, writeShims } from '../../../server/src/hooks/shell/scripts';

/** Where {@link writeTerminalFiles} put things (absolute paths). */
export interface TerminalFiles {
  /** The storage folder holding everything below. */
  dir: string;
  /** The bash hook script (static: sourcing it starts no process). */
  hook: string;
  /** The rc file the "Railguard bash" profile passes to `bash --rcfile`. */
  rc: string;
  /** The folder of PATH shims (`psql`, `mysql`, …), to put first on PATH. */
  shimDir: string;
}

/** Options of {@link writeTerminalFiles}. */
export interface TerminalFilesOptions {
  /** The storage folder (created 0700), e.g. the extension's `globalStorageUri` path + `/terminal`. */
  dir: string;
  /** The daemon's runtime folder (`runtimePaths(env).dir`), baked in as the hook's default. */
  runtimeDir: string;
  /**
   * VS Code's bash shell integration script (`<appRoot>/out/vs/workbench/contrib/terminal/common/
   * scripts/shellIntegration-bash.sh`), sourced by the rc when VS Code did not inject it; omitted
   * or missing ⇒ the rc skips integration.
   */
  shellIntegrationScript?: string;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The rc text: `~/.bashrc` first (bash reads only the `--rcfile` given), then VS Code's shell
 * integration when the terminal is VS Code's and integration is not loaded yet (VS Code injects it
 * only when it launches bash with no arguments or `-l`, so a profile with `--rcfile` must load it
 * itself, as VS Code's "manual installation" documents), then the Railguard hook last, so its
 * `bind -x` on Enter sits on top of whatever the user's rc bound.
 */
export function rcText(hook: string, shellIntegrationScript?: string): string {
  const lines = [
    '# Railguard bash profile rc (written by the Railguard extension; regenerated on activation).',
    '[ -r ~/.bashrc ] && . ~/.bashrc',
  ];
  if (shellIntegrationScript) {
    lines.push(
      `if [[ -z \${VSCODE_SHELL_INTEGRATION-} && \${TERM_PROGRAM-} == vscode && -r ${quote(shellIntegrationScript)} ]]; then`,
      `  . ${quote(shellIntegrationScript)}`,
      'fi',
    );
  }
  lines.push(`[ -r ${quote(hook)} ] && . ${quote(hook)}`, '');
  return lines.join('\n');
}

/**
 * Writes the hook, the rc and the shims into `options.dir` (idempotent; files are rewritten so an
 * upgraded extension's scripts take effect). Returns their paths.
 * @throws Error when the hook scripts are not found (`scriptDir`) or a file cannot be written.
 */
export function writeTerminalFiles(options: TerminalFilesOptions): TerminalFiles {
  const dir = options.dir;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const hook = path.join(dir, 'railguard.bash');
  fs.writeFileSync(hook, shellInitScript('bash', options.runtimeDir), { mode: 0o644 });
  const integration =
    options.shellIntegrationScript && fs.existsSync(options.shellIntegrationScript)
      ? options.shellIntegrationScript
      : undefined;
  const rc = path.join(dir, 'bashrc');
  fs.writeFileSync(rc, rcText(hook, integration), { mode: 0o644 });
  const shimDir = path.join(dir, 'shims');
  writeShims(shimDir, options.runtimeDir);
  return { dir, hook, rc, shimDir };
}

/** VS Code's bash shell integration script under an install's `appRoot` (may not exist). */
export function bashIntegrationScript(appRoot: string): string {
  return path.join(
    appRoot,
    'out',
    'vs',
    'workbench',
    'contrib',
    'terminal',
    'common',
    'scripts',
    'shellIntegration-bash.sh',
  );
}
