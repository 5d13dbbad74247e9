import rule from '../../../../server/src/core/rules/sql/set-not-null';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'ALTER TABLE t ADD CONSTRAINT t_b_nn NOT NULL b NOT VALID;',
    'ALTER TABLE t ALTER COLUMN a DROP NOT NULL;',
    'CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;',
  ],
  invalid: [
    {
      // PostgreSQL 18 named NOT NULL constraint.
      code: 'ALTER TABLE t ADD COLUMN b int DEFAULT 0,\n  ADD CONSTRAINT t_b_nn NOT NULL b;',
      errors: [{ messageId: 'setNotNull', line: 2, column: 7 }],
    },
    {
      code: '-- enforce\nALTER TABLE t ALTER COLUMN a SET NOT NULL, ALTER COLUMN b SET NOT NULL;',
      errors: [
        { messageId: 'setNotNull', line: 2, column: 1 },
        { messageId: 'setNotNull', line: 2, column: 1 },
      ],
    },
    {
      code: 'CREATE TABLE other (a int);\nALTER TABLE ONLY public.t ALTER a SET NOT NULL;',
      errors: [{ messageId: 'setNotNull', line: 2, column: 1 }],
    },
  ],
});
