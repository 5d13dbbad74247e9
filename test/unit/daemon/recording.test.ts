import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  awaitApprovalOutcome,
  type ApprovalProvider,
  type ApprovalRequest,
} from '../../../server/src/daemon/approvals';
import { auditInputOf } from '../../../server/src/daemon/audit-record';
import { createDecisionEngine } from '../../../server/src/daemon/engine';
import { BadRequestError, parseExecutedReport } from '../../../server/src/daemon/protocol';

const request: ApprovalRequest = {
  id: 'r1',
  action: { kind: 'shell', text: 'x' },
  actor: { type: 'agent', name: 'claude-code' },
  environment: 'production',
  reason: 'r',
  matched: [],
  source: 'agent-hook',
  requestedAt: '2025-01-01T00:00:00.000Z',
  expiresAt: '2025-01-01T00:02:00.000Z',
};
const provider = (value: unknown): ApprovalProvider => ({
  requestApproval: () => Promise.resolve(value as 'approved'),
});

void describe('awaitApprovalOutcome', () => {
  void it('keeps the approver a provider names; plain answers still work', async () => {
    assert.deepEqual(
      await awaitApprovalOutcome(provider({ answer: 'approved', approver: ' human:bob ' }), request, 1000),
      {
        status: 'approved',
        approver: 'human:bob',
      },
    );
    assert.deepEqual(await awaitApprovalOutcome(provider('rejected'), request, 1000), { status: 'rejected' });
    assert.deepEqual(await awaitApprovalOutcome(undefined, request, 1000), { status: 'unavailable' });
  });

  void it('anything unknown is rejected, never approved', async () => {
    for (const v of [{ answer: 'yes', approver: 'human:bob' }, 'ok', 1, null, { approver: 'x' }])
      assert.equal((await awaitApprovalOutcome(provider(v), request, 1000)).status, 'rejected');
  });
});

void describe('parseExecutedReport', () => {
  const now = new Date('2025-06-01T00:00:00Z');
  void it('reads a report, lower-casing the id and defaulting endedAt to now', () => {
    assert.deepEqual(
      parseExecutedReport({ decisionId: '3F0C1A52-1B7E-4C1E-9F55-0D6A3C1B2E7F', exitCode: 0 }, now),
      {
        decisionId: '3f0c1a52-1b7e-4c1e-9f55-0d6a3c1b2e7f',
        exitCode: 0,
        endedAt: now,
      },
    );
    const r = parseExecutedReport({
      decisionId: '3f0c1a52-1b7e-4c1e-9f55-0d6a3c1b2e7f',
      endedAt: '2025-01-02T03:04:05Z',
    });
    assert.equal(r.endedAt.toISOString(), '2025-01-02T03:04:05.000Z');
    assert.equal(r.exitCode, undefined);
  });
  void it('refuses bad fields by name', () => {
    const id = '3f0c1a52-1b7e-4c1e-9f55-0d6a3c1b2e7f';
    for (const [body, field] of [
      [[], 'object'],
      [{ decisionId: 'd-1' }, 'decisionId'],
      [{ decisionId: id, exitCode: 1.5 }, 'exitCode'],
      [{ decisionId: id, exitCode: '0' }, 'exitCode'],
      [{ decisionId: id, endedAt: 'yesterday' }, 'endedAt'],
    ] as [unknown, string][])
      assert.throws(
        () => parseExecutedReport(body),
        (e: unknown) => e instanceof BadRequestError && e.message.includes(field),
      );
  });
});

void describe('auditInputOf', () => {
  void it('maps a judgement to the AU-3 fields', async () => {
    const engine = await createDecisionEngine({ watch: false });
    try {
      const judgement = engine.decide({
        action: { kind: 'shell', text: "psql -h prod-db -c 'DELETE FROM orders; SELECT * FROM users'" },
        actor: { type: 'agent', name: 'cursor', sessionId: 'c-9' },
        env: {},
        hints: {},
        source: 'agent-hook',
      });
      const time = new Date('2025-01-01T00:00:00Z');
      const input = auditInputOf(
        {
          decisionId: 'd-1',
          request: {
            action: { kind: 'shell', text: 'T', cwd: '/repo' },
            env: {},
            hints: {},
            source: 'agent-hook',
          },
          judgement,
          effect: 'deny',
          approval: { status: 'rejected', approver: 'human:bob' },
          time,
        },
        'alice',
        '/ws',
      );
      assert.deepEqual(input.what.statementKinds, ['DELETE', 'SELECT']);
      assert.deepEqual(input.what.tables, ['orders', 'users']);
      assert.equal(input.what.text, 'T', 'raw text: the writer masks it');
      assert.deepEqual(input.where, { environment: 'production', workspace: '/repo', target: 'prod-db' });
      assert.deepEqual(input.identity, {
        user: 'alice',
        agent: { name: 'cursor', sessionId: 'c-9' },
        approver: 'human:bob',
      });
      assert.deepEqual(input.outcome, { effect: 'deny', mode: 'enforce', approval: 'rejected' });
      assert.deepEqual(
        input.rules,
        judgement.decision.matched.map((m) => `${m.policy}/${m.rule}`),
      );
      assert.ok(input.rules!.length > 0);
      assert.deepEqual(input.controls, judgement.decision.controls);
      assert.equal(input.time, time);
      const unavailable = auditInputOf(
        {
          decisionId: 'd-2',
          request: { action: { kind: 'shell', text: 'T' }, env: {}, hints: {}, source: 'terminal' },
          judgement,
          effect: 'ask',
          approval: { status: 'unavailable' },
          time,
        },
        'alice',
      );
      assert.deepEqual(
        unavailable.outcome,
        { effect: 'ask', mode: 'enforce' },
        'no approval without an approver',
      );
      assert.equal(unavailable.where?.workspace, undefined);
    } finally {
      await engine.close();
    }
  });
});
