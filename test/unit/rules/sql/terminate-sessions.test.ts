import rule from '../../../../server/src/core/rules/sql/terminate-sessions';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'SELECT pid, query FROM pg_stat_activity;',
    'SELECT pg_blocking_pids(4242);',
    // Cancelling one running statement leaves the session (and its other work) alone.
    'SELECT pg_cancel_backend(4242);',
    { code: 'KILL QUERY 42;', dialect: 'mysql' },
  ],
  invalid: [
    {
      code: 'KILL CONNECTION 42;',
      dialect: 'mysql',
      errors: [{ messageId: 'terminate', line: 1, column: 1 }],
    },
    {
      code: 'SELECT 1;\nKILL 7;',
      dialect: 'mysql',
      errors: [{ messageId: 'terminate', line: 2, column: 1 }],
    },
    {
      code: 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid();',
      errors: [{ messageId: 'massTerminate', line: 1, column: 8 }],
    },
    {
      code: 'SELECT 1;\nSELECT pg_terminate_backend(4242);',
      errors: [{ messageId: 'terminate', line: 2, column: 8 }],
    },
    {
      code: "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE state = 'active';",
      errors: [{ messageId: 'massTerminate', line: 1, column: 8 }],
    },
    {
      // Unicode escapes are resolved by the parser: the rule reads the parse tree's name.
      code: 'SELECT U&"pg_termin\\0061te_backend"(pid) FROM pg_stat_activity;',
      errors: [{ messageId: 'massTerminate', line: 1, column: 8 }],
    },
    {
      code: 'SELECT * FROM (SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_stat_activity) s;',
      errors: [{ messageId: 'massTerminate', line: 1, column: 23 }],
    },
  ],
});
