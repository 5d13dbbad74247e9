/**
 * Railguard in VS Code's integrated terminals:
 * - the extension's `environmentVariableCollection` puts the PATH shim folder first (so `psql`,
 *   `mysql`, `kubectl`, … typed in any integrated terminal or called by its scripts are judged) and
 *   sets `RAILGUARD_RUNTIME_DIR` (where the hook finds the daemon's port and token);
 * - it also prepends a loader to `PROMPT_COMMAND`, so interactive bash in the default profile loads
 *   the hook at its first prompt (chained by VS Code's bash integration, measured in the e2e suite);
 * - it sets `BASH_ENV` to the hook, so non-interactive bash started in a terminal judges its work
 *   before running it: `bash -c STRING` (how VS Code runs shell tasks) has the whole string judged
 *   once and exits 126 without running anything when it is denied; a bash script has each external
 *   command judged (DEBUG trap). A `BASH_ENV` the user already had (`terminal.integrated.env.*`, else
 *   the extension host's environment) is kept in `RAILGUARD_CHAINED_BASH_ENV` and sourced by the
 *   hook after its judgement;
 * - the contributed terminal profile "Railguard bash" (`railguard.bash`) runs
 *   `bash --rcfile <storage>/bashrc`, which loads `~/.bashrc`, VS Code's shell integration and the
 *   Railguard readline hook (Enter judges the whole line before it runs);
 * - the command `railguard.openGuardedTerminal` opens such a terminal.
 * `railguard.terminalHook: false` turns all of it off (its variables are removed from the collection).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runtimePaths } from '../../../server/src/daemon/paths';
import { bashIntegrationScript, writeTerminalFiles, type TerminalFiles } from './files';

/** The contributed profile's id (`contributes.terminal.profiles`). */
export const PROFILE_ID = 'railguard.bash';
/** The profile's and the opened terminal's name. */
export const PROFILE_NAME = 'Railguard bash';

/** What {@link registerTerminalHook} returns (e2e tests create terminals with it). */
export interface TerminalHookApi {
  /** The written files, or undefined when the hook is off or the files could not be written. */
  files(): TerminalFiles | undefined;
  /**
   * Options for `window.createTerminal` that start the guarded bash (`shellPath`, `shellArgs`,
   * `name`), merged with `extra` (e.g. `env`).
   * @throws Error when the hook is off or its files are missing.
   */
  terminalOptions(extra?: vscode.TerminalOptions): vscode.TerminalOptions;
}

/** Loads the bash hook once per shell, from `$RAILGUARD_BASH_HOOK`; does nothing when unreadable. */
export const LOAD_HOOK =
  '[[ -n ${__railguard_loaded-} || ! -r ${RAILGUARD_BASH_HOOK-} ]] || . "$RAILGUARD_BASH_HOOK"; ';

const enabled = (): boolean =>
  vscode.workspace.getConfiguration('railguard').get<boolean>('terminalHook', true);

/**
 * The `BASH_ENV` terminals would have without Railguard: `terminal.integrated.env.<platform>`'s,
 * else the extension host's (the environment terminals inherit), unless it is the hook itself.
 */
export function chainedBashEnv(hook: string): string | undefined {
  const platform = process.platform === 'darwin' ? 'osx' : process.platform === 'win32' ? 'windows' : 'linux';
  const configured = vscode.workspace
    .getConfiguration('terminal.integrated.env')
    .get<Record<string, string | null>>(platform)?.BASH_ENV;
  const value = configured === null ? undefined : (configured ?? process.env.BASH_ENV);
  return value && value !== hook ? value : undefined;
}

/** The variables {@link applyEnvironment} sets. */
const TERMINAL_VARIABLES = [
  'PATH',
  'RAILGUARD_RUNTIME_DIR',
  'RAILGUARD_BASH_HOOK',
  'BASH_ENV',
  'RAILGUARD_CHAINED_BASH_ENV',
  'PROMPT_COMMAND',
] as const;

