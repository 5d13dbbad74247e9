import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runSqlRules } from '../../../../server/src/core/rules/run';
import rule from '../../../../server/src/core/rules/sql/drop-schema';
import { analyzeSql } from '../../../../server/src/core/sql/analyze';
import { parsers } from '../../../helpers/parsers';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['DROP TABLE s.t;', { code: 'DROP SCHEMA shop', dialect: 'mysql' }],
  invalid: [
    { code: 'DROP SCHEMA billing;', errors: [{ messageId: 'dropSchema', line: 1, column: 13 }] },
    {
      code: 'BEGIN;\nDROP SCHEMA IF EXISTS a, b CASCADE;\nCOMMIT;',
      errors: [
        { messageId: 'dropSchemaCascade', line: 2, column: 23 },
        { messageId: 'dropSchemaCascade', line: 2, column: 26 },
      ],
    },
  ],
});

void it('drop-schema skips a schema created earlier when the context lists the statements', async () => {
  const code =
    'CREATE SCHEMA tmp;\nCREATE TABLE tmp.x (id int);\nDROP SCHEMA tmp CASCADE;\nDROP SCHEMA other;';
  const analysis = analyzeSql(await parsers(), code, { dialect: 'postgresql' });
  const withStatements = {
    ...analysis,
    contexts: analysis.contexts.map((c) => ({ ...c, statements: analysis.statements })),
  };
  const found = runSqlRules([rule], withStatements).map((f) => [f.messageId, f.span.line]);
  assert.deepEqual(found, [['dropSchema', 4]]);
});
