/**
 * No decision without a record (issue 10 repro 5): `kill -9` of a real daemon during a burst
 * loses no answered decision; decisions judged in the hook's own process while the daemon is down
 * are spooled and appended to the chain when it is back; a deleted audit folder turns
 * `/v1/health` red and blocks production.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readLog } from '../../../server/src/audit/files';
import { verifyAudit } from '../../../server/src/audit/verify';
import { provenHeaders } from '../../../server/src/daemon/client';
import { startDaemon } from '../../../server/src/daemon/host';
import { readToken, runtimePaths, stateDirs } from '../../../server/src/daemon/paths';
import { AGENT_ADAPTERS } from '../../../server/src/hooks/agents';
import { runAgentHook } from '../../../server/src/hooks/run';
import { permissionOf, withCommand } from '../../fixtures/hooks';
import { request, waitFor } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');

/** The decision texts of the event records in `dir`. */
async function eventTexts(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of readLog(dir)) if (e.record?.type === 'event') out.push(e.record.what.text);
  return out;
}

describe('no decision without a record', () => {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-durable-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('kill -9 during a burst: every answered decision is in the log, which verifies', async () => {
    const env = {
      RAILGUARD_RUNTIME_DIR: path.join(tmp, 'kill', 'run'),
      RAILGUARD_HOME: path.join(tmp, 'kill', 'home'),
    };
    const paths = runtimePaths(env);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'server/src/cli/main.ts'), 'daemon', '--no-socket', '--cwd', tmp],
      { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' },
    );
    try {
      assert.ok(
        await waitFor(() => fs.existsSync(paths.port) && fs.existsSync(paths.endpoint), 60_000),
        'daemon up',
      );
      const port = Number(fs.readFileSync(paths.port, 'utf8'));
      const token = readToken(paths)!;
      const answered = new Set<string>();
      let stop = false;
      const worker = async (w: number): Promise<void> => {
        for (let i = 0; !stop; i++) {
          const text = `echo burst-${w}-${i}`;
          try {
            const r = await request({ port }, token, 'POST', '/v1/decide', {
              action: { kind: 'shell', text, cwd: tmp },
              source: 'agent-hook',
            });
            if (r.status === 200 && r.json.effect) answered.add(text);
          } catch {
            return; // the daemon is gone
          }
        }
      };
      const workers = Array.from({ length: 16 }, (_, w) => worker(w));
      assert.ok(await waitFor(() => answered.size >= 100, 90_000), `answered ${answered.size}`);
      child.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);
      const dir = stateDirs(env).audit;
      const logged = new Set(await eventTexts(dir));
      const lost = [...answered].filter((t) => !logged.has(t));
      assert.deepEqual(lost, [], `${lost.length} of ${answered.size} answered decisions are not in the log`);
      const v = await verifyAudit(dir);
      assert.equal(v.ok, true, JSON.stringify(v.problems.slice(0, 3)));
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a hook judging in its own process spools the decision; the daemon appends it when back', async () => {
    const env = {
      RAILGUARD_RUNTIME_DIR: path.join(tmp, 'spool', 'run'),
      RAILGUARD_HOME: path.join(tmp, 'spool', 'home'),
    };
    const paths = runtimePaths(env);
    const adapter = AGENT_ADAPTERS.find((a) => a.name === 'claude-code')!;
    const command = "psql -h prod-db -c 'DROP TABLE spooled_users'";
    const out = await runAgentHook(adapter, JSON.stringify(withCommand('claude-code', command)), {
      paths,
      env: { ...env, USER: 'alice' },
    });
    assert.equal(out.path, 'in-process');
    assert.equal(permissionOf('claude-code', JSON.parse(out.stdout) as Record<string, unknown>), 'deny');
    const dirs = stateDirs(env);
    assert.equal(fs.readdirSync(dirs.spool).length, 1, 'one spooled decision');
    const daemon = await startDaemon({
      paths,
      cwd: tmp,
      port: false,
      record: { auditDir: dirs.audit, outboxDir: false, gitIdentity: false },
    });
    try {
      assert.ok(await waitFor(() => fs.readdirSync(dirs.spool).length === 0, 10_000), 'spool emptied');
      const texts = await eventTexts(dirs.audit);
      assert.ok(
        texts.some((t) => t.includes('spooled_users')),
        texts.join('\n'),
      );
    } finally {
      await daemon.close();
    }
    assert.equal((await verifyAudit(dirs.audit)).ok, true);
  });

  it('a deleted audit folder turns /v1/health red and blocks production', async () => {
    const base = path.join(tmp, 'deleted');
    const paths = runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(base, 'run') });
    const auditDir = path.join(base, 'audit');
    const daemon = await startDaemon({
      paths,
      cwd: tmp,
      port: false,
      record: { auditDir, spoolDir: path.join(base, 'spool'), outboxDir: false, gitIdentity: false },
    });
    try {
      const at = { socket: daemon.socket! };
      const token = readToken(paths)!;
      const health = async (): Promise<{ ok: boolean; lastError?: string }> =>
        (await request(at, token, 'GET', '/v1/health')).json.audit as { ok: boolean; lastError?: string };
      assert.equal((await health()).ok, true);
      fs.rmSync(auditDir, { recursive: true, force: true });
      const h = await health();
      assert.equal(h.ok, false);
      assert.match(h.lastError ?? '', /deleted|missing/);
      const prod = await request(at, token, 'POST', '/v1/decide', {
        action: { kind: 'shell', text: 'psql -h prod-db -c "SELECT 1"', cwd: tmp },
        source: 'agent-hook',
      });
      assert.equal(prod.json.effect, 'deny', JSON.stringify(prod.json));
      assert.match(String(prod.json.reason), /audit/);
    } finally {
      await daemon.close();
    }
  });
});

/** POST with a Content-Length and a proof of the token (as the clients send them), JSON answer. */
function postSized(
  socketPath: string,
  token: string,
  body: unknown,
): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        socketPath,
        method: 'POST',
        path: '/v1/decide',
        headers: {
          ...provenHeaders(token, data).headers,
          'content-type': 'application/json',
          'content-length': data.length,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text, json: JSON.parse(text) as Record<string, unknown> }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

describe('hostile input sizes (issue 10 repro 6: a 200 KB command stalled the daemon ~30 s)', () => {
  it(
    '200 KB adversarial commands are judged, masked and recorded (1 MB: masker unit tests)',
    { timeout: 60_000 },
    async () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-big-'));
      const paths = runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') });
      const auditDir = path.join(tmp, 'audit');
      const daemon = await startDaemon({
        paths,
        cwd: tmp,
        port: false,
        record: { auditDir, spoolDir: path.join(tmp, 'spool'), outboxDir: false, gitIdentity: false },
      });
      try {
        const token = readToken(paths)!;
        for (const unit of ['password=', 'a://b:']) {
          for (const size of [200_000]) {
            const text = `echo ${unit.repeat(Math.floor(size / unit.length))} PGPASSWORD=hunter2hunter2`;
            const r = await postSized(daemon.socket!, token, {
              action: { kind: 'shell', text, cwd: tmp },
              source: 'agent-hook',
            });
            assert.equal(r.status, 200, r.text.slice(0, 200));
            assert.ok(r.json.effect, 'a decision');
          }
        }
      } finally {
        await daemon.close();
      }
      const texts = await eventTexts(auditDir);
      assert.equal(texts.length, 2);
      for (const t of texts) assert.ok(!t.includes('hunter2hunter2'), 'masked');
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  );
});
