import rule from '../../../../server/src/core/rules/sql/create-index-non-concurrently';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON public.users (email);',
    // Created earlier in the same file: the table is empty and unseen by other sessions.
    'CREATE TABLE public.users (id int);\nCREATE INDEX users_id ON users (id);',
    'CREATE TABLE "Users" (id int);\nCREATE INDEX users_id ON "Users" (id);',
    'SELECT 1;',
  ],
  invalid: [
    {
      code: 'SELECT 1;\n-- speed up lookups\nCREATE UNIQUE INDEX users_email ON users (email);',
      errors: [{ messageId: 'nonConcurrent', line: 3, column: 1 }],
      output:
        'SELECT 1;\n-- speed up lookups\nCREATE UNIQUE INDEX CONCURRENTLY users_email ON users (email);',
    },
    {
      code: 'create index if not exists a_b on a (b);\n  CREATE INDEX c_d ON c USING gin (d);',
      errors: [
        { messageId: 'nonConcurrent', line: 1, column: 1 },
        { messageId: 'nonConcurrent', line: 2, column: 3 },
      ],
      output: 'create index CONCURRENTLY if not exists a_b on a (b);\n  CREATE INDEX c_d ON c USING gin (d);',
    },
    {
      // Another table created earlier does not exempt this one.
      code: 'CREATE TABLE other (id int);\nCREATE INDEX users_id ON users (id);',
      errors: [{ messageId: 'nonConcurrent', line: 2, column: 1 }],
    },
    {
      code: 'BEGIN;\nCREATE INDEX users_id ON users (id);\nCOMMIT;',
      errors: [{ messageId: 'nonConcurrentInTransaction', line: 2, column: 1 }],
    },
  ],
});
