import rule from '../../../../server/src/core/rules/shell/fork-bomb';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: ['f() { echo hi | cat; }; f', 'yes | yes', 'echo ":(){ :|:& };:" > bomb.txt'],
  invalid: [
    { code: ':(){ :|:& };:', errors: [{ messageId: 'forkBomb', line: 1, column: 6 }] },
    { code: 'f() {\n  f | f &\n}\nf', errors: [{ messageId: 'forkBomb', line: 2, column: 3 }] },
  ],
});
