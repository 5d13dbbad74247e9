import rule from '../../../../server/src/core/rules/sql/merge-delete';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (s.id);'],
  invalid: [
    {
      code: 'MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE;',
      errors: [{ messageId: 'mergeDelete', line: 1, column: 50 }],
    },
    {
      code: 'MERGE INTO t\nUSING s ON t.id = s.id\nWHEN MATCHED AND s.gone THEN DELETE\nWHEN NOT MATCHED THEN DO NOTHING;',
      errors: [{ messageId: 'mergeDelete', line: 3, column: 25 }],
    },
  ],
});
