import rule from '../../../../server/src/core/rules/shell/kubectl-delete-wide';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'kubectl delete deployment web -n prod',
    'kubectl get pods --all-namespaces',
    'kubectl delete pod -l app=web',
    'echo kubectl delete ns prod',
  ],
  invalid: [
    {
      code: 'kubectl --context prod delete namespace payments',
      errors: [{ messageId: 'namespace', line: 1, column: 31 }],
    },
    { code: 'kubectl delete ns/staging', errors: [{ messageId: 'namespace', line: 1, column: 16 }] },
    { code: 'kubectl -n prod delete pvc --all', errors: [{ messageId: 'all', line: 1, column: 28 }] },
    { code: 'oc delete project demo', errors: [{ messageId: 'namespace', line: 1, column: 11 }] },
    {
      code: 'kubectl delete pods --all-namespaces --field-selector status.phase=Failed',
      errors: [{ messageId: 'all', line: 1, column: 21 }],
    },
  ],
});
