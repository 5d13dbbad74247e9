import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runSqlRules } from '../../../../server/src/core/rules/run';
import rule from '../../../../server/src/core/rules/sql/disable-row-level-security';
import { analyzeSql } from '../../../../server/src/core/sql/analyze';
import { parsers } from '../../../helpers/parsers';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'ALTER TABLE t ENABLE ROW LEVEL SECURITY;',
    'ALTER POLICY p ON t USING (owner = current_user);',
    'CREATE POLICY ro ON t AS RESTRICTIVE FOR ALL USING (true);',
    'CREATE POLICY p ON t USING (tenant_id = current_setting($$app.tenant$$)::int);',
  ],
  invalid: [
    // A permissive policy true for every row opens the table as DISABLE does (was allowed).
    {
      code: 'CREATE POLICY all_rows ON docs USING (true);',
      errors: [{ messageId: 'openPolicy', line: 1, column: 32 }],
    },
    {
      code: 'ALTER POLICY p ON docs USING (tenant = current_setting($$app.t$$)) WITH CHECK (1 = 1);',
      errors: [{ messageId: 'openPolicy', line: 1, column: 68 }],
    },
    {
      code: 'DROP POLICY p ON docs;\nCREATE POLICY p ON docs FOR SELECT USING (1 = 1 OR owner = current_user);',
      errors: [{ messageId: 'openPolicy', line: 2, column: 36 }],
    },
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
