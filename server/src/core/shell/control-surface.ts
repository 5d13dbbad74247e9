/**
 * Railguard's non-file control surface, as data: what an agent running as the same OS user could
 * change to switch Railguard (or its own agent's safety prompts) off without touching a file.
 * The `control-*` and `agent-safety-bypass` rules read these tables; file paths of the control
 * surface (policies, hook configs, runtime folder, audit) are the `railguard-control` resource
 * class of the policy, not listed here.
 *
 * Every entry names where the knowledge comes from (`sources`): the agent's or tool's own docs,
 * Railguard's own hook scripts (`server/src/hooks/shell/*`), or the reproduction of issue 10.
 * Matching is on parsed words (see the rules), never on raw text.
 */

import { AGENT_ENV_MARKERS } from '../policy/actor';

/** One entry of a control catalogue. */
export interface ControlEntry {
  /** What the entry protects, for messages (`the bash hook's DEBUG trap`). */
  what: string;
  /** Docs pages, Railguard files or write-ups the entry is taken from. */
  sources: string[];
}

/**
 * Environment variables that steer Railguard or the shells it hooks. `name` is exact, or a prefix
 * when it ends in `*`. Setting, exporting or unsetting any of them in an agent's command changes
 * what the next command's guard sees (a runtime folder of the agent's choosing, a hook that is
 * never sourced, a prompt hook that is gone).
 */
export const CONTROL_ENV_VARS: readonly (ControlEntry & { name: string })[] = [
  {
    name: 'RAILGUARD_*',
    what: "Railguard's own settings (runtime folder, actor, timeouts, hook mode, environment)",
    sources: ['server/src/hooks/shell/railguard.bash', 'server/src/daemon/paths.ts', 'railguard issue 10'],
  },
  {
    name: 'BASH_ENV',
    what: 'the startup file non-interactive bash sources (where the bash hook is installed)',
    sources: [
      'https://www.gnu.org/software/bash/manual/bash.html#Bash-Startup-Files',
      'server/src/hooks/shell/railguard.bash',
    ],
  },
  {
    name: 'ENV',
    what: 'the startup file interactive POSIX sh and bash --posix source',
    sources: ['https://pubs.opengroup.org/onlinepubs/9799919799/utilities/sh.html'],
  },
  {
    name: 'PROMPT_COMMAND',
    what: 'the commands bash runs before each prompt (shell integration and hooks live there)',
    sources: ['https://www.gnu.org/software/bash/manual/bash.html#index-PROMPT_005fCOMMAND'],
  },
  {
    name: 'ZDOTDIR',
    what: 'the folder zsh reads its startup files from (where the zsh hook is installed)',
    sources: ['https://zsh.sourceforge.io/Doc/Release/Files.html#Startup_002fShutdown-Files'],
  },
  {
    name: 'BASH_FUNC_*',
    what: 'exported bash functions, which can replace the hook functions in child shells',
    sources: ['https://www.gnu.org/software/bash/manual/bash.html#Shell-Functions'],
  },
  {
    name: 'SHELLOPTS',
    what: 'the shell options a new bash starts with (`functrace`, `extdebug` carry the DEBUG trap)',
    sources: ['https://www.gnu.org/software/bash/manual/bash.html#index-SHELLOPTS'],
  },
  // The markers by which an agent's shell is known (`AGENT_ENV_MARKERS`): without one, a shell the
  // agent starts (`env -u CLAUDECODE script -qc 'bash -i'`) is judged as its human's, whose asks
  // the terminal prompt would let the agent answer itself (issue 12).
  ...AGENT_ENV_MARKERS.map((m) => ({
    name: m.variable,
    what: `the marker by which Railguard knows ${m.agent} runs the shell (without it its commands are judged, and approved at a terminal, as a human's)`,
    sources: ['server/src/core/policy/actor.ts', 'server/src/daemon/tty-approvals.ts', 'railguard issue 12'],
  })),
];

/** Whether `name` is one of {@link CONTROL_ENV_VARS}; returns the entry. */
export function controlEnvVar(name: string): (ControlEntry & { name: string }) | undefined {
  return CONTROL_ENV_VARS.find((e) =>
    e.name.endsWith('*') ? name.startsWith(e.name.slice(0, -1)) : name === e.name,
  );
}

