import rule from '../../../../server/src/core/rules/shell/control-env-change';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'env -i LC_COLLATE=C sort',
    'env -i perl -V',
    'export PATH=${PATH}:/opt/bin',
    'PATH="$PWD/node_modules/.bin:$PATH" jest',
    'export -p',
    'env',
    'env -i HOME=$HOME',
    'local x=1',
    'printenv RAILGUARD_RUNTIME_DIR',
  ],
  invalid: [
    { code: 'env -i ./makeall.sh', errors: [{ messageId: 'cleared', line: 1, column: 5 }] },
    // Issue 12: dropping the agent marker makes a shell the agent starts a human's.
    { code: 'unset CLAUDECODE', errors: [{ messageId: 'unset', line: 1, column: 7 }] },
    {
      code: "env -u CLAUDECODE script -qc 'bash -i' /dev/null",
      errors: [{ messageId: 'unset', line: 1, column: 8 }],
    },
    { code: 'CLAUDECODE= bash -i', errors: [{ messageId: 'set', line: 1, column: 1 }] },
    { code: 'export RAILGUARD_RUNTIME_DIR=/x', errors: [{ messageId: 'set', line: 1, column: 8 }] },
    { code: 'RAILGUARD_RUNTIME_DIR=/tmp/fake; psql', errors: [{ messageId: 'set', line: 1, column: 1 }] },
    {
      code: 'cd /tmp && declare -x RAILGUARD_ACTOR=human',
      errors: [{ messageId: 'set', line: 1, column: 23 }],
    },
    {
      code: 'unset RAILGUARD_RUNTIME_DIR BASH_ENV',
      errors: [
        { messageId: 'unset', column: 7 },
        { messageId: 'unset', column: 29 },
      ],
    },
    { code: 'export -n BASH_ENV', errors: [{ messageId: 'unset', line: 1, column: 11 }] },
    { code: 'env -u BASH_ENV bash ./deploy.sh', errors: [{ messageId: 'unset', line: 1, column: 8 }] },
    { code: 'env --unset=RAILGUARD_HOOK_MODE bash', errors: [{ messageId: 'unset', line: 1, column: 5 }] },
    { code: 'env -i bash ./deploy.sh', errors: [{ messageId: 'cleared', line: 1, column: 5 }] },
    { code: 'export PATH=/usr/bin:/bin', errors: [{ messageId: 'pathReplaced', line: 1, column: 8 }] },
    { code: 'unset PATH', errors: [{ messageId: 'pathReplaced', line: 1, column: 7 }] },
    { code: "export PROMPT_COMMAND=''", errors: [{ messageId: 'set', line: 1, column: 8 }] },
    { code: 'ZDOTDIR=/tmp/z zsh -i', errors: [{ messageId: 'set', line: 1, column: 1 }] },
    {
      code: 'sudo env RAILGUARD_HOOK_MODE=lib bash x.sh',
      errors: [{ messageId: 'set', line: 1, column: 10 }],
    },
  ],
});
