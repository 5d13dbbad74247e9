import * as path from 'node:path';
import type { Ctx } from './context';
import type { ShellCommand } from './model';
import { readOptions, readOptionsPermuted, type OptionSpec } from './options';
import { ancestors, inFolder, isRecord, readProjectFile, stringsOf, under } from './project-files';
import { fileKey, readScript, runScriptFile } from './script-files';
import { GIT_GLOBAL_OPTIONS, gitConfigSet } from './git-config';

/**
 * The hooks a git command runs, looked into like a script run by its path (`./hook`, dispatched on
 * its `#!` line): `git commit` runs `.git/hooks/pre-commit` and the other commit hooks, so what
 * they run is judged at the `git commit` command. Which command runs which hook, with which
 * arguments and which option skips it: githooks(5) https://git-scm.com/docs/githooks (and
 * git-commit(1), git-merge(1), git-push(1), git-rebase(1), git-am(1) for `--no-verify`).
 *
 * The hooks folder is found from the folder git runs in (`git -C DIR`, the command's folder)
 * upwards: `.git/hooks`, or the common folder's `hooks` when `.git` is a file (`gitdir: …` of a
 * worktree, with its `commondir`), or `--git-dir`/`GIT_DIR`; `git -c core.hooksPath=DIR` replaces
 * it (relative to the top of the work tree, as git takes it), and so does `git config
 * core.hooksPath DIR` run earlier on the same line. A project that uses husky (`husky`
 * among the dependencies of its `package.json`, or its `prepare` script running husky) also has
 * its `.husky/HOOK` scripts judged, since husky points `core.hooksPath` there.
 *
 * Over-approximations: a hook file is taken as run whether or not it is executable (the reader
 * cannot see modes; git ignores a hook without the executable bit), and husky's folder is judged
 * as well as `.git/hooks`. Not read: `core.hooksPath` set in `.git/config` or `~/.gitconfig` by
 * an earlier action (no INI reader is among the dependencies, and git's config syntax is not parsed
 * by hand here; setting it is itself judged, see `git-config.ts`), and
 * hooks git runs on the other side of a push (`pre-receive`, `update`…), which are the server's.
 */

/** One hook: its name, how many arguments git gives it, and the options that skip or need it. */
interface Hook {
  name: string;
  args: number;
  /** Options of the command under which git does not run the hook (`--no-verify`, `-n`). */
  skip?: readonly string[];
  /** Options without which git does not run the hook (`post-rewrite` needs `--amend`). */
  only?: readonly string[];
}

/** A git command that runs hooks: its options taking a value, and its hooks in the order run. */
interface HookCommand {
  options: OptionSpec;
  hooks: readonly Hook[];
  /** Options under which it runs none of them (`git commit --dry-run`). */
  none?: readonly string[];
  /** The first operand it needs (`git worktree add`). */
  operand?: string;
}

const REF_TX: Hook = { name: 'reference-transaction', args: 1 };
const INDEX: Hook = { name: 'post-index-change', args: 2 };
const POST_CHECKOUT: Hook = { name: 'post-checkout', args: 3 };
const PREPARE_MSG: Hook = { name: 'prepare-commit-msg', args: 2 };

const COMMIT_OPTIONS: OptionSpec = {
  short: 'mFCct',
  long: [
    'message',
    'file',
    'reuse-message',
    'reedit-message',
    'template',
    'author',
    'date',
    'cleanup',
    'fixup',
    'squash',
    'trailer',
    'pathspec-from-file',
  ],
};
const MERGE_OPTIONS: OptionSpec = {
  short: 'mFsX',
  long: ['message', 'file', 'strategy', 'strategy-option', 'cleanup', 'into-name'],
};
const MERGE_HOOKS: readonly Hook[] = [
  { name: 'pre-merge-commit', args: 0, skip: ['no-verify'] },
  PREPARE_MSG,
  { name: 'commit-msg', args: 1, skip: ['no-verify'] },
  { name: 'post-merge', args: 1 },
  REF_TX,
  INDEX,
];

