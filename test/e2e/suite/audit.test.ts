/// <reference types="mocha" />
/**
 * The audit trail and lineage in a real VS Code: real records written with `AuditLog` into a temp
 * audit folder (`railguard.auditDir`) appear in the "Railguard Audit Trail" view through its file
 * watcher, newest first; "Verify Audit Log" reports the chain ok, then finds an edited line and
 * names its file and line; the lineage of a dataset comes from the local outbox when no team store
 * is configured, and the status bar counts the pending events.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EventRecord } from '../../../server/src/audit/model';
import { AuditLog } from '../../../server/src/audit/writer';
import { maskerWith } from '../../../server/src/core/mask/masker';
import type { RailguardApi } from '../../../extension/src/extension';
import { until } from './terminal-helpers';

const DB = 'postgres://prod-db:5432';

/** An OpenLineage 2-0-2 RunEvent reading `input` and writing `output` (dataset names `schema.table`). */
function runEvent(runId: string, job: string, input: string, output: string): Record<string, unknown> {
  return {
    eventType: 'COMPLETE',
    eventTime: '2026-01-02T03:04:05.000Z',
    run: { runId },
    job: { namespace: 'railguard', name: job },
    inputs: [{ namespace: DB, name: input }],
    outputs: [{ namespace: DB, name: output }],
    producer: 'https://github.com/railguard-dev/railguard',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  };
}