/** Applies the environment variable collection for `files` (or removes its variables). */
function applyEnvironment(
  collection: vscode.GlobalEnvironmentVariableCollection,
  files?: TerminalFiles,
): void {
  // Only this module's variables: the collection also holds the gateways' (`gateway/index.ts`).
  for (const v of TERMINAL_VARIABLES) collection.delete(v);
  if (!files) return;
  const runtimeDir = runtimePaths(process.env).dir;
  collection.prepend('PATH', `${files.shimDir}${path.delimiter}`);
  collection.replace('RAILGUARD_RUNTIME_DIR', runtimeDir);
  collection.replace('RAILGUARD_BASH_HOOK', files.hook);
  // Non-interactive bash (shell tasks run `bash -c COMMAND`, scripts) reads $BASH_ENV before it
  // runs anything: the hook judges the -c string as a whole (denied ⇒ exit 126, nothing runs) or,
  // for a script, each external command. Interactive bash ignores BASH_ENV.
  collection.replace('BASH_ENV', files.hook);
  const chained = chainedBashEnv(files.hook);
  if (chained) collection.replace('RAILGUARD_CHAINED_BASH_ENV', chained);
  // Interactive bash in any integrated terminal (default profile included): bash imports
  // PROMPT_COMMAND from the environment and VS Code's bash integration chains the one it finds
  // (`__vsc_original_prompt_command`), so the hook loads before the first prompt, after the
  // integration took the DEBUG trap. Lost when ~/.bashrc assigns PROMPT_COMMAND outright.
  collection.prepend('PROMPT_COMMAND', LOAD_HOOK);
  collection.description = new vscode.MarkdownString(
    `Railguard: judges \`psql\`, \`mysql\`, \`sqlite3\`, \`kubectl\`, \`terraform\` and \`redis-cli\` through PATH shims in \`${files.shimDir}\` and tells shell hooks where the decision daemon is (\`RAILGUARD_RUNTIME_DIR\`). Interactive bash loads the line hook (Enter judges the whole line) through \`PROMPT_COMMAND\`; the **${PROFILE_NAME}** profile loads it from its rc even when \`~/.bashrc\` overrides \`PROMPT_COMMAND\`. \`BASH_ENV\` makes non-interactive bash (shell tasks, scripts) judge what it runs before running it${chained ? ' (your own `BASH_ENV` is sourced after it)' : ''}. Turn off with \`railguard.terminalHook\`.`,
  );
}

/**
 * Wires the terminal hook into `context` (environment collection, profile provider, command,
 * setting watcher). Never throws: a failure to write the files is logged and leaves terminals
 * unguarded (the collection cleared).
 */
export function registerTerminalHook(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): TerminalHookApi {
  const state: { files?: TerminalFiles } = {};
  const refresh = (): void => {
    state.files = undefined;
    if (enabled()) {
      try {
        state.files = writeTerminalFiles({
          dir: path.join(context.globalStorageUri.fsPath, 'terminal'),
          runtimeDir: runtimePaths(process.env).dir,
          shellIntegrationScript: bashIntegrationScript(vscode.env.appRoot),
        });
        output.info(`terminal hook: shims in ${state.files.shimDir}, profile rc ${state.files.rc}`);
      } catch (err) {
        output.error(
          `terminal hook: could not write the hook files (${err instanceof Error ? err.message : String(err)}); integrated terminals are not guarded`,
        );
      }
    } else {
      output.info('terminal hook: off (railguard.terminalHook)');
    }
    applyEnvironment(context.environmentVariableCollection, state.files);
  };
  const terminalOptions = (extra: vscode.TerminalOptions = {}): vscode.TerminalOptions => {
    const files = state.files;
    if (!files) throw new Error('the Railguard terminal hook is off or its files are missing');
    return { name: PROFILE_NAME, ...extra, shellPath: 'bash', shellArgs: ['--rcfile', files.rc] };
  };
  refresh();
  context.subscriptions.push(
    vscode.window.registerTerminalProfileProvider(PROFILE_ID, {
      provideTerminalProfile: () => new vscode.TerminalProfile(terminalOptions()),
    }),
    vscode.commands.registerCommand('railguard.openGuardedTerminal', () => {
      const terminal = vscode.window.createTerminal(terminalOptions());
      terminal.show();
      return terminal;
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (
        e.affectsConfiguration('railguard.terminalHook') ||
        e.affectsConfiguration('terminal.integrated.env')
      )
        refresh();
    }),
  );
  return { files: () => state.files, terminalOptions };
}
