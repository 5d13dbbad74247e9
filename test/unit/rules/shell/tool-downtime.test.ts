import rule from '../../../../server/src/core/rules/shell/tool-downtime';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'kubectl scale deploy/api --replicas=10',
    'kubectl scale deploy/api --replicas 0 --dry-run=server',
    'kubectl cordon node-1',
  ],
  invalid: [
    { code: 'kubectl scale deploy/api --replicas 0', errors: [{ messageId: 'verb', line: 1, column: 9 }] },
    { code: 'kubectl --context prod-eks drain node-1', errors: [{ messageId: 'verb', line: 1, column: 28 }] },
    { code: 'oc scale dc/web --replicas=0', errors: [{ messageId: 'verb', line: 1, column: 4 }] },
  ],
});
