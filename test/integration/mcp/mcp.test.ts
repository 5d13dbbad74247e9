/**
 * `railguard mcp` as a real process over stdio against a real PostgreSQL (127.0.0.1:5432, trust
 * auth, user postgres): a random database is created and dropped around the tests.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths } from '../../../server/src/daemon/paths';
import { McpProcess, toolText } from './mcp-client';

const ROOT = path.resolve(__dirname, '../../..');
const ADMIN = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
const DB = `rg_mcp_${randomBytes(5).toString('hex')}`;
const PASSWORD = 'Sup3rSecretPw9'; // trust auth ignores it; it must never reach the agent
const URL_ = `postgres://postgres:${PASSWORD}@127.0.0.1:5432/${DB}`;
const POLICY = `apiVersion: railguard.dev/v1
kind: Policy
metadata: { name: mcp-test }
rules:
  - id: agents-never-drop-tables
    match: { actor: agent, ruleId: [drop-table] }
    effect: deny
  - id: agents-never-wipe-root
    match: { actor: agent, ruleId: [rm-recursive-wide] }
    effect: deny
`;

/** `node dist/railguard.js mcp` when the bundle has the command, else the sources through tsx. */
function serverCommand(): string[] {
  const bundle = path.join(ROOT, 'dist/railguard.js');
  const probe = spawnSync(process.execPath, [bundle, 'mcp', '--help'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.includes('railguard mcp')) return [bundle, 'mcp'];
  return ['--import', 'tsx', path.join(__dirname, 'entry.ts')];
}

describe('railguard mcp over stdio', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-mcp-'));
  const ws = path.join(tmp, 'ws');
  const admin = new pg.Client(ADMIN);
  const db = new pg.Client({ ...ADMIN, database: DB });
  let cmd: string[] = [];
  let env: NodeJS.ProcessEnv = {};
  let mcp: McpProcess;

  const start = (runtimeDir: string, client = 'claude-code'): Promise<McpProcess> => {
    const p = new McpProcess(
      process.execPath,
      [...cmd, '--cwd', ws],
      { ...env, RAILGUARD_RUNTIME_DIR: runtimeDir },
      ws,
    );
    return p
      .request('initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: client, version: '1.0' },
      })
      .then(() => (p.notify('notifications/initialized'), p));
  };

  before(async () => {
    execFileSync('npm', ['run', '-s', 'build:cli'], { cwd: ROOT, stdio: 'ignore' });
    cmd = serverCommand();
    fs.mkdirSync(path.join(ws, '.railguard/policies'), { recursive: true });
    fs.writeFileSync(path.join(ws, '.railguard/policies/mcp.yaml'), POLICY);
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DB}`);
    await db.connect();
    await db.query(
      `CREATE TABLE t (id int PRIMARY KEY, email text); INSERT INTO t VALUES (1, 'alice@example.com'), (2, 'bob@example.org')`,
    );
    env = { ...process.env, RAILGUARD_DATABASE_URL: URL_, RAILGUARD_HOME: path.join(tmp, 'home') };
    mcp = await start(path.join(tmp, 'run-none'));
  });

  after(async () => {
    await mcp?.close();
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('answers initialize with the tools capability and lists both tools', async () => {
    const init = await mcp.request('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'claude-code', version: '1' },
    });
    assert.equal(init.result?.protocolVersion, '2025-06-18');
    assert.deepEqual(init.result?.capabilities, { tools: { listChanged: false } });
    const list = await mcp.request('tools/list');
    const tools = list.result?.tools as {
      name: string;
      inputSchema: { required: string[] };
      description: string;
    }[];
    assert.deepEqual(tools.map((t) => t.name).sort(), ['execute_sql', 'run_command']);
    assert.deepEqual(tools.find((t) => t.name === 'execute_sql')?.inputSchema.required, ['sql']);
    assert.ok(!JSON.stringify(list).includes(PASSWORD), 'the tool list never shows the password');
  });

  it('executes an allowed SELECT on the held connection and masks PII in the rows', async () => {
    const r = toolText(await mcp.call('execute_sql', { sql: 'SELECT id, email FROM t ORDER BY id' }));
    assert.equal(r.isError, false, r.text);
    const out = JSON.parse(r.text) as {
      statements: { command: string; rowCount: number; rows: { id: number; email: string }[] }[];
    };
    assert.equal(out.statements[0]?.command, 'SELECT');
    assert.deepEqual(
      out.statements[0]?.rows.map((x) => x.id),
      [1, 2],
    );
    assert.ok(!r.text.includes('alice@example.com'), 'e-mail addresses are masked');
    assert.match(r.text, /\[PII:email\]/);
  });

  it('denies DROP TABLE by policy and the table still exists', async () => {
    const r = toolText(await mcp.call('execute_sql', { sql: 'DROP TABLE t' }));
    assert.equal(r.isError, true);
    assert.match(r.text, /denied the SQL in development \(rule mcp-test\/agents-never-drop-tables\)/);
    const still = await db.query(`SELECT count(*)::int AS n FROM t`);
    assert.equal(still.rows[0].n, 2);
  });

  it('refuses DELETE without WHERE (ask) when no decision endpoint runs; rows stay', async () => {
    const r = toolText(await mcp.call('execute_sql', { sql: 'DELETE FROM t' }));
    assert.equal(r.isError, true);
    assert.match(r.text, /needs approval in development .*no approver is reachable/);
    assert.equal((await db.query(`SELECT count(*)::int AS n FROM t`)).rows[0].n, 2);
  });

  it('rolls back a failing transaction and never shows the credentials', async () => {
    const r = toolText(
      await mcp.call('execute_sql', { sql: "INSERT INTO t VALUES (3, 'c'); SELECT * FROM missing_table" }),
    );
    assert.equal(r.isError, true);
    assert.match(r.text, /SQLSTATE 42P01.*rolled back/);
    assert.equal((await db.query(`SELECT count(*)::int AS n FROM t WHERE id = 3`)).rows[0].n, 0);
    assert.ok(!mcp.stderr.join('').includes(PASSWORD), 'logs never show the password');
  });

  it('denies rm -rf / by policy and runs echo ok', async () => {
    const denied = toolText(await mcp.call('run_command', { command: 'rm -rf /' }));
    assert.equal(denied.isError, true);
    // `rm -rf /` also deletes Railguard's own files: the default policy's control rule may be the one named.
    assert.match(denied.text, /denied the command .*(agents-never-wipe-root|agent-no-control)/);
    const ok = toolText(await mcp.call('run_command', { command: 'echo ok' }));
    assert.equal(ok.isError, false, ok.text);
    assert.match(ok.text, /^Exit code: 0\n[\s\S]*\nok\n$/);
  });

  it('keeps the connection URL out of commands: variable removed, echoed URL redacted', async () => {
    const r = toolText(
      await mcp.call('run_command', {
        command: 'echo "url=[$RAILGUARD_DATABASE_URL]"',
      }),
    );
    assert.match(r.text, /url=\[\]/);
    const leak = toolText(await mcp.call('run_command', { command: `echo ${URL_}` }));
    assert.ok(!leak.text.includes(PASSWORD), leak.text);
    assert.match(leak.text, /\[REDACTED:database-url\]/);
  });

  it('answers malformed JSON-RPC with errors and keeps serving', async () => {
    const parse = await mcp.sendRaw('{"jsonrpc":"2.0","id":', null);
    assert.equal(parse.error?.code, -32700);
    const unknown = await mcp.request('no/such/method');
    assert.equal(unknown.error?.code, -32601);
    const badTool = await mcp.call('format_disk', {});
    assert.equal(badTool.error?.code, -32602);
    const badArgs = await mcp.call('run_command', { command: 42 });
    assert.equal(badArgs.error?.code, -32602);
    const batch = await mcp.sendRaw('[{"jsonrpc":"2.0","id":99,"method":"ping"}]', null);
    assert.equal(batch.error?.code, -32600);
    const ping = await mcp.request('ping');
    assert.deepEqual(ping.result, {});
  });

  it('asks a running daemon: an approved DELETE runs, a rejected one does not', async () => {
    const runDir = path.join(tmp, 'run-daemon');
    const answers: string[] = ['rejected', 'approved'];
    const seen: string[] = [];
    const daemon: RunningDaemon = await startDaemon({
      paths: runtimePaths({ RAILGUARD_RUNTIME_DIR: runDir }),
      cwd: ws,
      watch: false,
      record: false,
      approvals: {
        requestApproval: async (req) => {
          seen.push(`${req.actor.type}:${req.actor.name} ${req.action.text}`);
          return {
            answer: (answers.shift() ?? 'rejected') as 'approved' | 'rejected',
            approver: 'human:tester',
          };
        },
      },
    });
    const viaDaemon = await start(runDir, 'cursor-vscode');
    try {
      const r1 = toolText(await viaDaemon.call('execute_sql', { sql: 'DELETE FROM t' }));
      assert.equal(r1.isError, true);
      assert.match(r1.text, /rejected by human:tester/);
      assert.equal((await db.query(`SELECT count(*)::int AS n FROM t`)).rows[0].n, 2);
      const r2 = toolText(await viaDaemon.call('execute_sql', { sql: 'DELETE FROM t' }));
      assert.equal(r2.isError, false, r2.text);
      assert.match(r2.text, /"command":"DELETE","rowCount":2/);
      assert.deepEqual(seen, ['agent:cursor DELETE FROM t', 'agent:cursor DELETE FROM t']);
    } finally {
      await viaDaemon.close();
      await daemon.close();
    }
  });
});
