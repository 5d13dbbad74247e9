import type { ShellCommand, ShellWord } from './model';
import { readOptions, readOptionsPermuted, type OptionSpec } from './options';
import { subWord } from './words';

/**
 * git configuration whose value is a command git runs later (a pager, an editor, an ssh program, a
 * filter or diff driver, a `!` alias…), or a place git takes code from (`core.hooksPath`, an
 * included file). One entry per key family of git-config(1), with its section of the manual.
 *
 * Read in three places: `exec-options.ts` judges the command a value will become, for `git -c
 * KEY=VALUE` and `git config KEY VALUE` alike; `file-effects.ts` records `git config` setting such
 * a key as a write of the configuration file (a plant, judged by `persistence-path-write`);
 * `git-hooks.ts` follows `core.hooksPath` set earlier on the line.
 */

/**
 * What the value of a key is:
 * - `shell`: a command line git runs with `sh -c` (core.pager, filter drivers…);
 * - `bang`: a command line when it starts with `!` (credential.helper, submodule.NAME.update); a
 *   value naming a program by its path runs that program; any other value names something built
 *   in (`store`, `checkout`);
 * - `alias`: `!CMD` is a command line; any other value is a git command line (`git VALUE`);
 * - `folder`: a folder git runs programs from (hooks) or copies them from (templates);
 * - `include`: a configuration file read as if written here.
 */
export type GitValueKind = 'shell' | 'bang' | 'alias' | 'folder' | 'include';

/** One key family whose value git runs or reads code from. */
export interface GitConfigKey {
  /** The key, lowercase (git compares section and variable names case-insensitively). */
  key: RegExp;
  value: GitValueKind;
  /** True when a boolean value is valid and means no command (`pager.log=false`, `core.fsmonitor=true`). */
  boolean?: true;
  /** git-config(1) sections (or the command's manual) that say so. */
  sources: string[];
}

const DOC = 'https://git-scm.com/docs/git-config#Documentation/git-config.txt-';

/** The catalogue (see {@link GitConfigKey}). */
export const GIT_CONFIG_KEYS: readonly GitConfigKey[] = [
  { key: /^core\.pager$/, value: 'shell', sources: [`${DOC}corepager`] },
  { key: /^core\.editor$/, value: 'shell', sources: [`${DOC}coreeditor`] },
  { key: /^sequence\.editor$/, value: 'shell', sources: [`${DOC}sequenceeditor`] },
  { key: /^core\.sshcommand$/, value: 'shell', sources: [`${DOC}coresshCommand`] },
  { key: /^core\.fsmonitor$/, value: 'shell', boolean: true, sources: [`${DOC}corefsmonitor`] },
  { key: /^core\.askpass$/, value: 'shell', sources: [`${DOC}coreaskPass`] },
  { key: /^core\.gitproxy$/, value: 'shell', sources: [`${DOC}coregitProxy`] },
  { key: /^core\.alternaterefscommand$/, value: 'shell', sources: [`${DOC}corealternateRefsCommand`] },
  { key: /^pager\..+$/, value: 'shell', boolean: true, sources: [`${DOC}pagerltcmdgt`] },
  { key: /^interactive\.difffilter$/, value: 'shell', sources: [`${DOC}interactivediffFilter`] },
  { key: /^diff\.external$/, value: 'shell', sources: [`${DOC}diffexternal`] },
  {
    key: /^diff\..+\.(textconv|command)$/,
    value: 'shell',
    sources: [
      `${DOC}diffltdrivergtcommand`,
      'https://git-scm.com/docs/gitattributes#_performing_text_diffs_of_binary_files',
    ],
  },
  {
    key: /^merge\..+\.driver$/,
    value: 'shell',
    sources: ['https://git-scm.com/docs/gitattributes#_defining_a_custom_merge_driver'],
  },
  {
    key: /^filter\..+\.(clean|smudge|process)$/,
    value: 'shell',
    sources: ['https://git-scm.com/docs/gitattributes#_filter'],
  },
  { key: /^(difftool|mergetool)\..+\.(cmd|path)$/, value: 'shell', sources: [`${DOC}difftoollttoolgtcmd`] },
  { key: /^gpg(\..+)?\.program$/, value: 'shell', sources: [`${DOC}gpgprogram`] },
  { key: /^gpg\.ssh\.defaultkeycommand$/, value: 'shell', sources: [`${DOC}gpgsshdefaultKeyCommand`] },
  { key: /^tar\..+\.command$/, value: 'shell', sources: [`${DOC}tarltformatgtcommand`] },
  { key: /^uploadpack\.packobjectshook$/, value: 'shell', sources: [`${DOC}uploadpackpackObjectsHook`] },
  {
    key: /^remote\..+\.(uploadpack|receivepack)$/,
    value: 'shell',
    sources: [
      `${DOC}remoteltnamegtuploadpack`,
      'https://git-scm.com/docs/git-fetch#Documentation/git-fetch.txt---upload-packltupload-packgt',
    ],
  },
  {
    key: /^sendemail\.(sendmailcmd|tocmd|cccmd|headercmd)$/,
    value: 'shell',
    sources: ['https://git-scm.com/docs/git-send-email#_configuration'],
  },
  { key: /^(browser|man)\..+\.(cmd|path)$/, value: 'shell', sources: [`${DOC}browserlttoolgtcmd`] },
  { key: /^guitool\..+\.cmd$/, value: 'shell', sources: [`${DOC}guitoolltnamegtcmd`] },
  {
    key: /^instaweb\.httpd$/,
    value: 'shell',
    sources: ['https://git-scm.com/docs/git-instaweb#_configuration'],
  },
  { key: /^credential(\..+)?\.helper$/, value: 'bang', sources: [`${DOC}credentialhelper`] },
  { key: /^submodule\..+\.update$/, value: 'bang', sources: [`${DOC}submoduleltnamegtupdate`] },
  {
    key: /^alias\..+$/,
    value: 'alias',
    sources: [`${DOC}alias`, 'https://gtfobins.github.io/gtfobins/git/'],
  },
  {
    key: /^core\.hookspath$/,
    value: 'folder',
    sources: [`${DOC}corehooksPath`, 'https://git-scm.com/docs/githooks'],
  },
  { key: /^init\.templatedir$/, value: 'folder', sources: [`${DOC}inittemplateDir`] },
  {
    key: /^include(if\..+)?\.path$/,
    value: 'include',
    sources: ['https://git-scm.com/docs/git-config#_includes'],
  },
];

