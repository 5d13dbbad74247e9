import rule from '../../../../server/src/core/rules/shell/dropdb';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: ['pg_dump app > app.sql', 'mysqladmin -u root processlist', 'dropdb'],
  invalid: [
    { code: 'dropdb -U postgres app_prod', errors: [{ messageId: 'dropdb', line: 1, column: 20 }] },
    { code: 'sudo -u postgres dropdb "$DB"', errors: [{ messageId: 'dropdb', line: 1, column: 25 }] },
    { code: 'mysqladmin --user=root drop shop', errors: [{ messageId: 'dropdb', line: 1, column: 24 }] },
  ],
});
