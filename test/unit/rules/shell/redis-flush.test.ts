import rule from '../../../../server/src/core/rules/shell/redis-flush';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: ['redis-cli ping', 'redis-cli --scan --pattern "flushall*"', 'redis-cli set key flushdb'],
  invalid: [
    { code: 'redis-cli flushAll', errors: [{ messageId: 'flush', line: 1, column: 11 }] },
    {
      code: 'redis-cli -a "$PASS" -n 5 FLUSHDB',
      errors: [
        { messageId: 'flush', line: 1, column: 27, message: '`FLUSHDB` deletes every key in database 5.' },
      ],
    },
    {
      code: 'kubectl exec redis-0 -- redis-cli FLUSHALL',
      errors: [{ messageId: 'flush', line: 1, column: 35 }],
    },
  ],
});
