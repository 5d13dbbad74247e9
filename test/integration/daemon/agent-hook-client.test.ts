/**
 * The agent hook client (`server/src/hooks/shell/agent-hook.bash`) in real bash against a real
 * daemon on a loopback port: every agent's fixture gets the same answer as the Node hook, the
 * caller's environment reaches the decision, an `ask` waits for the approver, and whenever the
 * daemon cannot answer (down, wrong token, silent) the hook JSON is handed to the fallback command.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApprovalRequest } from '../../../server/src/daemon/approvals';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths, type RuntimePaths } from '../../../server/src/daemon/paths';
import { AGENT_ADAPTERS } from '../../../server/src/hooks/agents';
import { runAgentHook } from '../../../server/src/hooks/run';
import { ASK, DENY, FIXTURE_OF, permissionOf, reasonOf, withCommand } from '../../fixtures/hooks';
import { PlannedApprover } from './helpers';

const CLIENT = path.resolve(__dirname, '../../../server/src/hooks/shell/agent-hook.bash');
/** A fallback that proves it ran and got the hook JSON: prints `FALLBACK <agent>` and its stdin. */
const ECHO_FALLBACK = ['sh', '-c', 'printf "FALLBACK %s\\n" "$0"; cat'];

interface Run {
  code: number | null;
  /** The signal that ended the client, if one did (SIGPIPE: it wrote to a closed connection). */
  signal?: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the client in bash with `input` on stdin (env: only what is given, plus PATH and HOME). */
function runClient(args: string[], input: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [CLIENT, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.homedir(), ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('agent hook client (bash /dev/tcp) against a real daemon', () => {
  let tmp: string;
  let daemon: RunningDaemon;
  let paths: RuntimePaths;
  let env: Record<string, string>;
  const approver = new PlannedApprover((r: ApprovalRequest) =>
    r.action.text.includes('approve_me') ? 'approved' : 'rejected',
  );

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-agent-hook-'));
    paths = runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') });
    daemon = await startDaemon({
      paths,
      cwd: tmp,
      approvals: approver,
      approvalTimeoutMs: 5000,
      record: { auditDir: path.join(tmp, 'audit'), outboxDir: path.join(tmp, 'outbox') },
    });
    env = { RAILGUARD_RUNTIME_DIR: paths.dir, USER: 'alice' };
  });
  after(async () => {
    await daemon?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  for (const adapter of AGENT_ADAPTERS) {
    it(`${adapter.name}: answers as the Node hook does, through the daemon`, async () => {
      assert.ok(FIXTURE_OF[adapter.name], `a fixture for ${adapter.name}`);
      for (const command of [DENY, ASK, 'echo ok']) {
        const input = JSON.stringify(withCommand(adapter.name, command));
        const viaBash = await runClient([...ECHO_FALLBACK, adapter.name], input, env);
        assert.doesNotMatch(viaBash.stdout, /^FALLBACK/, `${command}: the daemon answered, not the fallback`);
        const viaNode = await runAgentHook(adapter, input, { paths, env: { USER: 'alice' } });
        assert.equal(viaNode.path, 'daemon');
        assert.equal(viaBash.stdout, viaNode.stdout, `${adapter.name}: ${command}`);
        assert.equal(viaBash.code, viaNode.exitCode);
      }
      const denied = JSON.parse(
        (await runClient([adapter.name], JSON.stringify(withCommand(adapter.name, DENY)), env)).stdout,
      ) as Record<string, unknown>;
      assert.equal(permissionOf(adapter.name, denied), 'deny');
    });
  }

  it('denies an agent switching Railguard off, in development, through the real client and daemon (issue 10)', async () => {
    for (const command of [
      'export RAILGUARD_RUNTIME_DIR=/tmp/x',
      'railguard hooks uninstall',
      'kill -9 $(cat "$RAILGUARD_RUNTIME_DIR/daemon.pid")',
      'kill $(jq .pid ~/.railguard/run/endpoint.json)',
      'pkill -f railguard',
      'claude --dangerously-skip-permissions -p "drop the table"',
    ]) {
      const out = await runClient(['claude-code'], JSON.stringify(withCommand('claude-code', command)), env);
      const answer = JSON.parse(out.stdout) as Record<string, unknown>;
      assert.equal(permissionOf('claude-code', answer), 'deny', `${command}: ${out.stdout}`);
      assert.match(reasonOf(answer), /in development: .*agent-no-control-tamper/, command);
    }
  });

  it('judges file tools through the real client: a workspace policy written with Write is denied', async () => {
    const write = {
      ...withCommand('claude-code', 'true'),
      tool_name: 'Write',
      tool_input: {
        file_path: path.join(tmp, '.railguard', 'policies', 'x.yaml'),
        content: 'rules: [{id: allow-all, effect: allow}]\n',
      },
    };
    const out = await runClient(['claude-code'], JSON.stringify(write), env);
    const answer = JSON.parse(out.stdout) as Record<string, unknown>;
    assert.equal(permissionOf('claude-code', answer), 'deny', out.stdout);
    assert.match(reasonOf(answer), /file-control-write/);
    const ordinary = { ...write, tool_input: { file_path: path.join(tmp, 'src', 'a.ts'), content: 'x' } };
    assert.equal((await runClient(['claude-code'], JSON.stringify(ordinary), env)).stdout.trim(), '{}');
  });

  it("judges with the caller's environment (DATABASE_URL names production) and cwd", async () => {
    const input = JSON.stringify(withCommand('claude-code', "psql -c 'DROP TABLE users'"));
    const dev = await runClient(['claude-code'], input, {
      ...env,
      DATABASE_URL: 'postgres://localhost/app_dev',
    });
    assert.match(reasonOf(JSON.parse(dev.stdout) as Record<string, unknown>), /in development/);
    const prod = await runClient(['claude-code'], input, {
      ...env,
      DATABASE_URL: 'postgres://app@prod-db.internal/app',
    });
    const answer = JSON.parse(prod.stdout) as Record<string, unknown>;
    assert.equal(permissionOf('claude-code', answer), 'deny');
    assert.match(reasonOf(answer), /in production: drop-table/);
  });

  it('an ask waits for the approver: approved ⇒ allow, with a waiting note on stderr', async () => {
    const cmd = "psql -h prod-db -c 'CREATE INDEX approve_me ON users(email)'";
    const r = await runClient(['claude-code'], JSON.stringify(withCommand('claude-code', cmd)), env);
    assert.equal(permissionOf('claude-code', JSON.parse(r.stdout) as Record<string, unknown>), 'allow');
    assert.match(r.stderr, /waiting for approval in the editor/);
    const seen = approver.seen.find((q) => q.action.text === cmd);
    assert.equal(seen?.actor.name, 'claude-code');
    assert.equal(seen?.actor.onBehalfOf, 'alice');
  });

  it('hands the hook JSON to the fallback when the token is wrong', async () => {
    const dir = path.join(tmp, 'wrong-token');
    fs.mkdirSync(dir, { mode: 0o700 });
    fs.copyFileSync(paths.port, path.join(dir, 'port'));
    fs.writeFileSync(path.join(dir, 'token'), '0'.repeat(64) + '\n', { mode: 0o600 });
    const input = JSON.stringify(withCommand('cursor', DENY));
    const r = await runClient([...ECHO_FALLBACK, 'cursor'], input, { ...env, RAILGUARD_RUNTIME_DIR: dir });
    // In CI, with the whole suite loading both cores, the client was once killed here (exit null,
    // no output): the daemon refuses the token at the headers and closes while the request may
    // still be being written, and bash dies of SIGPIPE; __railguard_post now ignores it there.
    assert.equal(
      r.stdout,
      `FALLBACK cursor\n${input}\n`,
      `exit ${String(r.code)}, signal ${String(r.signal)}, stderr: ${r.stderr}`,
    );
  });

  it('hands the hook JSON to the fallback when nothing listens', async () => {
    const dir = path.join(tmp, 'no-daemon');
    fs.mkdirSync(dir, { mode: 0o700 });
    const input = JSON.stringify(withCommand('gemini', DENY));
    const r = await runClient([...ECHO_FALLBACK, 'gemini'], input, { ...env, RAILGUARD_RUNTIME_DIR: dir });
    assert.equal(r.stdout, `FALLBACK gemini\n${input}\n`);
  });

  it('a daemon that accepts but stays silent gets the fail rule within the timeout (issue 10 repro 6)', async () => {
    const silent = net.createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const dir = path.join(tmp, 'silent');
      fs.mkdirSync(dir, { mode: 0o700 });
      fs.writeFileSync(path.join(dir, 'port'), String((silent.address() as net.AddressInfo).port));
      fs.copyFileSync(paths.token, path.join(dir, 'token'));
      const input = JSON.stringify(withCommand('codex', DENY));
      const started = Date.now();
      const r = await runClient([...ECHO_FALLBACK, 'codex'], input, {
        ...env,
        RAILGUARD_RUNTIME_DIR: dir,
        RAILGUARD_TIMEOUT: '0.3',
      });
      assert.ok(Date.now() - started < 800, `answered after ${Date.now() - started} ms`);
      const answer = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.equal(permissionOf('codex', answer), 'deny', r.stdout);
      assert.match(reasonOf(answer), /did not answer within 0\.3s.*looks like production/);
    } finally {
      silent.close();
    }
  });

  it('a hung daemon holds the installed hook at most the 2 s fail-rule timeout + 0.5 s, not 125 s', async () => {
    // Accepts, reads the request, then trickles a byte a second: the deadline covers all of it.
    const hung = net.createServer((c) => {
      c.on('data', () => undefined);
      c.on('error', () => undefined);
      const t = setInterval(() => c.write('H'), 1000);
      c.on('close', () => clearInterval(t));
    });
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    try {
      const dir = path.join(tmp, 'hung');
      fs.mkdirSync(dir, { mode: 0o700 });
      fs.writeFileSync(path.join(dir, 'port'), String((hung.address() as net.AddressInfo).port));
      fs.copyFileSync(paths.token, path.join(dir, 'token'));
      for (const [command, expected] of [
        [DENY, 'deny'],
        ['echo ok', 'allow'], // warn: Claude Code runs it, with a visible system message
      ] as const) {
        const input = JSON.stringify(withCommand('claude-code', command));
        const started = Date.now();
        const r = await runClient(['claude-code'], input, { ...env, RAILGUARD_RUNTIME_DIR: dir });
        const took = Date.now() - started;
        assert.ok(took < 2500, `answered after ${took} ms`);
        const answer = JSON.parse(r.stdout) as Record<string, unknown>;
        if (expected === 'deny') assert.equal(permissionOf('claude-code', answer), 'deny', r.stdout);
        else assert.match(String(answer.systemMessage), /cannot judge this command .*running it unchecked/);
      }
    } finally {
      hung.close();
    }
  });

  it('the Node hook (`railguard hook`) gives a silent daemon the timeout, not timeout + approval', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const dir = path.join(tmp, 'silent-node');
      fs.mkdirSync(dir, { mode: 0o700 });
      const p = runtimePaths({ RAILGUARD_RUNTIME_DIR: dir });
      fs.copyFileSync(paths.token, p.token);
      fs.writeFileSync(
        p.endpoint,
        JSON.stringify({ port: (silent.address() as net.AddressInfo).port, pid: 1 }),
      );
      const adapter = AGENT_ADAPTERS.find((a) => a.name === 'claude-code')!;
      const started = Date.now();
      const out = await runAgentHook(adapter, JSON.stringify(withCommand('claude-code', DENY)), {
        paths: p,
        env: {},
        timeoutMs: 300,
        approvalTimeoutMs: 120_000,
      });
      assert.ok(Date.now() - started < 800, `answered after ${Date.now() - started} ms`);
      assert.equal(out.path, 'fail-rule');
      assert.equal(permissionOf('claude-code', JSON.parse(out.stdout) as Record<string, unknown>), 'deny');
    } finally {
      silent.close();
    }
  });
});

