import rule from '../../../../server/src/core/rules/sql/change-column-type';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'ALTER TABLE t ALTER COLUMN a SET DEFAULT 1;',
    'CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a TYPE bigint;',
  ],
  invalid: [
    {
      code: 'SELECT 1;\nALTER TABLE t ALTER COLUMN a TYPE bigint, ALTER b SET DATA TYPE text USING b::text;',
      errors: [
        { messageId: 'changeType', line: 2, column: 1 },
        { messageId: 'changeType', line: 2, column: 1 },
      ],
    },
  ],
});
