/// <reference types="mocha" />
/**
 * The extension starts a database gateway for `railguard.gateway.databases` and points integrated
 * terminals at it (issue 13). A database on the local PostgreSQL (127.0.0.1:5432, a fresh database
 * per run) is configured as `production`; in an agent's terminal (`CLAUDECODE=1`), `psql
 * "$DATABASE_URL"` reaches the server through the gateway: the gateway found the agent behind the
 * connection and set its session's `lock_timeout` (3s; 0 on a direct connection), the daemon the
 * language server hosts audited the statement with source `proxy`, and a `DROP TABLE` the shell
 * hook asks about (the line's host looks like development) and the human approves is still denied
 * by the gateway for the agent in production (42501): the table and its rows stay.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RailguardApi } from '../../../extension/src/extension';
import { auditEvents, shellIntegrationOf, terminalText, until, waitForDaemon } from './terminal-helpers';

const DB = `rg_e2e_gateway_${process.pid}`;

/** Runs SQL on the local PostgreSQL directly (not through the gateway); returns psql's output. */
function direct(sql: string, database = DB): string {
  return execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', database, '-Atc', sql], {
    encoding: 'utf8',
    timeout: 20_000,
  }).trim();
}

describe('Railguard database gateway from the extension', function () {
  this.timeout(120_000);
  let api: RailguardApi;
  let dir = '';
  let pgUp = true;
  const terminals: vscode.Terminal[] = [];
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('railguard');

  before(async function () {
    try {
      direct(`DROP DATABASE IF EXISTS ${DB}`, 'postgres');
      direct(`CREATE DATABASE ${DB}`, 'postgres');
    } catch {
      pgUp = false;
      this.skip();
    }
    direct("CREATE TABLE items (id int PRIMARY KEY, note text); INSERT INTO items VALUES (1, 'a'), (2, 'b')");
    const ext = vscode.extensions.getExtension<RailguardApi>('railguard.railguard');
    assert.ok(ext);
    api = await ext.activate();
    await waitForDaemon();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'railguard-e2e-gateway-'));
  });

  after(async () => {
    for (const t of terminals) t.dispose();
    for (const p of api?.approvals.book.pendingPrompts() ?? [])
      api.approvals.book.answer(p.id, 'rejected', 'view');
    await config().update('gateway.databases', undefined, vscode.ConfigurationTarget.Global);
    if (pgUp) {
      try {
        direct(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`, 'postgres');
      } catch {
        // best effort
      }
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs a terminal's psql through the gateway: agent session settings, audit, a production DROP denied", async () => {
    await config().update(
      'gateway.databases',
      [{ name: 'e2e', upstream: `postgres://postgres@127.0.0.1:5432/${DB}`, environment: 'production' }],
      vscode.ConfigurationTarget.Global,
    );
    const gw = await until('the gateway to listen', () => {
      const s = api.gateways.states().find((g) => g.name === 'e2e');
      if (s?.state === 'failed') throw new Error(`the gateway failed: ${s.error ?? '?'}`);
      return s?.state === 'listening' ? s : undefined;
    });
    assert.ok(gw.port);

    const terminal = vscode.window.createTerminal({
      name: 'agent psql',
      shellPath: 'bash',
      cwd: dir,
      env: { CLAUDECODE: '1' },
    });
    terminals.push(terminal);
    terminal.show();
    await shellIntegrationOf(terminal);
    const file = (name: string): string => path.join(dir, name);
    const read = (name: string): string | undefined =>
      fs.existsSync(file(name)) ? fs.readFileSync(file(name), 'utf8') : undefined;

    // The collection pointed the terminal at the gateway.
    terminal.sendText(`echo "$PGHOST:$PGPORT $DATABASE_URL" > env.txt`, true);
    const env = await until('env.txt', () => (read('env.txt')?.endsWith('\n') ? read('env.txt') : undefined));
    assert.equal(env.trim(), `127.0.0.1:${gw.port} postgres://postgres@127.0.0.1:${gw.port}/${DB}`);

    // An agent's session through a production gateway gets its lock_timeout (direct: 0).
    terminal.sendText(
      `psql "$DATABASE_URL" -Atc 'SHOW lock_timeout' > show.txt 2> show.err; echo $? > show.rc`,
      true,
    );
    await until('show.rc', () => (read('show.rc')?.endsWith('\n') ? true : undefined));
    assert.equal(read('show.rc')?.trim(), '0', read('show.err'));
    assert.equal(read('show.txt')?.trim(), '3s');
    assert.equal(direct('SHOW lock_timeout'), '0');
    const audited = await until('the gateway decision in the audit log', async () =>
      (await auditEvents()).find((e) => e.source === 'proxy' && /SHOW lock_timeout/.test(e.what.text)),
    );
    assert.equal(audited.identity.agent?.name, 'claude-code');

    // DROP TABLE: the shell hook asks (the line's host is local), the human approves the line;
    // the gateway still denies it to the agent in production.
    terminal.sendText(`psql "$DATABASE_URL" -c 'DROP TABLE items' 2> drop.err; echo $? > drop.rc`, true);
    const prompts: string[] = [];
    try {
      await until('the DROP line to end', () => {
        // The line hook asks for the line, then the psql shim for the command it runs
        // (shown shell-quoted: `DROP\ TABLE\ items`).
        for (const p of api.approvals.book.pendingPrompts()) {
          prompts.push(`${p.source}: ${p.command}`);
          if (/DROP\W+TABLE\W+items/.test(p.command)) api.approvals.book.answer(p.id, 'approved', 'view');
        }
        return read('drop.rc')?.endsWith('\n') ? true : undefined;
      });
    } catch (err) {
      const text = await terminalText(terminal);
      throw new Error(`${String(err)}; prompts: [${prompts.join(' | ')}]; terminal:\n${text}`);
    }
    assert.notEqual(read('drop.rc')?.trim(), '0');
    assert.match(read('drop.err') ?? '', /railguard: denied by default\/prod-agent-no-data-loss/);
    assert.equal(direct('SELECT count(*) FROM items'), '2');

    // Removing the setting stops the gateway and withdraws the variables.
    await config().update('gateway.databases', undefined, vscode.ConfigurationTarget.Global);
    await until('the gateway to stop', () => (api.gateways.states().length === 0 ? true : undefined));
  });
});
