import rule from '../../../../server/src/core/rules/sql/volatile-default';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'ALTER TABLE t ADD COLUMN a timestamptz DEFAULT CURRENT_TIMESTAMP;',
    "ALTER TABLE t ADD COLUMN a jsonb DEFAULT '{}'::jsonb NOT NULL;",
    'ALTER TABLE t ALTER COLUMN a SET DEFAULT gen_random_uuid();',
    'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN id uuid DEFAULT gen_random_uuid();',
  ],
  invalid: [
    {
      code: 'ALTER TABLE t\n  ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),\n  ADD COLUMN n serial;',
      errors: [
        { messageId: 'volatile', line: 2, column: 31 },
        { messageId: 'serial', line: 3, column: 14 },
      ],
    },
    {
      code: 'SELECT 1;\nALTER TABLE t ADD COLUMN d int GENERATED ALWAYS AS (a * 2) STORED;',
      errors: [{ messageId: 'generated', line: 2, column: 32 }],
    },
    {
      // A user-defined function is VOLATILE unless declared otherwise.
      code: 'ALTER TABLE t ADD COLUMN u text NOT NULL DEFAULT make_token();',
      errors: [{ messageId: 'maybeVolatile', line: 1, column: 42 }],
    },
    {
      code: 'ALTER TABLE t ADD COLUMN r float8 DEFAULT random() * 10;',
      errors: [{ messageId: 'volatile', line: 1, column: 35 }],
    },
  ],
});
