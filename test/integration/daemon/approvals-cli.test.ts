import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { latestEvents } from '../../../extension/src/audit/trail';
import { runApprovalsCommand } from '../../../server/src/cli/approvals';
import type { CliIo } from '../../../server/src/cli/io';
import { main } from '../../../server/src/cli/main';
import { decideAcked, findDaemon, isFailure, type DaemonTarget } from '../../../server/src/daemon/client';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths, type RuntimePaths } from '../../../server/src/daemon/paths';
import { watchApprovals } from '../../../server/src/daemon/approvals-client';
import { permissionOf, withCommand } from '../../fixtures/hooks';

/**
 * Issue 12: `railguard approvals` answers agents' asks waiting in a standalone daemon (no editor).
 * A real daemon, the real bash agent hook client (Claude Code's hook), the CLI in process with a
 * scripted terminal.
 */
const CLIENT = path.resolve(__dirname, '../../../server/src/hooks/shell/agent-hook.bash');

function runHook(
  command: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [CLIENT, 'claude-code'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.homedir(), ...env },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
    child.stdin.end(JSON.stringify(withCommand('claude-code', command)));
  });
}

/** A {@link CliIo} capturing what is written. */
function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    readStdin: () => Promise.resolve(''),
    isTTY: false,
  };
  return io;
}