/**
 * Shell-hook function names: Railguard's hooks define every function with this prefix
 * (`__railguard_judge`, `__railguard_accept`, `__railguard_debug`…); removing or redefining one
 * switches the hook off. Source: `server/src/hooks/shell/railguard.{bash,zsh,fish}`.
 */
export const HOOK_FUNCTION_PREFIX = '__railguard_';

/**
 * Shell builtins that switch hooks off, per shell. `trap` on `DEBUG` (bash: the extdebug trap
 * that judges each command of a script), `RETURN`/`ERR` do not judge anything and are not listed.
 */
export const HOOK_SIGNALS: readonly string[] = ['DEBUG'];

/**
 * Keys whose binding the interactive hooks own: Enter (`\C-m`, `\C-j`, `^M`, `^J`, `\r`, `\n`).
 * Re-binding or removing them (`bind -r '\C-m'`, `bindkey '^M' accept-line`) skips the judgement.
 * Sources: `server/src/hooks/shell/railguard.bash` (bind -x), `railguard.zsh` (zle widgets),
 * `railguard.fish` (bind … __railguard_enter).
 */
export const HOOK_KEYS = /^(?:"?\\C-[mj]"?|\^[MJ]|\\[rn]|"?\\e?\\C-[mj].*|enter|return)/i;

/** zsh widgets the hook replaces (`zle -N accept-line __railguard_accept_line`). */
export const HOOK_WIDGETS: readonly string[] = [
  'accept-line',
  'accept-and-hold',
  'accept-line-and-down-history',
  'accept-and-infer-next-history',
];

/** Process names or command-line words that are Railguard's daemon, hooks or extension host. */
export const RAILGUARD_PROCESS = /railguard/i;

/**
 * Railguard's own CLI verbs that switch it off. `program` is `railguard` (or a `railguard.js` /
 * `railguard-cli.js` script run by `node`/`npx`/`bunx`).
 */
export const RAILGUARD_CLI_SWITCHES: readonly (ControlEntry & { verbs: string[] })[] = [
  {
    verbs: ['hooks', 'uninstall'],
    what: "removes Railguard's entries from every agent's hook configuration",
    sources: ['server/src/cli/hooks.ts', 'railguard issue 10'],
  },
  {
    verbs: ['daemon', 'stop'],
    what: 'stops the decision daemon (hooks then fall back to the fail rule)',
    sources: ['server/src/cli/daemon.ts', 'railguard issue 10'],
  },
  {
    verbs: ['policy', 'trust'],
    what: 'approves a workspace policy, which only a human may do',
    sources: ['railguard issue 10 ("Policy tiers that agents cannot loosen")'],
  },
  {
    verbs: ['approvals'],
    what: "lists or answers the asks waiting for a human's approval, which is a human's decision",
    sources: ['server/src/cli/approvals.ts', 'server/src/daemon/approvals.ts', 'railguard issue 12'],
  },
];

/**
 * The daemon's HTTP routes through which a human answers an ask (`approval-routes.ts`): a request
 * to one of them from an agent (curl, wget, httpie at a loopback host or through a Unix socket)
 * would make the requester its own approver. `path` is a regular expression over the URL path.
 */
export const RAILGUARD_HTTP_CONTROLS: readonly (ControlEntry & { path: string })[] = [
  {
    path: '^/v1/approvals(/|$)',
    what: "lists, watches or answers the asks waiting for a human's approval in the Railguard daemon",
    sources: ['server/src/daemon/approval-routes.ts', 'railguard issue 12'],
  },
  {
    path: '^/v1/shell/answer$',
    what: "answers a terminal's approval prompt in the Railguard daemon",
    sources: ['server/src/daemon/tty-approvals.ts', 'railguard issue 12'],
  },
];

/** Hosts that reach the daemon (it listens on loopback only): `localhost`, 127.0.0.0/8, ::1, 0.0.0.0. */
export const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0|\[::\])$/;

/** Editors whose CLI can uninstall or disable the Railguard extension. */
export const EDITOR_PROGRAMS: readonly string[] = [
  'code',
  'code-insiders',
  'codium',
  'vscodium',
  'cursor',
  'windsurf',
  'positron',
];

