import rule from '../../../../server/src/core/rules/sql/require-lock-timeout';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'CREATE TABLE a (id int PRIMARY KEY, parent int REFERENCES a);\nCREATE TABLE b (a_id int REFERENCES a);',
    "SET lock_timeout = '2s';\nALTER TABLE t ADD COLUMN a int;\nCREATE INDEX i ON t (a);",
    'BEGIN;\nSET LOCAL lock_timeout TO 1000;\nALTER TABLE t DROP COLUMN a;\nCOMMIT;',
    // Only objects created in this file: nobody else can be waiting on them.
    'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int;\nCREATE INDEX i ON t (a);',
    'CREATE INDEX CONCURRENTLY i ON t (a);\nSELECT 1;',
  ],
  invalid: [
    {
      // A foreign key locks the referenced table (SHARE ROW EXCLUSIVE) even in CREATE TABLE.
      code: 'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (a_id int REFERENCES a, u_id int REFERENCES users);',
      errors: [{ messageId: 'missing', line: 2, column: 1 }],
    },
    {
      code: 'CREATE TABLE n (a int);\n-- go\nALTER TABLE t ADD COLUMN a int;\nDROP TABLE u;\nCREATE INDEX i ON t (a);',
      errors: [{ messageId: 'missing', line: 3, column: 1 }],
      output:
        "SET lock_timeout = '2s';\nCREATE TABLE n (a int);\n-- go\nALTER TABLE t ADD COLUMN a int;\nDROP TABLE u;\nCREATE INDEX i ON t (a);",
    },
    {
      // SET lock_timeout = 0 disables the timeout.
      code: 'SET lock_timeout = 0;\nTRUNCATE t;',
      errors: [{ messageId: 'missing', line: 2, column: 1 }],
    },
    {
      code: 'DROP TRIGGER IF EXISTS tr ON t;',
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
      output: "SET lock_timeout = '2s';\nDROP TRIGGER IF EXISTS tr ON t;",
    },
  ],
});
