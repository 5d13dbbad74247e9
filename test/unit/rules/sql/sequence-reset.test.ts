import rule from '../../../../server/src/core/rules/sql/sequence-reset';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    "SELECT setval('users_id_seq', (SELECT max(id) FROM users));",
    "SELECT setval('users_id_seq', coalesce(max(id), 1)) FROM users;",
    "SELECT nextval('users_id_seq');",
    'ALTER SEQUENCE users_id_seq OWNED BY users.id;',
    'ALTER SEQUENCE users_id_seq INCREMENT BY 2;',
    'CREATE SEQUENCE scratch_seq;\nDROP SEQUENCE scratch_seq;',
    "CREATE SEQUENCE s;\nSELECT setval('s', 1);",
    { code: 'DROP TABLE t', dialect: 'mysql' },
  ],
  invalid: [
    { code: 'DROP SEQUENCE users_id_seq;', errors: [{ messageId: 'dropSequence', line: 1, column: 15 }] },
    {
      code: 'DROP SEQUENCE IF EXISTS public.a_seq, b_seq;',
      errors: [
        { messageId: 'dropSequence', line: 1, column: 25 },
        { messageId: 'dropSequence', line: 1, column: 39 },
      ],
    },
    { code: 'ALTER SEQUENCE users_id_seq RESTART;', errors: [{ messageId: 'restart', line: 1, column: 29 }] },
    {
      code: 'SELECT 1;\nALTER SEQUENCE users_id_seq RESTART WITH 1;',
      errors: [{ messageId: 'restart', line: 2, column: 29 }],
    },
    { code: "SELECT setval('users_id_seq', 1);", errors: [{ messageId: 'setval', line: 1, column: 8 }] },
    {
      code: "SELECT pg_catalog.setval('users_id_seq'::regclass, 1, false);",
      errors: [{ messageId: 'setval', line: 1, column: 8 }],
    },
    {
      code: "DO $$ BEGIN PERFORM setval('users_id_seq', 1); END $$;",
      errors: [{ messageId: 'setval', line: 1 }],
    },
  ],
});
