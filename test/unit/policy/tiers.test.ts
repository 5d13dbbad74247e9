import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  canonicalEnvironment,
  evaluate,
  loadPolicySet,
  resolveEnvironment,
  type Context,
  type PolicySet,
} from '../../../server/src/core/policy';
import { organizationTier } from '../../../server/src/runtime/organization';
import { loadPolicyTiers } from '../../../server/src/runtime/policy-tiers';
import { approvePolicies, trustStorePath } from '../../../server/src/runtime/trust-store';
import { BUILTIN_DIR, finding, HEADER, policyFrom } from './fixtures';

const ctx = (environment: string, type: 'agent' | 'human' = 'agent'): Context => ({
  environment,
  environmentReason: 'test',
  actor: { type, name: 'claude-code' },
  actorReason: 'test',
});

const ALLOW_ALL = `${HEADER}rules: [{id: allow-all, effect: allow}]\n`;
const DENY_DROPS = `${HEADER}rules: [{id: no-drops, match: {statementKind: DROP TABLE}, effect: deny}]\n`;

function folderWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-tiers-unit-'));
  fs.mkdirSync(path.join(dir, '.railguard', 'policies'), { recursive: true });
  for (const [name, text] of Object.entries(files))
    fs.writeFileSync(path.join(dir, '.railguard/policies', name), text);
  return dir;
}

const drop = finding('drop-table', 'data-loss', { statementKind: 'DROP TABLE', tables: ['users'] });

describe('policy tiers: per-entry trust', () => {
  it('an unapproved workspace allow-all cannot loosen; approved, it decides (and says its tier)', () => {
    const dir = folderWith({ 'x.yaml': ALLOW_ALL });
    const load = (state: 'approved' | 'changed' | 'unknown'): PolicySet =>
      loadPolicySet({ builtinDir: BUILTIN_DIR, workspaceDir: dir, trusted: true, approval: () => state });
    const unapproved = load('unknown');
    assert.equal(evaluate(unapproved, [drop], ctx('production')).effect, 'deny');
    assert.deepEqual(
      unapproved.problems?.map((p) => [p.kind, p.origin]),
      [['unapproved', 'workspace']],
    );
    assert.match(
      load('changed').problems?.[0]?.message ?? '',
      /changed since approval; applied as stricter-only/,
    );
    const approved = evaluate(load('approved'), [drop], ctx('production'));
    assert.equal(approved.effect, 'allow');
    assert.equal(approved.matched[0]?.origin, 'workspace');
  });

  it('a stricter-only entry still tightens', () => {
    const dir = folderWith({ 'strict.yaml': DENY_DROPS });
    const set = loadPolicySet({
      builtinDir: BUILTIN_DIR,
      workspaceDir: dir,
      trusted: true,
      approval: () => 'unknown',
    });
    const d = evaluate(set, [drop], ctx('development', 'human'));
    assert.equal(d.effect, 'deny');
    assert.equal(d.matched[0]?.rule, 'no-drops');
  });

  it('user files are their own tier, after workspace and before built-in', () => {
    const ws = folderWith({ 'w.yaml': DENY_DROPS });
    const userDir = folderWith({ 'u.yaml': ALLOW_ALL });
    const set = loadPolicySet({
      builtinDir: BUILTIN_DIR,
      workspaceDir: ws,
      userFiles: [path.join(userDir, '.railguard/policies/u.yaml')],
      trusted: true,
      approval: () => 'approved',
    });
    assert.deepEqual(
      set.entries.map((e) => e.origin),
      ['workspace', 'user', 'builtin'],
    );
  });
});

describe('stricter-only policies cannot loosen through environments or data classes', () => {
  it('an unapproved policy cannot turn a production host into development', () => {
    const dir = folderWith({
      'env.yaml': `${HEADER}environments:\n  development:\n    match: [{ host: '*prod*' }]\n`,
    });
    const set = loadPolicySet({
      builtinDir: BUILTIN_DIR,
      workspaceDir: dir,
      trusted: true,
      approval: () => 'unknown',
    });
    assert.equal(resolveEnvironment(set, { hosts: ['prod-db'] }).environment, 'production');
    const approved = loadPolicySet({
      builtinDir: BUILTIN_DIR,
      workspaceDir: dir,
      trusted: true,
      approval: () => 'approved',
    });
    assert.equal(resolveEnvironment(approved, { hosts: ['prod-db'] }).environment, 'development');
  });

  it("an unapproved policy's data classes do not make a trusted rule fire", () => {
    const org = policyFrom(
      `${HEADER}rules:\n  - { id: synthetic-ok, match: { dataClass: synthetic }, effect: allow }\n`,
      'org.yaml',
    );
    const hijack = policyFrom(`${HEADER}dataClasses:\n  synthetic: { tables: [users] }\n`, 'hijack.yaml');
    const base = loadPolicySet({ builtinDir: BUILTIN_DIR, trusted: true });
    const set: PolicySet = {
      ...base,
      entries: [
        { policy: hijack, origin: 'workspace', trusted: false },
        { policy: org, origin: 'organization' },
        ...base.entries,
      ],
    };
    const d = evaluate(set, [drop], ctx('production'));
    assert.equal(d.effect, 'deny', d.reason);
    assert.deepEqual(d.findings[0]?.dataClasses, ['pii', 'synthetic'], 'still reported');
  });
});

