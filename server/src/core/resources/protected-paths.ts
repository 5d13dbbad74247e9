/**
 * Built-in knowledge of paths whose change matters beyond the data they hold (data, one entry per
 * tool or mechanism, each with its sources):
 * - {@link CONTROL_PATHS}: Railguard's own control surface (policies, every agent's hook
 *   configuration, hook clients and shims, the daemon's runtime folder, audit log and keys, the
 *   lineage outbox, the installed extension and CLI). Changing any of it changes what Railguard
 *   decides or records, so the agent Railguard guards may not (issue 10).
 * - {@link PERSISTENCE_PATHS}: files that make code run again later (shell start-up files, cron,
 *   systemd and launchd units, `authorized_keys`, git hooks), MITRE ATT&CK TA0003.
 *
 * Globs use the grammar of `path-glob.ts` (`~` is the user's home). The default policy's
 * `resources:` classes `railguard-control` and `persistence` list the same globs (a unit test
 * keeps them in step), so `explain` shows the class and a team can add its own paths there.
 */
import { compilePathGlob, type PathGlob } from './path-glob';

/** One entry of a protected-path catalogue. */
export interface ProtectedPathEntry {
  /** What the paths are, for messages (`Claude Code hook settings`). */
  what: string;
  /** Path globs (`path-glob.ts`). */
  paths: string[];
  /** True when reading the file discloses a Railguard secret (the daemon token, the audit signing key). */
  secret?: boolean;
  /** True for folders that hold the secrets (a glob or archive of them reads the secrets too). */
  holdsSecrets?: boolean;
  /** Docs pages, source files, write-ups the entry comes from. */
  sources: string[];
}

/** Railguard's own control surface. */
export const CONTROL_PATHS: readonly ProtectedPathEntry[] = [
  {
    what: 'Railguard user policy',
    paths: ['~/.config/railguard/**'],
    sources: ['issue 10 "Policy tiers that agents cannot loosen"'],
  },
  {
    what: 'Railguard daemon token',
    paths: ['~/.railguard/run/token', '/run/user/*/railguard/token', '**/railguard/run/token'],
    secret: true,
    sources: ['server/src/daemon/paths.ts (runtimePaths)'],
  },
  {
    what: 'Railguard daemon runtime folder (socket, port, endpoint, production matchers)',
    paths: ['~/.railguard/run/**', '/run/user/*/railguard/**'],
    holdsSecrets: true,
    sources: ['server/src/daemon/paths.ts (runtimePaths)', 'issue 10 reproduction 3 (port file)'],
  },
  {
    what: 'Railguard audit signing key',
    paths: ['**/audit-key.pem', '~/.railguard/audit/audit-key.pem'],
    secret: true,
    sources: ['server/src/audit/keys.ts (PRIVATE_KEY_FILE)', 'issue 10 reproduction 4'],
  },
  {
    what: 'Railguard audit log, lineage outbox and hook shims',
    paths: ['~/.railguard/**', '**/audit-key.pub.pem'],
    holdsSecrets: true,
    sources: [
      'server/src/daemon/paths.ts (stateDirs: audit, outbox)',
      'server/src/cli/shell-init.ts (~/.railguard/shims)',
      'issue 10 reproduction 2 (rm -rf ~/.railguard/audit)',
    ],
  },
  {
    what: 'Railguard workspace policy',
    paths: ['**/.railguard/**'],
    sources: ['policies/README.md', 'issue 10 reproduction 1 (one-rule workspace policy)'],
  },
  {
    what: 'Claude Code hook settings',
    paths: [
      '**/.claude/settings.json',
      '**/.claude/settings.local.json',
      '/etc/claude-code/managed-settings.json',
      '/Library/Application Support/ClaudeCode/managed-settings.json',
    ],
    sources: [
      'https://docs.anthropic.com/en/docs/claude-code/hooks',
      'https://code.claude.com/docs/en/settings (settings.local.json: the local, uncommitted settings file)',
      'server/src/hooks/install.ts',
      'server/src/hooks/layout.ts (hooks install writes the machine command to settings.local.json)',
    ],
  },
  {
    what: 'VS Code and Copilot CLI agent hooks',
    paths: ['**/.github/hooks/*.json'],
    sources: [
      'https://code.visualstudio.com/docs/copilot/customization/hooks',
      'https://docs.github.com/en/copilot/reference/copilot-cli-reference/cli-hooks-reference',
    ],
  },
  {
    what: 'Copilot CLI configuration',
    paths: ['~/.copilot/**'],
    sources: ['https://docs.github.com/en/copilot/how-tos/use-copilot-agents/use-copilot-cli'],
  },
  {
    what: 'Cursor hooks',
    paths: ['**/.cursor/hooks.json'],
    sources: ['https://cursor.com/docs/agent/hooks', 'server/src/hooks/install.ts'],
  },
  {
    what: 'Gemini CLI hook settings',
    paths: ['**/.gemini/settings.json'],
    sources: ['https://geminicli.com/docs/hooks/', 'server/src/hooks/install.ts'],
  },
  {
    what: 'Codex hooks and configuration',
    paths: ['**/.codex/hooks.json', '~/.codex/config.toml', '**/.codex/config.toml'],
    sources: ['https://developers.openai.com/codex/hooks', 'server/src/hooks/install.ts'],
  },
  {
    what: 'the railguard command the portable agent hook runs from PATH',
    // `hooks install` writes `railguard hook AGENT` into committed hook files (issue 12); an agent
    // that planted or replaced a `railguard` in a PATH folder (~/.local/bin, ~/bin, npm's bin)
    // would answer its own hook. npm installs the package under `PREFIX/lib/node_modules/railguard`
    // with a `PREFIX/bin/railguard` link (PREFIX `/usr/local`, or one under the home folder with
    // nvm or a user prefix; `/usr/lib/…` is left to the system class so that deleting `/usr/lib`
    // stays a system delete).
    paths: [
      '**/bin/railguard',
      '/usr/local/lib/node_modules/railguard/**',
      '~/**/lib/node_modules/railguard/**',
    ],
    sources: [
      'server/src/hooks/layout.ts (portableHookCommand)',
      'https://docs.npmjs.com/cli/v10/configuring-npm/folders#executables',
    ],
  },
  {
    what: 'Railguard extension or CLI as installed',
    paths: ['~/.vscode*/extensions/*railguard*/**', '~/.cursor*/extensions/*railguard*/**'],
    sources: [
      'https://code.visualstudio.com/docs/configure/extensions/extension-marketplace#_where-are-extensions-installed',
    ],
  },
];

