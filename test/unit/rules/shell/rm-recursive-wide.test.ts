import rule from '../../../../server/src/core/rules/shell/rm-recursive-wide';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'rm -rf ./build',
    'rm -rf dist/ .cache',
    'rm -r $TMPDIR/foo',
    'rm -ri *',
    'grep -r "rm -rf /" .',
    'rm -rf "${BUILD:?}/"*',
    'find . -name x | xargs rm -rf',
  ],
  invalid: [
    { code: 'rm -rf /', errors: [{ messageId: 'wide', line: 1, column: 8, severity: 'error' }] },
    { code: 'rm --recursive --force /*', errors: [{ messageId: 'wide', line: 1, column: 24 }] },
    { code: 'rm -fr -- ~/', errors: [{ messageId: 'wide', line: 1, column: 11 }] },
    { code: 'rm -rf $HOME', errors: [{ messageId: 'wide', line: 1, column: 8 }] },
    { code: 'rm -rf ..', errors: [{ messageId: 'wide', line: 1, column: 8 }] },
    { code: 'rm -rf *', errors: [{ messageId: 'wide', line: 1, column: 8 }] },
    { code: 'rm -Rf /usr', errors: [{ messageId: 'wide', line: 1, column: 8 }] },
    {
      code: 'rm -rf "$DIR/"*',
      errors: [{ messageId: 'dynamicRoot', line: 1, column: 8, severity: 'warning' }],
    },
    { code: "sudo bash -c 'rm -rf /'", errors: [{ messageId: 'wide', line: 1, column: 22 }] },
    { code: "ssh prod 'rm -rf ~'", errors: [{ messageId: 'wide', line: 1, column: 18 }] },
    { code: 'cd /tmp &&\n  rm -rf /etc', errors: [{ messageId: 'wide', line: 2, column: 10 }] },
    { code: 'echo $(rm -rf /)', errors: [{ messageId: 'wide', line: 1, column: 15 }] },
  ],
});
