import rule from '../../../../server/src/core/rules/sql/replace-into-select';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  dialect: 'mysql',
  valid: [
    'REPLACE INTO t (a) VALUES (1)',
    'INSERT INTO t SELECT * FROM u ON DUPLICATE KEY UPDATE a = VALUES(a)',
  ],
  invalid: [
    {
      code: 'SELECT 1;\nREPLACE INTO shop.customers (id, name) SELECT id, name FROM staging;',
      errors: [{ messageId: 'replaceSelect', line: 2, column: 14 }],
    },
  ],
});
