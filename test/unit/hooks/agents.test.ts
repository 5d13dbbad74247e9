import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decisionJson } from '../../../server/src/runtime/decision-json';
import { createDecisionEngine, type DecisionEngine } from '../../../server/src/daemon/engine';
import { runtimePaths } from '../../../server/src/daemon/paths';
import { AGENT_ADAPTERS, adapterFor, type AgentAdapter } from '../../../server/src/hooks/agents';
import { runAgentHook } from '../../../server/src/hooks/run';
import { hookRequest, verdictOf } from '../../../server/src/hooks/verdict';
import {
  ALLOW,
  ASK,
  DENY,
  fileCall,
  fixture,
  FIXTURE_OF,
  permissionOf,
  reasonOf,
  withCommand,
} from '../../fixtures/hooks';

describe('agent hook contracts (fixtures from the agents’ published formats)', () => {
  let engine: DecisionEngine;
  let tmp: string;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-hooks-'));
    engine = await createDecisionEngine({ cwd: tmp, watch: false });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const answer = (
    adapter: AgentAdapter,
    input: unknown,
    approval?: 'approved' | 'rejected',
  ): Record<string, unknown> => {
    const parsed = adapter.parse(input);
    let json: Record<string, unknown> | undefined;
    if (parsed.kind === 'command') {
      json = decisionJson(engine.decide(hookRequest(adapter, parsed, { USER: 'alice' })));
      if (approval)
        json = {
          ...json,
          effect: approval === 'approved' ? 'allow' : 'deny',
          approval: { status: approval },
        };
    }
    const a = adapter.answer(verdictOf(parsed, json, adapter));
    assert.equal(a.exitCode, 0);
    return JSON.parse(a.stdout) as Record<string, unknown>;
  };

  for (const adapter of AGENT_ADAPTERS) {
    const agent = adapter.name;
    describe(agent, () => {
      it('denies the production DROP TABLE with the reason and rule', () => {
        const out = answer(adapter, withCommand(agent, DENY));
        assert.equal(permissionOf(agent, out), 'deny');
        assert.match(reasonOf(out), /prod-agent-no-data-loss/);
      });
      it(`maps ask to ${adapter.supportsAsk ? "the agent's own ask" : 'deny (no ask in its hooks)'}`, () => {
        const out = answer(adapter, withCommand(agent, ASK));
        assert.equal(permissionOf(agent, out), adapter.supportsAsk ? 'ask' : 'deny');
      });
      it('stays neutral for an allowed command (the agent’s own permissions apply)', () => {
        const out = answer(adapter, withCommand(agent, ALLOW));
        assert.equal(permissionOf(agent, out), undefined);
      });
      it('allows explicitly only after a human approved the ask, and denies a rejected one', () => {
        assert.equal(permissionOf(agent, answer(adapter, withCommand(agent, ASK), 'approved')), 'allow');
        const rejected = answer(adapter, withCommand(agent, ASK), 'rejected');
        assert.equal(permissionOf(agent, rejected), 'deny');
        assert.match(reasonOf(rejected), /approval rejected/);
      });
      it('is neutral for an ordinary file call or an event Railguard does not judge', () => {
        assert.deepEqual(answer(adapter, fixture(FIXTURE_OF[agent]!.other)), {});
      });
      it('judges a file tool call by its path: writing a workspace policy (reading the token for Cursor) is denied', () => {
        const [file, content] =
          agent === 'cursor'
            ? ['/home/user/.railguard/run/token', '']
            : ['/home/user/my-project/.railguard/policies/x.yaml', 'rules: [{id: allow-all, effect: allow}]'];
        const parsed = adapter.parse(fileCall(agent, file, content));
        assert.equal(parsed.kind, 'command');
        if (parsed.kind === 'command') assert.equal(parsed.file?.path, agent === 'codex' ? file : file);
        const out = answer(adapter, fileCall(agent, file, content));
        assert.equal(permissionOf(agent, out), 'deny', JSON.stringify(out));
        assert.match(reasonOf(out), /file-control-write|agent-no-control-tamper/);
      });
      if (agent !== 'cursor')
        it('lints a SQL migration written through the file tool like a command', () => {
          const out = answer(
            adapter,
            fileCall(agent, '/home/user/my-project/migrations/001.sql', 'DROP TABLE users;'),
          );
          assert.equal(permissionOf(agent, out), adapter.supportsAsk ? 'ask' : 'deny', JSON.stringify(out));
          assert.match(reasonOf(out), /drop-table/);
        });
      it('answers malformed input safely (ask where possible, else deny), never throwing', () => {
        const bad: unknown[] = [
          undefined,
          null,
          42,
          'text',
          [],
          {},
          { tool_name: 'Bash', tool_input: { command: 7 } },
        ];
        if (agent === 'copilot-cli') bad.push({ toolName: 'bash', toolArgs: '{not json' });
        else if (agent === 'cursor') bad.push({ command: ['rm', '-rf', '/'] });
        else bad.push({ tool_input: { command: 'ls' } });
        for (const input of bad) {
          const parsed = adapter.parse(input);
          if (parsed.kind === 'skip') continue; // a foreign tool name is not malformed
          assert.equal(parsed.kind, 'malformed', JSON.stringify(input));
          const out = answer(adapter, input);
          assert.equal(permissionOf(agent, out), adapter.supportsAsk ? 'ask' : 'deny', JSON.stringify(input));
        }
      });
    });
  }

  it('passes the agent name, session id and OS user as the actor', () => {
    const adapter = adapterFor('claude-code')!;
    const parsed = adapter.parse(withCommand('claude-code', ALLOW));
    assert.equal(parsed.kind, 'command');
    if (parsed.kind !== 'command') return;
    const req = hookRequest(adapter, parsed, { USER: 'alice' });
    assert.deepEqual(req.actor, {
      type: 'agent',
      name: 'claude-code',
      sessionId: 'abc123',
      onBehalfOf: 'alice',
    });
    const d = engine.decide(req).decision;
    assert.equal(d.actor.type, 'agent');
    assert.equal(d.actor.name, 'claude-code');
  });

  it('reads Copilot CLI toolArgs given as an object too (SDK form)', () => {
    const parsed = adapterFor('copilot')!.parse({ toolName: 'bash', toolArgs: { command: 'ls' }, cwd: '/x' });
    assert.deepEqual(parsed, { kind: 'command', command: 'ls', cwd: '/x' });
  });

  it('quotes a Codex argv command back into shell text', () => {
    const parsed = adapterFor('codex')!.parse({
      tool_name: 'Bash',
      tool_input: { command: ['psql', '-c', 'DROP TABLE users'] },
    });
    assert.deepEqual(parsed, { kind: 'command', command: "psql -c 'DROP TABLE users'" });
  });
});

