import rule from '../../../../server/src/core/rules/shell/terraform-destroy';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: ['terraform init', 'terraform apply -auto-approve', 'pulumi preview', 'terraform state list'],
  invalid: [
    {
      code: 'terraform destroy',
      errors: [
        {
          messageId: 'destroy',
          line: 1,
          column: 11,
          message: '`terraform destroy` deletes the infrastructure managed by this terraform state.',
        },
      ],
    },
    {
      code: 'terraform destroy -target=aws_db_instance.main',
      errors: [{ messageId: 'targeted', line: 1, column: 11, severity: 'warning' }],
    },
    { code: 'tofu apply -destroy -auto-approve', errors: [{ messageId: 'destroy', line: 1, column: 6 }] },
    { code: 'pulumi down -y', errors: [{ messageId: 'destroy', line: 1, column: 8 }] },
  ],
});