/** Git commands and the hooks they run (githooks(5)). */
const HOOK_COMMANDS: Record<string, HookCommand> = {
  commit: {
    options: COMMIT_OPTIONS,
    none: ['dry-run'],
    hooks: [
      { name: 'pre-commit', args: 0, skip: ['no-verify', 'n'] },
      PREPARE_MSG,
      { name: 'commit-msg', args: 1, skip: ['no-verify', 'n'] },
      { name: 'post-commit', args: 0 },
      { name: 'post-rewrite', args: 1, only: ['amend'] },
      REF_TX,
      INDEX,
    ],
  },
  merge: { options: MERGE_OPTIONS, none: ['abort', 'quit'], hooks: MERGE_HOOKS },
  pull: {
    options: { ...MERGE_OPTIONS, long: [...(MERGE_OPTIONS.long ?? []), 'depth', 'upload-pack'] },
    hooks: MERGE_HOOKS,
  },
  push: {
    options: { short: 'o', long: ['repo', 'receive-pack', 'exec', 'push-option'] },
    hooks: [{ name: 'pre-push', args: 2, skip: ['no-verify'] }, REF_TX],
  },
  checkout: { options: { short: 'bB', long: ['orphan', 'conflict'] }, hooks: [POST_CHECKOUT, REF_TX, INDEX] },
  switch: {
    options: { short: 'cC', long: ['create', 'force-create', 'orphan', 'conflict'] },
    hooks: [POST_CHECKOUT, REF_TX, INDEX],
  },
  rebase: {
    options: { short: 'sXx', long: ['onto', 'strategy', 'strategy-option', 'exec', 'whitespace', 'empty'] },
    none: ['abort', 'quit', 'show-current-patch', 'edit-todo'],
    hooks: [
      { name: 'pre-rebase', args: 2, skip: ['no-verify'] },
      POST_CHECKOUT,
      { name: 'post-rewrite', args: 1 },
      REF_TX,
      INDEX,
    ],
  },
  am: {
    options: {
      long: ['whitespace', 'directory', 'exclude', 'include', 'patch-format', 'resolvemsg', 'empty'],
    },
    none: ['abort', 'quit', 'show-current-patch'],
    hooks: [
      { name: 'applypatch-msg', args: 1, skip: ['no-verify', 'n'] },
      { name: 'pre-applypatch', args: 0, skip: ['no-verify', 'n'] },
      { name: 'post-applypatch', args: 0 },
      REF_TX,
      INDEX,
    ],
  },
  // The sequencer makes commits as `git commit` does, through the same hooks.
  'cherry-pick': {
    options: MERGE_OPTIONS,
    hooks: [PREPARE_MSG, { name: 'post-commit', args: 0 }, REF_TX, INDEX],
  },
  revert: { options: MERGE_OPTIONS, hooks: [PREPARE_MSG, { name: 'post-commit', args: 0 }, REF_TX, INDEX] },
  worktree: { options: {}, operand: 'add', none: ['no-checkout'], hooks: [POST_CHECKOUT] },
  gc: { options: {}, hooks: [{ name: 'pre-auto-gc', args: 0, only: ['auto'] }] },
  'send-email': { options: {}, hooks: [{ name: 'sendemail-validate', args: 2, skip: ['no-validate'] }] },
  reset: { options: {}, hooks: [REF_TX, INDEX] },
  stash: { options: { short: 'm', long: ['message'] }, hooks: [REF_TX, INDEX] },
  add: { options: {}, hooks: [INDEX] },
  rm: { options: {}, hooks: [INDEX] },
  mv: { options: {}, hooks: [INDEX] },
  branch: { options: {}, hooks: [REF_TX] },
  tag: { options: { short: 'mFu', long: ['message', 'file', 'local-user'] }, hooks: [REF_TX] },
  'update-ref': { options: { short: 'm' }, hooks: [REF_TX] },
  fetch: { options: { long: ['depth', 'upload-pack'] }, hooks: [REF_TX] },
};

/** Where git keeps a repository's files: the top of its work tree and its git folder. */
interface Repo {
  root: string;
  gitDir: string;
}

/**
 * The repository git works on from folder `start`: the first folder upwards holding `.git` (a
 * folder with `HEAD`, a folder the judged text wrote into, or a `gitdir:` file).
 */
function findRepo(ctx: Ctx, start: string): Repo | undefined {
  const written = [...ctx.written.keys()];
  for (const at of ancestors(ctx, start)) {
    const dotGit = under(at, '.git');
    const link = readScript(ctx, dotGit)?.text;
    const gitdir = link === undefined ? undefined : /^gitdir:\s*(.+)/.exec(link)?.[1]?.trim();
    if (gitdir !== undefined) {
      const dir = under(at, gitdir);
      const common = readScript(ctx, under(dir, 'commondir'))?.text?.trim();
      return { root: at, gitDir: common ? under(dir, common) : dir };
    }
    const prefix = `${fileKey(ctx, dotGit)}/`;
    if (readScript(ctx, under(dotGit, 'HEAD')) || written.some((k) => k.startsWith(prefix)))
      return { root: at, gitDir: dotGit };
  }
  return undefined;
}

/** Whether the `package.json` at the top of the work tree sets husky up. */
function usesHusky(ctx: Ctx, root: string): boolean {
  const pkg = readProjectFile(ctx, [root], ['package.json'])?.data;
  if (!pkg) return false;
  const deps = [pkg['dependencies'], pkg['devDependencies']];
  return (
    deps.some((d) => isRecord(d) && Object.hasOwn(d, 'husky')) ||
    /\bhusky\b/.test(stringsOf(pkg['scripts'])['prepare'] ?? '')
  );
}

