import rule from '../../../../server/src/core/rules/sql/drop-owned';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['DROP ROLE app;', 'REASSIGN OWNED BY a TO b;'],
  invalid: [
    { code: 'DROP OWNED BY app_rw, app_ro;', errors: [{ messageId: 'dropOwned', line: 1, column: 15 }] },
    {
      code: 'SELECT 1;\n  DROP OWNED BY CURRENT_USER;',
      errors: [{ messageId: 'dropOwned', line: 2, column: 17 }],
    },
  ],
});