describe('Railguard audit trail and lineage in the editor', function () {
  this.timeout(60_000);
  let api: RailguardApi;
  let home: string;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('railguard');

  before(async () => {
    const ext = vscode.extensions.getExtension<RailguardApi>('railguard.railguard');
    assert.ok(ext);
    api = await ext.activate();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'railguard-e2e-home-'));
    fs.mkdirSync(path.join(home, 'audit'));
    await config().update('auditDir', path.join(home, 'audit'), vscode.ConfigurationTarget.Global);
    await config().update('outboxDir', path.join(home, 'outbox'), vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await config().update('auditDir', undefined, vscode.ConfigurationTarget.Global);
    await config().update('outboxDir', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('lists records appended to the audit folder, newest first, masked', async () => {
    assert.equal(api.audit.auditDir(), path.join(home, 'audit'));
    const log = await AuditLog.open(path.join(home, 'audit'), {
      masker: maskerWith(() => Promise.resolve([])),
      checkpointEvery: 2,
    });
    const base = { source: 'agent-hook' as const, rules: [] as string[] };
    await log.append({
      ...base,
      what: { kind: 'sql', text: 'SELECT * FROM users WHERE email = $1', tables: ['public.users'] },
      where: { environment: 'development' },
      outcome: { effect: 'allow' },
      identity: { user: 'alice' },
      decisionId: 'd-1',
    });
    await log.append({
      ...base,
      what: { kind: 'shell', text: "psql -h prod-db -c 'DELETE FROM orders' # ask bob@example.com" },
      where: { environment: 'production' },
      outcome: { effect: 'ask', approval: 'approved' },
      identity: { user: 'alice', agent: { name: 'claude-code' }, approver: 'vscode-user:bob' },
      decisionId: 'd-2',
      rules: ['sql.delete-without-where'],
      controls: ['SOC2:CC8.1'],
    });
    await log.append({
      ...base,
      what: { kind: 'shell', text: "psql -h prod-db -c 'DROP TABLE users'" },
      where: { environment: 'production' },
      outcome: { effect: 'deny' },
      identity: { user: 'alice', agent: { name: 'claude-code' } },
      decisionId: 'd-3',
    });
    await log.close();
    // No explicit refresh: the folder watcher reloads the view.
    const shown = await until('three audit events in the view', () =>
      api.audit.view.shown.length === 3 ? api.audit.view.shown : undefined,
    );
    assert.deepEqual(
      shown.map((r: EventRecord) => r.decisionId),
      ['d-3', 'd-2', 'd-1'],
    );
    const item = api.audit.view.getTreeItem(shown[1] as EventRecord);
    assert.match(String(item.label), /DELETE FROM orders/);
    assert.doesNotMatch(String(item.label), /bob@example\.com/, 'the email is masked in the audit');
    assert.match(String(item.description), /ask\/approved · claude-code \(for alice\) · production/);
    assert.match(String(item.tooltip), /sql\.delete-without-where/);
    assert.match(String(item.tooltip), /SOC2:CC8\.1/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'question');
  });

  it('filters by effect', async () => {
    api.audit.view.effect = 'deny';
    const denied = await api.audit.view.refresh();
    api.audit.view.effect = undefined;
    assert.deepEqual(
      denied.map((r) => r.decisionId),
      ['d-3'],
    );
    assert.equal((await api.audit.view.refresh()).length, 3);
  });

  it('Verify Audit Log reports ok, then the edited line by file and line', async () => {
    const ok = await vscode.commands.executeCommand<{ ok: boolean; records: number; checkpoints: number }>(
      'railguard.audit.verify',
    );
    assert.equal(ok.ok, true);
    assert.ok(ok.records >= 3 && ok.checkpoints >= 1, `records ${ok.records}, checkpoints ${ok.checkpoints}`);
    const file = path.join(home, 'audit', 'audit-000001.jsonl');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('"d-2"'));
    assert.ok(at >= 0);
    lines[at] = (lines[at] as string).replace('DELETE FROM orders', 'DELETE FROM invoices');
    fs.writeFileSync(file, lines.join('\n'));
    const bad = await api.audit.verify();
    assert.equal(bad.ok, false);
    const problem = bad.problems.find((p) => p.kind === 'edited');
    assert.ok(problem, JSON.stringify(bad.problems));
    assert.equal(problem.file, 'audit-000001.jsonl');
    assert.equal(problem.line, at + 1);
  });

  it('shows a dataset lineage from the local outbox and counts pending events in the status bar', async () => {
    const outbox = path.join(home, 'outbox');
    fs.mkdirSync(outbox);
    const entries = [
      {
        id: 'e1',
        event: runEvent(
          '01900000-0000-7000-8000-000000000001',
          'copy-users',
          'public.users',
          'public.users_copy',
        ),
      },
      {
        id: 'e2',
        event: runEvent(
          '01900000-0000-7000-8000-000000000002',
          'report',
          'public.users_copy',
          'public.report',
        ),
      },
    ];
    const header = JSON.stringify({ outbox: 1, generation: 'g-e2e' });
    fs.writeFileSync(
      path.join(outbox, 'journal.jsonl'),
      `${[header, ...entries.map((e) => JSON.stringify(e))].join('\n')}\n`,
    );
    // The first entry is acked (its byte offset is right after the header line).
    fs.writeFileSync(
      path.join(outbox, 'acked.jsonl'),
      `${JSON.stringify({ generation: 'g-e2e', offsets: [Buffer.byteLength(header) + 1] })}\n`,
    );
    const status = await api.audit.sync.refresh();
    assert.equal(status.pending, 1);
    assert.equal(status.kind, 'not-configured');
    assert.match(status.text, /^lineage: not configured \(1 local\)$/);

    await api.audit.showLineage('public.users', 'downstream', 3);
    const shown = api.audit.lineage.shown;
    assert.ok(shown);
    assert.match(shown.origin, /local outbox/);
    const names = shown.graph.nodes.map((n) => `${n.type}:${n.name}@${n.distance}`).sort();
    assert.deepEqual(names, [
      'dataset:public.report@2',
      'dataset:public.users@0',
      'dataset:public.users_copy@1',
      'job:copy-users@1',
      'job:report@2',
    ]);
    await api.audit.showLineage(`${DB}/public.report`, 'upstream', 1);
    const up = api.audit.lineage.shown?.graph.nodes.map((n) => n.name).sort();
    assert.deepEqual(up, ['public.report', 'public.users_copy', 'report']);
  });
});