describe('a broken policy fails closed', () => {
  const BROKEN = `${HEADER}rules:\n  - id: b\n    match: { actor: agnet }\n    effect: block\n`;

  it('with no good version: production at least ask, elsewhere at least warn', () => {
    const dir = folderWith({ 'bad.yaml': BROKEN });
    const set = loadPolicySet({ builtinDir: BUILTIN_DIR, workspaceDir: dir, trusted: true });
    assert.equal(set.problems?.[0]?.kind, 'broken');
    assert.equal(set.problems?.[0]?.lastGood, false);
    const prod = evaluate(set, [], ctx('production'));
    assert.equal(prod.effect, 'ask');
    assert.match(prod.failClosed ?? '', /bad\.yaml does not load/);
    assert.equal(evaluate(set, [], ctx('development')).effect, 'warn');
    assert.equal(evaluate(set, [drop], ctx('production')).effect, 'deny', 'never looser than the floor');
  });

  it('on reload, the last good version of a file that breaks stays in force', () => {
    const dir = folderWith({ 'team.yaml': DENY_DROPS });
    const first = loadPolicySet({ builtinDir: BUILTIN_DIR, workspaceDir: dir, trusted: true });
    assert.equal(evaluate(first, [drop], ctx('development', 'human')).effect, 'deny');
    fs.writeFileSync(path.join(dir, '.railguard/policies/team.yaml'), BROKEN);
    const next = loadPolicySet({
      builtinDir: BUILTIN_DIR,
      workspaceDir: dir,
      trusted: true,
      previous: first,
    });
    assert.equal(next.problems?.[0]?.lastGood, true);
    assert.match(next.problems?.[0]?.message ?? '', /last good version stays in force/);
    const d = evaluate(next, [drop], ctx('development', 'human'));
    assert.equal(d.effect, 'deny');
    assert.equal(d.failClosed, undefined);
  });
});

describe('organization tier: Ed25519 signatures against the pinned key', () => {
  function orgSetup(): { env: NodeJS.ProcessEnv; dir: string; sign: (file: string) => void } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-org-'));
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const dir = path.join(root, 'org');
    fs.mkdirSync(dir);
    fs.mkdirSync(path.join(root, 'railguard'));
    fs.writeFileSync(
      path.join(root, 'railguard/organization.json'),
      JSON.stringify({ policyDir: dir, publicKey: publicKey.export({ type: 'spki', format: 'pem' }) }),
    );
    return {
      env: { XDG_CONFIG_HOME: root },
      dir,
      sign: (file) =>
        fs.writeFileSync(`${file}.sig`, sign(null, fs.readFileSync(file), privateKey).toString('base64')),
    };
  }

  it('loads a signed file as the organization tier and refuses a tampered one (failing closed)', () => {
    const org = orgSetup();
    const file = path.join(org.dir, 'org.yaml');
    fs.writeFileSync(file, DENY_DROPS);
    org.sign(file);
    const tier = organizationTier(org.env);
    assert.ok(tier);
    const good = loadPolicySet({ builtinDir: BUILTIN_DIR, trusted: true, organization: tier });
    assert.deepEqual(
      good.entries.map((e) => e.origin),
      ['organization', 'builtin'],
    );
    assert.equal(good.problems, undefined);
    assert.equal(evaluate(good, [drop], ctx('development', 'human')).matched[0]?.origin, 'organization');
    fs.appendFileSync(file, '# tampered\n');
    const bad = loadPolicySet({ builtinDir: BUILTIN_DIR, trusted: true, organization: tier });
    assert.match(bad.problems?.[0]?.message ?? '', /signature does not verify/);
    assert.equal(evaluate(bad, [], ctx('production')).effect, 'ask');
    fs.rmSync(`${file}.sig`);
    const unsigned = loadPolicySet({ builtinDir: BUILTIN_DIR, trusted: true, organization: tier });
    assert.match(unsigned.problems?.[0]?.message ?? '', /has no signature/);
  });
});

