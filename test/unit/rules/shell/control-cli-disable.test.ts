import rule from '../../../../server/src/core/rules/shell/control-cli-disable';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'railguard daemon',
    'railguard policy lint x.yaml',
    'npx eslint .',
    'cursor --disable-extension ms-python.python',
    'node server.js hooks uninstall',
  ],
  invalid: [
    { code: 'railguard hooks uninstall', errors: [{ messageId: 'cli', line: 1, column: 1 }] },
    {
      code: 'cd /w && /usr/local/bin/railguard hooks --scope user uninstall',
      errors: [{ messageId: 'cli', line: 1, column: 10 }],
    },
    { code: 'node ./dist/railguard.js daemon stop', errors: [{ messageId: 'cli', line: 1, column: 1 }] },
    {
      code: 'railguard policy trust .railguard/policies/x.yaml',
      errors: [{ messageId: 'cli', line: 1, column: 1 }],
    },
    { code: 'railguard approvals approve 42', errors: [{ messageId: 'cli', line: 1, column: 1 }] },
    {
      code: 'code --uninstall-extension railguard-dev.railguard',
      errors: [{ messageId: 'extension', line: 1, column: 6 }],
    },
    {
      code: 'code --disable-extension=railguard-dev.railguard .',
      errors: [{ messageId: 'extension', line: 1, column: 6 }],
    },
    { code: 'cursor --disable-extensions', errors: [{ messageId: 'extension', line: 1, column: 8 }] },
    { code: 'code --uninstall-extension "$EXT"', errors: [{ messageId: 'extension', line: 1, column: 6 }] },
  ],
});