/** The catalogue entry of `key` (any case), if its value is run or read as code. */
export function gitConfigKey(key: string): GitConfigKey | undefined {
  const k = key.toLowerCase();
  return GIT_CONFIG_KEYS.find((e) => e.key.test(k));
}

const BOOLEAN = /^(true|false|yes|no|on|off|1|0|always|never|auto)?$/i;

/** What a value of a catalogued key makes git do later. */
export type GitValueEffect =
  /** Runs this shell text (a word standing for it, exact spans when possible). */
  | { kind: 'command'; word: ShellWord }
  /** Runs something only known when the command runs (the value is built at run time). */
  | { kind: 'dynamic'; word: ShellWord }
  /** Takes code from a folder or file named by the value (nothing to judge here). */
  | { kind: 'source'; word: ShellWord };

/**
 * What setting `entry`'s key to `value` makes git run or read later; `undefined` when the value
 * means no command (a boolean where one is valid, an empty value, a credential helper or
 * submodule update mode built into git, a plain alias is returned as `git VALUE`).
 */
export function gitValueEffect(entry: GitConfigKey, value: ShellWord): GitValueEffect | undefined {
  const v = value.value;
  if (v === undefined) {
    // `!$CMD`, `$CMD`: unknown, unless the static start says it is a built-in name or a git alias.
    // (`cache --timeout=$T`, `log -n $N`: a built-in helper, a git command line).
    const prefix = value.staticPrefix ?? '';
    if ((entry.value === 'bang' || entry.value === 'alias') && prefix !== '' && !prefix.startsWith('!'))
      return undefined;
    return entry.value === 'folder' || entry.value === 'include'
      ? { kind: 'source', word: value }
      : { kind: 'dynamic', word: value };
  }
  if (v.trim() === '') return undefined;
  if (entry.boolean && BOOLEAN.test(v.trim())) return undefined;
  switch (entry.value) {
    case 'shell':
      return { kind: 'command', word: value };
    case 'folder':
    case 'include':
      return { kind: 'source', word: value };
    case 'bang':
      if (v.startsWith('!')) return { kind: 'command', word: subWord(value, 1, v.slice(1)) };
      // `credential.helper=/opt/bin/helper`: a path is run as the program (gitcredentials(7)).
      return /^[~./]/.test(v) && entry.key.source.includes('credential')
        ? { kind: 'command', word: value }
        : undefined;
    case 'alias':
      if (v.startsWith('!')) return { kind: 'command', word: subWord(value, 1, v.slice(1)) };
      return { kind: 'command', word: { value: `git ${v}`, raw: `git ${v}`, span: value.span } };
  }
}

