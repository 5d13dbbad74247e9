import rule from '../../../../server/src/core/rules/sql/rename-enum-value-or-schema';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['ALTER TYPE mood RENAME TO feeling_old;', 'ALTER TABLE t RENAME TO u;'],
  invalid: [
    {
      code: "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';",
      errors: [{ messageId: 'enumValue', line: 1, column: 17 }],
    },
    {
      code: 'SELECT 1;\nALTER SCHEMA billing RENAME TO invoicing;',
      errors: [{ messageId: 'schema', line: 2, column: 22 }],
    },
  ],
});
