import rule from '../../../../server/src/core/rules/sql/drop-database';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['DROP SCHEMA s;', { code: 'DROP TABLE t', dialect: 'mysql' }, "SELECT 'DROP DATABASE x';"],
  invalid: [
    { code: 'DROP DATABASE app;', errors: [{ messageId: 'dropDatabase', line: 1, column: 15 }] },
    {
      code: 'SELECT 1;\n\nDROP DATABASE IF EXISTS "Legacy";',
      errors: [{ messageId: 'dropDatabase', line: 3, column: 25 }],
    },
    {
      code: 'USE x;\nDROP DATABASE shop;',
      dialect: 'mysql',
      errors: [{ messageId: 'dropDatabase', line: 2, column: 15 }],
    },
    {
      code: 'DROP SCHEMA shop',
      dialect: 'mysql',
      errors: [{ messageId: 'dropDatabase', line: 1, column: 13 }],
    },
  ],
});