describe('runAgentHook without a daemon', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-nodaemon-'));
  const paths = runtimePaths({ RAILGUARD_RUNTIME_DIR: tmp });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const claude = adapterFor('claude-code')!;

  it('applies the fail rule: a production command is denied, a dev one warns', async () => {
    const prod = await runAgentHook(
      claude,
      JSON.stringify(withCommand('claude-code', "psql -h prod-db -c 'select 1'")),
      {
        paths,
        env: {},
        fallback: 'fail-rule',
      },
    );
    assert.equal(prod.path, 'fail-rule');
    const p = JSON.parse(prod.stdout) as Record<string, unknown>;
    assert.equal(permissionOf('claude-code', p), 'deny');
    assert.match(reasonOf(p), /looks like production/);
    const dev = await runAgentHook(claude, JSON.stringify(withCommand('claude-code', 'ls -la')), {
      paths,
      env: {},
      fallback: 'fail-rule',
    });
    const d = JSON.parse(dev.stdout) as Record<string, unknown>;
    assert.equal(permissionOf('claude-code', d), undefined);
    assert.match(String(d.systemMessage), /cannot judge/);
  });

  it('sees production in DATABASE_URL for the fail rule', async () => {
    const r = await runAgentHook(claude, JSON.stringify(withCommand('claude-code', 'psql -c "select 1"')), {
      paths,
      env: { DATABASE_URL: 'postgres://app@db.prd.example.com/app' },
      fallback: 'fail-rule',
    });
    assert.equal(permissionOf('claude-code', JSON.parse(r.stdout) as Record<string, unknown>), 'deny');
  });

  it('judges in process by default (same engine, same decision), and spools the decision', async () => {
    const spoolDir = path.join(tmp, 'spool');
    const r = await runAgentHook(claude, JSON.stringify(withCommand('claude-code', DENY)), {
      paths,
      env: {},
      spoolDir,
    });
    assert.equal(r.path, 'in-process');
    assert.equal(permissionOf('claude-code', JSON.parse(r.stdout) as Record<string, unknown>), 'deny');
    assert.equal(fs.readdirSync(spoolDir).length, 1, 'the decision waits in the spool for the daemon');
  });

  it('answers unreadable stdin without judging', async () => {
    const r = await runAgentHook(claude, '{"tool_name": "Bash", "tool_in', { paths, env: {} });
    assert.equal(r.path, 'none');
    assert.equal(permissionOf('claude-code', JSON.parse(r.stdout) as Record<string, unknown>), 'ask');
  });
});
