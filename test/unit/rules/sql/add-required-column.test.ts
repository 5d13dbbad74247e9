import rule from '../../../../server/src/core/rules/sql/add-required-column';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'ALTER TABLE t ADD COLUMN a int NOT NULL DEFAULT 0;',
    'ALTER TABLE t ADD COLUMN id bigserial NOT NULL;',
    'ALTER TABLE t ADD COLUMN id int GENERATED ALWAYS AS IDENTITY NOT NULL;',
    'CREATE TABLE t (x int);\nALTER TABLE t ADD COLUMN a int NOT NULL;',
  ],
  invalid: [
    {
      code: 'SELECT 1;\nALTER TABLE t\n  ADD COLUMN a int NOT NULL,\n  ADD COLUMN b text;',
      errors: [{ messageId: 'required', line: 3, column: 14 }],
    },
    {
      code: 'ALTER TABLE t ADD COLUMN id int PRIMARY KEY;',
      errors: [{ messageId: 'required', line: 1, column: 26 }],
    },
  ],
});
