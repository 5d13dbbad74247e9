import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsers } from '../../helpers/parsers';
import { scoreLabeled } from '../../helpers/tool-catalogue-labeled';
import { builtinSet } from '../policy/fixtures';

/**
 * The labeled evaluation set of the tool catalogue (`test/fixtures/tool-catalogue/labeled.jsonl`):
 * spellings that differ from the catalogue's own examples (other launchers, flag orders, long
 * options), each with its documentation source. Every destructive line is judged as labeled for
 * an agent in production and every harmless neighbour is allowed. `npm run bench -- tool-catalogue`
 * reports the same scores per family.
 */
describe('tool catalogue labeled set', () => {
  it('judges every labeled command as labeled, per family', async () => {
    const scores = scoreLabeled(await parsers(), builtinSet());
    for (const family of ['orm', 'datastore', 'containers', 'cloud', 'git', 'tunnels']) {
      const s = scores[family];
      assert.ok(s && s.destructive > 0 && s.harmless > 0, `${family}: both kinds labeled`);
    }
    assert.deepEqual(
      Object.entries(scores).flatMap(([family, s]) => s.misses.map((m) => ({ family, ...m }))),
      [],
    );
  });
});
