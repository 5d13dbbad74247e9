import rule from '../../../../server/src/core/rules/shell/git-discard-work';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'git reset HEAD file.txt',
    'git clean -nd',
    'git checkout -b feature',
    'git restore --staged .',
    'echo git reset --hard',
  ],
  invalid: [
    { code: 'git reset --hard', errors: [{ messageId: 'resetHard', line: 1, column: 11 }] },
    { code: 'git clean -f -d', errors: [{ messageId: 'clean', line: 1, column: 5, severity: 'warning' }] },
    { code: 'git restore .', errors: [{ messageId: 'checkoutAll', line: 1, column: 13 }] },
    { code: 'git stash drop stash@{0}', errors: [{ messageId: 'stashDrop', line: 1, column: 11 }] },
  ],
});
