import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CATEGORIES } from '../../../../server/src/core/types';
import { SHELL_RULES } from '../../../../server/src/core/rules/shell';

const RULES_DIR = path.resolve(__dirname, '../../../../server/src/core/rules/shell');

/** ESLint `checkRuleFiles` for shell rules: registry, files, docs, messages and tests agree. */
describe('shell rules meta', () => {
  it('registers every rule file exactly once, with ids equal to file names', () => {
    const files = fs
      .readdirSync(RULES_DIR)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.slice(0, -3))
      .sort();
    const ids = SHELL_RULES.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule ids');
    assert.deepEqual([...ids].sort(), files);
    assert.deepEqual(ids, [...ids].sort(), 'SHELL_RULES is in alphabetical order');
  });

  for (const rule of SHELL_RULES) {
    const { meta } = rule;
    describe(meta.id, () => {
      it('has complete metadata', () => {
        assert.equal(rule.kind, 'shell');
        assert.match(meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
        assert.ok(CATEGORIES.includes(meta.category), `unknown category ${meta.category}`);
        assert.ok(['error', 'warning', 'info', 'hint'].includes(meta.severity));
        for (const part of ['description', 'problem', 'solution'] as const) {
          assert.ok(meta.docs[part].trim().length >= 20, `docs.${part} is too short`);
        }
        assert.ok(meta.controls.length > 0, 'no compliance controls');
        for (const c of meta.controls) assert.match(c, /^(SOC2|NIST|HIPAA|ISO27001|PCI):\S+/);
        assert.ok(meta.examples.valid.length >= 2 && meta.examples.invalid.length >= 2, 'too few examples');
      });
      it('has messages with ids and non-empty templates', () => {
        const entries = Object.entries(meta.messages as Record<string, string>);
        assert.ok(entries.length > 0);
        for (const [id, template] of entries) {
          assert.match(id, /^[a-z][A-Za-z]*$/);
          assert.ok(template.length > 10, `message ${id} is empty`);
        }
      });
      it('has a test file', () => {
        assert.ok(fs.existsSync(path.join(__dirname, `${meta.id}.test.ts`)), `missing ${meta.id}.test.ts`);
      });
    });
  }
});