/**
 * Editor CLI options that remove or disable Railguard's extension (`--disable-extensions` turns
 * every extension off). Source: https://code.visualstudio.com/docs/configure/command-line.
 */
export const EDITOR_SWITCHES: readonly string[] = [
  '--uninstall-extension',
  '--disable-extension',
  '--disable-extensions',
];

/**
 * Package managers' commands that remove an installed package: with `railguard` among the
 * packages, they remove Railguard's CLI, which every hook and PATH shim runs (README "Install":
 * `npm install -g ./railguard-….tgz`). `verbs` are the subcommand paths after the program.
 */
export const PACKAGE_REMOVE: readonly (ControlEntry & { program: string; verbs: string[][] })[] = [
  {
    program: 'npm',
    verbs: [['uninstall'], ['remove'], ['rm'], ['r'], ['un'], ['unlink']],
    what: 'npm package removal',
    sources: ['https://docs.npmjs.com/cli/commands/npm-uninstall (aliases unlink, remove, rm, r, un)'],
  },
  {
    program: 'pnpm',
    verbs: [['remove'], ['rm'], ['uninstall'], ['un']],
    what: 'pnpm package removal',
    sources: ['https://pnpm.io/cli/remove (aliases rm, uninstall, un)'],
  },
  {
    program: 'yarn',
    verbs: [['remove'], ['global', 'remove']],
    what: 'Yarn package removal',
    sources: ['https://yarnpkg.com/cli/remove', 'https://classic.yarnpkg.com/en/docs/cli/global'],
  },
  {
    program: 'bun',
    verbs: [['remove'], ['rm']],
    what: 'Bun package removal',
    sources: ['https://bun.sh/docs/cli/remove'],
  },
];

/**
 * Programs that attach to, stop, slow or starve a running process named by its pid: pointed at
 * Railguard's daemon (a pid from `pgrep railguard` or its pid file) they switch it off without a
 * signal (`gdb -p PID -ex 'call exit(0)'`), read its memory and token (`gcore`), or leave it
 * without file descriptors (`prlimit --nofile=0`). Any of their arguments may be the pid.
 */
export const PROCESS_TOOLS: readonly (ControlEntry & { program: string })[] = [
  {
    program: 'gdb',
    what: 'attaches a debugger',
    sources: ['https://sourceware.org/gdb/current/onlinedocs/gdb.html/Attach.html'],
  },
  {
    program: 'lldb',
    what: 'attaches a debugger',
    sources: ['https://lldb.llvm.org/man/lldb.html (--attach-pid)'],
  },
  {
    program: 'strace',
    what: 'traces (ptrace-attaches to)',
    sources: ['https://man7.org/linux/man-pages/man1/strace.1.html (-p)'],
  },
  {
    program: 'ltrace',
    what: 'traces (ptrace-attaches to)',
    sources: ['https://man7.org/linux/man-pages/man1/ltrace.1.html (-p)'],
  },
  {
    program: 'gcore',
    what: "dumps the memory (with the daemon's token) of",
    sources: ['https://man7.org/linux/man-pages/man1/gcore.1.html'],
  },
  {
    program: 'prlimit',
    what: 'changes the resource limits of',
    sources: ['https://man7.org/linux/man-pages/man1/prlimit.1.html (--pid)'],
  },
  {
    program: 'renice',
    what: 'changes the scheduling priority of',
    sources: ['https://man7.org/linux/man-pages/man1/renice.1.html'],
  },
  {
    program: 'taskset',
    what: 'changes the CPU affinity of',
    sources: ['https://man7.org/linux/man-pages/man1/taskset.1.html (-p)'],
  },
  {
    program: 'ionice',
    what: 'changes the I/O priority of',
    sources: ['https://man7.org/linux/man-pages/man1/ionice.1.html (-p)'],
  },
  {
    program: 'cpulimit',
    what: 'throttles',
    sources: ['https://manpages.debian.org/bookworm/cpulimit/cpulimit.1.en.html (-p)'],
  },
  {
    program: 'chrt',
    what: 'changes the scheduling policy of',
    sources: ['https://man7.org/linux/man-pages/man1/chrt.1.html (-p)'],
  },
];

/**
 * One agent's own safety switch: options that make the agent run tools without its permission
 * prompt or outside its sandbox. `options` are long options as written (`--yolo`) or
 * `option=value` pairs (`--permission-mode=bypassPermissions`, also matched as two words).
 */