/** Files and folders that make code run again later. */
export const PERSISTENCE_PATHS: readonly ProtectedPathEntry[] = [
  {
    what: 'shell start-up file',
    paths: [
      '~/.bashrc',
      '~/.bash_profile',
      '~/.bash_login',
      '~/.bash_logout',
      '~/.profile',
      '~/.zshrc',
      '~/.zshenv',
      '~/.zprofile',
      '~/.zlogin',
      '~/.config/fish/**',
      '/etc/profile',
      '/etc/profile.d/**',
      '/etc/bash.bashrc',
      '/etc/zsh/**',
    ],
    sources: ['https://attack.mitre.org/techniques/T1546/004/', 'bash(1) INVOCATION'],
  },
  {
    what: 'SSH authorized keys or per-login command',
    paths: ['~/.ssh/authorized_keys*', '~/.ssh/rc', '/etc/ssh/sshd_config', '/etc/ssh/sshd_config.d/**'],
    sources: ['https://attack.mitre.org/techniques/T1098/004/', 'sshd(8) AUTHORIZED_KEYS FILE FORMAT'],
  },
  {
    what: 'cron table',
    paths: ['/etc/crontab', '/etc/cron*/**', '/var/spool/cron/**', '/etc/anacrontab'],
    sources: ['https://attack.mitre.org/techniques/T1053/003/', 'crontab(5)'],
  },
  {
    what: 'systemd unit',
    paths: [
      '~/.config/systemd/user/**',
      '/etc/systemd/system/**',
      '/etc/systemd/user/**',
      '/lib/systemd/system/**',
      '/usr/lib/systemd/system/**',
    ],
    sources: ['https://attack.mitre.org/techniques/T1543/002/', 'systemd.unit(5)'],
  },
  {
    what: 'launchd agent or daemon',
    paths: ['~/Library/LaunchAgents/**', '/Library/LaunchAgents/**', '/Library/LaunchDaemons/**'],
    sources: ['https://attack.mitre.org/techniques/T1543/001/'],
  },
  {
    what: 'git hook or git configuration',
    paths: [
      '**/.git/hooks/**',
      '**/.git/config',
      '**/.git/config.worktree',
      '~/.gitconfig',
      '~/.config/git/config',
      '/etc/gitconfig',
    ],
    sources: [
      'https://git-scm.com/docs/githooks',
      'https://git-scm.com/docs/git-config#FILES (core.hooksPath, core.pager, alias.*)',
    ],
  },
  {
    what: 'desktop autostart or init script',
    paths: ['~/.config/autostart/**', '/etc/xdg/autostart/**', '/etc/rc.local', '/etc/init.d/**'],
    sources: [
      'https://attack.mitre.org/techniques/T1547/013/',
      'https://attack.mitre.org/techniques/T1037/004/',
    ],
  },
  {
    what: 'privilege or loader configuration',
    paths: ['/etc/sudoers', '/etc/sudoers.d/**', '/etc/ld.so.preload'],
    sources: [
      'https://attack.mitre.org/techniques/T1548/003/',
      'https://attack.mitre.org/techniques/T1574/006/',
    ],
  },
];

/** A catalogue entry with its globs compiled. */
export interface CompiledEntry {
  entry: ProtectedPathEntry;
  globs: PathGlob[];
}

/** Compiles a catalogue (callers compile once, at module load of the rule that uses it). */
export function compileCatalogue(entries: readonly ProtectedPathEntry[]): readonly CompiledEntry[] {
  return entries.map((entry) => ({ entry, globs: entry.paths.map(compilePathGlob) }));
}
