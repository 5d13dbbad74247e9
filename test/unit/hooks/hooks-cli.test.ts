/**
 * `railguard hooks install|uninstall|status` (server/src/cli/hooks.ts) on a scratch workspace,
 * issue 12: the committed files get no path of this machine, install warns when the portable
 * command would find no `railguard` on PATH, `status` says which file holds which entry, and
 * uninstall leaves the workspace as it was.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runHooksCommand } from '../../../server/src/cli/hooks';
import type { CliIo } from '../../../server/src/cli/io';

describe('railguard hooks (CLI)', () => {
  let tmp: string;
  let ws: string;
  const saved = { PATH: process.env.PATH, HOME: process.env.HOME };
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-hooks-cli-'));
    ws = path.join(tmp, 'ws');
    fs.mkdirSync(ws);
    process.env.HOME = path.join(tmp, 'home');
  });
  after(() => {
    process.env.PATH = saved.PATH;
    process.env.HOME = saved.HOME;
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const run = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const io: CliIo = {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      readStdin: () => Promise.resolve(''),
      isTTY: false,
    };
    const code = await runHooksCommand([...args, '--cwd', ws], io);
    return { code, out, err };
  };
  /** Every file under `dir`, relative, sorted. */
  const tree = (dir: string): string[] =>
    fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).sort() : [];

  it('install: portable commands in committed files, machine paths only in the local file; warns without railguard on PATH', async () => {
    process.env.PATH = '/nonexistent';
    const r = await run('install', '--agent', 'claude-code', '--agent', 'cursor');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /claude-code\s+create: \S+settings\.local\.json \[local\]/);
    assert.match(r.out, /cursor\s+create: \S+hooks\.json \[shared\]/);
    assert.match(r.err, /no railguard on PATH: the portable hooks in shared files block every call/);
    const cursor = fs.readFileSync(path.join(ws, '.cursor', 'hooks.json'), 'utf8');
    assert.ok(!cursor.includes(process.execPath) && !cursor.includes(path.sep + 'agent-hook.bash'), cursor);
    assert.ok(!fs.existsSync(path.join(ws, '.claude', 'settings.json')));
    const local = fs.readFileSync(path.join(ws, '.claude', 'settings.local.json'), 'utf8');
    assert.ok(local.includes('agent-hook.bash'), local);
    // Idempotent.
    const again = await run('install', '--agent', 'claude-code', '--agent', 'cursor');
    assert.doesNotMatch(again.out, /create|add/);
  });

  it('status lists the file and kind of each entry', async () => {
    const r = await run('status');
    assert.equal(r.code, 0);
    assert.match(r.out, /claude-code\s+\S+settings\.local\.json \[local\]: machine/);
    assert.match(r.out, /cursor\s+\S+\.cursor\/hooks\.json \[shared\]: portable/);
    assert.match(r.out, /gemini\s+not installed/);
  });

  it('--shared moves Claude Code to the portable entry in settings.json; no warning with railguard on PATH', async () => {
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'railguard'), '#!/bin/sh\n', { mode: 0o755 });
    process.env.PATH = bin;
    const r = await run('install', '--agent', 'claude-code', '--shared');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.match(r.out, /create: \S+settings\.json \[shared\]/);
    assert.match(r.out, /delete \(only Railguard hook was left\): \S+settings\.local\.json \[local\]/);
    assert.match((await run('status', '--agent', 'claude-code')).out, /settings\.json \[shared\]: portable/);
    await assert.rejects(
      run('install', '--shared', '--scope', 'user'),
      /--shared applies to the workspace scope/,
    );
  });

  it("warns when git does not ignore the local file that holds this machine's paths", async () => {
    process.env.PATH = saved.PATH;
    const repo = path.join(tmp, 'repo');
    fs.mkdirSync(repo);
    spawnSync('git', ['init', '-q', repo]);
    const install = async (): Promise<string> => {
      let err = '';
      const io: CliIo = {
        stdout: () => undefined,
        stderr: (t) => (err += t),
        readStdin: () => Promise.resolve(''),
        isTTY: false,
      };
      assert.equal(await runHooksCommand(['install', '--agent', 'claude-code', '--cwd', repo], io), 0);
      await runHooksCommand(['uninstall', '--agent', 'claude-code', '--cwd', repo], io);
      return err;
    };
    assert.match(await install(), /git does not ignore \.claude\/settings\.local\.json/);
    fs.writeFileSync(path.join(repo, '.gitignore'), '.claude/settings.local.json\n');
    assert.doesNotMatch(await install(), /git does not ignore/);
    assert.deepEqual(fs.readdirSync(repo).sort(), ['.git', '.gitignore']);
  });

  it('uninstall leaves the workspace empty', async () => {
    const r = await run('uninstall');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(tree(ws), []);
  });
});
