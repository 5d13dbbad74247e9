/**
 * The gateway's blast radius in a daemon decision (`withBlastRadius`, `blastRadius` in the
 * request) and the cancellation of an approval wait (`awaitApprovalOutcome`'s `cancel`).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { judge, type Judgement } from '../../../server/src/core/judge';
import type { Parsers } from '../../../server/src/core/parsers';
import type { PolicySet } from '../../../server/src/core/policy/model';
import { awaitApprovalOutcome, type ApprovalRequest } from '../../../server/src/daemon/approvals';
import { withBlastRadius } from '../../../server/src/daemon/blast-radius';
import { BadRequestError, parseDecideRequest } from '../../../server/src/daemon/protocol';
import { builtinPolicies, parsers } from '../../helpers/parsers';

const RADIUS = 'updates ~5,000 of 5,000 rows of public.accounts (1.2 MB)';

void describe('withBlastRadius', () => {
  let p: Parsers;
  let set: PolicySet;
  before(async () => {
    p = await parsers();
    set = builtinPolicies();
  });
  const judged = (text: string, type: 'agent' | 'human' = 'agent'): Judgement =>
    judge(
      p,
      set,
      { kind: 'sql', text, dialect: 'postgresql', source: 'proxy' },
      {
        actor: { type, name: type === 'agent' ? 'claude-code' : 'alice' },
        explicitEnvironment: 'production',
      },
    );

  void it('over the limit, an allowed write becomes an ask of gateway/ask-over-rows with the estimate', () => {
    const j = judged("UPDATE accounts SET note = 'x' WHERE note LIKE 'n%'");
    assert.ok(['allow', 'warn'].includes(j.decision.effect), j.decision.reason);
    const d = withBlastRadius(j, { text: RADIUS, overLimit: 1000 }).decision;
    assert.equal(d.effect, 'ask');
    assert.equal(d.decidedEffect, 'ask');
    assert.equal(`${d.matched[0]?.policy}/${d.matched[0]?.rule}`, 'gateway/ask-over-rows');
    assert.equal(d.reason, `${RADIUS}: over the gateway's limit of 1000 rows`);
  });

  void it('under the limit the estimate only joins the reason; a deny stays a deny', () => {
    const j = judged("UPDATE accounts SET note = 'x' WHERE note LIKE 'n%'");
    const d = withBlastRadius(j, { text: RADIUS }).decision;
    assert.equal(d.effect, j.decision.effect);
    assert.equal(d.reason, `${j.decision.reason}; ${RADIUS}`);
    const denied = judged('DROP TABLE accounts');
    assert.equal(denied.decision.effect, 'deny');
    const still = withBlastRadius(denied, { text: RADIUS, overLimit: 1 }).decision;
    assert.equal(still.effect, 'deny');
    assert.deepEqual(still.matched, denied.decision.matched);
    assert.equal(withBlastRadius(denied, undefined), denied);
  });

  void it('the request carries it, validated', () => {
    const r = parseDecideRequest({
      action: { kind: 'sql', text: 'UPDATE t SET a = 1' },
      source: 'proxy',
      blastRadius: { text: RADIUS, overLimit: 1000 },
    });
    assert.deepEqual(r.blastRadius, { text: RADIUS, overLimit: 1000 });
    for (const bad of [{ text: 1 }, { text: RADIUS, overLimit: -1 }, 'x'])
      assert.throws(
        () => parseDecideRequest({ action: { kind: 'sql', text: 'x' }, blastRadius: bad }),
        BadRequestError,
      );
  });
});

void describe('awaitApprovalOutcome cancel', () => {
  const request: ApprovalRequest = {
    id: 'r1',
    action: { kind: 'sql', text: 'UPDATE t SET a = 1' },
    actor: { type: 'agent', name: 'claude-code' },
    environment: 'production',
    reason: RADIUS,
    matched: ['gateway/ask-over-rows'],
    source: 'proxy',
    requestedAt: '2025-01-01T00:00:00.000Z',
    expiresAt: '2025-01-01T00:02:00.000Z',
  };

  void it('ends the wait as cancelled and withdraws the prompt', async () => {
    const cancel = new AbortController();
    let withdrawn = false;
    const pending = awaitApprovalOutcome(
      {
        requestApproval: (_r, signal) =>
          new Promise(() => signal.addEventListener('abort', () => (withdrawn = true))),
      },
      request,
      60_000,
      cancel.signal,
    );
    cancel.abort();
    assert.deepEqual(await pending, { status: 'cancelled' });
    assert.equal(withdrawn, true);
    assert.deepEqual(
      await awaitApprovalOutcome(
        { requestApproval: () => Promise.resolve('approved') },
        request,
        1000,
        cancel.signal,
      ),
      { status: 'cancelled' },
    );
  });
});
