/**
 * `hooks install|uninstall`: merging into each agent's config file keeps what was there, a second
 * install changes nothing, uninstall gives the original file back byte for byte (or deletes a file
 * Railguard created, and the folders left empty), broken JSON is left untouched, and a dry run
 * writes nothing. Issue 12: files a team commits only ever get the portable command; machine
 * paths go to Claude Code's `.claude/settings.local.json` or the user-scope files.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CLAUDE_MATCHER,
  CODEX_MATCHER,
  GEMINI_MATCHER,
  HOOK_CONFIGS,
  MARKER,
  type FileChange,
  type HookConfigSpec,
} from '../../../server/src/hooks/install';
import {
  applyHookConfig,
  hookStatus,
  portableHookCommand,
  refreshHookConfigs,
  type Layout,
} from '../../../server/src/hooks/layout';

const COMMAND = "bash '/opt/railguard/agent-hook.bash' '/usr/bin/node' '/opt/railguard/railguard.js' hook";
const spec = (agent: string): HookConfigSpec => {
  const s = HOOK_CONFIGS.find((c) => c.agent === agent);
  assert.ok(s, agent);
  return s;
};
/** The one change of `changes` with `role`. */
const roleOf = (changes: FileChange[], role: FileChange['role']): FileChange => {
  const c = changes.find((x) => x.role === role);
  assert.ok(c, `a ${role ?? '?'} change in ${JSON.stringify(changes.map((x) => [x.role, x.action]))}`);
  return c;
};
const actions = (changes: FileChange[]): string[] => changes.map((c) => `${c.role ?? '-'}:${c.action}`);

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
    extra: { scope?: 'workspace' | 'user'; dryRun?: boolean; command?: string; layout?: Layout } = {},
  ): FileChange[] =>
    applyHookConfig(spec(agent), op, {
      scope: extra.scope ?? 'workspace',
      workspace: ws,
      home,
      command: extra.command ?? COMMAND,
      dryRun: extra.dryRun ?? false,
      ...(extra.layout ? { layout: extra.layout } : {}),
    });
  /** The file an install wrote (created or updated) for `agent`. */
  const written = (changes: FileChange[]): string => {
    const c = changes.find((x) => x.action === 'create' || x.action === 'update');
    assert.ok(c, JSON.stringify(actions(changes)));
    return c.file;
  };

  it('registers the file tools: Claude Code, Gemini CLI and Codex matchers, Cursor beforeReadFile', () => {
    fresh();
    const read = (agent: string): Record<string, unknown> =>
      JSON.parse(fs.readFileSync(written(apply(agent, 'install')), 'utf8')) as Record<string, unknown>;
    type Hooks = Record<string, { matcher?: string; command?: string }[]>;
    assert.equal((read('claude-code').hooks as Hooks).PreToolUse?.[0]?.matcher, CLAUDE_MATCHER);
    assert.match(CLAUDE_MATCHER, /^Bash\|Write\|Edit\|MultiEdit\|NotebookEdit\|Read$/);
    assert.equal((read('gemini').hooks as Hooks).BeforeTool?.[0]?.matcher, GEMINI_MATCHER);
    assert.match(GEMINI_MATCHER, /write_file/);
    assert.equal((read('codex').hooks as Hooks).PreToolUse?.[0]?.matcher, CODEX_MATCHER);
    assert.match(CODEX_MATCHER, /apply_patch/);
    const cursor = read('cursor').hooks as Hooks;
    assert.equal(cursor.beforeShellExecution?.[0]?.command, portableHookCommand('cursor'));
    assert.equal(cursor.beforeReadFile?.[0]?.command, portableHookCommand('cursor'));
  });

  it('upgrades an old Bash-only install in the shared file: moved to the local file with the file-tool matchers', () => {
    fresh();
    const file = path.join(ws, '.claude', 'settings.json');
    const local = path.join(ws, '.claude', 'settings.local.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const mine = { matcher: 'Edit', hooks: [{ type: 'command', command: 'prettier --check' }] };
    const old = {
      hooks: {
        PreToolUse: [
          mine,
          { matcher: 'Bash', hooks: [{ type: 'command', command: `${COMMAND} claude-code`, timeout: 150 }] },
        ],
      },
    };
    fs.writeFileSync(file, JSON.stringify(old, null, 2) + '\n');
    const changes = apply('claude-code', 'install');
    assert.deepEqual(actions(changes), ['shared:remove-entry', 'local:create']);
    assert.match(roleOf(changes, 'shared').message ?? '', /moved to settings\.local\.json/);
    assert.equal(
      fs.readFileSync(file, 'utf8'),
      JSON.stringify({ hooks: { PreToolUse: [mine] } }, null, 2) + '\n',
    );
    const after = JSON.parse(fs.readFileSync(local, 'utf8')) as typeof old;
    assert.deepEqual(
      after.hooks.PreToolUse.map((e) => e.matcher),
      [CLAUDE_MATCHER],
    );
    assert.deepEqual(actions(apply('claude-code', 'install')), ['shared:unchanged', 'local:unchanged']);
    // Cursor: an old install with only beforeShellExecution gains beforeReadFile, both portable.
    const cursorFile = path.join(ws, '.cursor', 'hooks.json');
    fs.mkdirSync(path.dirname(cursorFile), { recursive: true });
    const cursorOld = { version: 1, hooks: { beforeShellExecution: [{ command: `${COMMAND} cursor` }] } };
    fs.writeFileSync(cursorFile, JSON.stringify(cursorOld, null, 2) + '\n');
    assert.deepEqual(actions(apply('cursor', 'install')), ['shared:update']);
    const cursorNew = JSON.parse(fs.readFileSync(cursorFile, 'utf8')) as {
      hooks: Record<string, { command: string }[]>;
    };
    assert.deepEqual(cursorNew.hooks.beforeReadFile, [{ command: portableHookCommand('cursor') }]);
    assert.deepEqual(cursorNew.hooks.beforeShellExecution, [{ command: portableHookCommand('cursor') }]);
    assert.deepEqual(actions(apply('cursor', 'install')), ['shared:unchanged']);
    assert.deepEqual(actions(apply('cursor', 'uninstall')), ['shared:delete']);
    assert.equal(fs.existsSync(cursorFile), false);
  });

  for (const config of HOOK_CONFIGS) {
    it(`${config.agent}: creates the file, no machine path in a shared file, idempotent, uninstall deletes it`, () => {
      fresh();
      const changes = apply(config.agent, 'install');
      const file = written(changes);
      const created = changes.find((c) => c.file === file);
      assert.equal(created?.action, 'create');
      const text = fs.readFileSync(file, 'utf8');
      if (config.localFile) {
        assert.equal(created?.role, 'local');
        assert.ok(text.includes(JSON.stringify(`${COMMAND} ${config.agent}`).slice(1, -1)), text);
      } else {
        assert.equal(created?.role, 'shared');
        assert.ok(text.includes(JSON.stringify(portableHookCommand(config.agent)).slice(1, -1)), text);
        assert.ok(!text.includes('/opt/railguard') && !text.includes('/usr/bin/node'), text);
      }
      const shared = config.file('workspace', ws, home) ?? '';
      if (fs.existsSync(shared)) assert.ok(!fs.readFileSync(shared, 'utf8').includes('/opt/railguard'));
      assert.ok(MARKER.test(text));
      let o: unknown = JSON.parse(text);
      for (const k of config.eventPath) o = (o as Record<string, unknown>)[k];
      assert.ok(Array.isArray(o) && o.length === 1, `one entry under ${config.eventPath.join('.')}`);
      assert.ok(apply(config.agent, 'install').every((c) => c.action === 'unchanged'));
      assert.equal(fs.readFileSync(file, 'utf8'), text);
      assert.ok(apply(config.agent, 'uninstall').some((c) => c.file === file && c.action === 'delete'));
      assert.equal(fs.existsSync(file), false);
      // Issue 12: no empty folder is left behind (`.cursor/`, `.github/hooks/`, `.claude/`…).
      assert.equal(fs.existsSync(path.dirname(file)), false, `${path.dirname(file)} left`);
      assert.deepEqual(fs.readdirSync(ws), []);
    });
  }

  it("keeps the user's own hooks and settings, and uninstall restores the file byte for byte", () => {
    fresh();
    const file = path.join(ws, '.claude', 'settings.json');
    const local = path.join(ws, '.claude', 'settings.local.json');
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
    // Default layout: the committed file is not touched, this machine's command goes local.
    assert.deepEqual(actions(apply('claude-code', 'install')), ['shared:unchanged', 'local:create']);
    assert.equal(fs.readFileSync(file, 'utf8'), original);
    // --shared: the portable entry joins the user's hooks, and the local entry goes.
    assert.deepEqual(actions(apply('claude-code', 'install', { layout: 'shared' })), [
      'shared:update',
      'local:delete',
    ]);
    assert.equal(fs.existsSync(local), false);
    const merged = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      permissions: unknown;
      hooks: { PreToolUse: { matcher: string; hooks: { command: string }[] }[]; PostToolUse: unknown[] };
    };
    assert.deepEqual(merged.permissions, { allow: ['Bash(npm test)'] });
    assert.deepEqual(
      merged.hooks.PreToolUse.map((e) => e.matcher),
      ['Edit', CLAUDE_MATCHER],
    );
    assert.equal(merged.hooks.PreToolUse[1]?.hooks[0]?.command, portableHookCommand('claude-code'));
    assert.equal(merged.hooks.PostToolUse.length, 1);
    // The default install now finds the portable entry covering this machine: nothing runs twice.
    const covered = apply('claude-code', 'install');
    assert.deepEqual(actions(covered), ['shared:unchanged', 'local:unchanged']);
    assert.match(roleOf(covered, 'shared').message ?? '', /portable entry covers this machine/);
    assert.equal(fs.existsSync(local), false);
    assert.deepEqual(actions(apply('claude-code', 'uninstall')), ['shared:remove-entry', 'local:unchanged']);
    assert.equal(fs.readFileSync(file, 'utf8'), original);
  });

  it('uninstall removes the entries of both files and leaves no empty file or folder', () => {
    fresh();
    const dir = path.join(ws, '.claude');
    fs.mkdirSync(dir, { recursive: true });
    // An old layout (machine paths in the shared file) plus a local install.
    const entry = (command: string) => ({
      hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command }] }] },
    });
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(entry(`${COMMAND} claude-code`)));
    fs.writeFileSync(path.join(dir, 'settings.local.json'), JSON.stringify(entry(`${COMMAND} claude-code`)));
    assert.deepEqual(actions(apply('claude-code', 'uninstall', { dryRun: true })), [
      'shared:delete',
      'local:delete',
    ]);
    assert.equal(fs.readdirSync(dir).length, 2, 'a dry run writes nothing');
    assert.deepEqual(actions(apply('claude-code', 'uninstall')), ['shared:delete', 'local:delete']);
    assert.equal(fs.existsSync(dir), false);
    assert.deepEqual(actions(apply('claude-code', 'uninstall')), ['shared:unchanged', 'local:unchanged']);
  });

  it('hookStatus tells which file holds which kind of entry', () => {
    fresh();
    apply('claude-code', 'install');
    apply('cursor', 'install');
    apply('gemini', 'install', { scope: 'user' });
    const got = hookStatus(ws, home).map((f) => [
      f.agent,
      path.relative(tmp, f.file),
      f.role,
      f.entries.map((e) => e.kind),
    ]);
    const n1 = path.basename(ws);
    const h1 = path.basename(home);
    assert.deepEqual(got, [
      ['claude-code', path.join(n1, '.claude', 'settings.local.json'), 'local', ['machine']],
      ['cursor', path.join(n1, '.cursor', 'hooks.json'), 'shared', ['portable']],
      ['gemini', path.join(h1, '.gemini', 'settings.json'), 'user', ['machine']],
    ]);
  });

  it('leaves a file that is not valid JSON untouched and reports it', () => {
    fresh();
    const file = path.join(ws, '.cursor', 'hooks.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{ "version": 1, "hooks": { ');
    const [c] = apply('cursor', 'install');
    assert.equal(c?.action, 'error');
    assert.match(c?.message ?? '', /not valid JSON/);
    assert.equal(fs.readFileSync(file, 'utf8'), '{ "version": 1, "hooks": { ');
  });

  it('a dry run shows the file it would write and writes nothing', () => {
    fresh();
    const [c] = apply('gemini', 'install', { dryRun: true });
    assert.equal(c?.action, 'create');
    assert.ok(c.after?.includes('railguard hook gemini'));
    assert.equal(fs.existsSync(c.file), false);
  });

  it('user scope writes under the home folder; agents without a user file are skipped', () => {
    fresh();
    const [c] = apply('codex', 'install', { scope: 'user' });
    assert.equal(c?.file, path.join(home, '.codex', 'hooks.json'));
    assert.equal(c.role, 'user');
    assert.ok(fs.readFileSync(c.file, 'utf8').includes(`${COMMAND} codex`.replace(/'/g, "'")));
    assert.equal(apply('vscode', 'install', { scope: 'user' })[0]?.action, 'skip');
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
        opts("'/usr/bin/node' '/opt/rg/dist/railguard.js' hook", 'user'),
      );
      const geminiFile = path.join(home, '.gemini', 'settings.json');
      const geminiBefore = fs.readFileSync(geminiFile, 'utf8');
      // An old layout: the extension's machine command in a committed file.
      const codexFile = path.join(ws, '.codex', 'hooks.json');
      fs.mkdirSync(path.dirname(codexFile), { recursive: true });
      fs.writeFileSync(
        codexFile,
        JSON.stringify({
          hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: `${OLD} codex` }] }] },
        }),
      );

      const claudeFile = path.join(ws, '.claude', 'settings.local.json');
      const dry = refreshHookConfigs({ workspaces: [ws], home, command: NEW, owns, dryRun: true });
      assert.deepEqual(dry.map((c) => c.agent).sort(), ['claude-code', 'codex', 'cursor']);
      assert.ok(fs.readFileSync(claudeFile, 'utf8').includes('0.1.0'));

      const done = refreshHookConfigs({ workspaces: [ws], home, command: NEW, owns });
      assert.deepEqual(done.map((c) => `${c.agent}:${c.role}:${c.action}`).sort(), [
        'claude-code:local:update',
        'codex:shared:update',
        'cursor:user:update',
      ]);
      const claude = fs.readFileSync(claudeFile, 'utf8');
      assert.ok(claude.includes(`${NEW} claude-code`) && !claude.includes('0.1.0'));
      const codex = fs.readFileSync(codexFile, 'utf8');
      assert.ok(codex.includes('railguard hook codex') && !codex.includes('/ext/'), codex);
      assert.ok(fs.readFileSync(path.join(home, '.cursor', 'hooks.json'), 'utf8').includes(`${NEW} cursor`));
      assert.equal(fs.readFileSync(geminiFile, 'utf8'), geminiBefore);
      // Nothing stale is left: a second refresh changes nothing, and it never installs.
      assert.deepEqual(refreshHookConfigs({ workspaces: [ws], home, command: NEW, owns }), []);
      assert.equal(fs.existsSync(path.join(ws, '.gemini', 'settings.json')), false);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
