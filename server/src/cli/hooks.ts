import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  AGENT_HOOK_CLIENT,
  applyHookConfig,
  cliArgv,
  HOOK_CONFIGS,
  hookCommand,
  type FileChange,
  type Scope,
} from '../hooks/install';
import { scriptDir } from '../hooks/shell/scripts';
import { EXIT, UsageError, type CliIo } from './io';

export const HOOKS_HELP = `Usage: railguard hooks install|uninstall [--agent NAME]… [--scope workspace|user] [--dry-run]

Writes (or removes) Railguard's pre-execution hook in each agent's configuration, merging with
what is there: other hooks are kept; running install twice changes nothing.

Options:
  --agent NAME     ${HOOK_CONFIGS.map((c) => c.agent).join(', ')} (repeatable; default: all)
  --scope SCOPE    workspace (default; files under --cwd) or user (files under your home folder)
  --cwd DIR        the workspace folder (default: current folder)
  --client KIND    bash (default): a bash script asks the running daemon over /dev/tcp (a few ms)
                   and starts Node only when the daemon cannot answer; node: a Node process per
                   call (~0.3 s)
  --command CMD    how agents start Railguard, instead of --client (the agent name is appended;
                   e.g. 'railguard hook' when railguard is on every teammate's PATH)
  --dry-run        print what would change, write nothing
  -h, --help       show this help
`;

/**
 * The hook command prefix `hooks install` writes (the agent's name is appended per agent):
 * - `bash` client (default): `bash '…/agent-hook.bash' NODE CLI hook` — bash asks the daemon over
 *   `/dev/tcp` (a few ms, no Node start) and hands the hook JSON to `NODE CLI hook AGENT` only
 *   when the daemon cannot answer;
 * - `node` client: `NODE CLI hook`, a Node process per call (~0.2–0.3 s; for hosts without bash).
 * NODE and CLI are this process's Node binary and script, as absolute paths (NODE prefixed with
 * `env ELECTRON_RUN_AS_NODE=1` when it is Electron); built by {@link hookCommand}.
 * @throws Error when the bash client's script is missing (broken install).
 */
export function defaultHookCommand(client: 'bash' | 'node' = 'bash'): string {
  const script = process.argv[1] ? path.resolve(process.argv[1]) : 'railguard';
  const cli = cliArgv(process.execPath, script, process.versions.electron !== undefined);
  return hookCommand(
    client === 'node' ? { cli } : { client: path.join(scriptDir(), AGENT_HOOK_CLIENT), cli },
  );
}

function describe(c: FileChange): string {
  const what: Record<FileChange['action'], string> = {
    create: 'create',
    update: 'add Railguard hook to',
    unchanged: 'unchanged',
    'remove-entry': 'remove Railguard hook from',
    delete: 'delete (only Railguard hook was left)',
    skip: 'skip',
    error: 'error',
  };
  return `${c.agent.padEnd(12)} ${what[c.action]}: ${c.file}${c.message ? ` (${c.message})` : ''}\n`;
}

/** `railguard hooks install|uninstall`. Exit 1 when a file could not be changed. */
export async function runHooksCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      agent: { type: 'string', multiple: true },
      scope: { type: 'string', default: 'workspace' },
      cwd: { type: 'string' },
      command: { type: 'string' },
      client: { type: 'string', default: 'bash' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(HOOKS_HELP);
    return EXIT.ok;
  }
  const op = positionals[0];
  if (op !== 'install' && op !== 'uninstall') throw new UsageError('expected install or uninstall');
  const scope = values.scope as Scope;
  if (scope !== 'workspace' && scope !== 'user') throw new UsageError('--scope must be workspace or user');
  const wanted = values.agent ?? HOOK_CONFIGS.map((c) => c.agent);
  const specs = wanted.map((a) => {
    const spec = HOOK_CONFIGS.find((c) => c.agent === a);
    if (!spec) throw new UsageError(`unknown agent "${a}"`);
    return spec;
  });
  const client = values.client;
  if (client !== 'bash' && client !== 'node') throw new UsageError('--client must be bash or node');
  const command = values.command ?? defaultHookCommand(client);
  const dryRun = values['dry-run'] ?? false;
  let failed = false;
  for (const spec of specs) {
    const c = applyHookConfig(spec, op, {
      scope,
      workspace: path.resolve(values.cwd ?? process.cwd()),
      home: os.homedir(),
      command,
      dryRun,
    });
    if (c.action === 'error') failed = true;
    io.stdout((dryRun ? '[dry-run] ' : '') + describe(c));
    if (dryRun && c.after !== undefined) io.stdout(c.after.replace(/^/gm, '    ') + '\n');
  }
  return failed ? EXIT.findings : EXIT.ok;
}
