/// <reference types="mocha" />
/**
 * Railguard in a real VS Code: workspace policy files (scaffold, positioned problems, hot reload
 * re-linting open migrations) and the extension's commands and status bar item.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RailguardApi } from '../../../extension/src/extension';
import {
  codeOf,
  LEMMY,
  open,
  skipWithoutCorpus,
  waitForDiagnostics,
  workspaceDir,
  writeWorkspaceFile,
} from './helpers';

const HEADER = ['apiVersion: railguard.dev/v1', 'kind: Policy', 'metadata:', '  name: team'];

async function replaceAll(editor: vscode.TextEditor, text: string): Promise<void> {
  const doc = editor.document;
  const all = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  assert.ok(await editor.edit((b) => b.replace(all, text)));
}

describe('Railguard policy files and commands', function () {
  let api: RailguardApi;
  before(async () => {
    const ext = vscode.extensions.getExtension<RailguardApi>('railguard.railguard');
    assert.ok(ext);
    api = await ext.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"Open Policy" scaffolds a commented policy when the workspace has none', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('railguard.openPolicy');
    assert.equal(uri.fsPath, path.join(workspaceDir(), '.railguard', 'policies', 'policy.yaml'));
    const text = fs.readFileSync(uri.fsPath, 'utf8');
    assert.match(text, /^# Railguard workspace policy/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath);
  });

  it('reports a broken policy at its line: an unknown key, then an unknown rule id', async () => {
    const uri = vscode.Uri.file(path.join(workspaceDir(), '.railguard', 'policies', 'policy.yaml'));
    const editor = await open(uri);
    await replaceAll(editor, [...HEADER, '  owner: data-team', ''].join('\n'));
    const ds = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'unknown-key'));
    const unknownKey = ds.find((d) => codeOf(d) === 'unknown-key');
    assert.ok(unknownKey);
    assert.equal(unknownKey.range.start.line, 4);
    assert.equal(editor.document.getText(unknownKey.range), 'owner');

    const rules = [
      'rules:',
      '  - id: no-drops',
      '    match:',
      '      ruleId: [drop-tabel]',
      '    effect: deny',
      '',
    ];
    await replaceAll(editor, [...HEADER, ...rules].join('\n'));
    const after = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'unknown-rule-id'));
    assert.ok(!after.some((d) => codeOf(d) === 'unknown-key'));
    const unknownRule = after.find((d) => codeOf(d) === 'unknown-rule-id');
    assert.ok(unknownRule);
    assert.equal(unknownRule.range.start.line, 7);
    assert.match(editor.document.getText(unknownRule.range), /drop-tabel/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('reports a failing embedded policy test at its - name: line, expected vs actual', async () => {
    const uri = vscode.Uri.file(path.join(workspaceDir(), '.railguard', 'policies', 'policy.yaml'));
    const editor = await open(uri);
    const policy = (expected: string): string =>
      [
        ...HEADER,
        'tests:',
        '  - name: a human dropping a table in development',
        "    input: { kind: sql, text: 'DROP TABLE users;', environment: development, actor: 'human:alice' }",
        `    expect: { effect: ${expected} }`,
        '',
      ].join('\n');
    await replaceAll(editor, policy('deny'));
    const ds = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'policy-test-failed'));
    const failed = ds.find((d) => codeOf(d) === 'policy-test-failed');
    assert.ok(failed);
    assert.equal(failed.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(failed.range.start.line, 5);
    assert.equal(editor.document.getText(failed.range), '- name: a human dropping a table in development');
    assert.match(failed.message, /expected deny, got ask/);
    // The built-in policy asks (ask-data-loss): expecting that makes the test pass.
    await replaceAll(editor, policy('ask'));
    await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === 'policy-test-failed'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a policy edit on disk re-lints open migrations and changes their severity', async () => {
    const sql = writeWorkspaceFile('db/migrations/000002_drop_users.down.sql', 'DROP TABLE users;\n');
    await open(sql);
    const severityOf = (ds: vscode.Diagnostic[]): vscode.DiagnosticSeverity | undefined =>
      ds.find((x) => codeOf(x) === 'drop-table')?.severity;
    // Built-in policy, development, agent: data loss asks ⇒ Warning.
    await waitForDiagnostics(sql, (d) => severityOf(d) === vscode.DiagnosticSeverity.Warning);
    const extra = path.join(workspaceDir(), '.railguard', 'policies', 'extra.yaml');
    const writePolicy = (effect: string): void =>
      fs.writeFileSync(
        extra,
        [
          'apiVersion: railguard.dev/v1',
          'kind: Policy',
          'metadata:',
          '  name: extra',
          'rules:',
          `  - id: ${effect}-drops-in-development`,
          '    match: { environment: development, ruleId: [drop-table] }',
          `    effect: ${effect}`,
          '',
        ].join('\n'),
      );
    writePolicy('deny');
    const denied = await waitForDiagnostics(sql, (d) => severityOf(d) === vscode.DiagnosticSeverity.Error);
    assert.match(
      denied.find((x) => codeOf(x) === 'drop-table')?.message ?? '',
      /Policy: deny .*extra\/deny-drops-in-development/,
    );
    // A workspace policy no human approved applies stricter-only (issue 10, policy tiers): its
    // `allow` cannot loosen the built-in ask, so the edit brings the Warning back, not a Hint.
    writePolicy('allow');
    const stricterOnly = await waitForDiagnostics(
      sql,
      (d) => severityOf(d) === vscode.DiagnosticSeverity.Warning,
    );
    assert.match(
      stricterOnly.find((x) => codeOf(x) === 'drop-table')?.message ?? '',
      /Policy: ask .*default\/ask-data-loss/,
    );
    fs.rmSync(extra);
    await waitForDiagnostics(sql, (d) => severityOf(d) === vscode.DiagnosticSeverity.Warning);
  });

  it('"Lint Workspace" lints migrations that are not open', async function () {
    skipWithoutCorpus(this);
    const down = path.join(LEMMY, '2022-08-05-203502_add_person_post_aggregates', 'down.sql');
    const uri = writeWorkspaceFile(
      'migrations/2022-08-05-203502_aggregates/down.sql',
      fs.readFileSync(down, 'utf8'),
    );
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()));
    const total = await vscode.commands.executeCommand<number>('railguard.lintWorkspace');
    const ds = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'railguard');
    assert.ok(total >= ds.length && ds.length > 0);
    const drop = ds.find((d) => codeOf(d) === 'drop-table');
    assert.ok(drop);
    assert.deepEqual([drop.range.start.line, drop.range.start.character], [0, 'DROP TABLE '.length]);
  });

  it('"Explain Rule" opens the rule\'s problem and solution', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>(
      'railguard.explainRule',
      'drop-table',
    );
    assert.equal(doc.languageId, 'markdown');
    assert.match(doc.getText(), /^# .+ \(`drop-table`\)/);
    assert.match(doc.getText(), /## Problem\n\n\S/);
    assert.match(doc.getText(), /## Solution\n\n\S/);
  });

  it('"Show Decision for Selection" gives the policy effect per environment for a DROP TABLE', async () => {
    const uri = writeWorkspaceFile('migrations/2024-03-03-000000_drop/down.sql', 'DROP TABLE person_ban;\n');
    await open(uri);
    const result = await vscode.commands.executeCommand<{
      findings: { ruleId: string }[];
      decisions: { environment: string; effect: string }[];
    }>('railguard.showDecision');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.ok(result.findings.some((f) => f.ruleId === 'drop-table'));
    const production = result.decisions.find((d) => d.environment === 'production');
    assert.ok(production, JSON.stringify(result.decisions));
    assert.ok(
      ['deny', 'ask'].includes(production.effect),
      `an agent dropping a table in production: ${production.effect}`,
    );
  });

  it('shows mode, environment and problem count in the status bar', async () => {
    const problems = vscode.languages
      .getDiagnostics()
      .reduce((n, [, ds]) => n + ds.filter((d) => d.source === 'railguard').length, 0);
    assert.ok(problems > 0);
    api.status.update();
    // Workspace policies no human approved are reported first (they apply stricter-only).
    assert.match(
      api.status.text,
      new RegExp(
        `^\\$\\((shield|warning)\\)( \\d+ polic(y|ies) stricter-only ·)? enforce · auto · ${problems}$`,
      ),
    );
  });
});