async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out after ${ms} ms waiting for ${what}`);
}

describe('railguard approvals against a real daemon', () => {
  let tmp: string;
  let paths: RuntimePaths;
  let daemon: RunningDaemon;
  let env: Record<string, string>;
  let target: DaemonTarget;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-approvals-'));
    paths = runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') });
    daemon = await startDaemon({
      paths,
      cwd: tmp,
      watch: false,
      approvalTimeoutMs: 20_000,
      record: { auditDir: path.join(tmp, 'audit'), outboxDir: path.join(tmp, 'outbox') },
    });
    // A generous acknowledgement time: the machine running the tests may be busy (the bound on a
    // silent daemon is tested in agent-hook-client.test.ts).
    env = { RAILGUARD_RUNTIME_DIR: paths.dir, USER: 'alice', RAILGUARD_TIMEOUT: '15' };
    const t = findDaemon(paths);
    assert.ok(t);
    target = t;
  });
  after(async () => {
    await daemon?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const agentAsk = {
    action: { kind: 'shell', text: "psql -h devbox -c 'DROP TABLE orders'" },
    actor: 'agent:claude-code',
    source: 'agent-hook',
  };

  it('with no session attached, an agent ask is unavailable at once (as before)', async () => {
    const r = await decideAcked(target, agentAsk, 5000, 5000);
    assert.ok(!isFailure(r), JSON.stringify(r));
    assert.equal(r.effect, 'ask');
    assert.equal((r.approval as { status: string }).status, 'unavailable');
  });

  it('a session answers: approved ⇒ the hook allows, rejected ⇒ it denies; audit names the approver', async () => {
    const approve = "psql postgres://app:s3cretpass@devbox/app -c 'DROP TABLE approve_me'";
    const reject = "psql -h devbox -c 'DROP TABLE reject_me'";
    const questions: string[] = [];
    let listed = '';
    let done = false;
    const io = capture();
    const session = runApprovalsCommand([], io, {
      stdinIsTTY: true,
      paths,
      user: 'alice',
      closed: () => done,
      ask: async (q) => {
        questions.push(io.err);
        assert.match(q, /Approve\? \[y\/n\/s\(kip\)\/q\]/);
        // While the question is on screen the ask is listed, masked, by a read-only client.
        const json = capture();
        assert.equal(await runApprovalsCommand(['list', '--json'], json, { paths }), 0);
        listed += json.out;
        return questions.length === 1 ? 'y' : 'n';
      },
    });
    await until(
      async () => ((await (await fetchList()).attached) as boolean) === true,
      10_000,
      'the session to attach',
    );
    const a = await runHook(approve, env);
    assert.equal(
      permissionOf('claude-code', JSON.parse(a.stdout) as Record<string, unknown>),
      'allow',
      a.stdout,
    );
    const b = await runHook(reject, env);
    assert.equal(
      permissionOf('claude-code', JSON.parse(b.stdout) as Record<string, unknown>),
      'deny',
      b.stdout,
    );
    done = true;
    assert.equal(await session, 0);
    assert.equal(questions.length, 2);
    assert.match(io.err, /agent:claude-code for alice in development/);
    assert.match(io.err, /default\/ask-data-loss/);
    assert.match(io.err, /approved as human:alice/);
    assert.match(io.err, /rejected as human:alice/);
    assert.doesNotMatch(io.err + listed, /s3cretpass/, 'secrets are masked wherever the ask is shown');
    const pending = (JSON.parse(listed.split('\n')[0] ?? '{}') as { pending: { action: { text: string } }[] })
      .pending;
    assert.match(pending[0]?.action.text ?? '', /DROP TABLE approve_me/);
    await until(
      () => (daemon.recorder?.health() as { audit: { queued: number } }).audit.queued === 0,
      10_000,
      'the audit queue to drain',
    );
    const events = await latestEvents(path.join(tmp, 'audit'), 1000);
    const ofA = events.find((e) => e.what.text.includes('approve_me'));
    const ofB = events.find((e) => e.what.text.includes('reject_me'));
    assert.equal(ofA?.outcome.approval, 'approved');
    assert.equal(ofA?.outcome.effect, 'allow');
    assert.equal(ofA?.identity.approver, 'human:alice via railguard approvals');
    assert.equal(ofB?.outcome.approval, 'rejected');
    assert.equal(ofB?.outcome.effect, 'deny');
    // Detached again: the next ask is unavailable at once.
    const r = await decideAcked(target, agentAsk, 5000, 5000);
    assert.ok(!isFailure(r));
    assert.equal((r.approval as { status: string }).status, 'unavailable');
  });

  async function fetchList(): Promise<Record<string, unknown>> {
    const io = capture();
    await runApprovalsCommand(['list', '--json'], io, { paths });
    return JSON.parse(io.out) as Record<string, unknown>;
  }

  it('answering needs a terminal; usage errors exit 2; no daemon exits 3', async () => {
    const io = capture();
    await assert.rejects(runApprovalsCommand([], io, { stdinIsTTY: false, paths }), /stdin is not a TTY/);
    const viaMain = capture();
    const saved = process.env.RAILGUARD_RUNTIME_DIR;
    process.env.RAILGUARD_RUNTIME_DIR = paths.dir;
    try {
      assert.equal(await main(['approvals', 'frobnicate'], viaMain), 2);
      assert.match(viaMain.err, /expected nothing or "list"/);
      assert.equal(await main(['approvals', '--help'], viaMain), 0);
      assert.match(viaMain.out, /railguard approvals list \[--json\]/);
    } finally {
      if (saved === undefined) delete process.env.RAILGUARD_RUNTIME_DIR;
      else process.env.RAILGUARD_RUNTIME_DIR = saved;
    }
    const none = capture();
    const empty = runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'nothing-here') });
    assert.equal(await runApprovalsCommand(['list'], none, { paths: empty }), 3);
    assert.match(none.err, /no daemon is running/);
  });
});

describe('an approvals session stays attached', () => {
  it('is told it is attached before any ask, and is not cut by the daemon request deadline', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-approvals-watch-'));
    const paths = runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') });
    const daemon = await startDaemon({
      paths,
      cwd: tmp,
      watch: false,
      record: false,
      limits: { headersTimeoutMs: 300, requestTimeoutMs: 300 },
    });
    try {
      const target = findDaemon(paths);
      assert.ok(target);
      const watch = watchApprovals(target, () => undefined);
      await watch.ready; // no ask is pending: the headers alone say it is attached
      let ended = false;
      void watch.ended.then(() => (ended = true));
      await new Promise((r) => setTimeout(r, 1200));
      assert.equal(ended, false, 'the watch outlives the request deadline');
      const io = capture();
      await runApprovalsCommand(['list', '--json'], io, { paths });
      assert.equal((JSON.parse(io.out) as { attached: boolean }).attached, true);
      watch.close();
      await watch.ended;
    } finally {
      await daemon.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
