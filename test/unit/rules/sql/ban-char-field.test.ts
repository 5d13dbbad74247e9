import rule from '../../../../server/src/core/rules/sql/ban-char-field';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['CREATE TABLE t (a text, b varchar(3), c "char");'],
  invalid: [
    { code: 'CREATE TABLE t (code char(3));', errors: [{ messageId: 'char', line: 1, column: 22 }] },
    {
      code: 'ALTER TABLE t ADD COLUMN c character(2);',
      errors: [{ messageId: 'char', line: 1, column: 28 }],
    },
  ],
});
