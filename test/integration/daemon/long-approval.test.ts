/**
 * An ask answered by the approver after more than the daemon's 2 s first-byte and header limits
 * still reaches the waiting hook: the connection limits bound how a request arrives, never how
 * long its answer takes (a human may take a minute). Found in the e2e suite: the daemon closed
 * the Node hook's connection ~2.5 s into the approval wait ("daemon error: aborted") and the
 * hook then judged in process, answering `ask` after the human had approved.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths } from '../../../server/src/daemon/paths';

const CLI = path.resolve(__dirname, '../../../dist/railguard.js');
const ASK = "psql -h prod-db -c 'CREATE INDEX accounts_email ON accounts (email)'";

describe('a slow approval', { timeout: 30_000 }, () => {
  let tmp = '';
  let run = '';
  let daemon: RunningDaemon;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-long-approval-'));
    run = path.join(tmp, 'run');
    daemon = await startDaemon({
      paths: runtimePaths({ RAILGUARD_RUNTIME_DIR: run }),
      cwd: tmp,
      watch: false,
      record: { auditDir: path.join(tmp, 'audit'), outboxDir: path.join(tmp, 'outbox') },
      approvals: {
        requestApproval: async () => {
          await new Promise((r) => setTimeout(r, 3500));
          return 'approved';
        },
      },
    });
  });
  after(async () => {
    await daemon?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reaches the Node agent hook after 3.5 s: allowed, not judged again in process', async () => {
    const input = JSON.stringify({
      session_id: 's',
      cwd: tmp,
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: ASK },
    });
    const r = await new Promise<{ out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'hook', 'claude-code'], {
        env: { ...process.env, RAILGUARD_RUNTIME_DIR: run },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      child.on('close', () => resolve({ out, err }));
      child.stdin.end(input);
    });
    const answer = JSON.parse(r.out) as { hookSpecificOutput?: { permissionDecision?: string } };
    assert.equal(answer.hookSpecificOutput?.permissionDecision, 'allow', r.err);
    assert.doesNotMatch(r.err, /aborted|in process/);
  });
});
