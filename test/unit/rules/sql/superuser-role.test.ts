import rule from '../../../../server/src/core/rules/sql/superuser-role';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'CREATE ROLE app LOGIN;',
    'ALTER ROLE app NOBYPASSRLS NOREPLICATION;',
    'ALTER ROLE app SET search_path = app;',
  ],
  invalid: [
    {
      code: "SELECT 1;\nCREATE USER replicator WITH REPLICATION LOGIN PASSWORD 'x';",
      errors: [{ messageId: 'privilegedAttribute', line: 2, column: 29 }],
    },
    {
      code: 'ALTER USER app WITH SUPERUSER BYPASSRLS;',
      errors: [
        { messageId: 'privilegedAttribute', line: 1, column: 21 },
        { messageId: 'privilegedAttribute', line: 1, column: 31 },
      ],
    },
  ],
});
