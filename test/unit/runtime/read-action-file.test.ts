import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { judge } from '../../../server/src/core/judge';
import {
  actionDirLister,
  actionFileReader,
  actionRealPath,
} from '../../../server/src/runtime/read-action-file';
import { builtinPolicies, parsers } from '../../helpers/parsers';

/**
 * The paths a judged command names come from the agent: reading them must never block the judge
 * (the daemon answers every terminal and agent from one event loop) nor read without bound.
 */
describe('actionFileReader', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-read-'));
  const read = actionFileReader(dir, 64);

  it('reads a regular file relative to the folder, as UTF-8', () => {
    fs.writeFileSync(path.join(dir, 'run.sh'), 'rm -rf /srv/data # é\n');
    assert.equal(read('run.sh'), 'rm -rf /srv/data # é\n');
    assert.equal(read(path.join(dir, 'run.sh')), 'rm -rf /srv/data # é\n');
  });

  it('gives undefined for a missing file, a folder and a file over the limit', () => {
    assert.equal(read('missing.sh'), undefined);
    assert.equal(read('.'), undefined);
    fs.writeFileSync(path.join(dir, 'big.sh'), 'x'.repeat(65));
    assert.equal(read('big.sh'), undefined);
  });

  it('never blocks on a FIFO nor reads a device without end', () => {
    const fifo = path.join(dir, 'pipe.sh');
    execFileSync('mkfifo', [fifo]);
    // Opened without O_NONBLOCK, a FIFO with no writer blocks this thread for good: the test
    // would never end. /dev/zero would be read until memory runs out.
    assert.equal(read(fifo), undefined);
    assert.equal(read('/dev/zero'), undefined);
    assert.equal(read('/dev/null'), undefined);
  });
});

/**
 * A name that is a link writes through to its target: the judge must see the target (a write of
 * `notes.json -> ~/.claude/settings.json` was allowed as a write of `notes.json`).
 */
describe('actionRealPath and links in judged actions', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rg-links-')));
  const real = actionRealPath();
  fs.mkdirSync(path.join(dir, 'srv/data'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'home/.claude'), { recursive: true });
  fs.symlinkSync(path.join(dir, 'srv'), path.join(dir, 'srv-link'));
  // Dangling: the settings file does not exist yet.
  fs.symlinkSync(path.join(dir, 'home/.claude/settings.json'), path.join(dir, 'notes.json'));
  fs.symlinkSync('loop-b', path.join(dir, 'loop-a'));
  fs.symlinkSync('loop-a', path.join(dir, 'loop-b'));

  it('resolves links on the way, dangling links and paths not yet written', () => {
    assert.equal(real(path.join(dir, 'srv-link/data')), path.join(dir, 'srv/data'));
    assert.equal(real(path.join(dir, 'srv-link/new/file.txt')), path.join(dir, 'srv/new/file.txt'));
    assert.equal(real(path.join(dir, 'notes.json')), path.join(dir, 'home/.claude/settings.json'));
  });

  it('gives undefined when nothing is a link, and for a loop', () => {
    assert.equal(real(path.join(dir, 'srv/data')), undefined);
    assert.equal(real(path.join(dir, 'missing/x')), undefined);
    assert.equal(real(path.join(dir, 'loop-a')), undefined);
  });

  it('makes a write through a link to Railguard-controlled settings a control write', async () => {
    const p = await parsers();
    const home = path.join(dir, 'home');
    const options = { readFile: actionFileReader(dir), realPath: actionRealPath(), home, roots: { home } };
    const hints = {
      actor: { type: 'agent' as const, name: 'claude-code' },
      explicitEnvironment: 'production',
    };
    for (const action of [
      { kind: 'file' as const, text: '{}', file: 'notes.json', operation: 'write' as const, cwd: dir },
      { kind: 'shell' as const, text: 'echo {} > notes.json', cwd: dir },
    ]) {
      const j = judge(p, builtinPolicies(), action, hints, options);
      assert.equal(j.decision.effect, 'deny', action.text);
      assert.ok(
        j.analysis.findings.some((f) => f.message.includes('is a link to `~/.claude/settings.json`')),
      );
      // Without link resolution the same action is an ordinary write.
      const named = judge(p, builtinPolicies(), action, hints, { ...options, realPath: undefined });
      assert.notEqual(named.decision.effect, 'deny', action.text);
    }
  });
});

/** A migration runner's folder is listed (one level, bounded) so its newest migration is judged. */
describe('actionDirLister', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-list-'));
  fs.mkdirSync(path.join(dir, 'migrations/20240101_init'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'migrations/1_a.up.sql'), 'SELECT 1;');
  fs.symlinkSync(path.join(dir, 'migrations/20240101_init'), path.join(dir, 'migrations/linked'));

  it('lists one level, relative to the folder, telling folders (symbolic links followed) from files', () => {
    const entries = actionDirLister(dir)('migrations');
    assert.deepEqual(
      [...(entries ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
      [
        { name: '1_a.up.sql', dir: false },
        { name: '20240101_init', dir: true },
        { name: 'linked', dir: true },
      ],
    );
  });

  it('gives undefined for a missing folder, a file, a device and a folder over the bound', () => {
    const list = actionDirLister(dir, 2);
    assert.equal(list('missing'), undefined);
    assert.equal(list('migrations/1_a.up.sql'), undefined);
    assert.equal(list('/dev/null'), undefined);
    assert.equal(list('migrations'), undefined);
  });
});
