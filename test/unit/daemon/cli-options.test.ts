import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { UsageError } from '../../../server/src/cli/io';
import { DAEMON_HELP, recordOptions } from '../../../server/src/cli/daemon';
import { resolveClientGroup } from '../../../server/src/daemon/deployment';

void describe('railguard daemon recording flags', () => {
  void it('documents every recording flag in --help', () => {
    for (const flag of [
      '--audit-dir',
      '--audit-failure',
      '--outbox-dir',
      '--team-store',
      '--team-token-file',
    ])
      assert.ok(DAEMON_HELP.includes(flag), flag);
  });

  void it('maps the flags to recorder options (folders made absolute, token read from the file)', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-flags-'));
    try {
      const file = path.join(tmp, 'token');
      fs.writeFileSync(file, 'abcdefghijklmnopqrstuvwxyz\n');
      assert.deepEqual(
        recordOptions(
          {
            'audit-dir': 'a',
            'outbox-dir': '/o',
            'audit-failure': 'closed',
            'team-store': 'wss://store:8765',
            'team-token-file': file,
          },
          {},
        ),
        {
          auditDir: path.resolve('a'),
          outboxDir: '/o',
          auditFailure: 'closed',
          teamStore: { url: 'wss://store:8765', token: 'abcdefghijklmnopqrstuvwxyz' },
        },
      );
      assert.deepEqual(recordOptions({}, {}), {}, 'no flags: the defaults of startDaemon');
      assert.equal(
        recordOptions({ 'team-store': 'ws://h:1' }, { RAILGUARD_TEAM_TOKEN: 'x'.repeat(16) }).teamStore
          ?.token,
        'x'.repeat(16),
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  void it('refuses a bad mode, a non-ws URL and a missing or short token', () => {
    for (const [values, env] of [
      [{ 'audit-failure': 'sometimes' }, {}],
      [{ 'team-store': 'http://h:1' }, { RAILGUARD_TEAM_TOKEN: 'x'.repeat(16) }],
      [{ 'team-store': 'ws://h:1' }, {}],
      [{ 'team-store': 'ws://h:1' }, { RAILGUARD_TEAM_TOKEN: 'short' }],
    ] as [Record<string, string>, NodeJS.ProcessEnv][])
      assert.throws(() => recordOptions(values, env), UsageError);
  });
});

void describe('railguard daemon --client-group', () => {
  void it('is documented in --help', () => {
    assert.ok(DAEMON_HELP.includes('--client-group'));
  });

  void it('resolves a group by name or number through the group database', () => {
    const gid = process.getgid?.() ?? 0;
    const name = execFileSync('getent', ['group', String(gid)], { encoding: 'utf8' }).split(':')[0] ?? '';
    assert.deepEqual(resolveClientGroup(name), { gid, name });
    assert.deepEqual(resolveClientGroup(String(gid)), { gid, name });
  });

  void it('refuses an unknown group', () => {
    assert.throws(
      () => resolveClientGroup('railguard-no-such-group-0'),
      /unknown group "railguard-no-such-group-0"/,
    );
  });

  void it(
    'refuses a group the daemon is not a member of (unless root)',
    { skip: process.getuid?.() === 0 && 'root may use any group' },
    () => {
      const line = execFileSync('getent', ['group'], { encoding: 'utf8' })
        .split('\n')
        .find((l) => {
          const gid = Number(l.split(':')[2]);
          return l && gid !== process.getgid?.() && !process.getgroups?.().includes(gid);
        });
      if (!line) return;
      assert.throws(() => resolveClientGroup(line.split(':')[0] ?? ''), /not a member of group/);
    },
  );
});
