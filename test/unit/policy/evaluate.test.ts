import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPolicySet, evaluate, resolveContext, type Context } from '../../../server/src/core/policy';
import { finding, HEADER, policyFrom, setWithWorkspace } from './fixtures';

const ctx = (environment: string, type: 'agent' | 'human' = 'agent', name = 'claude-code'): Context => ({
  environment,
  environmentReason: 'test',
  actor: { type, name },
  actorReason: 'test',
});

const POLICY = `${HEADER}environments:\n  production: {}\n  development: { default: true }
dataClasses:
  pii: { tables: [users, '*.customers'] }
rules:
  - id: pii-drop
    match: { dataClass: pii, statementKind: drop table }
    effect: deny
    controls: ['GDPR:Art.32']
  - id: prod-data-loss
    match: { environment: production, category: data-loss }
    effect: ask
    controls: ['NIST:CM-5']
  - id: claude-lock
    match: { actor: 'agent:claude-*', category: lock }
    effect: warn
  - id: any-data-loss
    match: { category: data-loss }
    effect: warn
`;

describe('evaluate semantics', () => {
  const set = createPolicySet({ builtin: [policyFrom(POLICY)] }, true);

  it('lets the first matching rule decide a finding (firewall order)', () => {
    const drop = finding('drop-table', 'data-loss', {
      statementKind: 'DROP TABLE',
      tables: ['public.users'],
    });
    const d = evaluate(set, [drop], ctx('production'));
    assert.equal(d.effect, 'deny');
    assert.deepEqual(
      d.matched.map((m) => m.rule),
      ['pii-drop'],
    );
    assert.deepEqual(d.findings[0]?.dataClasses, ['pii']);
    const other = finding('drop-table', 'data-loss', { statementKind: 'DROP TABLE', tables: ['logs'] });
    assert.deepEqual(
      evaluate(set, [other], ctx('production')).matched.map((m) => m.rule),
      ['prod-data-loss'],
    );
    assert.deepEqual(
      evaluate(set, [other], ctx('development')).matched.map((m) => m.rule),
      ['any-data-loss'],
    );
  });

  it('classifies qualified and unqualified tables against data-class globs', () => {
    const kinds = (tables: string[]): string[] =>
      evaluate(set, [finding('t', 'lock', { tables })], ctx('development')).findings[0]?.dataClasses ?? [];
    assert.deepEqual(kinds(['sales.customers']), ['pii']);
    assert.deepEqual(kinds(['customers']), ['pii']);
    assert.deepEqual(kinds(['"Public"."Users"']), ['pii']);
    assert.deepEqual(kinds(['customers_archive']), []);
  });

  it('decides the strictest effect over findings and names that finding in the reason', () => {
    const lock = finding('create-index', 'lock', { start: 0, end: 5 });
    const trunc = finding('truncate', 'data-loss', {
      statementKind: 'TRUNCATE',
      tables: ['logs'],
      start: 12,
      end: 25,
    });
    const text = 'CREATE ...; TRUNCATE logs ;';
    const d = evaluate(set, [lock, trunc], ctx('production'), {
      text,
      controlsOf: (id) => (id === 'truncate' ? ['SOC2:CC8.1'] : []),
    });
    assert.equal(d.effect, 'ask');
    assert.deepEqual(
      d.findings.map((f) => f.effect),
      ['warn', 'ask'],
    );
    assert.deepEqual(
      d.matched.map((m) => `${m.rule}:${m.effect}`),
      ['prod-data-loss:ask', 'claude-lock:warn'],
    );
    assert.deepEqual(d.controls, ['NIST:CM-5', 'SOC2:CC8.1']);
    assert.equal(
      d.reason,
      'ask: agent claude-code in production: truncate (TRUNCATE logs) matched policy t/prod-data-loss (+1 more finding)',
    );
  });

  it('allows when there is no finding, and asks for a finding no rule matches', () => {
    const none = evaluate(set, [], ctx('production'));
    assert.equal(none.effect, 'allow');
    assert.match(none.reason, /^allow: agent claude-code in production: no risky finding/);
    const unmatched = evaluate(
      set,
      [finding('grant-public', 'privilege')],
      ctx('development', 'human', 'alice'),
    );
    assert.equal(unmatched.effect, 'ask');
    assert.deepEqual(unmatched.matched, []);
    assert.match(unmatched.reason, /grant-public \(grant-public finding\) matched no policy rule/);
  });

  it('honours suppression comments for humans only', () => {
    const f = finding('truncate', 'data-loss', { suppressed: true });
    const human = evaluate(set, [f], ctx('production', 'human', 'alice'));
    assert.equal(human.effect, 'allow');
    assert.equal(human.findings[0]?.ignored, true);
    assert.equal(evaluate(set, [f], ctx('production')).effect, 'ask');
  });

  it('in audit mode decides but never blocks', () => {
    const audit = createPolicySet(
      { builtin: [policyFrom(POLICY.replace('metadata:', 'mode: audit\nmetadata:'))] },
      true,
    );
    const drop = finding('drop-table', 'data-loss', { statementKind: 'DROP TABLE', tables: ['users'] });
    const d = evaluate(audit, [drop], ctx('production'));
    assert.deepEqual([d.effect, d.decidedEffect, d.mode], ['warn', 'deny', 'audit']);
    assert.match(d.reason, /^warn \(audit mode; policy decided deny\)/);
    const forced = evaluate(set, [drop], ctx('production'), { mode: 'audit' });
    assert.deepEqual([forced.effect, forced.decidedEffect], ['warn', 'deny']);
  });
});