describe('organization tier: its config is approved like a policy', () => {
  it('a pinned key nobody approved (an agent pinning its own) makes the signed files stricter-only', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-org2-'));
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const dir = path.join(root, 'org');
    fs.mkdirSync(dir);
    fs.mkdirSync(path.join(root, 'railguard'));
    const config = path.join(root, 'railguard/organization.json');
    fs.writeFileSync(
      config,
      JSON.stringify({ policyDir: dir, publicKey: publicKey.export({ type: 'spki', format: 'pem' }) }),
    );
    const file = path.join(dir, 'allow.yaml');
    fs.writeFileSync(file, ALLOW_ALL);
    fs.writeFileSync(`${file}.sig`, sign(null, fs.readFileSync(file), privateKey).toString('base64'));
    const env = { XDG_CONFIG_HOME: root };
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-org2-cwd-'));
    const unapproved = loadPolicyTiers({ cwd, builtinDir: BUILTIN_DIR, env }).policies;
    assert.equal(evaluate(unapproved, [drop], ctx('production')).effect, 'deny');
    assert.match(
      unapproved.problems?.map((p) => p.message).join('\n') ?? '',
      /organization tier config .*organization\.json is not approved/,
    );
    approvePolicies(trustStorePath(env), [config]);
    const approved = loadPolicyTiers({ cwd, builtinDir: BUILTIN_DIR, env }).policies;
    assert.equal(evaluate(approved, [drop], ctx('production')).effect, 'allow');
  });
});

describe('environment aliases', () => {
  const set = loadPolicySet({ builtinDir: BUILTIN_DIR, trusted: true });

  it('resolves declared names and aliases case-insensitively', () => {
    assert.equal(canonicalEnvironment(set, 'prod'), 'production');
    assert.equal(canonicalEnvironment(set, 'PRD'), 'production');
    assert.equal(canonicalEnvironment(set, 'Production'), 'production');
    assert.equal(canonicalEnvironment(set, 'stg'), 'staging');
    assert.equal(canonicalEnvironment(set, 'dev'), 'development');
    assert.equal(canonicalEnvironment(set, 'prodd'), undefined);
    assert.deepEqual(resolveEnvironment(set, { explicitEnvironment: 'prod' }), {
      environment: 'production',
      reason: 'explicitly set as prod',
    });
  });

  it('a workspace policy can declare its own aliases', () => {
    const p = policyFrom(`${HEADER}environments:\n  production: { aliases: [prod-eu] }\n`);
    const withAlias: PolicySet = { ...set, entries: [{ policy: p, origin: 'workspace' }, ...set.entries] };
    assert.equal(canonicalEnvironment(withAlias, 'PROD-EU'), 'production');
  });
});

describe('facts subject', () => {
  const p = policyFrom(`${HEADER}dataClasses:
  pii: { tables: [patients] }
  synthetic: { tables: [synthetic_*] }
rules:
  - { id: synthetic-ok, match: { dataClass: synthetic }, effect: allow }
  - { id: agent-pii, match: { actor: agent, dataClass: pii }, effect: deny }
  - { id: reads-ask, match: { statementKind: SELECT, environment: production }, effect: ask }
  - { id: any-data-loss, match: { category: data-loss }, effect: warn }
`);
  const set: PolicySet = {
    entries: [{ policy: p, origin: 'builtin' }],
    trusted: true,
    hash: 'h',
    diagnostics: [],
  };
  const facts = (tables: string[], kinds = ['SELECT']) => ({
    statementKinds: kinds,
    tablesRead: tables,
    tablesWritten: [],
    columnsRead: [],
    columnsWritten: [],
    sinks: [],
    hosts: [],
    effects: [],
  });

  it('a fact-level rule judges a read with no finding; category rules never fire on facts', () => {
    const d = evaluate(set, [], ctx('development'), { facts: facts(['patients']) });
    assert.equal(d.effect, 'deny');
    assert.equal(d.findings[0]?.ruleId, 'facts');
    assert.deepEqual(d.facts?.dataClasses, ['pii']);
    const plain = evaluate(set, [], ctx('development'), { facts: facts(['orders']) });
    assert.equal(plain.effect, 'allow');
    assert.equal(plain.findings.length, 0, 'no rule matched the facts: nothing counted');
    assert.equal(evaluate(set, [], ctx('production'), { facts: facts(['orders']) }).effect, 'ask');
  });

  it('synthetic data is allowed; humans are not caught by the agent rule', () => {
    assert.equal(
      evaluate(set, [], ctx('development'), { facts: facts(['synthetic_patients']) }).effect,
      'allow',
    );
    assert.equal(
      evaluate(set, [], ctx('development', 'human'), { facts: facts(['patients']) }).effect,
      'allow',
    );
  });
});
