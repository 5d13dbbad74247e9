import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findDaemon, isFailure, postJson, type DaemonTarget } from '../../../server/src/daemon/client';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths } from '../../../server/src/daemon/paths';
import { request } from './helpers';

/**
 * The daemon decides with the policy set of each request's own folder (one prepared, watched set
 * per workspace), applies unapproved workspace policies as stricter-only, keeps a broken file's
 * last good version on hot reload and reports broken policy files in `/v1/health`.
 */
const policy = (name: string, body: string): string =>
  `apiVersion: railguard.dev/v1\nkind: Policy\nmetadata: { name: ${name} }\n${body}`;
const NO_TRUNCATE = policy(
  'team',
  'rules: [{id: no-truncate, match: {statementKind: TRUNCATE}, effect: deny}]\n',
);
const BROKEN = policy('team', 'rules:\n  - id: b\n    match: { actor: agnet }\n    effect: block\n');

async function waitFor(cond: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('daemon: policy per workspace, tiers and fail-closed reloads', () => {
  let tmp: string;
  let proj: string;
  let other: string;
  let daemon: RunningDaemon;
  let target: DaemonTarget;

  const decideIn = async (cwd: string, text: string, env?: string): Promise<Record<string, unknown>> => {
    const r = await postJson(
      target,
      '/v1/decide',
      {
        action: { kind: 'shell', text, cwd },
        actor: 'agent:claude-code',
        source: 'agent-hook',
        ...(env ? { hints: { environment: env } } : {}),
      },
      30_000,
    );
    assert.ok(!isFailure(r), JSON.stringify(r));
    return r as Record<string, unknown>;
  };
  const health = async (): Promise<Record<string, unknown>> =>
    (await request(target, target.token, 'GET', '/v1/health')).json;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-daemon-tiers-'));
    process.env.XDG_CONFIG_HOME = path.join(tmp, 'config');
    proj = path.join(tmp, 'proj');
    other = path.join(tmp, 'other');
    for (const d of [proj, other]) {
      fs.mkdirSync(path.join(d, '.railguard', 'policies'), { recursive: true });
      fs.mkdirSync(path.join(d, '.git'));
      fs.mkdirSync(path.join(d, 'sub'));
    }
    fs.writeFileSync(path.join(other, '.railguard/policies/team.yaml'), NO_TRUNCATE);
    daemon = await startDaemon({
      paths: runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') }),
      cwd: proj,
      approvalTimeoutMs: 200,
      record: { auditDir: path.join(tmp, 'audit'), outboxDir: path.join(tmp, 'outbox') },
    });
    const t = findDaemon(daemon.paths);
    assert.ok(t);
    target = t;
  });
  after(async () => {
    await daemon?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("applies other/'s policy to a call whose cwd is in other/, and proj's to one in proj/", async () => {
    const text = `psql -c 'TRUNCATE events'`;
    assert.equal((await decideIn(path.join(other, 'sub'), text, 'development')).effect, 'deny');
    assert.notEqual((await decideIn(proj, text, 'development')).effect, 'deny');
  });

  it('also for an agent hook call (Claude Code JSON) naming its cwd', async () => {
    const r = await request(target, target.token, 'POST', '/v1/hooks/claude-code', {
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: `psql -h localhost -c 'TRUNCATE events'` },
      cwd: other,
      session_id: 's',
    });
    assert.match(r.text, /"permissionDecision":"deny"/);
    assert.match(r.text, /team\/no-truncate/);
  });

  it('an allow-all workspace policy written by the agent does not loosen a production DROP TABLE', async () => {
    fs.writeFileSync(
      path.join(proj, '.railguard/policies/x.yaml'),
      policy('x', 'rules: [{id: allow-all, effect: allow}]\n'),
    );
    const unapproved = await waitFor(async () => {
      const h = await health();
      return JSON.stringify(h.policies).includes('x.yaml is not approved');
    }, 5000);
    assert.ok(unapproved, 'the reload reports the unapproved file');
    const d = await decideIn(proj, `psql -h prod-db -c 'DROP TABLE users'`);
    assert.equal(d.effect, 'deny', String(d.reason));
  });

  it('keeps the last good version of a file that breaks on reload, and health says so', async () => {
    const file = path.join(proj, '.railguard/policies/team.yaml');
    fs.writeFileSync(file, NO_TRUNCATE);
    const text = `psql -c 'TRUNCATE events'`;
    assert.ok(await waitFor(async () => (await decideIn(proj, text, 'development')).effect === 'deny', 5000));
    fs.writeFileSync(file, BROKEN);
    assert.ok(await waitFor(async () => (await health()).ok === false, 5000), 'health turns red');
    const h = await health();
    const policies = h.policies as {
      root: string;
      problems: { file: string; kind: string; lastGood: boolean }[];
      diagnostics: unknown[];
    }[];
    const mine = policies.find((p) => p.root === proj);
    assert.ok(mine);
    assert.deepEqual(
      mine.problems.filter((p) => p.kind === 'broken').map((p) => [path.basename(p.file), p.lastGood]),
      [['team.yaml', true]],
    );
    assert.ok(mine.diagnostics.length > 0);
    assert.equal(
      (await decideIn(proj, text, 'development')).effect,
      'deny',
      'the last good version stays in force',
    );
  });

  it('with no good version, a production decision in that workspace is at least ask', async () => {
    const fresh = path.join(tmp, 'fresh');
    fs.mkdirSync(path.join(fresh, '.railguard/policies'), { recursive: true });
    fs.writeFileSync(path.join(fresh, '.railguard/policies/bad.yaml'), BROKEN);
    const d = await decideIn(fresh, 'ls -la', 'prod');
    assert.equal(d.effect, 'ask');
    assert.match(String(d.failClosed), /bad\.yaml does not load/);
  });
});
