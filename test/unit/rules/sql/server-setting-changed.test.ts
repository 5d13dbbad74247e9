import rule from '../../../../server/src/core/rules/sql/server-setting-changed';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    "CREATE TABLESPACE fast_ssd LOCATION '/ssd';",
    "SET work_mem = '64MB';",
    "ALTER SYSTEM SET log_statement = 'none';",
    { code: 'SET SESSION sync_binlog = 0;', dialect: 'mysql' },
    { code: 'SET GLOBAL max_connections = 500;', dialect: 'mysql' },
    { code: 'SET GLOBAL innodb_flush_log_at_trx_commit = 1;', dialect: 'mysql' },
  ],
  invalid: [
    {
      code: 'DROP TABLESPACE IF EXISTS fast_ssd;',
      errors: [{ messageId: 'dropTablespace', line: 1, column: 27 }],
    },
    { code: 'ALTER SYSTEM SET fsync = off;', errors: [{ messageId: 'weakened', line: 1, column: 18 }] },
    {
      code: "SELECT 1;\nALTER SYSTEM SET full_page_writes TO 'off';",
      errors: [{ messageId: 'weakened', line: 2, column: 18 }],
    },
    {
      code: 'ALTER SYSTEM SET synchronous_commit = off;',
      errors: [{ messageId: 'weakened', line: 1, column: 18 }],
    },
    {
      code: "ALTER SYSTEM SET work_mem = '1GB';",
      errors: [{ messageId: 'alterSystem', line: 1, column: 18 }],
    },
    { code: 'ALTER SYSTEM RESET ALL;', errors: [{ messageId: 'alterSystem', line: 1, column: 7 }] },
    {
      code: 'SET GLOBAL sync_binlog = 0;',
      dialect: 'mysql',
      errors: [{ messageId: 'weakened', line: 1, column: 12 }],
    },
    {
      code: 'SET PERSIST read_only = ON;',
      dialect: 'mysql',
      errors: [{ messageId: 'weakened', line: 1, column: 13 }],
    },
    {
      code: 'SET @@global.innodb_flush_log_at_trx_commit = 2;',
      dialect: 'mysql',
      errors: [{ messageId: 'weakened', line: 1, column: 14 }],
    },
  ],
});
