import rule from '../../../../server/src/core/rules/sql/prefer-bigint-over-int';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['CREATE TABLE t (id bigint, n bigserial);', 'CREATE TABLE t (n "int4");'],
  invalid: [
    {
      code: 'CREATE TABLE t (id integer, n smallint);',
      errors: [
        { messageId: 'small', line: 1, column: 20 },
        { messageId: 'small', line: 1, column: 31 },
      ],
    },
    { code: 'ALTER TABLE t ADD COLUMN n serial;', errors: [{ messageId: 'small', line: 1, column: 28 }] },
  ],
});
