import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApprovalRequest } from '../../../server/src/daemon/approvals';
import { createDecisionEngine, type DecisionEngine } from '../../../server/src/daemon/engine';
import { createDecisionServer, type DecisionServer } from '../../../server/src/daemon/server';
import { maskerWith } from '../../../server/src/core/mask';
import { adapterFor } from '../../../server/src/hooks/agents';
import { hookRequest, verdictOf } from '../../../server/src/hooks/verdict';
import {
  buildPrompt,
  commandFingerprint,
  forwardingProvider,
  isProductionEnvironment,
  refuseReply,
  type MaskText,
} from '../../../server/src/lsp/approval-forwarding';
import type { ApprovalPrompt, ApprovalReply } from '../../../server/src/lsp/approval-protocol';
import { decideRequestOf, readJudgeParams } from '../../../server/src/lsp/judge-params';

/** The synchronous recognizers only (no secretlint load in unit tests). */
const mask: MaskText = async (t) => (await maskerWith(() => Promise.resolve([])).mask(t)).text;

const CREATE_INDEX = "psql -h prod-db -c 'CREATE INDEX accounts_email ON accounts (email)'";
const DROP = "psql -h prod-db -c 'DROP TABLE users'";

function request(text: string, extra: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'req-1',
    action: { kind: 'shell', text },
    actor: { type: 'agent', name: 'claude-code', sessionId: 's1', onBehalfOf: 'alice' },
    environment: 'production',
    reason: 'ask: lock',
    matched: ['default/prod-agent-ask-lock'],
    source: 'agent-hook',
    requestedAt: '2025-01-01T00:00:00.000Z',
    expiresAt: '2025-01-01T00:02:00.000Z',
    ...extra,
  };
}

function reply(prompt: ApprovalPrompt, r: Partial<ApprovalReply>): ApprovalReply {
  return {
    id: prompt.id,
    answer: 'approved',
    approver: 'vscode-user:alice',
    answeredAt: '2025-01-01T00:00:05.000Z',
    via: 'prompt',
    ...r,
  };
}

void describe('approval prompts (server side)', () => {
  void it('masks the command and reason and fingerprints the unmasked text', async () => {
    const text = 'PGPASSWORD=hunter2secret psql -h prod-db -c "DELETE FROM t"';
    const p = await buildPrompt(request(text, { reason: 'uses PGPASSWORD=hunter2secret' }), undefined, mask);
    assert.doesNotMatch(p.command, /hunter2secret/);
    assert.match(p.command, /\[REDACTED:env-password\]/);
    assert.doesNotMatch(p.reason, /hunter2secret/);
    assert.equal(p.fingerprint, commandFingerprint('shell', text, 'production', request(text).actor));
    assert.equal(p.actorLabel, 'agent claude-code (session s1, for alice)');
    assert.equal(p.production, true);
  });

  void it('fingerprints ignore spacing and session ids but not environment or actor', () => {
    const agent = { type: 'agent' as const, name: 'claude-code' };
    const a = commandFingerprint('shell', 'psql  -c  x', 'production', { ...agent, sessionId: '1' });
    assert.equal(a, commandFingerprint('shell', ' psql -c x ', 'production', { ...agent, sessionId: '2' }));
    assert.notEqual(a, commandFingerprint('shell', 'psql -c x', 'staging', agent));
    assert.notEqual(
      a,
      commandFingerprint('shell', 'psql -c x', 'production', { type: 'agent', name: 'cursor' }),
    );
    assert.notEqual(a, commandFingerprint('shell', 'psql -c y', 'production', agent));
  });

  void it('shows production-like environments modally', () => {
    assert.equal(isProductionEnvironment('production'), true);
    assert.equal(isProductionEnvironment('prd-eu'), true);
    assert.equal(isProductionEnvironment('development'), false);
    assert.equal(isProductionEnvironment('staging'), false);
  });

  void it('refuses replies from agents, for another request or without approver', async () => {
    const p = await buildPrompt(request('x'), undefined, mask);
    assert.equal(refuseReply(p, reply(p, {})), undefined);
    assert.match(refuseReply(p, reply(p, { approver: 'agent:claude-code' })) ?? '', /agent/);
    assert.match(refuseReply(p, reply(p, { approver: 'Agent:cursor' })) ?? '', /agent/);
    assert.match(refuseReply(p, reply(p, { id: 'other' })) ?? '', /answers other/);
    assert.match(refuseReply(p, reply(p, { approver: ' ' })) ?? '', /no approver/);
    assert.match(refuseReply(p, null) ?? '', /no reply/);
    assert.match(refuseReply(p, { ...reply(p, {}), answer: 'yes' }) ?? '', /unknown answer/);
  });
});

