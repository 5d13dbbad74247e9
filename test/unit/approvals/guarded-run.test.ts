import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskerWith } from '../../../server/src/core/mask';
import type { JudgeResult } from '../../../server/src/lsp/approval-protocol';
import type { MaskText } from '../../../server/src/lsp/approval-forwarding';
import { MAX_OUTPUT_BYTES, runGuarded } from '../../../server/src/lsp/guarded-run';
import { toolResultText } from '../../../extension/src/approvals/tool-text';

const mask: MaskText = async (t) => (await maskerWith(() => Promise.resolve([])).mask(t)).text;

const judged = (effect: JudgeResult['effect'], extra: Partial<JudgeResult> = {}): JudgeResult => ({
  effect,
  decidedEffect: effect,
  environment: 'production',
  reason: `${effect}: because`,
  matched: ['default/prod-agent-no-data-loss'],
  ...extra,
});

void describe('runGuarded', () => {
  void it('does not run a denied command, and the tool text gives the reason and rule', async () => {
    const r = await runGuarded(judged('deny'), { command: 'echo ran > /dev/null; exit 3' }, mask);
    assert.equal(r.ran, false);
    assert.equal(r.output, undefined);
    const text = toolResultText(r);
    assert.match(text, /refused/);
    assert.match(text, /default\/prod-agent-no-data-loss/);
    assert.match(text, /deny: because/);
  });

  void it('does not run an ask that was not approved (effect still ask)', async () => {
    const r = await runGuarded(
      judged('ask', { approval: { id: 'x', status: 'unavailable' } }),
      { command: 'true' },
      mask,
    );
    assert.equal(r.ran, false);
    assert.match(toolResultText(r), /approval request was unavailable/);
  });

  void it('runs an allowed command and masks secrets in its output', async () => {
    const r = await runGuarded(
      judged('allow'),
      { command: 'echo PGPASSWORD=hunter2secret; echo err >&2; exit 4' },
      mask,
    );
    assert.equal(r.ran, true);
    assert.equal(r.exitCode, 4);
    assert.doesNotMatch(r.output ?? '', /hunter2secret/);
    assert.match(r.output ?? '', /PGPASSWORD=\[REDACTED:env-password\]/);
    assert.match(r.output ?? '', /err/);
    assert.match(toolResultText(r), /^Exit code: 4/);
  });

  void it('cuts output at the limit and says so', async () => {
    const r = await runGuarded(
      judged('warn'),
      { command: `head -c ${MAX_OUTPUT_BYTES + 5000} /dev/zero | tr '\\0' a` },
      mask,
    );
    assert.equal(r.truncated, true);
    assert.equal(Buffer.byteLength(r.output ?? ''), MAX_OUTPUT_BYTES);
    assert.match(toolResultText(r), /truncated/);
    assert.match(toolResultText(r), /Railguard warning/);
  });

  void it('reports a shell that cannot start instead of throwing', async () => {
    const r = await runGuarded(judged('allow'), { command: 'true', shell: '/nonexistent/bash' }, mask);
    assert.equal(r.ran, true);
    assert.equal(r.exitCode, null);
    assert.match(r.output ?? '', /could not start/);
  });
});
