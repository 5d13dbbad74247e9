import { defineShellRule } from '../rule';
import { gitSubcommand } from './util/git';
import { parseOptions } from './util/options';

/**
 * Local git commands that throw away uncommitted work: `git reset --hard`, `git clean -f`,
 * `git checkout -- .`/`git restore .`, `git stash clear|drop`.
 */
export default defineShellRule({
  meta: {
    id: 'git-discard-work',
    title: 'Discarding uncommitted git work',
    category: 'data-loss',
    severity: 'warning',
    docs: {
      description:
        'Flags `git reset --hard`, `git clean -f`, `git checkout -- .`, `git restore .` and `git stash clear`.',
      problem:
        'These commands delete uncommitted changes and untracked files that git never stored: ' +
        'nothing in the reflog brings them back. An agent "cleaning up" can erase hours of a human\'s work.',
      solution:
        'Commit or stash first (`git stash push -u`), preview with `git clean -n`, and reset to a ' +
        'commit only on a clean working tree.',
    },
    messages: {
      resetHard: '`git reset --hard` discards every uncommitted change in the working tree.',
      clean: '`git clean {{flags}}` permanently deletes untracked files{{ignored}}.',
      checkoutAll: '`git {{sub}} {{path}}` discards uncommitted changes to every file below `{{path}}`.',
      stashDrop: '`git stash {{sub}}` deletes stashed changes.',
    },
    controls: ['SOC2:CC8.1'],
    examples: {
      valid: [
        'git reset --soft HEAD~1',
        'git clean -n',
        'git checkout main',
        'git restore src/app.ts',
        'git stash pop',
      ],
      invalid: ['git reset --hard origin/main', 'git clean -fdx', 'git checkout -- .', 'git stash clear'],
    },
  },
  check(cmd, _analysis, report) {
    const git = gitSubcommand(cmd);
    if (!git) return;
    if (git.sub === 'reset') {
      const hard = parseOptions(git.rest).all('hard')[0];
      if (hard) report({ messageId: 'resetHard', span: hard.word.span });
    } else if (git.sub === 'clean') {
      const parsed = parseOptions(git.rest, { shortWithValue: 'e', longWithValue: ['exclude'] });
      if (!parsed.has('f', 'force') || parsed.has('n', 'dry-run', 'i', 'interactive')) return;
      const flags = parsed.options
        .map((o) => o.word.value ?? '')
        .filter((v, i, a) => a.indexOf(v) === i)
        .join(' ');
      const ignored = parsed.has('x') ? ', including ignored files such as `.env`' : '';
      report({ messageId: 'clean', data: { flags, ignored }, span: git.word.span });
    } else if (git.sub === 'checkout' || git.sub === 'restore') {
      const parsed = parseOptions(git.rest, { shortWithValue: 'bBs', longWithValue: ['source'] });
      if (git.sub === 'restore' && parsed.has('S', 'staged') && !parsed.has('W', 'worktree')) return;
      const all = parsed.positionals.find((w) => w.value === '.' || w.value === ':/' || w.value === '*');
      const dashed = git.rest.some((w) => w.value === '--');
      if (all && (dashed || git.sub === 'restore' || parsed.positionals.length === 1)) {
        report({ messageId: 'checkoutAll', data: { sub: git.sub, path: all.value ?? '.' }, span: all.span });
      }
    } else if (git.sub === 'stash') {
      const action = git.rest[0];
      if (action?.value === 'clear' || action?.value === 'drop') {
        report({ messageId: 'stashDrop', data: { sub: action.value }, span: action.span });
      }
    }
  },
});
