import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { PolicySets } from '../../../server/src/lsp/decisions';
import { checkPolicyText, schemaValidator } from '../../../server/src/lsp/policy-files';
import { POLICY_TEST_FAILED, policyTestDiagnostics } from '../../../server/src/lsp/policy-tests';
import { parsers } from '../../helpers/parsers';

/** A diagnostic's message as text (LSP 3.18 also allows markup). */
const messageOf = (d: Diagnostic | undefined): string =>
  d === undefined ? '' : typeof d.message === 'string' ? d.message : d.message.value;

const BUILTIN = path.resolve(__dirname, '../../../policies');

const POLICY = [
  'apiVersion: railguard.dev/v1',
  'kind: Policy',
  'metadata:',
  '  name: team',
  'rules:',
  '  - id: no-agent-drops',
  '    match: { actor: agent, ruleId: [drop-table] }',
  '    effect: deny',
  'tests:',
  '  - name: an agent dropping a table is denied',
  "    input: { kind: sql, text: 'DROP TABLE users;', environment: development, actor: 'agent:cursor' }",
  '    expect: { effect: deny, matched: [no-agent-drops] }',
  '  - name: a human dropping a table is denied too',
  "    input: { kind: sql, text: 'DROP TABLE users;', environment: development, actor: 'human:alice' }",
  '    expect: { effect: deny }',
  '',
].join('\n');

describe('embedded policy tests as diagnostics', () => {
  const validate = schemaValidator();
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  const diagnose = async (text: string, file: string, folder?: string) => {
    const loaded = checkPolicyText(text, file, validate());
    assert.ok(loaded.policy, JSON.stringify(loaded.diagnostics));
    const set = new PolicySets(BUILTIN, () => true).get(folder, []);
    return policyTestDiagnostics(await parsers(), set, loaded.policy, text.split('\n'));
  };

  it('a failing test is reported at its `- name:` line with expected vs actual; a passing one is not', async () => {
    const ds = await diagnose(POLICY, '/nowhere/.railguard/policies/team.yaml');
    assert.equal(ds.length, 1, JSON.stringify(ds));
    const [d] = ds;
    assert.ok(d);
    assert.equal(d.code, POLICY_TEST_FAILED);
    assert.equal(d.source, 'railguard');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    const lines = POLICY.split('\n');
    const at = lines.findIndex((l) => l.includes('a human dropping a table'));
    assert.deepEqual(d.range.start, { line: at, character: lines[at]?.indexOf('- name') ?? -1 });
    assert.equal(d.range.end.character, lines[at]?.length);
    // The built-in policy asks a human about data loss outside production.
    assert.match(
      messageOf(d),
      /^policy test "a human dropping a table is denied too" failed: expected deny, got ask \(matched ask-data-loss[,)].*\n.+/,
    );
  });

  it('tests the buffer, not the saved version of the same file', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'railguard-policy-tests-'));
    dirs.push(folder);
    const file = path.join(folder, '.railguard', 'policies', 'team.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // On disk: everything allowed. If the disk version were judged too it would decide first.
    fs.writeFileSync(
      file,
      POLICY.replace('effect: deny\ntests:', 'effect: allow\n  - id: all\n    effect: allow\ntests:'),
    );
    const ds = await diagnose(POLICY, file, folder);
    assert.deepEqual(
      ds.map((d) => d.range.start.line),
      [POLICY.split('\n').findIndex((l) => l.includes('a human dropping'))],
    );
    assert.match(messageOf(ds[0]), /got ask \(matched ask-data-loss[,)]/);
    assert.doesNotMatch(messageOf(ds[0]), /\ball\b/, 'the saved `all` rule is not in force');
  });

  it('a policy without tests has no test diagnostics', async () => {
    const text = POLICY.slice(0, POLICY.indexOf('tests:'));
    assert.deepEqual(await diagnose(text, 'team.yaml'), []);
  });
});
