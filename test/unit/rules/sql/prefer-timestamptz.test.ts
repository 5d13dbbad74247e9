import rule from '../../../../server/src/core/rules/sql/prefer-timestamptz';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['CREATE TABLE t (at timestamptz, b timestamp with time zone);'],
  invalid: [
    { code: 'CREATE TABLE t (at timestamp);', errors: [{ messageId: 'timestamp', line: 1, column: 20 }] },
    {
      code: 'ALTER TABLE t ALTER COLUMN at TYPE timestamp(3);',
      errors: [{ messageId: 'timestamp', line: 1, column: 36 }],
    },
  ],
});
