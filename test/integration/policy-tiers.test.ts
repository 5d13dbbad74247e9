import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { approvePolicies, trustStorePath } from '../../server/src/runtime/trust-store';

/**
 * Policy tiers, fail-closed loading, per-folder policy, environment aliases, facts and SQL
 * detection through the real CLI bundle (`npm run build` first), each in its own temp config
 * folder (`XDG_CONFIG_HOME`) so the user's own approvals never leak in.
 */
const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'dist/railguard.js');

interface Sandbox {
  dir: string;
  proj: string;
  config: string;
  env: NodeJS.ProcessEnv;
}

function sandbox(): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-tiers-'));
  const proj = path.join(dir, 'proj');
  fs.mkdirSync(path.join(proj, '.railguard', 'policies'), { recursive: true });
  fs.mkdirSync(path.join(proj, 'migrations'));
  fs.mkdirSync(path.join(proj, '.git'));
  const config = path.join(dir, 'config');
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: config, HOME: dir };
  for (const k of ['DATABASE_URL', 'PGHOST', 'AWS_PROFILE', 'KUBECONFIG', 'CLAUDECODE', 'GEMINI_CLI'])
    delete env[k];
  return { dir, proj, config, env };
}

function cli(
  sb: Sandbox,
  args: string[],
  cwd = sb.proj,
  input = '',
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, cwd, encoding: 'utf8', env: sb.env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const policy = (name: string, body: string): string =>
  `apiVersion: railguard.dev/v1\nkind: Policy\nmetadata: { name: ${name} }\n${body}`;

const ALLOW_ALL = policy('x', 'rules: [{id: allow-all, effect: allow}]\n');
const DROP = `psql -h prod-db -c 'DROP TABLE users'`;
const AGENT = ['--actor', 'agent:claude-code'];

describe('policy tiers: an unapproved workspace policy only tightens', () => {
  it('an agent-written allow-all workspace policy does not loosen a production DROP TABLE', () => {
    const sb = sandbox();
    fs.writeFileSync(path.join(sb.proj, '.railguard/policies/x.yaml'), ALLOW_ALL);
    const r = cli(sb, ['check', '--json', ...AGENT, '--', DROP]);
    assert.equal(r.code, 20, r.stdout + r.stderr);
    const d = JSON.parse(r.stdout) as { effect: string; policyProblems: { kind: string; message: string }[] };
    assert.equal(d.effect, 'deny');
    assert.match(r.stderr, /workspace policy .*x\.yaml is not approved; applied as stricter-only/);
    assert.equal(d.policyProblems[0]?.kind, 'unapproved');
  });

  it('applies the same file fully once a human approved its exact content, and not after it changes', () => {
    const sb = sandbox();
    const file = path.join(sb.proj, '.railguard/policies/x.yaml');
    fs.writeFileSync(file, ALLOW_ALL);
    approvePolicies(trustStorePath(sb.env), [file]);
    const approved = cli(sb, ['check', ...AGENT, '--', DROP]);
    assert.equal(approved.code, 0, approved.stdout + approved.stderr);
    assert.match(approved.stdout, /\(workspace x\/allow-all\)/);
    fs.appendFileSync(file, '# edited by the agent\n');
    const changed = cli(sb, ['check', ...AGENT, '--', DROP]);
    assert.equal(changed.code, 20, changed.stdout);
    assert.match(changed.stderr, /x\.yaml changed since approval; applied as stricter-only/);
  });

  it('a stricter unapproved workspace rule still applies', () => {
    const sb = sandbox();
    fs.writeFileSync(
      path.join(sb.proj, '.railguard/policies/strict.yaml'),
      policy('strict', 'rules: [{id: no-drops, match: {statementKind: DROP TABLE}, effect: deny}]\n'),
    );
    const r = cli(sb, [
      'check',
      '--actor',
      'human:alice',
      '--env',
      'development',
      '--',
      `psql -c 'DROP TABLE t'`,
    ]);
    assert.equal(r.code, 20, r.stdout);
    assert.match(r.stdout, /\(workspace strict\/no-drops\)/);
  });

  it('a user-tier policy is read from $XDG_CONFIG_HOME/railguard/policies and is stricter-only until approved', () => {
    const sb = sandbox();
    fs.mkdirSync(path.join(sb.config, 'railguard/policies'), { recursive: true });
    fs.writeFileSync(path.join(sb.config, 'railguard/policies/mine.yaml'), ALLOW_ALL);
    const r = cli(sb, ['check', ...AGENT, '--', DROP]);
    assert.equal(r.code, 20, r.stdout);
    assert.match(r.stderr, /user policy .*mine\.yaml is not approved/);
  });

  it('policy trust refuses without a terminal (an agent has none) and approves nothing', () => {
    const sb = sandbox();
    const file = path.join(sb.proj, '.railguard/policies/x.yaml');
    fs.writeFileSync(file, ALLOW_ALL);
    const r = cli(sb, ['policy', 'trust', file]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /needs a human at a terminal/);
    assert.equal(fs.existsSync(trustStorePath(sb.env)), false);
    const status = cli(sb, ['policy', 'status']);
    assert.match(status.stdout, /workspace +stricter-only .*x\.yaml/);
  });
});

describe('a broken policy fails closed', () => {
  const BROKEN = policy('bad', 'rules:\n  - id: b\n    match: { actor: agnet }\n    effect: block\n');

  it('check exits 3, names the file, and production decisions become at least ask', () => {
    const sb = sandbox();
    fs.writeFileSync(path.join(sb.proj, '.railguard/policies/bad.yaml'), BROKEN);
    const r = cli(sb, ['check', '--env', 'production', ...AGENT, '--', 'ls -la']);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /^ASK: ask: workspace policy .*bad\.yaml does not load \(failing closed/);
    assert.match(r.stderr, /bad\.yaml:\d+:\d+: error/);
    const dev = cli(sb, ['check', '--env', 'development', ...AGENT, '--', 'ls -la']);
    assert.equal(dev.code, 3);
    assert.match(dev.stdout, /^WARN: /);
  });

  it('check --policy with a broken file says why and exits 3, never the looser built-in answer', () => {
    const sb = sandbox();
    const bad = path.join(sb.dir, 'bad.yaml');
    fs.writeFileSync(bad, BROKEN);
    const r = cli(sb, ['check', '--policy', bad, '--json', '--env', 'production', '--', 'ls']);
    assert.equal(r.code, 3);
    const d = JSON.parse(r.stdout) as { effect: string; failClosed: string };
    assert.equal(d.effect, 'ask');
    assert.match(d.failClosed, /bad\.yaml does not load/);
  });
});

describe('the same decision wherever you stand in the workspace', () => {
  it('check in proj/migrations decides like in proj (policies found by walking up)', () => {
    const sb = sandbox();
    const file = path.join(sb.proj, '.railguard/policies/team.yaml');
    fs.writeFileSync(
      file,
      policy('team', 'rules: [{id: no-truncate, match: {statementKind: TRUNCATE}, effect: deny}]\n'),
    );
    const text = `psql -c 'TRUNCATE events'`;
    const top = cli(sb, ['check', '--env', 'development', '--', text]);
    const sub = cli(sb, ['check', '--env', 'development', '--', text], path.join(sb.proj, 'migrations'));
    assert.equal(top.code, 20, top.stdout);
    assert.equal(sub.code, 20, sub.stdout);
    assert.equal(sub.stdout, top.stdout);
  });

  it("an agent hook judged in process (no daemon) applies the policy of the hook's cwd, not the process's", () => {
    const sb = sandbox();
    fs.writeFileSync(
      path.join(sb.proj, '.railguard/policies/team.yaml'),
      policy('team', 'rules: [{id: no-truncate, match: {statementKind: TRUNCATE}, effect: deny}]\n'),
    );
    sb.env.RAILGUARD_RUNTIME_DIR = path.join(sb.dir, 'run');
    const hookInput = JSON.stringify({
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: `psql -h localhost -c 'TRUNCATE events'` },
      cwd: path.join(sb.proj, 'migrations'),
      session_id: 's',
    });
    const r = cli(sb, ['hook', 'claude-code'], sb.dir, hookInput);
    assert.match(r.stdout, /"permissionDecision":\s*"deny"/, r.stdout + r.stderr);
    assert.match(r.stdout, /team\/no-truncate/);
  });

  it('a nested .railguard or git init does not step out of the team policy', () => {
    const sb = sandbox();
    fs.writeFileSync(
      path.join(sb.proj, '.railguard/policies/team.yaml'),
      policy('team', 'rules: [{id: no-truncate, match: {statementKind: TRUNCATE}, effect: deny}]\n'),
    );
    const escape = path.join(sb.proj, 'escape');
    fs.mkdirSync(path.join(escape, '.railguard/policies'), { recursive: true });
    fs.mkdirSync(path.join(escape, '.git'));
    fs.writeFileSync(path.join(escape, '.railguard/policies/loose.yaml'), ALLOW_ALL);
    const r = cli(sb, ['check', '--env', 'development', '--', `psql -c 'TRUNCATE events'`], escape);
    assert.equal(r.code, 20, r.stdout + r.stderr);
  });
});

