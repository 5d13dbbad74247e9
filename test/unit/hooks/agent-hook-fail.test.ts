/**
 * The agent hook client answers the fail rule itself (a silent, slow or saturated daemon must not
 * cost a Node start): its per-agent JSON templates must stay what `hooks/agents.ts` answers.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { AGENT_ADAPTERS } from '../../../server/src/hooks/agents';

const CLIENT = path.resolve(__dirname, '../../../server/src/hooks/shell/agent-hook.bash');

/** The client's `__rg_fail_template` function, cut out of the script. */
function templateFunction(): string {
  const text = fs.readFileSync(CLIENT, 'utf8');
  const m = /^__rg_fail_template\(\) \{\n[\s\S]*?\n\}\n/m.exec(text);
  assert.ok(m, '__rg_fail_template is defined');
  return m[0];
}

describe('agent-hook.bash fail-rule answers', () => {
  const fn = templateFunction();
  for (const adapter of AGENT_ADAPTERS) {
    for (const decision of ['deny', 'warn'] as const) {
      it(`${adapter.name} ${decision}: as the adapter answers it`, () => {
        const r = spawnSync(
          'bash',
          [
            '-c',
            `${fn}\n__rg_agent=$1; __rg_fail_template "$2" && printf '%s' "$__rg_t"`,
            'x',
            adapter.name,
            decision,
          ],
          { encoding: 'utf8' },
        );
        assert.equal(r.status, 0, `a template for ${adapter.name} ${decision}`);
        const reason = 'why: "quoted" \\ back';
        const escaped = JSON.stringify(reason).slice(1, -1);
        const filled = r.stdout.split('@R@').join(escaped);
        const expected = adapter.answer({ decision, reason });
        assert.equal(expected.exitCode, 0);
        assert.deepEqual(JSON.parse(filled), JSON.parse(expected.stdout));
      });
    }
  }
});
