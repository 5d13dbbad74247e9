import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  AGENT_HOOK_CLIENT,
  cliArgv,
  HOOK_CONFIGS,
  hookCommand,
  type FileChange,
  type Scope,
} from '../hooks/install';
import { applyHookConfig, findOnPath, gitIgnores, hookStatus, type Layout } from '../hooks/layout';
import { scriptDir } from '../hooks/shell/scripts';
import { EXIT, UsageError, type CliIo } from './io';

export const HOOKS_HELP = `Usage: railguard hooks install|uninstall|status [--agent NAME]… [--scope workspace|user] [--shared] [--dry-run]

Writes (or removes) Railguard's pre-execution hook in each agent's configuration, merging with
what is there: other hooks are kept; running install twice changes nothing. \`status\` lists which
file holds which entry.

Files a team commits (.cursor/hooks.json, .gemini/settings.json, .codex/hooks.json,
.github/hooks/*.json, .claude/settings.json) only get the portable command: 'railguard hook AGENT'
found on PATH, which blocks the call (fail closed) when there is no railguard on PATH. Commands
with this machine's paths go to the agent's local file (.claude/settings.local.json) or, with
--scope user, to the files under your home folder.

Options:
  --agent NAME     ${HOOK_CONFIGS.map((c) => c.agent).join(', ')} (repeatable; default: all)
  --scope SCOPE    workspace (default; files under --cwd) or user (files under your home folder)
  --shared         Claude Code: the portable entry in .claude/settings.json (for a team whose
                   members all have railguard on PATH) instead of this machine's command in
                   .claude/settings.local.json
  --cwd DIR        the workspace folder (default: current folder)
  --client KIND    bash (default): a bash script asks the running daemon over /dev/tcp (a few ms)
                   and starts Node only when the daemon cannot answer; node: a Node process per
                   call (~0.3 s)
  --command CMD    this machine's command, instead of --client (the agent name is appended);
                   written where machine paths go, never into a shared file
  --dry-run        print what would change, write nothing
  -h, --help       show this help
`;

/**
 * The machine hook command prefix `hooks install` writes where only this machine reads (local and
 * user-scope files; the agent's name is appended per agent):
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
  const role = c.role ? ` [${c.role}]` : '';
  return `${c.agent.padEnd(12)} ${what[c.action]}: ${c.file}${role}${c.message ? ` (${c.message})` : ''}\n`;
}

/**
 * `railguard hooks install|uninstall|status`. Exit 1 when a file could not be changed. Install
 * warns on stderr when it writes a portable entry and no `railguard` is on PATH (those agents'
 * calls are then blocked until it is).
 */
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
      shared: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(HOOKS_HELP);
    return EXIT.ok;
  }
  const op = positionals[0];
  if (op !== 'install' && op !== 'uninstall' && op !== 'status')
    throw new UsageError('expected install, uninstall or status');
  const scope = values.scope as Scope;
  if (scope !== 'workspace' && scope !== 'user') throw new UsageError('--scope must be workspace or user');
  if (values.shared && scope === 'user') throw new UsageError('--shared applies to the workspace scope');
  const wanted = values.agent ?? HOOK_CONFIGS.map((c) => c.agent);
  const specs = wanted.map((a) => {
    const spec = HOOK_CONFIGS.find((c) => c.agent === a);
    if (!spec) throw new UsageError(`unknown agent "${a}"`);
    return spec;
  });
  const client = values.client;
  if (client !== 'bash' && client !== 'node') throw new UsageError('--client must be bash or node');
  const workspace = path.resolve(values.cwd ?? process.cwd());
  if (op === 'status') {
    const found = hookStatus(workspace, os.homedir(), specs);
    for (const spec of specs) {
      const mine = found.filter((f) => f.agent === spec.agent);
      if (mine.length === 0) io.stdout(`${spec.agent.padEnd(12)} not installed\n`);
      for (const f of mine)
        io.stdout(
          `${spec.agent.padEnd(12)} ${f.file} [${f.role}]: ${f.entries.map((e) => e.kind).join(', ')}\n`,
        );
    }
    return EXIT.ok;
  }
  const command = values.command ?? defaultHookCommand(client);
  const dryRun = values['dry-run'] ?? false;
  const layout: Layout = values.shared ? 'shared' : 'local';
  let failed = false;
  let portableWritten = false;
  const unignored: string[] = [];
  for (const spec of specs) {
    const changes = applyHookConfig(spec, op, {
      scope,
      workspace,
      home: os.homedir(),
      command,
      layout,
      dryRun,
    });
    for (const c of changes) {
      if (c.action === 'error') failed = true;
      if (
        op === 'install' &&
        !dryRun &&
        c.role === 'local' &&
        (c.action === 'create' || c.action === 'update')
      )
        unignored.push(...(gitIgnores(workspace, c.file) === false ? [c.file] : []));
      if (c.role === 'shared' && (c.action === 'create' || c.action === 'update')) portableWritten = true;
      io.stdout((dryRun ? '[dry-run] ' : '') + describe(c));
      if (dryRun && c.after !== undefined) io.stdout(c.after.replace(/^/gm, '    ') + '\n');
    }
  }
  const portableHeld =
    portableWritten ||
    (op === 'install' &&
      scope === 'workspace' &&
      hookStatus(workspace, os.homedir(), specs).some((f) => f.entries.some((e) => e.kind === 'portable')));
  if (op === 'install' && portableHeld && findOnPath('railguard', process.env.PATH) === undefined)
    io.stderr(
      'railguard: warning: no railguard on PATH: the portable hooks in shared files block every call ' +
        'until it is installed (npm install -g railguard), or use --scope user\n',
    );
  for (const f of unignored)
    io.stderr(
      `railguard: warning: git does not ignore ${path.relative(workspace, f)}, which holds this machine's ` +
        'paths: add it to .gitignore\n',
    );
  return failed ? EXIT.findings : EXIT.ok;
}