describe('workspace policies and trust', () => {
  const allowDrop = `${HEADER.replace('name: t', 'name: team')}rules:\n  - id: allow-drop\n    match: { ruleId: drop-table }\n    effect: allow\n`;
  const denyLock = `${HEADER.replace('name: t', 'name: strict')}rules:\n  - id: deny-lock\n    match: { category: lock }\n    effect: deny\n`;
  const drop = finding('drop-table', 'data-loss', { statementKind: 'DROP TABLE', tables: ['users'] });
  const lock = finding('create-index', 'lock');

  it('a trusted workspace policy is tried first and may weaken', () => {
    const d = evaluate(setWithWorkspace([allowDrop], true), [drop], ctx('production'));
    assert.equal(d.effect, 'allow');
    assert.deepEqual(
      d.matched.map((m) => `${m.policy}/${m.rule}`),
      ['team/allow-drop'],
    );
  });

  it('an untrusted workspace policy cannot weaken the built-in decision', () => {
    const d = evaluate(setWithWorkspace([allowDrop], false), [drop], ctx('production'));
    assert.equal(d.effect, 'deny');
    assert.deepEqual(
      d.matched.map((m) => `${m.policy}/${m.rule}`),
      ['default/prod-agent-no-data-loss'],
    );
  });

  it('an untrusted workspace policy can make a decision stricter', () => {
    const d = evaluate(setWithWorkspace([denyLock], false), [lock], ctx('development'));
    assert.equal(d.effect, 'deny');
    assert.deepEqual(
      d.matched.map((m) => `${m.policy}/${m.rule}`),
      ['strict/deny-lock'],
    );
  });

  it('an untrusted audit-mode workspace policy cannot turn a built-in block into a warning', () => {
    const auditAllow = allowDrop
      .replace('metadata:', 'mode: audit\nmetadata:')
      .replace('effect: allow', 'effect: deny');
    const set = setWithWorkspace([auditAllow], false);
    const d = evaluate(
      set,
      [drop],
      resolveContext(set, { hosts: ['prod-db'], actor: { type: 'agent', name: 'codex' } }),
    );
    assert.deepEqual([d.effect, d.mode], ['deny', 'enforce']);
  });

  it('changes the policy-set hash with content and trust, not with file paths', () => {
    const a = setWithWorkspace([denyLock], true);
    const b = createPolicySet(
      {
        builtin: a.entries.filter((e) => e.origin === 'builtin').map((e) => e.policy),
        workspace: [policyFrom(denyLock, 'elsewhere.yaml')],
      },
      true,
    );
    assert.equal(a.hash, b.hash);
    assert.match(a.hash, /^sha256:[0-9a-f]{64}$/);
    assert.notEqual(setWithWorkspace([denyLock], false).hash, a.hash);
    assert.notEqual(setWithWorkspace([denyLock.replace('effect: deny', 'effect: ask')], true).hash, a.hash);
  });
});
