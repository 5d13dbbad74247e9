import rule from '../../../../server/src/core/rules/sql/require-statement-timeout';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    "SET statement_timeout = '5min';\nALTER TABLE t ALTER COLUMN a TYPE bigint;",
    'SELECT 1;',
    'CREATE TABLE t (a int);',
  ],
  invalid: [
    {
      code: 'SELECT 1;\nALTER TABLE t ALTER COLUMN a TYPE bigint;\nALTER TABLE u ALTER COLUMN a TYPE bigint;',
      errors: [{ messageId: 'missing', line: 2, column: 1 }],
    },
  ],
});