/**
 * The hooks folder a `git config [--global|--system|--local] core.hooksPath DIR` earlier on the
 * line set (the last one before `cmd`); `null` when that folder is named at run time, `undefined`
 * when none set it.
 */
function plantedHooksPath(ctx: Ctx, cmd: ShellCommand): string | null | undefined {
  let found: string | null | undefined;
  for (const c of ctx.commands) {
    if (c === cmd || c.span.start >= cmd.span.start) break;
    const set = gitConfigSet(c);
    if (!set || set.scope === 'file' || set.keyWord.value?.toLowerCase() !== 'core.hookspath') continue;
    found = set.value.value ?? null;
  }
  return found;
}

/** The folders git would take hooks from, or `undefined` when it cannot be known. */
function hookFolders(
  ctx: Ctx,
  cmd: ShellCommand,
  start: string,
  options: { name: string; value: string | undefined }[],
) {
  const hooksPath =
    options
      .filter((o) => o.name === 'c' && /^core\.hookspath=/i.test(o.value ?? ''))
      .map((o) => (o.value ?? '').slice('core.hooksPath='.length))
      .pop() ?? plantedHooksPath(ctx, cmd);
  if (hooksPath === null) return undefined;
  const gitDirOption = options.filter((o) => o.name === 'git-dir').pop();
  const envGitDir = cmd.assignments.find((a) => a.name === 'GIT_DIR');
  if ((gitDirOption && gitDirOption.value === undefined) || (envGitDir && envGitDir.value === undefined))
    return undefined;
  const gitDir = gitDirOption?.value ?? envGitDir?.value;
  const workTree = options.filter((o) => o.name === 'work-tree').pop()?.value;
  const repo: Repo | undefined =
    gitDir !== undefined
      ? { root: under(start, workTree ?? '.'), gitDir: under(start, gitDir) }
      : findRepo(ctx, start);
  if (hooksPath !== undefined) {
    const root = repo?.root ?? start;
    return { root, folders: [under(root, hooksPath)] };
  }
  if (!repo) return undefined;
  const folders = [under(repo.gitDir, 'hooks')];
  if (usesHusky(ctx, repo.root)) folders.push(under(repo.root, '.husky'));
  return { root: repo.root, folders };
}

/** `file` as shown in a label: relative to the command's folder when inside it. */
function shown(ctx: Ctx, file: string): string {
  if (!ctx.cwd) return path.posix.normalize(file);
  const rel = path.relative(ctx.cwd, path.resolve(ctx.cwd, file));
  return rel.startsWith('..') ? path.resolve(ctx.cwd, file) : rel;
}

/**
 * Looks into the hooks `cmd` (a git command) runs (see the module comment): each hook file found
 * is judged as run by its path from the top of the work tree, at the git command's span.
 */
export function checkGitHooks(cmd: ShellCommand, ctx: Ctx): void {
  if (cmd.name !== 'git') return;
  const { options, next } = readOptions(cmd.argv, 1, GIT_GLOBAL_OPTIONS);
  const sub = cmd.argv[next]?.value;
  const spec = sub !== undefined && Object.hasOwn(HOOK_COMMANDS, sub) ? HOOK_COMMANDS[sub] : undefined;
  if (!sub || !spec) return;
  const dirs = options.filter((o) => o.name === 'C').map((o) => o.value);
  if (dirs.some((d) => d === undefined)) return;
  const start = dirs.reduce<string>((at, d) => under(at, d as string), '.');
  // git reads a command's options among its operands (`git commit file -n`), as getopt_long does.
  const read = readOptionsPermuted(cmd.argv, next + 1, spec.options);
  const names = new Set(read.options.map((o) => o.name));
  const operands = read.operands.map((o) => o.word);
  if (spec.none?.some((n) => names.has(n))) return;
  if (spec.operand !== undefined && operands[0]?.value !== spec.operand) return;
  const found = hookFolders(ctx, cmd, start, options);
  if (!found) return;
  const abs = (p: string) => (ctx.cwd ? path.resolve(ctx.cwd, p) : p);
  // Hooks run from the top of the work tree (githooks(5)).
  const hookCtx = inFolder(ctx, found.root);
  for (const hook of spec.hooks) {
    if (hook.skip?.some((o) => names.has(o))) continue;
    if (hook.only && !hook.only.some((o) => names.has(o))) continue;
    for (const folder of found.folders) {
      const file = abs(under(folder, hook.name));
      runScriptFile(cmd, hookCtx, {
        file,
        at: undefined,
        args: [],
        how: 'path',
        label: `git ${sub} (${shown(ctx, file)})`,
        positional: Array.from({ length: hook.args }, () => undefined),
        fromProject: true,
      });
    }
  }
}
