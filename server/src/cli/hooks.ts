import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { applyHookConfig, HOOK_CONFIGS, type FileChange, type Scope } from '../hooks/install';
import { EXIT, UsageError, type CliIo } from './io';

export const HOOKS_HELP = `Usage: railguard hooks install|uninstall [--agent NAME]… [--scope workspace|user] [--dry-run]

Writes (or removes) Railguard's pre-execution hook in each agent's configuration, merging with
what is there: other hooks are kept; running install twice changes nothing.

Options:
  --agent NAME     ${HOOK_CONFIGS.map((c) => c.agent).join(', ')} (repeatable; default: all)
  --scope SCOPE    workspace (default; files under --cwd) or user (files under your home folder)
  --cwd DIR        the workspace folder (default: current folder)
  --command CMD    how agents start Railguard (default: this node and script, absolute paths)
  --dry-run        print what would change, write nothing
  -h, --help       show this help
`;

const quote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The default hook command: this Node binary and CLI script (absolute), plus `hook`. */
export function defaultHookCommand(): string {
  const script = process.argv[1] ? path.resolve(process.argv[1]) : 'railguard';
  return `${quote(process.execPath)} ${quote(script)} hook`;
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
  const dryRun = values['dry-run'] ?? false;
  let failed = false;
  for (const spec of specs) {
    const c = applyHookConfig(spec, op, {
      scope,
      workspace: path.resolve(values.cwd ?? process.cwd()),
      home: os.homedir(),
      command: values.command ?? defaultHookCommand(),
      dryRun,
    });
    if (c.action === 'error') failed = true;
    io.stdout((dryRun ? '[dry-run] ' : '') + describe(c));
    if (dryRun && c.after !== undefined) io.stdout(c.after.replace(/^/gm, '    ') + '\n');
  }
  return failed ? EXIT.findings : EXIT.ok;
}
