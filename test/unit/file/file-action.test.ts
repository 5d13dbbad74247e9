/**
 * File actions (`kind: 'file'`, an agent's Write / Edit / Read / patch tool call): judged by the
 * path (effects, Railguard's own files) and by the content (SQL of a migration, commands of a
 * script, agent settings that turn prompts off), through the same engine and default policy.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeAction } from '../../../server/src/core/engine';
import { resolveToolPath, splitPatch } from '../../../server/src/core/file/analyze';
import { judge } from '../../../server/src/core/judge';
import type { Parsers } from '../../../server/src/core/parsers';
import type { PolicySet } from '../../../server/src/core/policy/model';
import type { Action, Actor, FileOperation } from '../../../server/src/core/types';
import { builtinPolicies, parsers } from '../../helpers/parsers';

/** The findings of a file tool's change of an ordinary file: its write and its effect as `> FILE`. */
const FILE_WRITE_IDS = ['file-destroy', 'file-write'];

const CWD = '/home/dev/app';
const agent = { type: 'agent' as const, name: 'claude-code' };
const human = { type: 'human' as const, name: 'alice' };
const file = (path: string, text: string, operation: FileOperation = 'write'): Action => ({
  kind: 'file',
  file: path,
  text,
  operation,
  cwd: CWD,
});