describe('environment names', () => {
  it('--env prod, PRD and Production decide like production; an unknown name is a usage error', () => {
    const sb = sandbox();
    const text = `psql -c 'DROP TABLE users'`;
    const full = cli(sb, ['check', '--env', 'production', ...AGENT, '--', text]);
    assert.equal(full.code, 20);
    for (const name of ['prod', 'PRD', 'Production', 'live']) {
      const r = cli(sb, ['check', '--json', '--env', name, ...AGENT, '--', text]);
      assert.equal(r.code, 20, `${name}: ${r.stdout}`);
      assert.equal((JSON.parse(r.stdout) as { environment: string }).environment, 'production');
    }
    const stg = cli(sb, ['check', '--json', '--env', 'stg', '--', text]);
    assert.equal((JSON.parse(stg.stdout) as { environment: string }).environment, 'staging');
    const bad = cli(sb, ['check', '--env', 'prodd', '--', text]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown environment "prodd" \(known: production \(prod, prd, live\), staging/);
  });
});

describe('facts matchable by policy', () => {
  const CLASSES = `dataClasses:
  pii: { tables: [patients] }
  synthetic: { tables: [synthetic_patients] }
rules:
  - { id: synthetic-ok, match: { dataClass: [synthetic] }, effect: allow }
  - { id: no-agent-pii, match: { actor: agent, dataClass: [pii] }, effect: deny }
`;

  function withClasses(): Sandbox {
    const sb = sandbox();
    const file = path.join(sb.proj, '.railguard/policies/data.yaml');
    fs.writeFileSync(file, policy('data', CLASSES));
    approvePolicies(trustStorePath(sb.env), [file]);
    return sb;
  }

  it('a read-only SELECT of PII by an agent is denied by a dataClass rule though no risk rule fired', () => {
    const sb = withClasses();
    const r = cli(sb, ['check', '--json', '--kind', 'sql', ...AGENT, '--', 'SELECT name, ssn FROM patients']);
    assert.equal(r.code, 20, r.stdout + r.stderr);
    const d = JSON.parse(r.stdout) as {
      findings: { ruleId: string; decidedBy: string; tier: string }[];
      facts: { tablesRead: string[]; dataClasses: string[]; statementKinds: string[] };
    };
    assert.deepEqual(
      d.findings.map((f) => [f.ruleId, f.decidedBy, f.tier]),
      [['facts', 'data/no-agent-pii', 'workspace']],
    );
    assert.deepEqual(d.facts.tablesRead, ['patients']);
    assert.deepEqual(d.facts.dataClasses, ['pii']);
    assert.deepEqual(d.facts.statementKinds, ['SELECT']);
    const human = cli(sb, [
      'check',
      '--kind',
      'sql',
      '--actor',
      'human:alice',
      '--',
      'SELECT name FROM patients',
    ]);
    assert.equal(human.code, 0, human.stdout);
  });

  it('an export of PII through psql is denied too; synthetic data is allowed', () => {
    const sb = withClasses();
    const exp = cli(sb, ['check', ...AGENT, '--', `psql -c 'SELECT * FROM patients' > /tmp/out.csv`]);
    assert.equal(exp.code, 20, exp.stdout);
    const syn = cli(sb, ['check', ...AGENT, '--kind', 'sql', '--', 'SELECT name FROM synthetic_patients']);
    assert.equal(syn.code, 0, syn.stdout);
    assert.match(syn.stdout, /^ALLOW: allow: agent claude-code in development: facts .*data\/synthetic-ok/);
  });

  it('explain shows the facts', () => {
    const sb = withClasses();
    const r = cli(sb, ['explain', ...AGENT, '--kind', 'sql', '--', 'SELECT ssn FROM patients']);
    assert.match(
      r.stdout,
      /Facts \(matchable by policy\):\n {2}statementKinds: SELECT\n {2}tablesRead: patients/,
    );
    assert.match(r.stdout, /dataClasses: pii/);
  });
});

describe('check without --kind', () => {
  it('judges SQL text as SQL and says so; shell stays shell', () => {
    const sb = sandbox();
    const r = cli(sb, ['check', '--json', '--env', 'production', ...AGENT, '--', 'DROP TABLE users']);
    assert.equal(r.code, 20, r.stdout);
    const d = JSON.parse(r.stdout) as { kindAssumed: string; findings: { ruleId: string }[] };
    assert.equal(d.kindAssumed, 'sql');
    assert.ok(d.findings.some((f) => f.ruleId === 'drop-table'));
    assert.match(r.stderr, /judged as SQL \(no --kind given/);
    const sh = cli(sb, ['check', '--json', '--', 'ls -la']);
    assert.equal((JSON.parse(sh.stdout) as { kindAssumed: string }).kindAssumed, 'shell');
    const explicit = cli(sb, ['check', '--json', '--kind', 'shell', '--', 'ls']);
    assert.equal((JSON.parse(explicit.stdout) as { kindAssumed?: string }).kindAssumed, undefined);
  });
});
