import rule from '../../../../server/src/core/rules/shell/cloud-delete';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'aws s3 cp a.txt s3://b/',
    'aws s3 rb s3://empty-bucket',
    'gsutil rm gs://b/one.txt',
    'az group list',
    'echo aws s3 rm s3://b --recursive',
  ],
  invalid: [
    {
      code: 'aws s3 rm --recursive s3://logs/2024/',
      errors: [{ messageId: 'recursive', line: 1, column: 8 }],
    },
    {
      code: 'aws dynamodb delete-table --table-name users',
      errors: [{ messageId: 'resource', line: 1, column: 14 }],
    },
    {
      code: 'gcloud storage rm -r gs://bucket/**',
      errors: [{ messageId: 'recursive', line: 1, column: 16 }],
    },
    {
      code: 'az sql db delete -g rg -s srv -n db --yes',
      errors: [{ messageId: 'resource', line: 1, column: 11 }],
    },
    {
      code: 'aws --region us-east-1 rds delete-db-cluster --db-cluster-identifier c1',
      errors: [{ messageId: 'resource', line: 1, column: 28 }],
    },
  ],
});
