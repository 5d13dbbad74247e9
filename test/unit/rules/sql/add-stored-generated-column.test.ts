import rule from '../../../../server/src/core/rules/sql/add-stored-generated-column';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a + 1) STORED;',
    'ALTER TABLE t ADD COLUMN id int GENERATED ALWAYS AS IDENTITY;',
  ],
  invalid: [
    {
      code: 'ALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a + 1) STORED;',
      errors: [{ messageId: 'storedGenerated', line: 1, column: 60 }],
    },
  ],
});
