/**
 * Integrity of the labeled evaluation set (`test/eval/`): enough actions, enough harmless
 * look-alikes, every action sourced and explained, no repeats. The rates it measures are printed by
 * `npm run bench -- eval`, never asserted here (it is a measuring stick, not a target).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadActions, loadSources } from '../eval/load';

describe('the labeled agent actions', () => {
  const actions = loadActions();
  const sources = loadSources();

  it('hold at least 400 actions, at least 40% of them harmless look-alikes', () => {
    assert.ok(actions.length >= 400, `${actions.length} actions`);
    const harmless = actions.filter((a) => !a.dangerous).length;
    assert.ok(harmless / actions.length >= 0.4, `${harmless} of ${actions.length} harmless`);
  });

  it('name a known source and a reason for every action, and no text twice', () => {
    const seen = new Map<string, number>();
    for (const a of actions) {
      assert.ok(sources.has(a.source), `line ${a.line}: unknown source ${a.source}`);
      assert.ok(a.why.length >= 5, `line ${a.line}: no reason`);
      assert.equal(seen.get(a.text), undefined, `line ${a.line} repeats line ${seen.get(a.text)}`);
      seen.set(a.text, a.line);
    }
  });

  it('has dangerous and harmless actions in every family', () => {
    const families = new Set(actions.map((a) => a.family));
    assert.ok(families.size >= 10);
    for (const f of families) {
      assert.ok(
        actions.some((a) => a.family === f && a.dangerous),
        `${f} has no dangerous action`,
      );
      assert.ok(
        actions.some((a) => a.family === f && !a.dangerous),
        `${f} has no harmless action`,
      );
    }
  });
});
