/// <reference types="mocha" />
/**
 * "Railguard: Install Agent Hooks" in a real VS Code: the command (with arguments, no pickers)
 * merges Claude Code's and Cursor's hook entries into the workspace (keeping a hook the user had).
 * Issue 12: this machine's command — the extension's bash client with its bundled CLI as
 * fallback — goes to Claude Code's uncommitted `.claude/settings.local.json`, never to the
 * committed `.claude/settings.json`; Cursor's committed `.cursor/hooks.json` gets the portable
 * `railguard hook cursor`. Run by `sh -c` with the published fixtures, both are denied by the
 * daemon the language server hosts (the portable one through a `railguard` on PATH running the
 * extension's CLI; with none on PATH it blocks by itself); an ask waits for the editor's answer;
 * a second install changes nothing; uninstall deletes the file it created (and `.claude/`) and
 * restores the user's file byte for byte. Without `confirm: false` the command previews and asks
 * first; VS Code refuses modal dialogs in extension tests, which counts as declining, so nothing is
 * written.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RailguardApi } from '../../../extension/src/extension';
import { PREVIEW_SCHEME, type AgentHooksResult } from '../../../extension/src/agent-hooks';
import { CLAUDE_MATCHER, isOurs, shellQuote } from '../../../server/src/hooks/install';
import { portableHookCommand } from '../../../server/src/hooks/layout';
import claudeFixture from '../../fixtures/hooks/claude-code.pre-tool-use.json';
import cursorFixture from '../../fixtures/hooks/cursor.before-shell-execution.json';
import { workspaceDir } from './helpers';
import { waitForDaemon } from './terminal-helpers';

const ASK = "psql -h prod-db -c 'CREATE INDEX hooks_install_email ON accounts (email)'";

interface Ran {
  code: number | null;
  answer: Record<string, unknown>;
  stderr: string;
}

/** Runs `command` with `sh -c` (as agents do) with `input` as JSON on stdin. */
function runWritten(command: string, input: unknown, env: NodeJS.ProcessEnv = process.env): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], {
      cwd: workspaceDir(),
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      try {
        resolve({ code, answer: JSON.parse(out || '{}') as Record<string, unknown>, stderr });
      } catch {
        reject(
          new Error(`${command} exited ${String(code)} with unreadable output ${out}; stderr ${stderr}`),
        );
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}

/** The command of the only Railguard entry of an agent config, found by its path of keys. */
function commandAt(file: string, keys: string[], pick: (entry: Record<string, unknown>) => unknown): string {
  let o: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const k of keys) o = (o as Record<string, unknown>)[k];
  assert.ok(Array.isArray(o), `${keys.join('.')} is an array in ${file}`);
  const ours = (o as Record<string, unknown>[]).filter(isOurs);
  assert.equal(ours.length, 1, `one Railguard entry in ${file}`);
  const command = pick(ours[0] ?? {});
  assert.equal(typeof command, 'string');
  return command as string;
}

