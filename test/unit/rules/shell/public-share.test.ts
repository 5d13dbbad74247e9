import rule from '../../../../server/src/core/rules/shell/public-share';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: ['aws s3 sync . s3://site', 'gh repo create demo --private', 'gsutil acl get gs://b'],
  invalid: [
    {
      code: 'aws s3 sync ./public s3://site --acl=public-read',
      errors: [{ messageId: 'publicAcl', line: 1, column: 32 }],
    },
    { code: 'gh gist create -p notes.md', errors: [{ messageId: 'publicGist', line: 1, column: 16 }] },
    { code: 'gh repo edit --visibility public', errors: [{ messageId: 'publicGist', line: 1, column: 27 }] },
    {
      code: 'aws s3api put-object-acl --bucket b --key k --grant-read uri=http://acs.amazonaws.com/groups/global/AllUsers',
      errors: [{ messageId: 'allUsers', line: 1, column: 58 }],
    },
    {
      code: 'az storage container create -n c --public-access blob',
      errors: [{ messageId: 'publicAcl', line: 1, column: 50 }],
    },
  ],
});