describe('a saturated daemon answers 503 and the fail rule applies (issue 10 repro 6)', () => {
  let tmp: string;
  let daemon: RunningDaemon;
  let env: Record<string, string>;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-saturated-'));
    const paths = runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') });
    daemon = await startDaemon({ paths, cwd: tmp, record: false, limits: { maxConnections: 16 } });
    env = { RAILGUARD_RUNTIME_DIR: paths.dir, USER: 'alice' };
  });
  after(async () => {
    await daemon?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('half-open connections never make a command run silently; service resumes once they go', async () => {
    const held: net.Socket[] = [];
    for (let i = 0; i < 40; i++) {
      const c = net.connect(daemon.port!, '127.0.0.1');
      c.on('error', () => undefined);
      held.push(c);
    }
    await Promise.all(held.map((c) => new Promise((r) => (c.connecting ? c.once('connect', r) : r(null)))));
    await new Promise((r) => setTimeout(r, 100));
    try {
      const deny = await runClient(['claude-code'], JSON.stringify(withCommand('claude-code', DENY)), env);
      const denied = JSON.parse(deny.stdout) as Record<string, unknown>;
      assert.equal(permissionOf('claude-code', denied), 'deny', deny.stdout);
      assert.match(reasonOf(denied), /saturated/);
      const ok = await runClient(['claude-code'], JSON.stringify(withCommand('claude-code', 'echo ok')), env);
      assert.match(ok.stdout, /cannot judge this command \(the daemon is saturated\); running it unchecked/);
    } finally {
      for (const c of held) c.destroy();
    }
    await new Promise((r) => setTimeout(r, 200));
    const r = await runClient(['claude-code'], JSON.stringify(withCommand('claude-code', DENY)), env);
    const answer = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(permissionOf('claude-code', answer), 'deny');
    assert.match(reasonOf(answer), /drop-table/);
  });

  it('closes a connection that sends no headers within the header timeout', async () => {
    const c = net.connect(daemon.port!, '127.0.0.1');
    c.on('error', () => undefined);
    const closed = await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), 6000);
      c.once('close', () => {
        clearTimeout(t);
        resolve(true);
      });
    });
    assert.ok(closed, 'the half-open connection was closed by the daemon');
  });
});

