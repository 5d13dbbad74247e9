import rule from '../../../../server/src/core/rules/sql/rename-table';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['ALTER TABLE t RENAME COLUMN a TO b;', 'CREATE TABLE t (a int);\nALTER TABLE t RENAME TO u;'],
  invalid: [
    {
      code: 'SELECT 1;\n  ALTER TABLE IF EXISTS s.t RENAME TO u;',
      errors: [{ messageId: 'renameTable', line: 2, column: 3 }],
    },
  ],
});
