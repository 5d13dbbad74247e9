/// <reference types="mocha" />
/**
 * Railguard in a real VS Code: diagnostics, hover and quick fixes on real corpus migrations.
 * Expected values are derived from the documents' own text (the flagged table name, the statement
 * that lacks CONCURRENTLY), not hard-coded positions.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  codeOf,
  LEMMY,
  open,
  railguardDiagnostics,
  screenshot,
  skipWithoutCorpus,
  waitForDiagnostics,
  writeWorkspaceFile,
} from './helpers';

const DROP_TABLE_DOWN = path.join(LEMMY, '2022-08-05-203502_add_person_post_aggregates', 'down.sql');
const INDEX_UP = path.join(
  LEMMY,
  '2023-12-22-040137_make-mixed-sorting-directions-work-with-tuple-comparison',
  'up.sql',
);

describe('Railguard language server on corpus migrations', function () {
  before(async function () {
    skipWithoutCorpus(this);
    const ext = vscode.extensions.getExtension('railguard.railguard');
    assert.ok(ext, 'extension railguard.railguard is installed');
    if (process.env.RAILGUARD_E2E_FROM_VSIX === '1') {
      assert.match(ext.extensionPath, /extensions-vsix/, 'the packaged extension runs, not the checkout');
    }
    await ext.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('reports DROP TABLE in a diesel down.sql at the dropped table, linked to the rule doc', async () => {
    const uri = vscode.Uri.file(DROP_TABLE_DOWN);
    const editor = await open(uri);
    const ds = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'drop-table'));
    const drop = ds.find((d) => codeOf(d) === 'drop-table');
    assert.ok(drop);
    assert.equal(editor.document.getText(drop.range), 'person_post_aggregates');
    assert.equal(drop.source, 'railguard');
    // Severity from policy: the built-in policy asks about data loss outside production, and
    // `railguard.environment: auto` recognises development (its default environment).
    assert.equal(drop.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(
      typeof drop.message === 'string' ? drop.message : '',
      /\nPolicy: ask for an agent in development \(rule default\/ask-data-loss\)\.$/,
    );
    const code = drop.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /docs\/rules\/drop-table\.md$/);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.commands.executeCommand('notifications.clearAll'); // toasts of earlier suites
    await screenshot('problems-panel', '.markers-panel .monaco-list-row');
  });

  it('explains the rule in a hover on the flagged statement', async () => {
    const uri = vscode.Uri.file(DROP_TABLE_DOWN);
    const editor = await open(uri);
    const drop = railguardDiagnostics(uri).find((d) => codeOf(d) === 'drop-table');
    assert.ok(drop);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      drop.range.start,
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /`drop-table`/);
    assert.match(text, /\*\*Problem\.\*\*/);
    assert.match(text, /\*\*Safer\.\*\*/);
    assert.match(
      text,
      /\| production \| \*\*(deny|ask|warn|allow)\*\* \|/,
      'the decision for an agent in production',
    );
    editor.selection = new vscode.Selection(drop.range.start, drop.range.start);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('hover', '.monaco-hover .rendered-markdown');
  });

  it('applies the CONCURRENTLY quick fix to a CREATE INDEX and the finding goes away', async () => {
    // A copy in the temp workspace, so the edit never touches the corpus.
    const uri = writeWorkspaceFile(
      'migrations/2023-12-22-040137_sorting/up.sql',
      fs.readFileSync(INDEX_UP, 'utf8'),
    );
    const editor = await open(uri);
    const ds = await waitForDiagnostics(uri, (d) =>
      d.some((x) => codeOf(x) === 'create-index-non-concurrently'),
    );
    const before = ds.filter((d) => codeOf(d) === 'create-index-non-concurrently');
    const target = before[0];
    assert.ok(target);
    const line = target.range.start.line;
    assert.match(editor.document.lineAt(line).text, /^CREATE INDEX (?!CONCURRENTLY)/);
    editor.selection = new vscode.Selection(target.range.start, target.range.start);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      target.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.edit?.get(uri).some((e) => /CONCURRENTLY/.test(e.newText)));
    assert.ok(fix?.edit, `a CONCURRENTLY quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.isPreferred, true, "the rule's own rewrite is the preferred fix");
    assert.ok(actions.some((a) => a.title === 'Ignore create-index-non-concurrently for this statement'));
    await vscode.commands.executeCommand('editor.action.quickFix');
    await screenshot('quick-fix', '.action-widget');
    await vscode.commands.executeCommand('hideCodeActionWidget');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.lineAt(line).text, /^CREATE INDEX CONCURRENTLY /);
    const after = await waitForDiagnostics(
      uri,
      (d) => d.filter((x) => codeOf(x) === 'create-index-non-concurrently').length === before.length - 1,
    );
    assert.ok(
      !after.some((d) => codeOf(d) === 'create-index-non-concurrently' && d.range.start.line === line),
    );
    await vscode.commands.executeCommand('workbench.action.files.save');
  });

  it('honours railguard-ignore comments and reports unknown rule ids in them', async () => {
    const text = [
      '-- railguard-ignore drop-table: archived in ticket 42',
      'DROP TABLE old_audit;',
      '',
      '-- railguard-ignore drop-tabel: typo',
      'DROP TABLE old_sessions;',
      '',
    ].join('\n');
    const uri = writeWorkspaceFile('migrations/20240101000000_cleanup.up.sql', text);
    const editor = await open(uri);
    const ds = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'unknown-suppression'));
    const drops = ds.filter((d) => codeOf(d) === 'drop-table');
    assert.deepEqual(
      drops.map((d) => editor.document.getText(d.range)),
      ['old_sessions'],
    );
    const unknown = ds.find((d) => codeOf(d) === 'unknown-suppression');
    assert.ok(unknown);
    assert.equal(unknown.range.start.line, 3);
    assert.match(editor.document.getText(unknown.range), /drop-tabel/);
  });

  it('"ignore for this statement" quick fix inserts a suppression comment that silences the rule', async () => {
    const uri = writeWorkspaceFile('migrations/2024-02-02-000000_drop/down.sql', 'DROP TABLE person_ban;\n');
    const editor = await open(uri);
    const ds = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'drop-table'));
    const drop = ds.find((d) => codeOf(d) === 'drop-table');
    assert.ok(drop);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      drop.range,
    );
    const ignore = actions.find((a) => a.title === 'Ignore drop-table for this statement');
    assert.ok(ignore?.edit);
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    assert.equal(editor.document.lineAt(0).text, '-- railguard-ignore drop-table: <reason>');
    await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === 'drop-table'));
  });
});
