/**
 * `hooks install|uninstall`: merging into each agent's config file keeps what was there, a second
 * install changes nothing, uninstall gives the original file back byte for byte (or deletes a file
 * Railguard created), broken JSON is left untouched, and a dry run writes nothing.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  applyHookConfig,
  CLAUDE_MATCHER,
  CODEX_MATCHER,
  GEMINI_MATCHER,
  HOOK_CONFIGS,
  MARKER,
  refreshHookConfigs,
  type HookConfigSpec,
} from '../../../server/src/hooks/install';

const COMMAND = "bash '/opt/railguard/agent-hook.bash' '/usr/bin/node' '/opt/railguard/railguard.js' hook";
const spec = (agent: string): HookConfigSpec => {
  const s = HOOK_CONFIGS.find((c) => c.agent === agent);
  assert.ok(s, agent);
  return s;
};

describe('hooks install / uninstall', () => {
  let tmp: string;
  let ws: string;
  let home: string;
  let n = 0;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-install-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const fresh = (): void => {
    n++;
    ws = path.join(tmp, `ws${n}`);
    home = path.join(tmp, `home${n}`);
    fs.mkdirSync(ws, { recursive: true });
    fs.mkdirSync(home, { recursive: true });
  };
  const apply = (
    agent: string,
    op: 'install' | 'uninstall',
    extra: { scope?: 'workspace' | 'user'; dryRun?: boolean; command?: string } = {},
  ): ReturnType<typeof applyHookConfig> =>
    applyHookConfig(spec(agent), op, {
      scope: extra.scope ?? 'workspace',
      workspace: ws,
      home,
      command: extra.command ?? COMMAND,
      dryRun: extra.dryRun ?? false,
    });

  it('registers the file tools: Claude Code, Gemini CLI and Codex matchers, Cursor beforeReadFile', () => {
    fresh();
    const read = (agent: string): Record<string, unknown> =>
      JSON.parse(fs.readFileSync(apply(agent, 'install').file, 'utf8')) as Record<string, unknown>;
    type Hooks = Record<string, { matcher?: string; command?: string }[]>;
    assert.equal((read('claude-code').hooks as Hooks).PreToolUse?.[0]?.matcher, CLAUDE_MATCHER);
    assert.match(CLAUDE_MATCHER, /^Bash\|Write\|Edit\|MultiEdit\|NotebookEdit\|Read$/);
    assert.equal((read('gemini').hooks as Hooks).BeforeTool?.[0]?.matcher, GEMINI_MATCHER);
    assert.match(GEMINI_MATCHER, /write_file/);
    assert.equal((read('codex').hooks as Hooks).PreToolUse?.[0]?.matcher, CODEX_MATCHER);
    assert.match(CODEX_MATCHER, /apply_patch/);
    const cursor = read('cursor').hooks as Hooks;
    assert.match(cursor.beforeShellExecution?.[0]?.command ?? '', / cursor$/);
    assert.match(cursor.beforeReadFile?.[0]?.command ?? '', / cursor$/);
  });

  it('upgrades an existing Bash-only install to the file-tool matchers, then is idempotent', () => {
    fresh();
    const file = path.join(ws, '.claude', 'settings.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const old = {
      hooks: {
        PreToolUse: [
          { matcher: 'Edit', hooks: [{ type: 'command', command: 'prettier --check' }] },
          { matcher: 'Bash', hooks: [{ type: 'command', command: `${COMMAND} claude-code`, timeout: 150 }] },
        ],
      },
    };
    fs.writeFileSync(file, JSON.stringify(old, null, 2) + '\n');
    assert.equal(apply('claude-code', 'install').action, 'update');
    const after = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof old;
    assert.deepEqual(
      after.hooks.PreToolUse.map((e) => e.matcher),
      ['Edit', CLAUDE_MATCHER],
    );
    assert.equal(apply('claude-code', 'install').action, 'unchanged');
    // Cursor: an old install with only beforeShellExecution gains beforeReadFile; uninstall removes both.
    const cursorFile = path.join(ws, '.cursor', 'hooks.json');
    fs.mkdirSync(path.dirname(cursorFile), { recursive: true });
    const cursorOld = { version: 1, hooks: { beforeShellExecution: [{ command: `${COMMAND} cursor` }] } };
    fs.writeFileSync(cursorFile, JSON.stringify(cursorOld, null, 2) + '\n');
    assert.equal(apply('cursor', 'install').action, 'update');
    const cursorNew = JSON.parse(fs.readFileSync(cursorFile, 'utf8')) as { hooks: Record<string, unknown[]> };
    assert.equal(cursorNew.hooks.beforeReadFile?.length, 1);
    assert.equal(cursorNew.hooks.beforeShellExecution?.length, 1);
    assert.equal(apply('cursor', 'install').action, 'unchanged');
    assert.equal(apply('cursor', 'uninstall').action, 'delete');
    assert.equal(fs.existsSync(cursorFile), false);
  });

  for (const config of HOOK_CONFIGS) {
    it(`${config.agent}: creates the file, is idempotent, and uninstall deletes what it created`, () => {
      fresh();
      const created = apply(config.agent, 'install');
      assert.equal(created.action, 'create');
      const text = fs.readFileSync(created.file, 'utf8');
      assert.ok(text.includes(`${COMMAND} ${config.agent}`), text);
      assert.ok(MARKER.test(text));
      let o: unknown = JSON.parse(text);
      for (const k of config.eventPath) o = (o as Record<string, unknown>)[k];
      assert.ok(Array.isArray(o) && o.length === 1, `one entry under ${config.eventPath.join('.')}`);
      assert.equal(apply(config.agent, 'install').action, 'unchanged');
      assert.equal(fs.readFileSync(created.file, 'utf8'), text);
      assert.equal(apply(config.agent, 'uninstall').action, 'delete');
      assert.equal(fs.existsSync(created.file), false);
      // Issue 12: no empty folder is left behind (`.cursor/`, `.github/hooks/`…).
      assert.equal(fs.existsSync(path.dirname(created.file)), false, `${path.dirname(created.file)} left`);
    });
  }

  it("keeps the user's own hooks and settings, and uninstall restores the file byte for byte", () => {
    fresh();
    const file = path.join(ws, '.claude', 'settings.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const original =
      JSON.stringify(
        {
          permissions: { allow: ['Bash(npm test)'] },
          hooks: {
            PreToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'prettier --check' }] }],
            PostToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'echo done' }] }],
          },
        },
        null,
        2,
      ) + '\n';
    fs.writeFileSync(file, original);
    assert.equal(apply('claude-code', 'install').action, 'update');
    const merged = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      permissions: unknown;
      hooks: { PreToolUse: { matcher: string }[]; PostToolUse: unknown[] };
    };
    assert.deepEqual(merged.permissions, { allow: ['Bash(npm test)'] });
    assert.deepEqual(
      merged.hooks.PreToolUse.map((e) => e.matcher),
      ['Edit', CLAUDE_MATCHER],
    );
    assert.equal(merged.hooks.PostToolUse.length, 1);
    // A reinstall with another command replaces Railguard's entry instead of adding a second one.
    apply('claude-code', 'install', { command: 'railguard hook' });
    const again = JSON.parse(fs.readFileSync(file, 'utf8')) as { hooks: { PreToolUse: unknown[] } };
    assert.equal(again.hooks.PreToolUse.length, 2);
    assert.ok(JSON.stringify(again).includes('railguard hook claude-code'));
    assert.equal(apply('claude-code', 'uninstall').action, 'remove-entry');
    assert.equal(fs.readFileSync(file, 'utf8'), original);
  });

  it('leaves a file that is not valid JSON untouched and reports it', () => {
    fresh();
    const file = path.join(ws, '.cursor', 'hooks.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{ "version": 1, "hooks": { ');
    const c = apply('cursor', 'install');
    assert.equal(c.action, 'error');
    assert.match(c.message ?? '', /not valid JSON/);
    assert.equal(fs.readFileSync(file, 'utf8'), '{ "version": 1, "hooks": { ');
  });

  it('a dry run shows the file it would write and writes nothing', () => {
    fresh();
    const c = apply('gemini', 'install', { dryRun: true });
    assert.equal(c.action, 'create');
    assert.ok(c.after?.includes(`${COMMAND} gemini`));
    assert.equal(fs.existsSync(c.file), false);
  });

  it('user scope writes under the home folder; agents without a user file are skipped', () => {
    fresh();
    const c = apply('codex', 'install', { scope: 'user' });
    assert.equal(c.file, path.join(home, '.codex', 'hooks.json'));
    assert.ok(fs.existsSync(c.file));
    assert.equal(apply('vscode', 'install', { scope: 'user' }).action, 'skip');
  });
});

describe('refreshHookConfigs (after an extension or VS Code update)', () => {
  const OLD =
    "bash '/ext/railguard-0.1.0/agent-hook.bash' '/vscode/1.99/node' '/ext/railguard-0.1.0/dist/railguard-cli.js' hook";
  const NEW =
    "bash '/ext/railguard-0.2.0/agent-hook.bash' '/vscode/1.100/node' '/ext/railguard-0.2.0/dist/railguard-cli.js' hook";
  const owns = (text: string): boolean => text.includes('railguard-cli.js');

  it("rewrites the extension's own stale entries and nothing else", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-refresh-'));
    try {
      const ws = path.join(tmp, 'ws');
      const home = path.join(tmp, 'home');
      const opts = (command: string, scope: 'workspace' | 'user') => ({
        scope,
        workspace: ws,
        home,
        command,
        dryRun: false,
      });
      applyHookConfig(spec('claude-code'), 'install', opts(OLD, 'workspace'));
      applyHookConfig(spec('cursor'), 'install', opts(OLD, 'user'));
      // Written by the npm CLI: not the extension's, must stay.
      applyHookConfig(
        spec('gemini'),
        'install',
        opts("'/usr/bin/node' '/opt/rg/dist/railguard.js' hook", 'workspace'),
      );
      const geminiFile = path.join(ws, '.gemini', 'settings.json');
      const geminiBefore = fs.readFileSync(geminiFile, 'utf8');

      const dry = refreshHookConfigs({ workspaces: [ws], home, command: NEW, owns, dryRun: true });
      assert.deepEqual(dry.map((c) => c.agent).sort(), ['claude-code', 'cursor']);
      assert.ok(fs.readFileSync(path.join(ws, '.claude', 'settings.json'), 'utf8').includes('0.1.0'));

      const done = refreshHookConfigs({ workspaces: [ws], home, command: NEW, owns });
      assert.deepEqual(done.map((c) => `${c.agent}:${c.action}`).sort(), [
        'claude-code:update',
        'cursor:update',
      ]);
      const claude = fs.readFileSync(path.join(ws, '.claude', 'settings.json'), 'utf8');
      assert.ok(claude.includes(`${NEW} claude-code`) && !claude.includes('0.1.0'));
      assert.ok(fs.readFileSync(path.join(home, '.cursor', 'hooks.json'), 'utf8').includes(`${NEW} cursor`));
      assert.equal(fs.readFileSync(geminiFile, 'utf8'), geminiBefore);
      // Nothing stale is left: a second refresh changes nothing, and it never installs.
      assert.deepEqual(refreshHookConfigs({ workspaces: [ws], home, command: NEW, owns }), []);
      assert.equal(fs.existsSync(path.join(ws, '.codex', 'hooks.json')), false);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
