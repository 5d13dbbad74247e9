/// <reference types="mocha" />
/**
 * Terminal observation in a real VS Code: a terminal with VS Code's shell integration but without
 * the Railguard hook (its rc drops the collection's PROMPT_COMMAND loader before loading the
 * integration) runs a command carrying a password. `window.onDidStartTerminalShellExecution`
 * reports it, and the daemon the language server hosts appends an audit record for it, marked
 * `outcome.observed` (observation only), with the password masked; the raw password is in no
 * audit file. A command that exits 3 gets a second record with `outcome.exitCode` 3 (still observed,
 * no lineage), the Approvals view's observed list has its end with exit code 3, and the Audit Trail
 * view shows both records as observations.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EventRecord } from '../../../server/src/audit/model';
import type { RailguardApi } from '../../../extension/src/extension';
import { bashIntegrationScript } from '../../../extension/src/terminal/files';
import { auditEvents, daemonAuditDir, shellIntegrationOf, until, waitForDaemon } from './terminal-helpers';

const SECRET = 's3cr3t-e2e-7f3a9c';

describe('Railguard observes commands in terminals without the hook', function () {
  this.timeout(90_000);
  let dir = '';
  let terminal: vscode.Terminal | undefined;
  let api: RailguardApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<RailguardApi>('railguard.railguard');
    assert.ok(ext);
    api = await ext.activate();
    await waitForDaemon();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'railguard-e2e-observe-'));
  });

  /** A bash terminal with VS Code's shell integration and without the Railguard hook (once). */
  const plainTerminal = async (): Promise<vscode.Terminal> => {
    if (terminal) return terminal;
    const integration = bashIntegrationScript(vscode.env.appRoot);
    assert.ok(fs.existsSync(integration), `VS Code's bash integration at ${integration}`);
    const rc = path.join(dir, 'rc');
    // No Railguard: the collection's PROMPT_COMMAND would load the hook and BASH_ENV would judge.
    fs.writeFileSync(rc, `unset PROMPT_COMMAND BASH_ENV\n. '${integration}'\n`);
    const t = vscode.window.createTerminal({
      name: 'plain bash',
      shellPath: 'bash',
      shellArgs: ['--rcfile', rc],
      cwd: dir,
    });
    terminal = t;
    t.show();
    await shellIntegrationOf(t);
    return t;
  };

  after(() => {
    terminal?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records an observed command in the audit trail, marked observed, password masked', async () => {
    terminal = await plainTerminal();
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
  it('records the exit code of an observed command (observed, no lineage); both views show it', async () => {
    const t = await plainTerminal();
    // SQL a decided run would get lineage for; `psql` is a function here, returning 3.
    const command = `psql() { return 3; }; psql -h localhost -c 'SELECT * FROM e2e_exit_orders'`;
    const ended: { exitCode: number | undefined }[] = [];
    const sub = vscode.window.onDidEndTerminalShellExecution((e) => {
      if (e.terminal === t && e.execution.commandLine.value === command) ended.push({ exitCode: e.exitCode });
    });
    try {
      t.sendText(command, true);
      await until('shell integration to report the end', () => ended[0]);
    } finally {
      sub.dispose();
    }
    assert.equal(ended[0]?.exitCode, 3, 'shell integration reports exit code 3');

    const observed = (r: EventRecord): boolean =>
      r.outcome.observed === true && r.what.text.includes('e2e_exit_orders');
    const exitRecord = await until('the exit code record', async () =>
      (await auditEvents()).find((r) => observed(r) && r.outcome.exitCode !== undefined),
    );
    assert.equal(exitRecord.outcome.exitCode, 3);
    assert.equal(exitRecord.source, 'terminal');
    const records = (await auditEvents()).filter(observed);
    assert.equal(records.length, 2, 'one record at the start, one with the exit code');
    const start = records.find((r) => r.outcome.exitCode === undefined);
    assert.ok(start);
    assert.equal(start.decisionId, exitRecord.decisionId, 'the exit record belongs to the start');
    assert.ok(start.seq < exitRecord.seq);
    // Observation only: no OpenLineage run for it in the daemon's outbox.
    const outbox = path.join(path.dirname(daemonAuditDir()), 'outbox');
    for (const f of fs.existsSync(outbox) ? fs.readdirSync(outbox) : [])
      assert.equal(
        fs.readFileSync(path.join(outbox, f), 'utf8').includes(exitRecord.decisionId),
        false,
        `a lineage event for the observation in ${f}`,
      );

    // The Approvals view's observed list: the end, with its exit code.
    const end = api.approvals.book.observed
      .all()
      .find((o) => o.phase === 'end' && o.commandLine.includes('e2e_exit_orders'));
    assert.equal(end?.exitCode, 3);

    // The Audit Trail view (reading $RAILGUARD_HOME/audit) marks both records as observations.
    const shown = await api.audit.view.refresh();
    for (const r of [start, exitRecord]) {
      const row = shown.find((e) => e.seq === r.seq);
      assert.ok(row, `record ${r.seq} in the Audit Trail view`);
      const item = api.audit.view.getTreeItem(row);
      assert.match(String(item.description), /· observed \(policy: \w+\) ·/);
      assert.equal((item.iconPath as vscode.ThemeIcon).id, 'eye');
      assert.match(String(item.tooltip), /Observed in a terminal .* not enforced/);
    }
    const exitItem = api.audit.view.getTreeItem(shown.find((e) => e.seq === exitRecord.seq) as EventRecord);
    assert.match(String(exitItem.description), /· exit 3 ·/);
  });
});
