import rule from '../../../../server/src/core/rules/sql/reindex-non-concurrently';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['REINDEX (CONCURRENTLY) INDEX i;', 'REINDEX SYSTEM;', 'CREATE TABLE t (id int);\nREINDEX TABLE t;'],
  invalid: [
    {
      code: 'REINDEX (VERBOSE) TABLE public.users;',
      errors: [{ messageId: 'nonConcurrent', line: 1, column: 1 }],
      output: 'REINDEX (VERBOSE) TABLE CONCURRENTLY public.users;',
    },
    {
      code: 'SELECT 1;\nreindex index users_pkey;',
      errors: [{ messageId: 'nonConcurrent', line: 2, column: 1 }],
      output: 'SELECT 1;\nreindex index CONCURRENTLY users_pkey;',
    },
    {
      code: 'BEGIN;\nREINDEX TABLE t;\nCOMMIT;',
      errors: [{ messageId: 'nonConcurrentInTransaction', line: 2, column: 1 }],
    },
  ],
});
