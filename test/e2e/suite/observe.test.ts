/// <reference types="mocha" />
/**
 * Terminal observation in a real VS Code: a terminal with VS Code's shell integration but without
 * the Railguard hook (its rc drops the collection's PROMPT_COMMAND loader before loading the
 * integration) runs a command carrying a password. `window.onDidStartTerminalShellExecution`
 * reports it, and the daemon the language server hosts appends an audit record for it, marked
 * `outcome.observed` (observation only), with the password masked; the raw password is in no
 * audit file.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RailguardApi } from '../../../extension/src/extension';
import { bashIntegrationScript } from '../../../extension/src/terminal/files';
import { auditEvents, daemonAuditDir, shellIntegrationOf, until, waitForDaemon } from './terminal-helpers';

const SECRET = 's3cr3t-e2e-7f3a9c';

describe('Railguard observes commands in terminals without the hook', function () {
  this.timeout(90_000);
  let dir = '';
  let terminal: vscode.Terminal | undefined;

  before(async () => {
    const ext = vscode.extensions.getExtension<RailguardApi>('railguard.railguard');
    assert.ok(ext);
    await ext.activate();
    await waitForDaemon();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'railguard-e2e-observe-'));
  });

  after(() => {
    terminal?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records an observed command in the audit trail, marked observed, password masked', async () => {
    const integration = bashIntegrationScript(vscode.env.appRoot);
    assert.ok(fs.existsSync(integration), `VS Code's bash integration at ${integration}`);
    const rc = path.join(dir, 'rc');
    // No Railguard: the collection's PROMPT_COMMAND would load the hook and BASH_ENV would judge.
    fs.writeFileSync(rc, `unset PROMPT_COMMAND BASH_ENV\n. '${integration}'\n`);
    terminal = vscode.window.createTerminal({
      name: 'plain bash',
      shellPath: 'bash',
      shellArgs: ['--rcfile', rc],
      cwd: dir,
    });
    terminal.show();
    await shellIntegrationOf(terminal);
    const command = `PGPASSWORD=${SECRET} printenv PGPASSWORD > pw-seen; declare -F __railguard_accept > hook-seen`;
    const seen: string[] = [];
    const sub = vscode.window.onDidStartTerminalShellExecution((e) => {
      if (e.terminal === terminal) seen.push(e.execution.commandLine.value);
    });
    try {
      terminal.sendText(command, true);
      await until('the command to run', () =>
        fs.existsSync(path.join(dir, 'hook-seen')) ? true : undefined,
      );
      // Shell integration's events reach the extension host after the pty output.
      await until('shell integration to report the command', () =>
        seen.includes(command) ? true : undefined,
      ).catch((err: unknown) => {
        throw new Error(`${String(err)}; reported: [${seen.join(' | ')}]`);
      });
    } finally {
      sub.dispose();
    }
    assert.equal(fs.readFileSync(path.join(dir, 'pw-seen'), 'utf8'), `${SECRET}\n`, 'the command ran');
    assert.equal(
      fs.readFileSync(path.join(dir, 'hook-seen'), 'utf8'),
      '',
      'the Railguard hook is not loaded',
    );

    const record = await until('the observed command in the audit log', async () =>
      (await auditEvents()).find((r) => r.outcome.observed && r.what.text.includes('printenv PGPASSWORD')),
    );
    assert.equal(record.source, 'terminal');
    assert.equal(record.outcome.observed, true);
    assert.equal(record.where.workspace, dir);
    assert.match(record.what.text, /^PGPASSWORD=\[REDACTED[^\]]*\] printenv PGPASSWORD > pw-seen/);
    assert.doesNotMatch(record.what.text, new RegExp(SECRET));
    for (const f of fs.readdirSync(daemonAuditDir())) {
      const text = fs.readFileSync(path.join(daemonAuditDir(), f), 'utf8');
      assert.equal(text.includes(SECRET), false, `the password is in ${f}`);
    }
  });
});