void describe('forwarding provider behind the real decision server', () => {
  let engine: DecisionEngine;
  const asked: ApprovalPrompt[] = [];
  const recorded: { reply: ApprovalReply; accepted: boolean }[] = [];
  /** The fake editor: answers by the command text. */
  const editor = (p: ApprovalPrompt): Promise<ApprovalReply> => {
    asked.push(p);
    if (p.command.includes('accounts_email')) return Promise.resolve(reply(p, { answer: 'approved' }));
    if (p.command.includes('orders_email'))
      return Promise.resolve(reply(p, { approver: 'agent:claude-code' }));
    return Promise.resolve(reply(p, { answer: 'rejected' }));
  };
  let server: DecisionServer;

  before(async () => {
    engine = await createDecisionEngine({ watch: false });
    server = createDecisionServer({
      engine,
      token: 't'.repeat(64),
      approvals: forwardingProvider({
        judge: (r) =>
          engine.decide({
            action: { kind: 'shell', text: r.action.text },
            actor: r.actor,
            env: {},
            hints: { explicitEnvironment: r.environment },
            source: 'agent-hook',
          }),
        mask,
        ask: (p) => editor(p),
        record: (_p, r, accepted) => recorded.push({ reply: r, accepted }),
      }),
    });
  });
  after(async () => {
    await server.close();
  });

  async function hook(command: string): Promise<unknown> {
    const adapter = adapterFor('claude-code');
    assert.ok(adapter);
    const parsed = adapter.parse({
      session_id: 'abc',
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command },
      cwd: process.cwd(),
    });
    assert.equal(parsed.kind, 'command');
    if (parsed.kind !== 'command') return undefined;
    const d = await server.decide(hookRequest(adapter, parsed, {}));
    return JSON.parse(adapter.answer(verdictOf(parsed, d.json, adapter)).stdout || '{}');
  }

  void it('an approved ask lets the hook allow; the prompt names the rule and finding', async () => {
    const answer = (await hook(CREATE_INDEX)) as { hookSpecificOutput?: { permissionDecision?: string } };
    assert.equal(answer.hookSpecificOutput?.permissionDecision, 'allow');
    const p = asked.at(-1);
    assert.ok(p);
    assert.deepEqual(p.matched, ['default/prod-agent-ask-lock']);
    assert.ok(p.findings.some((f) => f.ruleId === 'create-index-non-concurrently'));
    assert.equal(p.environment, 'production');
    assert.equal(p.actor.name, 'claude-code');
    assert.equal(recorded.at(-1)?.accepted, true);
  });

  void it('a rejected ask makes the hook deny', async () => {
    const cmd = "psql -h prod-db -c 'CREATE INDEX users_email ON users (email)'";
    const answer = (await hook(cmd)) as { hookSpecificOutput?: { permissionDecision?: string } };
    assert.equal(answer.hookSpecificOutput?.permissionDecision, 'deny');
  });

  void it('an approval signed by an agent counts as rejected', async () => {
    const cmd = "psql -h prod-db -c 'CREATE INDEX orders_email ON orders (email)'";
    const answer = (await hook(cmd)) as { hookSpecificOutput?: { permissionDecision?: string } };
    assert.equal(answer.hookSpecificOutput?.permissionDecision, 'deny');
    assert.equal(recorded.at(-1)?.accepted, false);
  });

  void it('a production DROP TABLE from an agent is denied without asking', async () => {
    const before = asked.length;
    const answer = (await hook(DROP)) as { hookSpecificOutput?: { permissionDecision?: string } };
    assert.equal(answer.hookSpecificOutput?.permissionDecision, 'deny');
    assert.equal(asked.length, before);
  });

  void it('an editor that fails counts as rejected', async () => {
    const provider = forwardingProvider({
      judge: () => undefined,
      mask,
      ask: () => Promise.reject(new Error('client gone')),
      record: () => {},
    });
    const answer = await provider.requestApproval(request('x'), new AbortController().signal);
    assert.equal(answer, 'rejected');
  });

  void it('an accepted answer carries the approver, for the audit record', async () => {
    const provider = forwardingProvider({
      judge: () => undefined,
      mask,
      ask: (prompt) =>
        Promise.resolve({
          id: prompt.id,
          answer: 'approved',
          approver: 'vscode-user:alice',
          answeredAt: new Date().toISOString(),
          via: 'prompt',
        }),
      record: () => {},
    });
    const answer = await provider.requestApproval(request('x'), new AbortController().signal);
    assert.deepEqual(answer, { answer: 'approved', approver: 'vscode-user:alice' });
  });
});

void describe('judge params', () => {
  void it('validates and defaults the actor to the OS user', () => {
    const p = readJudgeParams({ text: 'ls', kind: 'task', source: 'task' });
    assert.deepEqual(decideRequestOf(p, 'alice').actor, { type: 'human', name: 'alice' });
    const q = readJudgeParams({ text: 'ls', actor: 'agent:vscode-chat', source: 'lm-tool' });
    assert.deepEqual(decideRequestOf(q, 'alice').actor, { type: 'agent', name: 'vscode-chat' });
    assert.throws(() => readJudgeParams({ text: '' }), /text/);
    assert.throws(() => readJudgeParams({ text: 'ls', kind: 'python' }), /kind/);
    assert.throws(() => readJudgeParams({ text: 'ls', source: 'somewhere' }), /source/);
    assert.throws(() => readJudgeParams(null), /text/);
  });
});
