import rule from '../../../../server/src/core/rules/shell/find-delete-wide';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'find . -name "*.pyc" -delete',
    'find . -type d -empty -delete',
    'find / -name x -ok rm {} \\;',
    'find . -type f -exec sed -i.bak s/a/b/ {} \\; -exec rm {}.bak \\;',
    'find / -name core -print',
    'echo "find / -delete"',
  ],
  invalid: [
    { code: 'find / -delete', errors: [{ messageId: 'wide', line: 1, column: 6, severity: 'error' }] },
    { code: 'find ~ -exec rm -rf {} +', errors: [{ messageId: 'wide', line: 1, column: 6 }] },
    {
      code: 'find / -name "*.old" -delete',
      errors: [{ messageId: 'filtered', line: 1, column: 6, severity: 'warning' }],
    },
    { code: 'find -delete', errors: [{ messageId: 'unfiltered', line: 1, column: 6, severity: 'warning' }] },
    {
      code: 'sudo find /var -size +1M -exec /bin/rm {} \\;',
      errors: [{ messageId: 'wide', line: 1, column: 11 }],
    },
  ],
});
