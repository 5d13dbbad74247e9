/**
 * The portable hook command written into files a team commits (`portableHookCommand`,
 * server/src/hooks/layout.ts), run as agents run it: `sh -c COMMAND` with the hook JSON on stdin.
 * With a `railguard` on PATH its answer passes through unchanged and it got the hook JSON; with
 * none, or one that fails or prints nothing, the call is blocked (fail closed) in each agent's own
 * deny format, exit 0 (Claude Code, VS Code and Gemini CLI read JSON only on exit 0).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AGENT_ADAPTERS } from '../../../server/src/hooks/agents';
import { MARKER } from '../../../server/src/hooks/install';
import { findOnPath, NOT_ON_PATH, portableHookCommand } from '../../../server/src/hooks/layout';
import { DENY, permissionOf, reasonOf, withCommand } from '../../fixtures/hooks';

/** A PATH with `sh`'s usual tools but no `railguard` (the folders of sh, printf and cat). */
const BASE_PATH = [
  ...new Set(['sh', 'cat'].map((t) => path.dirname(findOnPath(t, process.env.PATH) ?? '/bin/x'))),
].join(':');

describe('portable hook command', () => {
  let tmp: string;
  const bin = (name: string, script: string): string => {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'railguard'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    return dir;
  };
  const run = (agent: string, pathVar: string): { status: number | null; stdout: string; stderr: string } => {
    const r = spawnSync('sh', ['-c', portableHookCommand(agent)], {
      input: JSON.stringify(withCommand(agent, DENY)),
      encoding: 'utf8',
      env: { PATH: pathVar, HOME: tmp },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-portable-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('has no path of this machine and is recognised as Railguard', () => {
    for (const a of AGENT_ADAPTERS) {
      const c = portableHookCommand(a.name);
      assert.ok(!c.includes(os.homedir()) && !c.includes(process.execPath) && !c.includes(tmp), c);
      assert.ok(MARKER.test(JSON.stringify(c)), c);
      assert.ok(c.startsWith(`answer=$(railguard hook ${a.name}) `), c);
    }
    assert.equal(findOnPath('railguard', BASE_PATH), undefined, `no railguard in ${BASE_PATH}`);
  });

  it('no railguard on PATH: reads the whole input before it denies (the agent gets no EPIPE)', async () => {
    const child = spawn('sh', ['-c', portableHookCommand('cursor')], { env: { PATH: BASE_PATH, HOME: tmp } });
    let out = '';
    let writeError: unknown;
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stdin.on('error', (e) => (writeError = e));
    // Written in pieces after the command had time to give up: an unread pipe then fails the write.
    await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 64; i++) child.stdin.write('x'.repeat(16 * 1024));
    child.stdin.end('\n');
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    assert.equal(writeError, undefined, String(writeError));
    assert.equal(code, 0);
    assert.equal((JSON.parse(out) as { permission?: string }).permission, 'deny');
  });

  for (const a of AGENT_ADAPTERS) {
    it(`${a.name}: no railguard on PATH ⇒ the agent's own deny, exit 0`, () => {
      const r = run(a.name, BASE_PATH);
      assert.equal(r.status, 0, r.stderr);
      const answer = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.equal(permissionOf(a.name, answer), 'deny', r.stdout);
      assert.match(reasonOf(answer), /railguard is not on PATH/);
      assert.equal(reasonOf(answer).includes(NOT_ON_PATH), true);
    });
  }

  it('a railguard on PATH answers: its output passes through, it got `hook AGENT` and the hook JSON', () => {
    const dir = bin('ok', `printf '{"argv":"%s %s","stdin":%s}\\n' "$1" "$2" "$(cat)"`);
    const r = run('claude-code', `${dir}:${BASE_PATH}`);
    assert.equal(r.status, 0, r.stderr);
    const answer = JSON.parse(r.stdout) as { argv: string; stdin: unknown };
    assert.equal(answer.argv, 'hook claude-code');
    assert.deepEqual(answer.stdin, withCommand('claude-code', DENY));
  });

  it('a railguard that fails, or prints nothing, blocks the call too', () => {
    for (const [name, script] of [
      ['crash', 'echo boom >&2; exit 1'],
      ['silent', 'cat >/dev/null; exit 0'],
      ['killed', 'kill -9 $$'],
    ] as const) {
      const r = run('cursor', `${bin(name, script)}:${BASE_PATH}`);
      assert.equal(r.status, 0, `${name}: ${r.stderr}`);
      assert.equal(permissionOf('cursor', JSON.parse(r.stdout) as Record<string, unknown>), 'deny', name);
    }
  });
});
