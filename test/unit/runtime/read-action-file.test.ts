import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { actionDirLister, actionFileReader } from '../../../server/src/runtime/read-action-file';

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