describe('Railguard: Install Agent Hooks', function () {
  this.timeout(90_000);
  let api: RailguardApi;
  let ext: vscode.Extension<RailguardApi>;
  let claudeFile: string;
  let claudeShared: string;
  let cursorFile: string;
  /** The user's own Cursor hooks file, there before the install. */
  const cursorOriginal =
    JSON.stringify({ version: 1, hooks: { afterFileEdit: [{ command: './format.sh' }] } }, null, 2) + '\n';
  const args = { agents: ['claude-code', 'cursor'], scope: 'workspace', confirm: false };

  before(async () => {
    const found = vscode.extensions.getExtension<RailguardApi>('railguard.railguard');
    assert.ok(found);
    ext = found;
    api = await ext.activate();
    claudeFile = path.join(workspaceDir(), '.claude', 'settings.local.json');
    claudeShared = path.join(workspaceDir(), '.claude', 'settings.json');
    cursorFile = path.join(workspaceDir(), '.cursor', 'hooks.json');
    fs.mkdirSync(path.dirname(cursorFile), { recursive: true });
    fs.writeFileSync(cursorFile, cursorOriginal);
    await vscode.workspace
      .getConfiguration('railguard')
      .update('modalApprovalsInProduction', false, vscode.ConfigurationTarget.Global);
    await waitForDaemon();
  });

  after(async () => {
    for (const p of api.approvals.book.pendingPrompts()) api.approvals.book.answer(p.id, 'rejected', 'view');
    await vscode.workspace
      .getConfiguration('railguard')
      .update('modalApprovalsInProduction', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('without confirm: false it previews and asks first; a declined confirmation writes nothing', async () => {
    const previewed: vscode.TextDocument[] = [];
    const sub = vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.uri.scheme === PREVIEW_SCHEME) previewed.push(d);
    });
    const result = await vscode.commands
      .executeCommand<AgentHooksResult>('railguard.installAgentHooks', {
        agents: ['claude-code', 'cursor'],
        scope: 'workspace',
      })
      .then(
        (r) => (sub.dispose(), r),
        (e: unknown) => {
          sub.dispose();
          throw e;
        },
      );
    // The multi-file diff showed the planned Claude Code settings (after) and Cursor's file (before, after).
    const shown = previewed.map((d) => `${path.basename(d.uri.path)}:${d.uri.query.replace(/^\d+-/, '')}`);
    assert.deepEqual(
      shown.sort(),
      ['hooks.json:after', 'hooks.json:before', 'settings.local.json:after'],
      shown.join(),
    );
    const claudeAfter = previewed.find((d) => d.uri.path.endsWith('settings.local.json'));
    assert.match(claudeAfter?.getText() ?? '', /agent-hook\.bash.* hook claude-code/);
    assert.equal(result.outcome, 'cancelled');
    assert.deepEqual(
      result.changes.map((c) => [c.agent, c.role, c.action]),
      [
        ['claude-code', 'shared', 'unchanged'],
        ['claude-code', 'local', 'create'],
        ['cursor', 'shared', 'update'],
      ],
    );
    assert.equal(fs.existsSync(claudeFile), false);
    assert.equal(fs.existsSync(claudeShared), false);
    assert.equal(fs.readFileSync(cursorFile, 'utf8'), cursorOriginal);
  });

  it("installs Claude Code's and Cursor's hooks, keeping the user's own", async () => {
    const result = await vscode.commands.executeCommand<AgentHooksResult>(
      'railguard.installAgentHooks',
      args,
    );
    assert.equal(result.outcome, 'written', result.message);
    assert.deepEqual(
      result.changes.map((c) => [c.agent, c.action, c.file]),
      [
        ['claude-code', 'unchanged', claudeShared],
        ['claude-code', 'create', claudeFile],
        ['cursor', 'update', cursorFile],
      ],
    );
    assert.equal(fs.existsSync(claudeShared), false, 'nothing machine-specific in the committed file');
    const client = path.join(ext.extensionPath, 'server', 'src', 'hooks', 'shell', 'agent-hook.bash');
    const cli = path.join(ext.extensionPath, 'dist', 'railguard-cli.js');
    const claude = commandAt(claudeFile, ['hooks', 'PreToolUse'], (e) => {
      assert.equal(e.matcher, CLAUDE_MATCHER);
      return (e.hooks as { command?: unknown }[] | undefined)?.[0]?.command;
    });
    assert.ok(claude.startsWith('bash '), claude);
    assert.ok(claude.includes(client), claude);
    assert.ok(claude.includes(cli), claude);
    assert.ok(claude.endsWith(' hook claude-code'), claude);
    const cursorText = fs.readFileSync(cursorFile, 'utf8');
    assert.ok(!cursorText.includes(ext.extensionPath) && !cursorText.includes(process.execPath), cursorText);
    const cursor = commandAt(cursorFile, ['hooks', 'beforeShellExecution'], (e) => e.command);
    assert.equal(cursor, portableHookCommand('cursor'));
    const merged = JSON.parse(fs.readFileSync(cursorFile, 'utf8')) as { version: number; hooks: object };
    assert.equal(merged.version, 1);
    assert.deepEqual((merged.hooks as { afterFileEdit: unknown }).afterFileEdit, [
      { command: './format.sh' },
    ]);
  });

  it('the written commands are answered by the language server: deny for DROP TABLE on prod-db', async () => {
    const claude = commandAt(
      claudeFile,
      ['hooks', 'PreToolUse'],
      (e) => (e.hooks as { command?: unknown }[] | undefined)?.[0]?.command,
    );
    const denied = await runWritten(claude, claudeFixture);
    assert.equal(denied.code, 0, denied.stderr);
    const out = denied.answer.hookSpecificOutput as Record<string, unknown> | undefined;
    assert.equal(out?.permissionDecision, 'deny');
    assert.match(String(out?.permissionDecisionReason), /prod-agent-no-data-loss/);
    assert.doesNotMatch(
      denied.stderr,
      /judged in process|no daemon/,
      'the daemon answered, not the fallback',
    );
    // The portable command, with a `railguard` on PATH (the extension's own CLI): the daemon denies.
    const cursor = commandAt(cursorFile, ['hooks', 'beforeShellExecution'], (e) => e.command);
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-bin-'));
    try {
      const cli = path.join(ext.extensionPath, 'dist', 'railguard-cli.js');
      fs.writeFileSync(
        path.join(bin, 'railguard'),
        `#!/bin/sh\nexec env ELECTRON_RUN_AS_NODE=1 ${shellQuote(process.execPath)} ${shellQuote(cli)} "$@"\n`,
        { mode: 0o755 },
      );
      const onPath = { ...process.env, PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` };
      const cursorDenied = await runWritten(cursor, cursorFixture, onPath);
      assert.equal(cursorDenied.answer.permission, 'deny', cursorDenied.stderr);
      assert.match(String(cursorDenied.answer.agentMessage), /prod-agent-no-data-loss/);
      assert.doesNotMatch(cursorDenied.stderr, /judged in process|no daemon/);
      // No railguard on PATH: blocked by the command itself (fail closed), never let through.
      const blocked = await runWritten(cursor, cursorFixture, { ...process.env, PATH: '/usr/bin:/bin' });
      assert.equal(blocked.answer.permission, 'deny');
      assert.match(String(blocked.answer.agentMessage), /railguard is not on PATH/);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it('an ask through the written command waits for the editor and then allows', async () => {
    const claude = commandAt(
      claudeFile,
      ['hooks', 'PreToolUse'],
      (e) => (e.hooks as { command?: unknown }[] | undefined)?.[0]?.command,
    );
    const book = api.approvals.book;
    const prompted = new Promise<string>((resolve) => {
      const check = (): boolean => {
        const p = book.pendingPrompts()[0];
        if (p) resolve(p.id);
        return p !== undefined;
      };
      if (check()) return;
      const off = book.onDidChange(() => {
        if (check()) off();
      });
    });
    const running = runWritten(claude, {
      ...claudeFixture,
      tool_input: { ...claudeFixture.tool_input, command: ASK },
    });
    const id = await prompted;
    assert.equal(book.pendingPrompts()[0]?.actor.name, 'claude-code');
    book.answer(id, 'approved', 'view');
    const ran = await running;
    const out = ran.answer.hookSpecificOutput as Record<string, unknown> | undefined;
    assert.equal(out?.permissionDecision, 'allow', ran.stderr);
  });

  it('installing again changes nothing', async () => {
    const claudeBefore = fs.readFileSync(claudeFile, 'utf8');
    const cursorBefore = fs.readFileSync(cursorFile, 'utf8');
    const result = await vscode.commands.executeCommand<AgentHooksResult>(
      'railguard.installAgentHooks',
      args,
    );
    assert.equal(result.outcome, 'nothing-to-do');
    assert.deepEqual(
      result.changes.map((c) => c.action),
      ['unchanged', 'unchanged', 'unchanged'],
    );
    assert.equal(fs.readFileSync(claudeFile, 'utf8'), claudeBefore);
    assert.equal(fs.readFileSync(cursorFile, 'utf8'), cursorBefore);
  });

  it('refuses unknown agents without writing anything', async () => {
    const result = await vscode.commands.executeCommand<AgentHooksResult>('railguard.uninstallAgentHooks', {
      agents: ['claude-code', 'no-such-agent'],
      scope: 'workspace',
      confirm: false,
    });
    assert.equal(result.outcome, 'refused');
    assert.match(result.message ?? '', /unknown agent no-such-agent/);
    assert.ok(fs.existsSync(claudeFile));
  });

  it("uninstall deletes the file it created and gives the user's file back byte for byte", async () => {
    const result = await vscode.commands.executeCommand<AgentHooksResult>(
      'railguard.uninstallAgentHooks',
      args,
    );
    assert.equal(result.outcome, 'written', result.message);
    assert.deepEqual(
      result.changes.map((c) => [c.agent, c.role, c.action]),
      [
        ['claude-code', 'shared', 'unchanged'],
        ['claude-code', 'local', 'delete'],
        ['cursor', 'shared', 'remove-entry'],
      ],
    );
    assert.equal(fs.existsSync(claudeFile), false);
    assert.equal(fs.existsSync(path.dirname(claudeFile)), false, 'no empty .claude/ left');
    assert.equal(fs.readFileSync(cursorFile, 'utf8'), cursorOriginal);
    fs.rmSync(path.join(workspaceDir(), '.cursor'), { recursive: true, force: true });
    fs.rmSync(path.join(workspaceDir(), '.claude'), { recursive: true, force: true });
  });
});
