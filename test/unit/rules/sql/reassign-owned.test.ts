import rule from '../../../../server/src/core/rules/sql/reassign-owned';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['ALTER TABLE users OWNER TO app;', 'DROP ROLE old_app;', 'DROP OWNED BY old_app;'],
  invalid: [
    {
      code: 'REASSIGN OWNED BY app TO postgres;',
      errors: [{ messageId: 'reassignOwned', line: 1, column: 19 }],
    },
    {
      code: 'SELECT 1;\nREASSIGN OWNED BY CURRENT_USER, app TO mallory;',
      errors: [{ messageId: 'reassignOwned', line: 2, column: 19 }],
    },
  ],
});
