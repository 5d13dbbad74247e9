import rule from '../../../../server/src/core/rules/shell/git-force-push-protected';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'git push --force-with-lease origin feature/x',
    'git push origin HEAD:feature',
    'git push --delete origin old-branch',
    'git -C repo push origin main',
    'git log --force',
  ],
  invalid: [
    { code: 'git push --force origin main', errors: [{ messageId: 'forcePush', line: 1, column: 25 }] },
    {
      code: 'git push origin +HEAD:refs/heads/master',
      errors: [{ messageId: 'forcePush', line: 1, column: 17 }],
    },
    { code: 'git push -uf origin release/1.2', errors: [{ messageId: 'forcePush', line: 1, column: 21 }] },
    {
      code: 'git push --force-with-lease origin main',
      errors: [{ messageId: 'forceWithLease', line: 1, column: 36, severity: 'warning' }],
    },
    {
      code: 'git push -f',
      errors: [{ messageId: 'forceCurrent', line: 1, column: 10, severity: 'warning' }],
    },
    { code: 'git push origin :production', errors: [{ messageId: 'deleteBranch', line: 1, column: 17 }] },
    { code: 'git push -f --all origin', errors: [{ messageId: 'forceAll', line: 1, column: 10 }] },
    { code: "ssh ci 'git push -f origin master'", errors: [{ messageId: 'forcePush', line: 1, column: 28 }] },
  ],
});
