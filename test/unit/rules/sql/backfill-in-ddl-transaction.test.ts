import rule from '../../../../server/src/core/rules/sql/backfill-in-ddl-transaction';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 1 WHERE id < 10;',
    'BEGIN;\nUPDATE users SET plan = 1 WHERE id < 10;\nCOMMIT;\nBEGIN;\nALTER TABLE users ADD COLUMN x int;\nCOMMIT;',
  ],
  invalid: [
    {
      code: "BEGIN;\nALTER TABLE public.users ADD COLUMN plan text;\n  UPDATE users SET plan = 'free' WHERE plan IS NULL;\nCOMMIT;",
      errors: [{ messageId: 'backfill', line: 3, column: 3 }],
    },
    {
      code: 'START TRANSACTION;\nALTER TABLE t ADD COLUMN b int;\nINSERT INTO t (a) SELECT a FROM s;\nCOMMIT;',
      errors: [{ messageId: 'backfill', line: 3, column: 1 }],
    },
  ],
});
