import rule from '../../../../server/src/core/rules/sql/index-too-many-columns';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['CREATE INDEX i ON t (a, b, c);', 'CREATE UNIQUE INDEX u ON t (a, b, c, d);'],
  invalid: [
    {
      code: 'CREATE INDEX CONCURRENTLY i ON t (a, b, c, d);',
      errors: [{ messageId: 'wide', line: 1, column: 32 }],
    },
  ],
});
