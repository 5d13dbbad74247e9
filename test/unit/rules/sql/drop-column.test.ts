import rule from '../../../../server/src/core/rules/sql/drop-column';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'ALTER TABLE t DROP CONSTRAINT c, DROP DEFAULT;',
    'ALTER TABLE t ALTER COLUMN a DROP NOT NULL;',
    { code: 'ALTER TABLE t DROP INDEX i', dialect: 'mysql' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE users DROP COLUMN email;',
      errors: [{ messageId: 'dropColumn', line: 1, column: 31 }],
    },
    {
      code: 'SELECT 1;\nALTER TABLE t\n  DROP CONSTRAINT fk,\n  DROP COLUMN IF EXISTS "Column",\n  DROP b;',
      errors: [
        { messageId: 'dropColumn', line: 4, column: 25 },
        { messageId: 'dropColumn', line: 5, column: 8 },
      ],
    },
    {
      code: 'SELECT 1;\nALTER TABLE `users` DROP COLUMN `email`, DROP age;',
      dialect: 'mysql',
      errors: [
        { messageId: 'dropColumn', line: 2, column: 33 },
        { messageId: 'dropColumn', line: 2, column: 47 },
      ],
    },
  ],
});
