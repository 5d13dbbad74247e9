import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApprovalQueue, type QueueEvent } from '../../../server/src/daemon/approval-queue';
import type { ApprovalProvider, ApprovalRequest } from '../../../server/src/daemon/approvals';
import {
  parseTtyAnswer,
  pickApprover,
  TtyApprovals,
  ttyKey,
  ttyLine,
} from '../../../server/src/daemon/tty-approvals';

const mask = (t: string): Promise<string> => Promise.resolve(t.replace(/s3cret/g, '****'));

const request = (over: Partial<ApprovalRequest> = {}): ApprovalRequest => ({
  id: 'a1',
  action: { kind: 'shell', text: 'psql postgres://u:s3cret@db -c "DROP TABLE t"' },
  actor: { type: 'agent', name: 'claude-code', onBehalfOf: 'alice' },
  environment: 'production',
  reason: 'drop-table (t)',
  matched: ['default/ask-data-loss', 'team/x'],
  source: 'agent-hook',
  requestedAt: '2026-12-07T05:00:00.000Z',
  expiresAt: '2026-12-07T05:02:00.000Z',
  ...over,
});

const host: ApprovalProvider = { requestApproval: () => Promise.resolve('approved') };
const tty: ApprovalProvider = { requestApproval: () => Promise.resolve('approved') };
const human = { type: 'human' as const, name: 'alice' };
const agent = { type: 'agent' as const, name: 'claude-code' };

describe('pickApprover: who answers an ask', () => {
  it('an AGENT ask never goes to the terminal prompt, with or without other approvers', () => {
    const queue = new ApprovalQueue(mask);
    assert.equal(pickApprover({ queue, tty }, agent), undefined);
    const detach = queue.watch(() => undefined);
    assert.equal(pickApprover({ queue, tty }, agent)?.channel, 'queue');
    detach();
    assert.equal(pickApprover({ queue, tty, host }, agent)?.channel, 'editor');
    // An agent acting for a human is still the agent.
    assert.equal(pickApprover({ queue, tty }, { ...agent, onBehalfOf: 'alice' }), undefined);
  });
  it("a HUMAN's ask goes to the editor when there is one, else to the terminal that offered it", () => {
    const queue = new ApprovalQueue(mask);
    assert.equal(pickApprover({ queue, tty, host }, human)?.channel, 'editor');
    assert.equal(pickApprover({ queue, tty }, human)?.channel, 'tty');
    assert.equal(pickApprover({ queue }, human), undefined, 'no prompt offered, no session: unavailable');
  });
});

describe('ApprovalQueue', () => {
  it('shows masked asks to watchers, settles on answer, and tells watchers it is resolved', async () => {
    const queue = new ApprovalQueue(mask);
    const events: QueueEvent[] = [];
    queue.watch((e) => events.push(e));
    const controller = new AbortController();
    const reply = queue.requestApproval(request(), controller.signal);
    await new Promise((r) => setImmediate(r));
    assert.equal(queue.list().length, 1);
    const shown = queue.list()[0];
    assert.equal(shown?.actor, 'agent:claude-code for alice');
    assert.doesNotMatch(shown?.action.text ?? '', /s3cret/);
    assert.equal(queue.answer('a1', 'approved', 'human:alice via railguard approvals'), true);
    assert.deepEqual(await reply, { answer: 'approved', approver: 'human:alice via railguard approvals' });
    assert.deepEqual(
      events.map((e) => e.type),
      ['pending', 'resolved'],
    );
    assert.equal(queue.list().length, 0);
    assert.equal(queue.answer('a1', 'rejected', 'human:alice via railguard approvals'), false, 'only once');
  });
  it('an ask withdrawn (expired, caller gone) leaves the queue as expired', async () => {
    const queue = new ApprovalQueue(mask);
    const controller = new AbortController();
    const reply = queue.requestApproval(request({ id: 'a2' }), controller.signal);
    await new Promise((r) => setImmediate(r));
    controller.abort();
    assert.deepEqual(await reply, { answer: 'expired' });
    assert.equal(queue.list().length, 0);
  });
  it('a watcher attaching late is shown what is already pending; detaching leaves it unattached', async () => {
    const queue = new ApprovalQueue(mask);
    assert.equal(queue.attached(), false);
    void queue.requestApproval(request({ id: 'a3' }), new AbortController().signal);
    await new Promise((r) => setImmediate(r));
    const seen: QueueEvent[] = [];
    const detach = queue.watch((e) => seen.push(e));
    assert.equal(queue.attached(), true);
    assert.equal(seen[0]?.type === 'pending' && seen[0].ask.id, 'a3');
    detach();
    assert.equal(queue.attached(), false);
  });
});

describe('terminal prompts', () => {
  it('ttyKey: the header block offers a prompt; the key is the request nonce', () => {
    const n = 'e'.repeat(32);
    assert.equal(ttyKey('cwd=/w\napprove=tty\n\nls', n), n);
    assert.equal(ttyKey('cwd=/w\napprove=tty\n\nls', undefined), undefined, 'no nonce, no prompt');
    assert.equal(ttyKey('cwd=/w\n\napprove=tty', n), undefined, 'the command text cannot offer it');
    assert.equal(ttyKey('cwd=/w\n\nls', n), undefined);
  });
  it('parseTtyAnswer: only "yes" approves; the request nonce must be 32 hex characters', () => {
    const n = 'a'.repeat(32);
    assert.deepEqual(parseTtyAnswer(`request=${n}\nanswer=yes\n`), { request: n, answer: 'approved' });
    assert.deepEqual(parseTtyAnswer(`request=${n}\nanswer=Y\n`), { request: n, answer: 'rejected' });
    assert.deepEqual(parseTtyAnswer(`request=${n}\nanswer=timeout\n`), { request: n, answer: 'expired' });
    assert.equal(parseTtyAnswer('request=xyz\nanswer=yes\n'), undefined);
  });
  it('the tty line is masked and one line per field', async () => {
    const line = await ttyLine(request({ reason: 'a\tb\nc' }), mask);
    assert.equal(
      line,
      'tty\tproduction\tdefault/ask-data-loss,team/x\ta b c\tpsql postgres://u:****@db -c "DROP TABLE t"\n',
    );
  });
  it('a prompt is answered by its own request nonce only, and names the human as approver', async () => {
    const ttys = new TtyApprovals();
    const lines: string[] = [];
    const key = 'b'.repeat(32);
    const reply = ttys
      .provider(key, (l) => lines.push(l), mask)
      .requestApproval(request({ actor: human }), new AbortController().signal);
    await new Promise((r) => setImmediate(r));
    assert.equal(lines.length, 1);
    assert.equal(ttys.answer({ request: 'c'.repeat(32), answer: 'approved' }), false);
    assert.equal(ttys.answer({ request: key, answer: 'approved' }), true);
    assert.deepEqual(await reply, { answer: 'approved', approver: 'human:alice via tty' });
    assert.equal(ttys.answer({ request: key, answer: 'approved' }), false, 'only once');
  });
  it('a prompt whose terminal went away is rejected', async () => {
    const ttys = new TtyApprovals();
    const key = 'd'.repeat(32);
    const reply = ttys
      .provider(key, () => undefined, mask)
      .requestApproval(request({ actor: human }), new AbortController().signal);
    await new Promise((r) => setImmediate(r));
    ttys.cancel(key);
    assert.deepEqual(await reply, { answer: 'rejected' });
  });
});
