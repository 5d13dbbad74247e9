import rule from '../../../../server/src/core/rules/sql/truncate-table';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'DELETE FROM t WHERE id = 1;',
    { code: 'CREATE TABLE t (id int);\nTRUNCATE TABLE t', dialect: 'mysql' },
  ],
  invalid: [
    { code: 'TRUNCATE sessions;', errors: [{ messageId: 'truncate', line: 1, column: 10 }] },
    {
      code: 'SELECT 1;\nTRUNCATE TABLE ONLY public.accounts, ledger CASCADE;',
      errors: [
        { messageId: 'truncateCascade', line: 2, column: 21 },
        { messageId: 'truncateCascade', line: 2, column: 38 },
      ],
    },
    {
      code: 'SELECT 1;\nTRUNCATE TABLE `logs`;',
      dialect: 'mysql',
      errors: [{ messageId: 'truncate', line: 2, column: 16 }],
    },
  ],
});
