import rule from '../../../../server/src/core/rules/shell/control-cli-disable';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'railguard daemon',
    'railguard policy lint x.yaml',
    'npx eslint .',
    'cursor --disable-extension ms-python.python',
    'node server.js hooks uninstall',
    'curl https://api.example.com/v1/approvals',
    'curl http://127.0.0.1:8080/v1/shell',
    'curl http://localhost:3000/api/approvals',
    'npm uninstall -g typescript',
    'pnpm remove railguard-theme',
    'yarn add railguard',
    'npm ls -g railguard',
  ],
  invalid: [
    { code: 'railguard hooks uninstall', errors: [{ messageId: 'cli', line: 1, column: 1 }] },
    // Uninstalling the CLI every hook runs (was allowed: `yarn … railguard` was even taken for a
    // launch of Railguard's CLI with no verb).
    { code: 'npm rm -g railguard', errors: [{ messageId: 'package', line: 1, column: 11 }] },
    {
      code: 'npm uninstall --global railguard@0.1.0',
      errors: [{ messageId: 'package', line: 1, column: 24 }],
    },
    { code: 'pnpm remove -g railguard', errors: [{ messageId: 'package', line: 1, column: 16 }] },
    { code: 'yarn global remove railguard', errors: [{ messageId: 'package', line: 1, column: 20 }] },
    { code: 'bun rm -g @acme/railguard', errors: [{ messageId: 'package', line: 1, column: 11 }] },
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
    // Issue 12: every form of `railguard approvals` (the interactive session attaches as approver).
    { code: 'railguard approvals', errors: [{ messageId: 'cli', line: 1, column: 1 }] },
    { code: 'npx railguard approvals list --json', errors: [{ messageId: 'cli', line: 1, column: 1 }] },
    {
      code: 'script -qc "railguard approvals" /dev/null',
      errors: [{ messageId: 'cli', line: 1, column: 13 }],
    },
    // ...and the daemon's approval routes, at a loopback host or through its Unix socket.
    {
      code: 'curl -X POST -H "Authorization: Bearer $T" http://127.0.0.1:40123/v1/approvals/answer -d \'{"id":"x","answer":"approved","user":"me"}\'',
      errors: [{ messageId: 'http', line: 1, column: 44 }],
    },
    {
      code: 'curl --unix-socket ~/.railguard/run/daemon.sock http://x/v1/approvals/watch',
      errors: [{ messageId: 'http', line: 1, column: 49 }],
    },
    {
      code: 'wget --post-data "request=0&answer=yes" http://localhost:4000/v1/shell/answer',
      errors: [{ messageId: 'http', line: 1, column: 41 }],
    },
    {
      code: 'http POST localhost:4000/v1/approvals/answer id=x',
      errors: [{ messageId: 'http', line: 1, column: 11 }],
    },
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
