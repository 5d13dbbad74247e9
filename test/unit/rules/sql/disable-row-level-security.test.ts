import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runSqlRules } from '../../../../server/src/core/rules/run';
import rule from '../../../../server/src/core/rules/sql/disable-row-level-security';
import { analyzeSql } from '../../../../server/src/core/sql/analyze';
import { parsers } from '../../../helpers/parsers';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['ALTER TABLE t ENABLE ROW LEVEL SECURITY;', 'ALTER POLICY p ON t USING (owner = current_user);'],
  invalid: [
    {
      code: 'SELECT 1;\nALTER TABLE docs NO FORCE ROW LEVEL SECURITY;',
      errors: [{ messageId: 'noForceRls', line: 2, column: 18 }],
    },
    {
      code: 'ALTER TABLE docs DISABLE ROW LEVEL SECURITY;',
      errors: [{ messageId: 'disableRls', line: 1, column: 18 }],
    },
    {
      code: 'DROP POLICY IF EXISTS tenant ON docs;',
      errors: [{ messageId: 'dropPolicy', line: 1, column: 23 }],
    },
  ],
});

void it('disable-row-level-security does not report a policy dropped and recreated in the same text', async () => {
  const code =
    'DROP POLICY tenant ON docs;\nCREATE POLICY tenant ON docs USING (tenant_id = 1);\nDROP POLICY other ON docs;';
  const analysis = analyzeSql(await parsers(), code, { dialect: 'postgresql' });
  const withStatements = {
    ...analysis,
    contexts: analysis.contexts.map((c) => ({ ...c, statements: analysis.statements })),
  };
  const found = runSqlRules([rule], withStatements).map((f) => [f.messageId, f.span.line]);
  assert.deepEqual(found, [['dropPolicy', 3]]);
});
