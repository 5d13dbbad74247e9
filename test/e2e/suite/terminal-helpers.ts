/**
 * Helpers for the e2e tests of terminals, tasks and the daemon the language server hosts: bounded
 * polling, the daemon's health, shell integration, a terminal's text (through the workbench's
 * own select-all and copy commands) and the daemon's audit log.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EventRecord } from '../../../server/src/audit/model';
import { latestEvents } from '../../../extension/src/audit/trail';

/** Polls `check` every 100 ms until it returns a value other than undefined; rejects after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves once the language server's daemon answers `GET /v1/health` (the hooks need it). */
export async function waitForDaemon(): Promise<void> {
  const dir = process.env.RAILGUARD_RUNTIME_DIR;
  assert.ok(dir, 'RAILGUARD_RUNTIME_DIR is set by test/e2e/run.ts');
  const state = { last: 'no endpoint.json' };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const port = fs.readFileSync(path.join(dir, 'port'), 'utf8').trim();
      const token = fs.readFileSync(path.join(dir, 'token'), 'utf8').trim();
      const res = await fetch(`http://127.0.0.1:${port}/v1/health`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.ok) return;
      state.last = `health ${res.status}`;
    } catch (e) {
      state.last = String(e);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the language server did not serve decisions: ${state.last}`);
}

/** Resolves when `terminal` reports shell integration (VS Code's script ran in it). */
export function shellIntegrationOf(
  terminal: vscode.Terminal,
  timeoutMs = 30_000,
): Promise<vscode.TerminalShellIntegration> {
  return new Promise((resolve, reject) => {
    if (terminal.shellIntegration) return resolve(terminal.shellIntegration);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no shell integration in terminal "${terminal.name}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = vscode.window.onDidChangeTerminalShellIntegration((e) => {
      if (e.terminal !== terminal) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e.shellIntegration);
    });
  });
}

/**
 * The text of `terminal`'s buffer as the user sees it: the terminal is shown, then the
 * workbench's "Select All" and "Copy Selection" run on it and the clipboard is read (VS Code keeps
 * an in-memory clipboard while extension tests run, so no browser permission is involved).
 */
export async function terminalText(terminal: vscode.Terminal): Promise<string> {
  terminal.show();
  await vscode.commands.executeCommand('workbench.action.terminal.selectAll');
  await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
  await vscode.commands.executeCommand('workbench.action.terminal.clearSelection');
  return vscode.env.clipboard.readText();
}

/** The daemon's audit folder: `$RAILGUARD_HOME/audit`, as test/e2e/run.ts sets it. */
export function daemonAuditDir(): string {
  const home = process.env.RAILGUARD_HOME;
  assert.ok(home, 'RAILGUARD_HOME is set by test/e2e/run.ts');
  return path.join(home, 'audit');
}

/** The daemon's newest audit events (at most `limit`), newest first. */
export function auditEvents(limit = 500): Promise<EventRecord[]> {
  return latestEvents(daemonAuditDir(), limit);
}
