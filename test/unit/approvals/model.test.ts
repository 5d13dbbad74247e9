import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApprovalBook, BoundedList, promptText } from '../../../extension/src/approvals/model';
import { readRunCommandInput } from '../../../extension/src/approvals/tool-text';
import type { ApprovalPrompt } from '../../../server/src/lsp/approval-protocol';

const NOW = new Date('2025-01-01T00:00:00.000Z');

function prompt(id: string, extra: Partial<ApprovalPrompt> = {}): ApprovalPrompt {
  return {
    id,
    kind: 'shell',
    command: "psql -h prod-db -c 'CREATE INDEX accounts_email ON accounts (email)'",
    actor: { type: 'agent', name: 'claude-code', sessionId: 's1' },
    actorLabel: 'agent claude-code (session s1)',
    environment: 'production',
    production: true,
    reason: 'ask: lock',
    matched: ['default/prod-agent-ask-lock'],
    findings: [{ ruleId: 'create-index-non-concurrently', message: 'CREATE INDEX blocks writes' }],
    source: 'agent-hook',
    fingerprint: 'fp-1',
    requestedAt: NOW.toISOString(),
    expiresAt: new Date(NOW.getTime() + 120_000).toISOString(),
    ...extra,
  };
}

function book(timeoutMs = 60_000): ApprovalBook {
  return new ApprovalBook({ approver: 'vscode-user:alice', timeoutMs: () => timeoutMs, now: () => NOW });
}

void describe('ApprovalBook', () => {
  void it('resolves a pending prompt once with who answered and when', async () => {
    const b = book();
    let changes = 0;
    b.onDidChange(() => changes++);
    const { reply, autoApproved } = b.add(prompt('a'));
    assert.equal(autoApproved, false);
    assert.equal(b.pendingPrompts().length, 1);
    assert.equal(b.answer('a', 'approved', 'prompt'), true);
    assert.equal(b.answer('a', 'rejected', 'prompt'), false);
    const r = await reply;
    assert.deepEqual(r, {
      id: 'a',
      answer: 'approved',
      approver: 'vscode-user:alice',
      answeredAt: NOW.toISOString(),
      via: 'prompt',
    });
    assert.equal(b.pendingPrompts().length, 0);
    assert.equal(b.answered.all()[0]?.reply.answer, 'approved');
    assert.ok(changes >= 2);
  });

  void it('"approve for this session" auto-approves the same fingerprint only', async () => {
    const b = book();
    const first = b.add(prompt('a'));
    b.answer('a', 'approved', 'prompt', true);
    assert.equal((await first.reply).forSession, true);
    const again = b.add(prompt('b'));
    assert.equal(again.autoApproved, true);
    const r = await again.reply;
    assert.equal(r.answer, 'approved');
    assert.equal(r.via, 'session');
    assert.equal(r.approver, 'vscode-user:alice');
    const other = b.add(prompt('c', { fingerprint: 'fp-2' }));
    assert.equal(other.autoApproved, false);
    assert.equal(b.clearSession(), 1);
    assert.equal(b.add(prompt('d')).autoApproved, false);
    b.dispose();
  });

  void it('a rejection is never remembered for the session', async () => {
    const b = book();
    const first = b.add(prompt('a'));
    b.answer('a', 'rejected', 'prompt', true);
    assert.equal((await first.reply).forSession, undefined);
    assert.equal(b.add(prompt('b')).autoApproved, false);
    b.dispose();
  });

  void it('expires unanswered prompts as expired, with no approver', async () => {
    const b = book(10);
    const { reply } = b.add(prompt('a'));
    const r = await reply;
    assert.equal(r.answer, 'expired');
    assert.equal(r.via, 'expiry');
    assert.equal(r.approver, 'none (expired)');
    assert.equal(b.pendingPrompts().length, 0);
  });

  void it('uses the daemon expiry when it is earlier than the setting', async () => {
    const b = book(60_000);
    const { reply } = b.add(prompt('a', { expiresAt: new Date(NOW.getTime() - 1).toISOString() }));
    assert.equal((await reply).answer, 'expired');
  });

  void it('withdraws on the daemon cancel and on dispose', async () => {
    const b = book();
    const one = b.add(prompt('a'));
    const two = b.add(prompt('b', { fingerprint: 'fp-2' }));
    assert.equal(b.withdraw('a'), true);
    assert.equal((await one.reply).via, 'withdrawn');
    b.dispose();
    assert.equal((await two.reply).answer, 'expired');
  });
});

void describe('BoundedList and texts', () => {
  void it('keeps the newest items only', () => {
    const l = new BoundedList<number>(3);
    for (let i = 1; i <= 5; i++) l.push(i);
    assert.deepEqual(l.all(), [5, 4, 3]);
    assert.throws(() => new BoundedList(0), RangeError);
  });

  void it('says who asks, where, what, which rule and why', () => {
    const { message, detail } = promptText(prompt('a'), NOW);
    assert.match(message, /agent claude-code \(session s1\) asks to run in production/);
    assert.match(message, /default\/prod-agent-ask-lock/);
    assert.match(message, /expires in 120 s/);
    assert.match(detail, /Why: ask: lock/);
    assert.match(detail, /create-index-non-concurrently: CREATE INDEX blocks writes/);
    assert.match(detail, /via agent-hook/);
  });

  void it('reads the tool input strictly', () => {
    assert.deepEqual(readRunCommandInput({ command: 'ls', cwd: '/tmp' }), { command: 'ls', cwd: '/tmp' });
    assert.equal(readRunCommandInput({ command: '  ' }), undefined);
    assert.equal(readRunCommandInput('ls'), undefined);
  });
});
