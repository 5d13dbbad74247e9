import rule from '../../../../server/src/core/rules/shell/http-delete-request';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'curl -s https://api.example.com/users/1',
    'curl -d "x=1" https://api.example.com/users',
    'curl -X PATCH https://api.example.com/users/1 --json "{}"',
    'http https://api.example.com/users/1',
    'http POST example.com name=x',
    'http localhost foo=bar',
    'wget --post-data "a=1" https://api.example.com/form',
    'curl -X DELETE https://api.github.com/repos/acme/shop',
    "curl -XDELETE 'http://localhost:9200/_all'",
    'echo curl -X DELETE https://api.example.com/x',
    'curl -X GET https://api.example.com/delete',
    'gh api repos/acme/shop',
    'gh api -X DELETE repos/acme/shop',
    'glab api --method PUT projects/1 -f name=x',
  ],
  invalid: [
    {
      code: 'curl -X DELETE https://api.example.com/v1/projects/42',
      errors: [{ messageId: 'remote', column: 16, severity: 'warning' }],
    },
    {
      code: 'curl --request DELETE https://api.example.com/v1/x',
      errors: [{ messageId: 'remote', column: 23 }],
    },
    {
      code: 'curl --request=delete https://api.example.com/v1/x',
      errors: [{ messageId: 'remote', column: 23 }],
    },
    { code: 'curl -fsSL -XDELETE api.example.com', errors: [{ messageId: 'remote', column: 21 }] },
    {
      code: 'curl --cacert ca.pem -X DELETE https://a.example/v1/x',
      errors: [{ messageId: 'remote', column: 32 }],
    },
    { code: 'http -v DELETE https://api.example.com/users/1', errors: [{ messageId: 'remote', column: 16 }] },
    { code: 'https delete api.example.com/users/1', errors: [{ messageId: 'remote', column: 14 }] },
    { code: 'xh DELETE example.com/users/1 Authorization:x', errors: [{ messageId: 'remote', column: 11 }] },
    { code: 'curlie DELETE https://api.example.com/u/1', errors: [{ messageId: 'remote', column: 15 }] },
    {
      code: 'wget --method DELETE -qO- https://api.example.com/u/1',
      errors: [{ messageId: 'remote', column: 27 }],
    },
    {
      code: 'wget2 --method=DELETE https://api.example.com/u/1',
      errors: [{ messageId: 'remote', column: 23 }],
    },
    {
      code: 'lwp-request -m DELETE https://api.example.com/u/1',
      errors: [{ messageId: 'remote', column: 23 }],
    },
    { code: 'curl -X PURGE https://cdn.example.com/', errors: [{ messageId: 'remote', column: 15 }] },
    {
      code: 'M=DELETE; curl -X $M https://api.example.com/u/1',
      errors: [{ messageId: 'remote', column: 22 }],
    },
    { code: 'sudo -u deploy curl -X DELETE https://api.example.com/u/1', errors: [{ messageId: 'remote' }] },
    {
      code: 'curl -X "$METHOD" https://api.example.com/u/1',
      errors: [{ messageId: 'dynamicMethod', column: 19 }],
    },
    { code: 'http "$M" https://api.example.com/u/1', errors: [{ messageId: 'dynamicMethod', column: 11 }] },
    { code: 'glab api --method "$M" projects/1', errors: [{ messageId: 'dynamicMethod', column: 24 }] },
    { code: 'curl -X DELETE "$API/users/1"', errors: [{ messageId: 'dynamicUrl', column: 16 }] },
    {
      code: 'curl -X DELETE http://localhost:8080/users/1',
      errors: [{ messageId: 'local', column: 16, severity: 'info' }],
    },
    { code: 'http DELETE :3000/users/1', errors: [{ messageId: 'local', severity: 'info' }] },
    {
      code: 'curl --unix-socket /var/run/docker.sock -X DELETE http://localhost/containers/db',
      errors: [{ messageId: 'socket', severity: 'warning' }],
    },
  ],
});
