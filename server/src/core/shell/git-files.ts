/**
 * The files git commands change, as file effects: the configuration file `git config` plants a
 * command in (`GIT_CONFIG_FILES`), and the working-tree files they name (pathspecs, `GIT_FILES`):
 * what `rm F`, `mv A B` or `cp X F` would be, so the same resources are judged (Railguard's hook
 * settings, policies, data folders) whichever program changes them: `git rm
 * .claude/settings.json`, `git checkout -- .railguard`, `git stash push .claude`.
 *
 * Only paths the command names are effects, and `git clean -f`, which removes untracked files
 * below its paths or the whole working tree: a whole-tree reset (`git reset --hard`, `git
 * checkout -- .`) is `git-discard-work`'s to report, and what a checkout of a branch changes is
 * not known before it runs. Removed tracked files stay in the commit they came from, so `git rm`
 * removes a `file` (never a `tree`), and restoring a file from the index or a commit overwrites
 * its `content`.
 *
 * Sources: git-rm(1), git-mv(1), git-checkout(1) ("git checkout [<tree-ish>] [--] <pathspec>…"),
 * git-restore(1), git-stash(1) ("push [--] [<pathspec>…]"), git-clean(1).
 */
import { gitSubcommand } from '../rules/shell/util/git';
import { gitConfigKey, gitConfigSet, gitValueEffect } from './git-config';
import { parseOptions } from '../rules/shell/util/options';
import { target, textTarget, type FileProgram, type FileScope, type RawTarget } from './file-targets';
import type { ShellCommand, ShellWord } from './model';

/** The words after `--` in `words`, or undefined when there is no `--`. */
function afterDoubleDash(words: readonly ShellWord[]): ShellWord[] | undefined {
  const i = words.findIndex((w) => w.value === '--');
  return i < 0 ? undefined : words.slice(i + 1);
}

/**
 * The file targets of one git subcommand's arguments (`subWord`: the subcommand, `rest`: the
 * words after it).
 */
function gitTargets(sub: string, subWord: ShellWord, rest: readonly ShellWord[]): RawTarget[] {
  switch (sub) {
    case 'rm': {
      const p = parseOptions(rest);
      if (p.has('cached') || p.has('n', 'dry-run')) return [];
      return p.positionals.map((w) => target(w, 'destroy', 'file'));
    }
    case 'mv': {
      const p = parseOptions(rest);
      if (p.has('n', 'dry-run') || p.positionals.length < 2) return [];
      const dest = p.positionals[p.positionals.length - 1] as ShellWord;
      return [
        ...p.positionals.slice(0, -1).map((w) => target(w, 'destroy', 'file')),
        target(dest, 'overwrite', 'content'),
      ];
    }
    case 'checkout': {
      // Without `--` an operand may be a branch or a path; git decides at run time.
      const paths = afterDoubleDash(rest);
      return (paths ?? []).map((w) => target(w, 'overwrite', 'content'));
    }
    case 'restore': {
      const p = parseOptions(rest, { shortWithValue: 's', longWithValue: ['source'] });
      // `--staged` alone restores the index only; `--worktree`/`-W` (the default) the files.
      if (p.has('S', 'staged') && !p.has('W', 'worktree')) return [];
      return p.positionals.map((w) => target(w, 'overwrite', 'content'));
    }
    case 'stash': {
      const words = rest[0]?.value === 'push' ? rest.slice(1) : rest;
      if (rest[0]?.value !== 'push' && rest[0]?.value !== '--') return [];
      const p = parseOptions(words, {
        shortWithValue: 'm',
        longWithValue: ['message', 'pathspec-from-file'],
      });
      return p.positionals.map((w) => target(w, 'overwrite', 'content'));
    }
    case 'clean': {
      const p = parseOptions(rest, { shortWithValue: 'e', longWithValue: ['exclude'] });
      if (!p.has('f', 'force') || p.has('n', 'dry-run', 'i', 'interactive')) return [];
      // Untracked files (folders too with -d), which no commit holds, below each named path or
      // the whole working tree.
      const scope: FileScope = p.has('d') ? 'tree' : 'file';
      if (p.positionals.length === 0) return [textTarget('.', subWord, 'destroy', scope)];
      return p.positionals.map((w) => target(w, 'destroy', scope));
    }
    default:
      return [];
  }
}

/** git's pathspec commands as a {@link FileProgram} of `file-effects.ts`. */
export const GIT_FILES: FileProgram = {
  programs: ['git'],
  source: 'https://git-scm.com/docs/git-rm',
  targets: (cmd: ShellCommand) => {
    const git = gitSubcommand(cmd);
    if (!git) return [];
    // `git -C DIR …` runs in DIR (several `-C` join, as cd would): pathspecs are relative to it.
    let dir = '';
    for (let i = 1; cmd.argv[i] !== git.word && i < cmd.argv.length; i++)
      if (cmd.argv[i]?.value === '-C') {
        const d = cmd.argv[++i]?.value;
        if (d === undefined) return [];
        dir = d.startsWith('/') || d.startsWith('~') ? d : `${dir}${d}`;
        dir = dir.endsWith('/') ? dir : `${dir}/`;
      }
    return gitTargets(git.sub, git.word, git.rest).map((t) =>
      dir && !t.text.startsWith('/') && !t.text.startsWith('~') ? { ...t, text: `${dir}${t.text}` } : t,
    );
  },
};

/**
 * The configuration file a `git config` command writes a command (or a hooks folder, an included
 * file) into, as an append: what else the file held stays. See `git-config.ts`.
 */
function gitConfigPlant(cmd: ShellCommand): RawTarget[] {
  const set = gitConfigSet(cmd);
  if (!set) return [];
  const key = set.keyWord.value;
  if (key !== undefined) {
    const entry = gitConfigKey(key);
    const effect = entry && gitValueEffect(entry, set.value);
    if (!entry || !effect) return [];
    // A plain alias (`alias.co=checkout`) runs git itself: judged as that git command, not a plant.
    if (entry.value === 'alias' && !(set.value.value ?? set.value.staticPrefix ?? '').startsWith('!'))
      return [];
  }
  const text = set.file ?? set.fileWord?.raw.replace(/["']/g, '') ?? '';
  return [{ verb: 'write', scope: 'append', span: cmd.span, text, dynamic: set.file === undefined }];
}

/**
 * `git config` setting a key whose value git runs later (`git-config.ts`) writes that command
 * into the configuration file: the repository's `.git/config`, `~/.gitconfig`, `/etc/gitconfig`
 * or `--file F`. Other keys (`user.name`, `pull.rebase`, a plain alias) plant nothing.
 */
export const GIT_CONFIG_FILES: FileProgram = {
  programs: ['git'],
  source: 'https://git-scm.com/docs/git-config#FILES',
  targets: gitConfigPlant,
};
