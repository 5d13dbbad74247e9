/// <reference types="mocha" />
/**
 * The approval UI in a real VS Code: the language server hosts the decision daemon; a Claude Code
 * `PreToolUse` hook (`railguard hook claude-code`, a real process) asking for a production write
 * surfaces as a prompt in the workbench, the test clicks its button in the browser (the launcher's
 * `/click` service), and the waiting hook then allows (Approve once) or denies (Reject). A
 * production `DROP TABLE` from the agent is denied without any prompt.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RailguardApi } from '../../../extension/src/extension';
import { workspaceDir } from './helpers';
import { waitForDaemon } from './terminal-helpers';

const ASK_ONE = "psql -h prod-db -c 'CREATE INDEX accounts_email ON accounts (email)'";
const ASK_TWO = "psql -h prod-db -c 'CREATE INDEX users_email ON users (email)'";
const DROP = "psql -h prod-db -c 'DROP TABLE users'";

/** Runs `railguard hook claude-code` with a PreToolUse fixture for `command`; resolves its JSON answer. */
function runHook(command: string): Promise<{
  hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string };
  stderr?: string;
}> {
  const cli = process.env.RAILGUARD_E2E_CLI;
  assert.ok(cli && fs.existsSync(cli), 'RAILGUARD_E2E_CLI must point at dist/railguard.js');
  const input = {
    session_id: 'e2e-session',
    cwd: workspaceDir(),
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command, description: 'e2e' },
    tool_use_id: 'toolu_e2e',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'hook', 'claude-code'], {
      cwd: workspaceDir(),
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      try {
        const parsed = JSON.parse(out || '{}') as Record<string, unknown>;
        // What the hook said on stderr (its fallbacks), for assertion messages.
        if (err) parsed.stderr = err;
        resolve(parsed as never);
      } catch {
        reject(new Error(`hook exited ${String(code)} with unreadable output ${out}; stderr ${err}`));
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}

/** Presses a workbench button by its text through the launcher (the browser, not the API). */
async function click(text: string): Promise<void> {
  const service = process.env.RAILGUARD_E2E_SCREENSHOT_URL;
  assert.ok(service, 'the launcher click service is needed (code-server harness)');
  const url = new URL(service);
  url.pathname = '/click';
  url.searchParams.set('text', text);
  const res = await fetch(url, { method: 'POST' });
  if (!res.ok) throw new Error(`click "${text}" failed: ${res.status} ${await res.text()}`);
}

/**
 * Captures the workbench once every selector is visible (the launcher's screenshot service with
 * repeated `waitFor`); a no-op without the service, like `helpers.screenshot`.
 */
async function screenshotAll(name: string, waitFor: string[]): Promise<void> {
  const service = process.env.RAILGUARD_E2E_SCREENSHOT_URL;
  const dir = process.env.RAILGUARD_E2E_SCREENSHOTS;
  if (!service || !dir) return;
  const url = new URL(service);
  url.searchParams.set('path', path.join(dir, `${name}.png`));
  for (const w of waitFor) url.searchParams.append('waitFor', w);
  const res = await fetch(url, { method: 'POST' });
  if (!res.ok) throw new Error(`screenshot ${name} failed: ${res.status} ${await res.text()}`);
}

/** Resolves when the approval book has `n` pending prompts (checked on every change). */
function pendingCount(api: RailguardApi, n: number, timeoutMs = 30_000): Promise<void> {
  const book = api.approvals.book;
  return new Promise((resolve, reject) => {
    const done = (): boolean => book.pendingPrompts().length === n;
    if (done()) return resolve();
    const timer = setTimeout(() => {
      off();
      reject(new Error(`expected ${n} pending approvals, have ${book.pendingPrompts().length}`));
    }, timeoutMs);
    const off = book.onDidChange(() => {
      if (!done()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

describe('Railguard approvals in the editor', function () {
  this.timeout(90_000);
  let api: RailguardApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<RailguardApi>('railguard.railguard');
    assert.ok(ext);
    api = await ext.activate();
    // VS Code refuses modal dialogs while extension tests run ("DialogService: refused to show
    // dialog in tests"), so production prompts are shown as notifications here.
    await vscode.workspace
      .getConfiguration('railguard')
      .update('modalApprovalsInProduction', false, vscode.ConfigurationTarget.Global);
    await waitForDaemon();
    // The hook gives the daemon 2 s to answer or acknowledge an ask (issue 10: bounded waits).
    // The first decision in a workspace prepares its policy set; on a loaded test machine that
    // alone took longer, and the hook then answered by the fail rule before the ask was shown.
    // A harmless first call prepares it, as a user's first command would.
    const warm = await runHook('ls');
    assert.notEqual(warm.hookSpecificOutput?.permissionDecision, 'deny');
  });

  afterEach(async () => {
    // A failed test must not leave prompts pending for the next one.
    for (const p of api.approvals.book.pendingPrompts()) api.approvals.book.answer(p.id, 'rejected', 'view');
    // Toasts of prompts answered elsewhere stay on screen (the API cannot close them): clear them.
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('railguard')
      .update('modalApprovalsInProduction', undefined, vscode.ConfigurationTarget.Global);
  });

  it('denies an agent dropping a production table without any prompt', async () => {
    const answered = api.approvals.book.answered.all().length;
    const answer = await runHook(DROP);
    assert.equal(answer.hookSpecificOutput?.permissionDecision, 'deny');
    assert.match(answer.hookSpecificOutput?.permissionDecisionReason ?? '', /prod-agent-no-data-loss/);
    assert.equal(api.approvals.book.pendingPrompts().length, 0);
    assert.equal(api.approvals.book.answered.all().length, answered);
  });

  it('an ask for a production write is approved by clicking "Approve once"; the hook then allows', async () => {
    const hook = runHook(ASK_ONE);
    await pendingCount(api, 1);
    const prompt = api.approvals.book.pendingPrompts()[0];
    assert.ok(prompt);
    assert.equal(prompt.environment, 'production');
    assert.equal(prompt.production, true);
    assert.equal(prompt.actor.name, 'claude-code');
    assert.deepEqual(prompt.matched, ['default/prod-agent-ask-lock']);
    assert.match(api.approvals.status.text, /1 Railguard approval/);
    await vscode.commands.executeCommand('railguard.approvals.focus');
    await screenshotAll('approval', [
      '.notification-toast a.monaco-button >> text="Reject"',
      '.pane-body .monaco-list-row[aria-label*="accounts_email"]',
    ]);
    await click('Approve once');
    const answer = await hook;
    assert.equal(
      answer.hookSpecificOutput?.permissionDecision,
      'allow',
      `${answer.hookSpecificOutput?.permissionDecisionReason ?? ''} ${answer.stderr ?? ''}`,
    );
    const last = api.approvals.book.answered.all()[0];
    assert.equal(last?.reply.answer, 'approved');
    assert.equal(last?.reply.via, 'prompt');
    assert.match(last?.reply.approver ?? '', /^vscode-user:/);
    assert.equal(api.approvals.status.text, '');
  });

  it('a second ask is rejected by clicking "Reject"; the hook then denies', async () => {
    const hook = runHook(ASK_TWO);
    await pendingCount(api, 1);
    await click('Reject');
    const answer = await hook;
    assert.equal(answer.hookSpecificOutput?.permissionDecision, 'deny');
    assert.equal(api.approvals.book.answered.all()[0]?.reply.answer, 'rejected');
  });

  it('refuses approvals from executeCommand: the requesting agent cannot approve itself', async () => {
    const hook = runHook(ASK_ONE.replace('accounts_email', 'self_approval'));
    await pendingCount(api, 1);
    const id = api.approvals.book.pendingPrompts()[0]?.id;
    assert.ok(id);
    // What an agent with a run-VS-Code-command tool could try: the id, or a look-alike view node.
    for (const arg of [
      id,
      { item: { id: `pending:${id}` } },
      { group: 'pending', item: { id: `pending:${id}` } },
    ]) {
      const approved = await vscode.commands.executeCommand<boolean>('railguard.approvals.approve', arg);
      assert.equal(approved, false, `refused: ${JSON.stringify(arg)}`);
    }
    // Without arguments a quick pick opens; accepting it by command still needs the modal
    // confirmation, which no command can press (and which VS Code refuses outright under test).
    let settled: boolean | undefined;
    const viaPick = Promise.resolve(
      vscode.commands.executeCommand<boolean>('railguard.approvals.approve'),
    ).then((v) => (settled = v));
    // The pick opens asynchronously: press "accept" until the command has returned.
    for (let i = 0; i < 100 && settled === undefined; i++) {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(await viaPick, false);
    assert.deepEqual(
      api.approvals.book.pendingPrompts().map((p) => p.id),
      [id],
    );
    // The notification's primary action (what `notification.acceptPrimaryAction` presses) rejects.
    await vscode.commands.executeCommand('notifications.focusToasts');
    await vscode.commands.executeCommand('notification.acceptPrimaryAction');
    assert.equal((await hook).hookSpecificOutput?.permissionDecision, 'deny');
    const reply = api.approvals.book.answered.all()[0]?.reply;
    assert.equal(reply?.answer, 'rejected');
    assert.equal(reply?.via, 'prompt');
  });

  it('"Approve for this session" approves the identical command again without a prompt', async () => {
    const first = runHook(ASK_TWO.replace('users_email', 'orders_email').replace('users', 'orders'));
    await pendingCount(api, 1);
    await click('Approve for this session');
    assert.equal((await first).hookSpecificOutput?.permissionDecision, 'allow');
    const second = await runHook(ASK_TWO.replace('users_email', 'orders_email').replace('users', 'orders'));
    assert.equal(second.hookSpecificOutput?.permissionDecision, 'allow');
    const last = api.approvals.book.answered.all()[0];
    assert.equal(last?.reply.via, 'session');
    assert.equal(api.approvals.book.clearSession(), 1);
  });
});
