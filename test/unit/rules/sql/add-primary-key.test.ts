import rule from '../../../../server/src/core/rules/sql/add-primary-key';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey_idx;',
    'CREATE TABLE t (a int);\nALTER TABLE t ADD PRIMARY KEY (a);',
  ],
  invalid: [
    {
      code: 'SELECT 1;\nALTER TABLE t ADD PRIMARY KEY (a, b);',
      errors: [{ messageId: 'addPrimaryKey', line: 2, column: 19 }],
    },
    {
      code: 'ALTER TABLE t ADD COLUMN id serial PRIMARY KEY;',
      errors: [{ messageId: 'primaryKeyColumn', line: 1, column: 36 }],
    },
  ],
});
