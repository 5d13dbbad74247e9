import rule from '../../../../server/src/core/rules/shell/tool-privileged-access';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'kubectl debug -it web-5d8f --image=busybox --target=web',
    'docker run -v /srv/app:/app alpine ls',
    'docker run --rm -v "$HOME/.cache:/cache" alpine true',
    'docker run alpine echo --privileged',
    'curl https://api.github.com/repos/acme/shop/branches/main/protection',
    'gh api -X DELETE repos/acme/shop/issues/comments/1',
  ],
  invalid: [
    { code: 'docker exec --privileged -it db sh', errors: [{ messageId: 'verb', line: 1, column: 8 }] },
    {
      code: 'kubectl debug node/worker-1 -it --image=busybox',
      errors: [{ messageId: 'verb', line: 1, column: 9 }],
    },
    { code: 'podman run -v /:/mnt --rm -it alpine', errors: [{ messageId: 'verb', line: 1, column: 8 }] },
    {
      code: 'docker run --mount type=bind,source=/,target=/host alpine',
      errors: [{ messageId: 'verb', line: 1, column: 8 }],
    },
    {
      code: 'docker -H tcp://prod:2376 run --pid=host alpine',
      errors: [{ messageId: 'verb', line: 1, column: 27 }],
    },
    {
      code: 'curl -X DELETE https://api.github.com/repos/acme/shop/branches/main/protection',
      errors: [{ messageId: 'http', line: 1, column: 16 }],
    },
  ],
});
