import rule from '../../../../server/src/core/rules/sql/rename-column';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['ALTER TABLE t RENAME TO u;', 'CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN a TO b;'],
  invalid: [
    {
      code: 'SELECT 1;\n-- new name\nALTER TABLE t RENAME a TO b;\nALTER VIEW v RENAME COLUMN x TO y;',
      errors: [
        { messageId: 'renameColumn', line: 3, column: 1 },
        { messageId: 'renameColumn', line: 4, column: 1 },
      ],
    },
  ],
});
