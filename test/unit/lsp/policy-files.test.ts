import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkPolicyText,
  isPolicyFile,
  policyToDiagnostics,
  schemaValidator,
} from '../../../server/src/lsp/policy-files';

const HEADER = 'apiVersion: railguard.dev/v1\nkind: Policy\nmetadata:\n  name: team\n';

describe('policy file diagnostics', () => {
  const validate = schemaValidator();

  it('recognises workspace policy files only', () => {
    assert.equal(isPolicyFile('/repo/.railguard/policies/team.yaml'), true);
    assert.equal(isPolicyFile('C:\\repo\\.railguard\\policies\\team.yml'), true);
    assert.equal(isPolicyFile('/repo/.railguard/team.yaml'), false);
    assert.equal(isPolicyFile('/repo/policies/team.yaml'), false);
  });

  it('a valid policy has no diagnostics', () => {
    assert.deepEqual(checkPolicyText(HEADER, 'team.yaml', validate()).diagnostics, []);
  });

  it('an unknown key is reported at the key (0-based LSP range)', () => {
    const text = `${HEADER}  owner: data\n`;
    const ds = policyToDiagnostics(checkPolicyText(text, 'team.yaml', validate()).diagnostics);
    const d = ds.find((x) => x.code === 'unknown-key');
    assert.ok(d, JSON.stringify(ds));
    assert.deepEqual(d.range.start, { line: 4, character: 2 });
    assert.equal(d.source, 'railguard');
  });

  it('an unknown rule id in a policy rule is reported at its line', () => {
    const text = `${HEADER}rules:\n  - id: r\n    match:\n      ruleId: [drop-tabel]\n    effect: deny\n`;
    const ds = policyToDiagnostics(checkPolicyText(text, 'team.yaml', validate()).diagnostics);
    const d = ds.find((x) => x.code === 'unknown-rule-id');
    assert.ok(d, JSON.stringify(ds));
    assert.equal(d.range.start.line, 7);
  });

  it('a YAML syntax error is reported where it is', () => {
    const ds = policyToDiagnostics(
      checkPolicyText(`${HEADER}rules: [\n`, 'team.yaml', validate()).diagnostics,
    );
    assert.ok(ds.length > 0);
    assert.ok(
      ds.every((d) => d.severity === 1 && d.range.start.line >= 4),
      JSON.stringify(ds),
    );
  });
});