describe('`railguard hooks install` writes a command that works', () => {
  const BIN = path.resolve(__dirname, '../../../dist/railguard.js');
  let tmp: string;
  let daemon: RunningDaemon | undefined;
  let env: Record<string, string>;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-installed-'));
    env = { RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run'), RAILGUARD_HOME: path.join(tmp, 'home') };
    daemon = await startDaemon({ paths: runtimePaths(env), cwd: tmp, record: false });
  });
  after(async () => {
    await daemon?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('Claude Code: the installed command denies DROP TABLE, with the daemon up and down', async () => {
    const install = spawn(process.execPath, [
      BIN,
      'hooks',
      'install',
      '--agent',
      'claude-code',
      '--cwd',
      tmp,
    ]);
    const code = await new Promise<number | null>((resolve) => install.on('close', resolve));
    assert.equal(code, 0);
    // Issue 12: this machine's command goes to the local, uncommitted settings file.
    const settings = JSON.parse(
      fs.readFileSync(path.join(tmp, '.claude', 'settings.local.json'), 'utf8'),
    ) as {
      hooks: { PreToolUse: { hooks: { command: string }[] }[] };
    };
    const command = settings.hooks.PreToolUse[0]?.hooks[0]?.command ?? '';
    assert.match(command, /^bash '?\S*agent-hook\.bash'? .* hook claude-code$/);
    const input = JSON.stringify(withCommand('claude-code', DENY));
    const run = (): Promise<Run> =>
      new Promise((resolve, reject) => {
        // As Claude Code runs a command hook: through a shell, hook JSON on stdin.
        const child = spawn('sh', ['-c', command], { env: { ...process.env, ...env } });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
        child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
        child.on('error', reject);
        child.on('close', (c) => resolve({ code: c, stdout, stderr }));
        child.stdin.end(input);
      });
    const up = await run();
    assert.equal(permissionOf('claude-code', JSON.parse(up.stdout) as Record<string, unknown>), 'deny');
    assert.equal(up.stderr, '');
    await daemon?.close();
    daemon = undefined;
    const down = await run();
    assert.equal(permissionOf('claude-code', JSON.parse(down.stdout) as Record<string, unknown>), 'deny');
    assert.match(down.stderr, /no daemon is running; judged in process/);
  });
});

describe('the bash clients only trust the real daemon (issue 10 repro 3)', () => {
  const LIB = path.resolve(__dirname, '../../../server/src/hooks/shell/railguard.bash');
  let tmp: string;
  let daemon: RunningDaemon;
  let paths: RuntimePaths;
  let token: string;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-impostor-'));
    paths = runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') });
    daemon = await startDaemon({ paths, cwd: tmp, record: false });
    token = fs.readFileSync(paths.token, 'utf8').trim();
  });
  after(async () => {
    await daemon?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /**
   * A listener the agent started, named in a runtime folder holding the real token (the port file
   * is the one the agent rewrote): it keeps what it was sent and answers with `answer(request)`.
   */
  async function impostor(
    answer: (request: string) => Promise<string> | string,
  ): Promise<{ dir: string; seen: string[]; close: () => void }> {
    const seen: string[] = [];
    const server = net.createServer((c) => {
      let got = '';
      c.on('error', () => undefined);
      c.on('data', (d: Buffer) => {
        got += d.toString('utf8');
        const end = got.indexOf('\r\n\r\n');
        const len = Number(/content-length: (\d+)/i.exec(got)?.[1] ?? 0);
        if (end < 0 || Buffer.byteLength(got.slice(end + 4)) < len) return;
        seen.push(got);
        void Promise.resolve(answer(got)).then((a) => c.end(a));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dir = fs.mkdtempSync(path.join(tmp, 'run-'));
    fs.copyFileSync(paths.token, path.join(dir, 'token'));
    fs.writeFileSync(path.join(dir, 'port'), `${(server.address() as net.AddressInfo).port}\n`);
    return { dir, seen, close: () => server.close() };
  }

  const allowStdout = JSON.stringify({
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: 'allow',
      permissionDecisionReason: 'ok',
    },
  });

  it('agent hook: never sends the token, and an answer without the daemon proof is denied', async () => {
    for (const proofPart of ['', `\t${'ab'.repeat(32)}`]) {
      const fake = await impostor(() => `HTTP/1.0 200 OK\r\n\r\n0${proofPart}\n${allowStdout}\n`);
      try {
        const r = await runClient(['claude-code'], JSON.stringify(withCommand('claude-code', 'echo ok')), {
          RAILGUARD_RUNTIME_DIR: fake.dir,
          USER: 'alice',
        });
        assert.equal(fake.seen.length, 1, 'the client did talk to the impostor');
        assert.ok(!fake.seen[0]!.includes(token), 'the token was sent');
        const answer = JSON.parse(r.stdout) as Record<string, unknown>;
        assert.equal(permissionOf('claude-code', answer), 'deny', r.stdout);
        assert.match(reasonOf(answer), /did not prove it came from the daemon/);
      } finally {
        fake.close();
      }
    }
  });

  it("agent hook: a relay that turns the real daemon's deny into allow is caught", async () => {
    const fake = await impostor(
      (req) =>
        new Promise((resolve) => {
          const up = net.connect(daemon.port!, '127.0.0.1', () => up.end(req));
          let back = '';
          up.on('data', (d: Buffer) => (back += d.toString('utf8')));
          up.on('end', () =>
            resolve(back.replace(/"permissionDecision":"deny"/, '"permissionDecision":"allow"')),
          );
        }),
    );
    try {
      const r = await runClient(['claude-code'], JSON.stringify(withCommand('claude-code', DENY)), {
        RAILGUARD_RUNTIME_DIR: fake.dir,
        USER: 'alice',
      });
      const answer = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.equal(permissionOf('claude-code', answer), 'deny', r.stdout);
      assert.match(reasonOf(answer), /did not prove it came from the daemon/);
    } finally {
      fake.close();
    }
  });

  it('shell hook: an allow from an impostor blocks the command; the real daemon still allows', async () => {
    const judge = (dir: string, command: string): Promise<Run> =>
      new Promise((resolve, reject) => {
        const child = spawn(
          'bash',
          ['-c', `RAILGUARD_HOOK_MODE=lib; source "$0"; __railguard_judge "$1"; echo "rc=$?"`, LIB, command],
          {
            env: {
              PATH: process.env.PATH ?? '/usr/bin:/bin',
              HOME: os.homedir(),
              RAILGUARD_RUNTIME_DIR: dir,
            },
          },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
        child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const fake = await impostor(
      () => `HTTP/1.0 200 OK\r\n\r\nallow\tdevelopment\t-\tfine\t${'cd'.repeat(32)}\n`,
    );
    try {
      const r = await judge(fake.dir, 'echo ok');
      assert.equal(r.stdout.trim(), 'rc=1', r.stderr);
      assert.match(r.stderr, /did not prove it came from the daemon/);
      assert.ok(!fake.seen[0]!.includes(token), 'the token was sent');
    } finally {
      fake.close();
    }
    const real = await judge(paths.dir, 'echo ok');
    assert.equal(real.stdout.trim(), 'rc=0', real.stderr);
  });
});
