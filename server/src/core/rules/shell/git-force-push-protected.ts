import { defineShellRule } from '../rule';
import { gitSubcommand, isProtectedBranch, parseRefspec } from './util/git';
import { parseOptions } from './util/options';

const PUSH_SPEC = {
  shortWithValue: 'o',
  longWithValue: ['push-option', 'repo', 'receive-pack', 'exec', 'signed'],
};

/**
 * Force pushes (`-f`, `--force`, `+ref`) and deletions (`--delete`, `:ref`, `--mirror`) that
 * rewrite or remove a protected branch (main, master, production, release…) on a remote.
 */
export default defineShellRule({
  meta: {
    id: 'git-force-push-protected',
    title: 'Force push or delete of a protected branch',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description:
        'Flags `git push --force`, `+main`, `--mirror` and `--delete main` that overwrite or delete protected branches.',
      problem:
        'A force push replaces the remote history of a shared branch: commits others pushed are ' +
        'dropped from the branch and every clone diverges. `--mirror` makes the remote match the ' +
        'local repository exactly, deleting branches and tags that only exist remotely.',
      solution:
        'Push to a feature branch and merge through a pull request. When rewriting your own branch, ' +
        "use `--force-with-lease` so a push that would drop someone else's commits is refused, and " +
        'enable branch protection on the server.',
    },
    messages: {
      forcePush: 'Force push to protected branch `{{branch}}` rewrites shared history.',
      forceWithLease: '`--force-with-lease` to protected branch `{{branch}}` still rewrites shared history.',
      forceCurrent:
        '`git push {{flag}}` without a refspec force-pushes the current branch, which may be protected.',
      forceAll: '`git push {{flag}} --all` force-pushes every branch, protected ones included.',
      deleteBranch: 'Push deletes protected branch `{{branch}}` on the remote.',
      mirror:
        '`git push --mirror` overwrites and deletes remote branches and tags to match the local repository.',
    },
    controls: ['SOC2:CC8.1', 'NIST:CM-3', 'NIST:CM-5'],
    examples: {
      valid: [
        'git push origin main',
        'git push --force-with-lease origin feature/login',
        'git push -f origin my-branch',
        'git push origin +feature:feature',
        'echo "git push -f origin main"',
      ],
      invalid: [
        'git push -f origin main',
        'git push --force origin HEAD:master',
        'git push origin +main',
        'git push origin --delete production',
        'git push --mirror backup',
      ],
    },
  },
  check(cmd, _analysis, report) {
    const git = gitSubcommand(cmd);
    if (!git || git.sub !== 'push') return;
    const parsed = parseOptions(git.rest, PUSH_SPEC);
    const forceOpt = parsed.all('f', 'force')[0];
    const leaseOpt = parsed.all('force-with-lease')[0];
    const deleting = parsed.has('d', 'delete');
    if (parsed.has('mirror')) {
      report({ messageId: 'mirror', span: parsed.all('mirror')[0]?.word.span ?? cmd.span });
      return;
    }
    const [, ...refspecs] = parsed.positionals;
    const flagWord = forceOpt?.word ?? leaseOpt?.word;
    if (flagWord && parsed.has('all', 'branches')) {
      report({ messageId: 'forceAll', data: { flag: flagWord.value ?? '' }, span: flagWord.span });
      return;
    }
    if (flagWord && refspecs.length === 0) {
      report({
        messageId: 'forceCurrent',
        data: { flag: flagWord.value ?? '' },
        span: flagWord.span,
        severity: 'warning',
      });
      return;
    }
    for (const word of refspecs) {
      if (word.value === undefined) continue;
      const ref = parseRefspec(word.value);
      if (!isProtectedBranch(ref.dst)) continue;
      const data = { branch: ref.dst.replace(/^refs\/heads\//, '') };
      if (deleting || ref.deletes) report({ messageId: 'deleteBranch', data, span: word.span });
      else if (forceOpt || ref.force) report({ messageId: 'forcePush', data, span: word.span });
      else if (leaseOpt) report({ messageId: 'forceWithLease', data, span: word.span, severity: 'warning' });
    }
  },
});
