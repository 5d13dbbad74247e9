import rule from '../../../../server/src/core/rules/sql/unique-constraint-on-existing-table';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX u_idx;',
    'CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT u UNIQUE (a);',
  ],
  invalid: [
    {
      code: 'SELECT 1;\nALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a);',
      errors: [{ messageId: 'unique', line: 2, column: 19 }],
    },
    {
      code: 'ALTER TABLE t ADD COLUMN email text UNIQUE;',
      errors: [{ messageId: 'uniqueColumn', line: 1, column: 37 }],
    },
  ],
});
