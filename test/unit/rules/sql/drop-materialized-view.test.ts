import rule from '../../../../server/src/core/rules/sql/drop-materialized-view';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['DROP TABLE mv;', 'REFRESH MATERIALIZED VIEW CONCURRENTLY mv;'],
  invalid: [
    {
      code: 'SELECT 1;\nDROP MATERIALIZED VIEW reports.daily_totals;',
      errors: [{ messageId: 'dropMaterializedView', line: 2, column: 24 }],
    },
  ],
});