export interface AgentSwitch extends ControlEntry {
  /** Program names of the agent's CLI. */
  programs: string[];
  options: string[];
  /** Short options that are the same switch (`-y`). */
  shortOptions?: string[];
  /** Environment variables (`NAME=value`, or `NAME` for any value) that turn it on. */
  env?: string[];
}

/** The agents' safety switches. */
export const AGENT_SWITCHES: readonly AgentSwitch[] = [
  {
    programs: ['claude'],
    what: "Claude Code's permission prompts (bypass permissions mode)",
    options: [
      '--dangerously-skip-permissions',
      '--allow-dangerously-skip-permissions',
      '--permission-mode=bypassPermissions',
    ],
    sources: [
      'https://code.claude.com/docs/en/cli-reference',
      'https://code.claude.com/docs/en/iam#permission-modes',
    ],
  },
  {
    programs: ['codex'],
    what: "Codex's approvals and sandbox",
    options: [
      '--dangerously-bypass-approvals-and-sandbox',
      '--yolo',
      '--full-auto',
      '--dangerously-bypass-hook-trust',
      '--ask-for-approval=never',
      '--sandbox=danger-full-access',
      '--config=approval_policy=never',
      '--config=sandbox_mode=danger-full-access',
    ],
    shortOptions: [
      '-a=never',
      '-s=danger-full-access',
      '-c=approval_policy=never',
      '-c=sandbox_mode=danger-full-access',
    ],
    sources: [
      'https://developers.openai.com/codex/cli/reference',
      'https://developers.openai.com/codex/agent-approvals-security',
      'https://github.com/openai/codex/issues/22546',
    ],
  },
  {
    programs: ['gemini'],
    what: "Gemini CLI's tool approvals (YOLO mode)",
    options: ['--yolo', '--approval-mode=yolo', '--approval-mode=auto_edit'],
    shortOptions: ['-y'],
    sources: ['https://geminicli.com/docs/get-started/configuration (approval-mode, yolo)'],
  },
  {
    programs: ['cursor-agent', 'agent'],
    what: "Cursor CLI's command approvals",
    options: ['--force', '--yolo'],
    shortOptions: ['-f'],
    sources: ['https://cursor.com/docs/cli/reference/parameters (-f, --force)'],
  },
  {
    programs: ['copilot'],
    what: "GitHub Copilot CLI's tool, path and URL approvals",
    options: ['--allow-all-tools', '--allow-all', '--yolo', '--allow-all-paths', '--allow-all-urls'],
    sources: [
      'https://docs.github.com/en/copilot/reference/copilot-cli-reference/cli-programmatic-reference',
    ],
  },
];

/**
 * Settings that turn an agent's safety switch on when written into its settings file (matched
 * on a parsed JSON/TOML key and value by the file-action rules). `key` is the last key segment.
 */
export const AGENT_SETTINGS: readonly (ControlEntry & { key: string; value: RegExp })[] = [
  {
    key: 'defaultMode',
    value: /^bypassPermissions$/,
    what: "Claude Code's default permission mode",
    sources: ['https://code.claude.com/docs/en/settings#permission-settings'],
  },
  {
    key: 'disableAllHooks',
    value: /^true$/,
    what: "Claude Code's hooks (Railguard's among them)",
    sources: ['https://code.claude.com/docs/en/hooks'],
  },
  {
    key: 'chat.tools.global.autoApprove',
    value: /^true$/,
    what: "VS Code's agent tool approvals",
    sources: ['https://code.visualstudio.com/docs/copilot/chat/chat-tools#_auto-approve-all-tools'],
  },
  {
    key: 'chat.tools.autoApprove',
    value: /^true$/,
    what: "VS Code's agent tool approvals",
    sources: ['https://code.visualstudio.com/docs/copilot/chat/chat-tools'],
  },
  {
    key: 'approval_policy',
    value: /^never$/,
    what: "Codex's approvals",
    sources: ['https://developers.openai.com/codex/config-reference'],
  },
  {
    key: 'sandbox_mode',
    value: /^danger-full-access$/,
    what: "Codex's sandbox",
    sources: ['https://developers.openai.com/codex/config-reference'],
  },
];