describe('file actions', () => {
  let p: Parsers;
  let set: PolicySet;
  before(async () => {
    p = await parsers();
    set = builtinPolicies();
  });
  const ids = (a: Action): string[] =>
    analyzeAction(p, a, { home: '/home/dev' }).findings.map((f) => f.ruleId);
  const decide = (a: Action, who: Actor = agent, env?: string) =>
    judge(p, set, a, { actor: who, ...(env ? { explicitEnvironment: env } : {}) }, { home: '/home/dev' })
      .decision;

  it('resolves tool paths against cwd and writes home as ~', () => {
    assert.equal(
      resolveToolPath('src/../.railguard/policies/x.yaml', CWD, '/home/dev'),
      '~/app/.railguard/policies/x.yaml',
    );
    assert.equal(
      resolveToolPath('/home/dev/.railguard/run/token', undefined, '/home/dev'),
      '~/.railguard/run/token',
    );
    assert.equal(resolveToolPath('/Users/bob/.ssh/id_rsa'), '~/.ssh/id_rsa');
    assert.equal(resolveToolPath('C:\\\\repo\\\\a.sql'), 'C:/repo/a.sql');
  });

  it('an ordinary write is a file-write and a file-destroy (as `> FILE`) with an overwrite effect, allowed', () => {
    const a = analyzeAction(p, file('src/app.ts', 'export const x = 1;\n'), { home: '/home/dev' });
    assert.deepEqual(
      a.findings.map((f) => f.ruleId),
      ['file-destroy', 'file-write'],
    );
    assert.equal(a.findings[0]?.severity, 'info');
    assert.deepEqual(a.findings[1]?.effects, [
      { verb: 'overwrite', resource: { kind: 'path', id: '~/app/src/app.ts' }, via: 'file-tool' },
    ]);
    assert.equal(decide(file('src/app.ts', 'x')).effect, 'allow');
    assert.equal(decide(file('src/app.ts', 'x', 'edit')).effect, 'allow');
  });

  it('edit and delete carry write and destroy effects', () => {
    const del = analyzeAction(p, file('notes.md', '', 'delete')).findings[0];
    assert.equal(del?.effects?.[0]?.verb, 'destroy');
    const edit = analyzeAction(p, file('notes.md', 'new', 'edit')).findings[0];
    assert.equal(edit?.effects?.[0]?.verb, 'write');
  });

  it('an agent writing a workspace policy is denied in every environment; a human is warned', () => {
    const a = file('.railguard/policies/x.yaml', 'rules: [{id: allow-all, effect: allow}]\n');
    assert.ok(ids(a).includes('file-control-write'));
    for (const env of ['development', 'production']) {
      const d = decide(a, agent, env);
      assert.equal(d.effect, 'deny', env);
      assert.ok(
        d.matched.some((m) => m.rule === 'agent-no-control-tamper'),
        JSON.stringify(d.matched),
      );
    }
    assert.equal(decide(a, human).effect, 'warn');
  });

  it('hook configurations of every agent are control', () => {
    for (const f of [
      '.claude/settings.json',
      '.claude/settings.local.json',
      '.github/hooks/railguard-vscode.json',
      '.cursor/hooks.json',
      '.gemini/settings.json',
      '.codex/hooks.json',
      '/home/dev/.railguard/audit/segment-1.jsonl',
    ])
      assert.equal(decide(file(f, '{}', 'edit')).effect, 'deny', f);
    // Issue 12: the local file holds the machine's hook entry: writing or deleting it is denied too.
    for (const op of ['write', 'delete'] as const)
      assert.equal(decide(file('.claude/settings.local.json', '{}', op)).effect, 'deny', op);
  });

  it('reading the runtime token is control, reading a private key is a secret', () => {
    assert.deepEqual(ids(file('/home/dev/.railguard/run/token', '', 'read')), ['file-control-write']);
    assert.equal(decide(file('/home/dev/.railguard/run/token', '', 'read')).effect, 'deny');
    assert.deepEqual(ids(file('/home/dev/.ssh/id_ed25519', '', 'read')), ['file-secret-read']);
    assert.equal(decide(file('/home/dev/.ssh/id_ed25519', '', 'read'), agent, 'production').effect, 'deny');
    assert.deepEqual(ids(file('README.md', '', 'read')), []);
  });

  it('settings that turn an agent safety switch on are control, wherever the file is', () => {
    const claude = file(
      '/home/dev/.claude/settings.json',
      '{"permissions": {"defaultMode": "bypassPermissions"}}',
    );
    const f = analyzeAction(p, claude, { home: '/home/dev' }).findings.filter(
      (x) => x.messageId === 'agentSetting',
    );
    assert.equal(f.length, 1);
    assert.match(f[0]?.message ?? '', /defaultMode/);
    const vscode = file('.vscode/settings.json', '{"chat.tools.global.autoApprove": true}', 'edit');
    assert.ok(analyzeAction(p, vscode).findings.some((x) => x.messageId === 'agentSetting'));
    const codex = file('/home/dev/.codex/config.toml', 'model = "o3"\napproval_policy = "never"\n');
    assert.ok(analyzeAction(p, codex).findings.some((x) => x.messageId === 'agentSetting'));
    const mode = file('.vscode/settings.json', '{"editor.tabSize": 2, "railguard.mode": "audit"}', 'edit');
    assert.ok(analyzeAction(p, mode).findings.some((x) => x.messageId === 'railguardSetting'));
    assert.deepEqual(ids(file('.vscode/settings.json', '{"editor.tabSize": 2}', 'edit')), FILE_WRITE_IDS);
    const harmless = file('package.json', '{"name": "x", "defaultMode": "dark"}');
    assert.deepEqual(ids(harmless), FILE_WRITE_IDS);
  });

  it('a file tool deleting or overwriting a classified path is decided as rm or > of it is', () => {
    // The file tool's delete of service data was allowed (file-write-allowed) where `rm` is denied.
    // Home and workspace roots as the CLI and the daemon pass them.
    const decide = (a: Action, who: Actor, env: string) =>
      judge(
        p,
        set,
        a,
        { actor: who, explicitEnvironment: env },
        { home: '/home/dev', roots: { home: '/home/dev' } },
      ).decision;
    for (const [action, shell] of [
      [file('/srv/data/db.sqlite', '', 'delete'), 'rm /srv/data/db.sqlite'],
      [file('/srv/data/db.sqlite', 'x'), 'echo x > /srv/data/db.sqlite'],
      [file('/etc/hosts', 'x'), 'echo x > /etc/hosts'],
      [file('src/app.ts', '', 'delete'), 'rm src/app.ts'],
    ] as const) {
      for (const env of ['production', 'development']) {
        const viaShell = decide({ kind: 'shell', text: shell, cwd: action.cwd }, agent, env).effect;
        assert.equal(decide(action, agent, env).effect, viaShell, `${shell} (${env})`);
      }
    }
    assert.equal(decide(file('/srv/data/db.sqlite', '', 'delete'), agent, 'production').effect, 'deny');
  });

  it('settings in an edited fragment or in JSON with comments are read too (both were allowed)', () => {
    const settings = '/home/dev/.config/Code/User/settings.json';
    const has = (text: string, id: string): boolean =>
      analyzeAction(p, file(settings, text, 'edit')).findings.some((x) => x.messageId === id);
    // An Edit tool's new_string is a fragment, no JSON document.
    assert.ok(has('  "railguard.terminalHook": false,', 'railguardSetting'));
    assert.ok(has('"chat.tools.autoApprove": true', 'agentSetting'));
    // VS Code settings files are JSONC: comments and trailing commas.
    assert.ok(has('// mine\n{\n  "railguard.terminalHook": false, /* off */\n}', 'railguardSetting'));
    assert.equal(decide(file(settings, '"railguard.terminalHook": false', 'edit')).effect, 'deny');
    // A value in an array is no setting; a key's value only counts right after its colon.
    assert.ok(!has('"editor.rulers": ["railguard.mode", "audit"]', 'railguardSetting'));
    assert.ok(!has('"chat.tools.autoApprove": false', 'agentSetting'));
  });

  it('a SQL migration written by an agent is linted like SQL (findings positioned in the content)', () => {
    const a = analyzeAction(p, file('db/migrations/002.sql', 'SELECT 1;\nDROP TABLE users;\n'));
    const drop = a.findings.find((f) => f.ruleId === 'drop-table');
    assert.ok(drop, a.findings.map((f) => f.ruleId).join());
    assert.equal(drop.span.line, 2);
    assert.equal(decide(file('db/migrations/002.sql', 'DROP TABLE users;')).effect, 'ask');
    assert.equal(
      decide(file('db/migrations/002.sql', 'DROP TABLE users;'), agent, 'production').effect,
      'deny',
    );
  });

  it('a shell script (by extension or shebang) is analysed as shell', () => {
    assert.ok(ids(file('deploy.sh', 'set -e\nrm -rf /\n')).includes('rm-recursive-wide'));
    assert.ok(
      ids(file('bin/deploy', '#!/usr/bin/env bash\ntrap - DEBUG\n')).includes('control-hook-disable'),
    );
    assert.equal(
      decide(file('bin/deploy', '#!/bin/sh\nexport RAILGUARD_RUNTIME_DIR=/tmp/x\n')).effect,
      'deny',
    );
    assert.deepEqual(ids(file('notes.txt', 'rm -rf /\n')), FILE_WRITE_IDS);
    // SQL inside the script's psql -c is linted and its host makes the write production.
    const script = file('deploy.sh', "psql -h prod-db.internal -c 'DROP TABLE users'\n");
    assert.ok(ids(script).includes('drop-table'));
    const d = decide(script);
    assert.equal(d.environment, 'production');
    assert.equal(d.effect, 'deny');
  });

  it('a patch is split into its files: each judged by path and content', () => {
    const patch = [
      '*** Begin Patch',
      '*** Add File: migrations/003.sql',
      '+DROP TABLE orders;',
      '*** Update File: .railguard/policies/base.yaml',
      '@@',
      '-mode: enforce',
      '+mode: audit',
      '*** End Patch',
    ].join('\n');
    const files = splitPatch(patch);
    assert.deepEqual(
      files.map((f) => [f.path, f.operation]),
      [
        ['migrations/003.sql', 'write'],
        ['.railguard/policies/base.yaml', 'edit'],
      ],
    );
    const found = ids({
      kind: 'file',
      file: 'migrations/003.sql',
      text: patch,
      operation: 'patch',
      cwd: CWD,
    });
    assert.ok(found.includes('drop-table') && found.includes('file-control-write'), found.join());
    const diff = '--- a/src/x.ts\n+++ b/src/x.ts\n@@ -1 +1 @@\n-a\n+b\n--- a/old.sh\n+++ /dev/null\n';
    assert.deepEqual(
      splitPatch(diff).map((f) => [f.path, f.operation, f.added]),
      [
        ['src/x.ts', 'edit', 'b'],
        ['old.sh', 'delete', ''],
      ],
    );
  });

  it('bad input never crashes and never passes silently', () => {
    assert.deepEqual(ids({ kind: 'file', text: '' }), FILE_WRITE_IDS);
    assert.deepEqual(ids({ kind: 'file', file: 'x.json', text: '{not json' }), FILE_WRITE_IDS);
    assert.ok(ids({ kind: 'file', file: 'x.sql', text: 'DROP TABLLE x;' }).some((id) => id === 'unparsed'));
    assert.deepEqual(ids({ kind: 'file', text: 'garbage', operation: 'patch' }), FILE_WRITE_IDS);
  });
});
