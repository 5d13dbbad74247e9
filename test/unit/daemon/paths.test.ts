/**
 * The runtime folder's modes: private to the user by default (0700/0600, unchanged), and the
 * separate-user deployment's clients' group (0750/0640) when configured; which token files a
 * client accepts (docs/deployment.md).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  ensurePrivateDir,
  ensureToken,
  readToken,
  runtimePaths,
  writeRuntimeFile,
  type RuntimePaths,
} from '../../../server/src/daemon/paths';

const mode = (p: string): number => fs.statSync(p).mode & 0o777;
const root = process.getuid?.() === 0;
/** A group this process may hand files to without being root: its own primary group. */
const myGid = process.getgid?.() ?? 0;
/** uid/gid of `nobody` (another user) for the tests that need root to give files away. */
const NOBODY = 65534;

describe('runtime folder modes', () => {
  let tmp: string;
  let paths: RuntimePaths;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-paths-'));
    paths = runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') });
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('same-user (default): creates the folder 0700 and makes an open one private again', () => {
    ensurePrivateDir(paths.dir);
    assert.equal(mode(paths.dir), 0o700);
    fs.chmodSync(paths.dir, 0o755);
    ensurePrivateDir(paths.dir);
    assert.equal(mode(paths.dir), 0o700);
  });

  it('same-user: the token is 0600, and a group-readable token of ours counts as leaked', () => {
    const token = ensureToken(paths);
    assert.equal(mode(paths.token), 0o600);
    assert.equal(readToken(paths), token);
    fs.chmodSync(paths.token, 0o640);
    assert.equal(readToken(paths), undefined);
    assert.notEqual(ensureToken(paths), token, 'a new token replaces the leaked one');
    assert.equal(mode(paths.token), 0o600);
  });

  it('clients group: folder 0750 with the group, token and runtime files 0640 with the group', () => {
    const grouped = { ...paths, clientGid: myGid };
    fs.mkdirSync(paths.dir, { mode: 0o777 });
    fs.chmodSync(paths.dir, 0o777);
    const token = ensureToken(grouped);
    assert.equal(mode(paths.dir), 0o750, 'group-write and other bits removed');
    assert.equal(fs.statSync(paths.dir).gid, myGid);
    assert.deepEqual([mode(paths.token), fs.statSync(paths.token).gid], [0o640, myGid]);
    assert.equal(readToken(grouped), token);
    writeRuntimeFile(grouped, paths.port, '1234\n');
    assert.deepEqual([mode(paths.port), fs.statSync(paths.port).gid], [0o640, myGid]);
    assert.equal(fs.readFileSync(paths.port, 'utf8'), '1234\n');
  });

  it('clients group: a private token of an earlier same-user run is replaced by a group-readable one', () => {
    const before = ensureToken(paths);
    const after = ensureToken({ ...paths, clientGid: myGid });
    assert.notEqual(after, before);
    assert.equal(mode(paths.token), 0o640);
  });

  it(
    'the same-user check still refuses a folder owned by another user',
    { skip: !root && 'needs root (chown)' },
    () => {
      fs.mkdirSync(paths.dir, { mode: 0o700 });
      fs.chownSync(paths.dir, NOBODY, NOBODY);
      assert.throws(() => ensurePrivateDir(paths.dir), /owned by uid 65534, not by the current user/);
      assert.throws(() => ensurePrivateDir(paths.dir, myGid), /owned by uid 65534/);
    },
  );

  describe(
    'a client reading the token of a daemon running as another user',
    { skip: !root && 'needs root (chown)' },
    () => {
      /** The daemon's folder and token as `--client-group` leaves them, owned by `nobody`. */
      const daemonOwned = (dirMode: number, tokenMode: number, dirOwner = NOBODY): string => {
        const token = 'ab'.repeat(32);
        fs.mkdirSync(paths.dir, { mode: 0o700 });
        fs.writeFileSync(paths.token, token + '\n');
        fs.chownSync(paths.token, NOBODY, myGid);
        fs.chmodSync(paths.token, tokenMode);
        fs.chownSync(paths.dir, dirOwner, myGid);
        fs.chmodSync(paths.dir, dirMode);
        return token;
      };

      it('accepts a 0640 token in the owner’s 0750 folder', () => {
        const token = daemonOwned(0o750, 0o640);
        assert.equal(readToken(paths), token);
      });

      it('refuses a token others can read, or a folder its group or others can write', () => {
        daemonOwned(0o750, 0o644);
        assert.equal(readToken(paths), undefined, 'token readable by others');
        fs.chmodSync(paths.token, 0o660);
        assert.equal(readToken(paths), undefined, 'token writable by the group');
        fs.chmodSync(paths.token, 0o640);
        fs.chmodSync(paths.dir, 0o770);
        assert.equal(readToken(paths), undefined, 'folder writable by the group');
        fs.chmodSync(paths.dir, 0o755);
        assert.equal(readToken(paths), undefined, 'folder open to others');
      });

      it('refuses it when the folder sits in a folder others can write (another user could have made it)', () => {
        const token = daemonOwned(0o750, 0o640);
        assert.equal(readToken(paths), token);
        fs.chmodSync(tmp, 0o1777); // as /tmp
        assert.equal(readToken(paths), undefined);
        fs.chmodSync(tmp, 0o755);
        fs.chownSync(tmp, NOBODY, NOBODY); // a parent of another user's
        assert.equal(readToken(paths), undefined);
      });

      it('refuses a group-readable token in a folder somebody else owns (it may have been planted)', () => {
        daemonOwned(0o750, 0o640, 2); // uid 2: neither this process nor the token's owner
        assert.equal(readToken(paths), undefined);
      });
    },
  );
});
