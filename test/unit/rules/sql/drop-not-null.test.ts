import rule from '../../../../server/src/core/rules/sql/drop-not-null';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'ALTER TABLE t ALTER COLUMN a SET NOT NULL;',
    'CREATE TABLE t (a int NOT NULL);\nALTER TABLE t ALTER a DROP NOT NULL;',
  ],
  invalid: [
    {
      code: 'SELECT 1;\nALTER TABLE t ALTER COLUMN a DROP NOT NULL;',
      errors: [{ messageId: 'dropNotNull', line: 2, column: 1 }],
    },
  ],
});
