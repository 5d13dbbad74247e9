import rule from '../../../../server/src/core/rules/sql/select-into-outfile';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  dialect: 'mysql',
  valid: [
    'SELECT a INTO @v FROM t',
    { code: 'SELECT * INTO backup_users FROM users;', dialect: 'postgresql' },
  ],
  invalid: [
    {
      code: "SELECT 1;\nSELECT * FROM users INTO OUTFILE '/tmp/u.csv'",
      errors: [{ messageId: 'intoFile', line: 2, column: 34 }],
    },
    {
      code: "SELECT 0x3c3f INTO DUMPFILE '/var/www/s.php'",
      errors: [{ messageId: 'intoFile', line: 1, column: 29 }],
    },
  ],
});
