import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ruleDocFiles } from '../../server/scripts/rule-doc-files';
import { allRuleMetas } from '../../server/src/core/catalog';

const DIR = path.resolve(__dirname, '../../server/docs/rules');

describe('generated rule docs', () => {
  it('every rule and analyzer finding has a doc page identical to what its metadata generates', () => {
    const files = ruleDocFiles();
    assert.equal(files.size, allRuleMetas().length + 1);
    const stale = [...files].filter(([name, content]) => {
      const p = path.join(DIR, name);
      return !fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== content;
    });
    assert.deepEqual(
      stale.map(([n]) => n),
      [],
      'run `npm run docs` to regenerate',
    );
    const orphans = fs.readdirSync(DIR).filter((f) => !files.has(f));
    assert.deepEqual(orphans, []);
  });

  it('every rule documents problem and solution and has examples both ways', () => {
    for (const m of allRuleMetas()) {
      assert.ok(m.docs.problem.length > 40, `${m.id}: problem`);
      assert.ok(m.docs.solution.length > 20, `${m.id}: solution`);
      assert.ok(m.examples.invalid.length > 0 && m.examples.valid.length > 0, `${m.id}: examples`);
    }
  });
});
