import rule from '../../../../server/src/core/rules/shell/environment-check-override';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'php artisan migrate --force',
    'DISABLE_DATABASE_ENVIRONMENT_CHECK=false rails db:drop',
    'FLYWAY_CLEAN_DISABLED=true flyway clean',
  ],
  invalid: [
    {
      code: 'export DISABLE_DATABASE_ENVIRONMENT_CHECK=1 && rake db:drop',
      errors: [{ messageId: 'override', line: 1, column: 1 }],
    },
    {
      code: 'DISABLE_DATABASE_ENVIRONMENT_CHECK=1 bin/rails db:drop',
      errors: [
        {
          messageId: 'override',
          line: 1,
          column: 1,
          message:
            "`DISABLE_DATABASE_ENVIRONMENT_CHECK=1` turns off Rails' refusal to run destructive database tasks against production (Rails / Rake database tasks).",
        },
      ],
    },
    {
      code: 'php artisan migrate:refresh --seed --force',
      errors: [{ messageId: 'override', line: 1, column: 36 }],
    },
    {
      code: 'FLYWAY_CLEAN_DISABLED=false flyway clean',
      errors: [{ messageId: 'override', line: 1, column: 1 }],
    },
  ],
});