/** git's own options that take a value (git(1)). */
export const GIT_GLOBAL_OPTIONS: OptionSpec = {
  short: 'Cc',
  long: ['git-dir', 'work-tree', 'namespace', 'config-env', 'super-prefix', 'attr-source', 'list-cmds'],
};

/** `git config` options that take a value (git-config(1)). */
const CONFIG_OPTIONS: OptionSpec = {
  short: 'f',
  long: ['file', 'blob', 'type', 'default', 'comment', 'value', 'url'],
};

/** `git config` modes that read, remove, rename or open an editor (nothing is set from operands). */
const NOT_SETTING = new Set([
  'get',
  'get-all',
  'get-regexp',
  'get-urlmatch',
  'get-color',
  'get-colorbool',
  'unset',
  'unset-all',
  'rename-section',
  'remove-section',
  'list',
  'l',
  'edit',
  'e',
  'blob',
]);

/** Subcommands of `git config` since git 2.46; only `set` sets. */
const SUBCOMMANDS = new Set(['list', 'get', 'set', 'unset', 'rename-section', 'remove-section', 'edit']);

/** One `git config` command that sets a key. */
export interface GitConfigSet {
  /** The key word (`core.pager`); its value is undefined when built at run time. */
  keyWord: ShellWord;
  /** The value word. */
  value: ShellWord;
  /**
   * The configuration file written, as git resolves it: `.git/config` of the repository (under
   * `-C DIR`, or the `--git-dir`/`GIT_DIR` folder), `~/.gitconfig` (`--global`), `/etc/gitconfig`
   * (`--system`), `.git/config.worktree` (`--worktree`), or the `--file` operand; `undefined`
   * when the file is named at run time.
   */
  file: string | undefined;
  /** The word naming the file when the command names it (`--file F`). */
  fileWord?: ShellWord;
  /** `local`, `global`, `system`, `worktree` or `file`. */
  scope: 'local' | 'global' | 'system' | 'worktree' | 'file';
}

/**
 * The key and value a `git config` command sets: `git [-C DIR] config [--global|--system|--local|
 * --worktree|--file F] [--add|--replace-all] KEY VALUE [VALUE-PATTERN]` and git 2.46's `git config
 * set [--append|--all] KEY VALUE` (git-config(1)); `undefined` for reads, removals and edits.
 */
export function gitConfigSet(cmd: ShellCommand): GitConfigSet | undefined {
  if (cmd.name !== 'git') return undefined;
  const { options: globals, next } = readOptions(cmd.argv, 1, GIT_GLOBAL_OPTIONS);
  if (cmd.argv[next]?.value !== 'config') return undefined;
  let from = next + 1;
  const sub = cmd.argv[from]?.value;
  if (sub !== undefined && SUBCOMMANDS.has(sub)) {
    if (sub !== 'set') return undefined;
    from++;
  }
  const { options, operands } = readOptionsPermuted(cmd.argv, from, CONFIG_OPTIONS);
  if (options.some((o) => NOT_SETTING.has(o.name))) return undefined;
  const [keyOp, valueOp] = operands;
  if (!keyOp || !valueOp) return undefined;
  const named = (n: string) => options.some((o) => o.name === n);
  const fileOpt = options.filter((o) => o.name === 'f' || o.name === 'file').pop();
  const dirs = globals.filter((o) => o.name === 'C').map((o) => o.value);
  const gitDirOpt = globals.filter((o) => o.name === 'git-dir').pop();
  const envGitDir = cmd.assignments.find((a) => a.name === 'GIT_DIR');
  const base = dirs.some((d) => d === undefined) ? undefined : dirs.join('/') || '.';
  const gitDir =
    gitDirOpt !== undefined
      ? gitDirOpt.value
      : envGitDir !== undefined
        ? envGitDir.value
        : base === undefined
          ? undefined
          : base === '.'
            ? '.git'
            : `${base}/.git`;
  const common = { keyWord: keyOp.word, value: valueOp.word };
  if (fileOpt) {
    const w = fileOpt.valueWord;
    return { ...common, file: fileOpt.value, ...(w ? { fileWord: w } : {}), scope: 'file' };
  }
  if (named('global')) return { ...common, file: '~/.gitconfig', scope: 'global' };
  if (named('system')) return { ...common, file: '/etc/gitconfig', scope: 'system' };
  const worktree = named('worktree');
  return {
    ...common,
    file: gitDir === undefined ? undefined : `${gitDir}/config${worktree ? '.worktree' : ''}`,
    scope: worktree ? 'worktree' : 'local',
  };
}
