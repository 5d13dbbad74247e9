/**
 * Which developer an action was for: the git identity configured where it runs, read with the
 * real `git`, lands in the audit record (`identity.gitUser`) next to the OS user, and
 * `audit query --actor` finds it by its email.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readLog } from '../../../server/src/audit/files';
import type { EventRecord } from '../../../server/src/audit/model';
import { queryAudit } from '../../../server/src/audit/query';
import { createGitIdentityResolver, identityFromConfig } from '../../../server/src/daemon/git-identity';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths } from '../../../server/src/daemon/paths';
import { request, waitFor } from './helpers';

/** git with no global or system configuration (the machine's own identity must not leak in). */
const ISOLATED = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

describe('git identity of an action', () => {
  let tmp: string;
  let repo: string;
  let plain: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-git-id-'));
    repo = path.join(tmp, 'repo');
    plain = path.join(tmp, 'plain');
    fs.mkdirSync(repo);
    fs.mkdirSync(plain);
    const git = (...args: string[]): string =>
      execFileSync('git', ['-C', repo, ...args], { env: ISOLATED, encoding: 'utf8' });
    git('init', '-q');
    git('config', 'user.name', 'Ada Lovelace');
    git('config', 'user.email', 'ada@example.com');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('formats git config output; the last value wins, as in git', () => {
    assert.equal(identityFromConfig('user.name Ada\nuser.email a@x.io\n'), 'Ada <a@x.io>');
    assert.equal(identityFromConfig('user.email old@x.io\nuser.email new@x.io\n'), 'new@x.io');
    assert.equal(identityFromConfig('user.name Ada Lovelace\n'), 'Ada Lovelace');
    assert.equal(identityFromConfig(''), undefined);
  });

  it('reads the repository identity, including from a subfolder; none outside a configured repo', async () => {
    const resolver = createGitIdentityResolver({ env: ISOLATED });
    fs.mkdirSync(path.join(repo, 'db', 'migrations'), { recursive: true });
    assert.equal(await resolver.resolve(repo), 'Ada Lovelace <ada@example.com>');
    assert.equal(
      await resolver.resolve(path.join(repo, 'db', 'migrations')),
      'Ada Lovelace <ada@example.com>',
    );
    assert.equal(await resolver.resolve(plain), undefined);
    assert.equal(await resolver.resolve(path.join(tmp, 'missing')), undefined);
    assert.equal(await createGitIdentityResolver({ git: path.join(tmp, 'no-git') }).resolve(repo), undefined);
  });

  describe('in the daemon audit trail', () => {
    let daemon: RunningDaemon;
    const audit = (): string => path.join(tmp, 'audit');
    before(async () => {
      daemon = await startDaemon({
        paths: runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') }),
        cwd: tmp,
        record: {
          auditDir: audit(),
          outboxDir: false,
          gitIdentity: createGitIdentityResolver({ env: ISOLATED }),
        },
      });
    });
    after(() => daemon?.close());

    it('records identity.gitUser for an agent acting in the repository, and query finds it by email', async () => {
      const token = fs.readFileSync(daemon.paths.token, 'utf8').trim();
      for (const cwd of [repo, plain]) {
        const r = await request({ socket: daemon.socket! }, token, 'POST', '/v1/decide', {
          action: { kind: 'shell', text: 'git status --short', cwd },
          actor: { type: 'agent', name: 'claude-code', onBehalfOf: 'ada' },
          source: 'agent-hook',
        });
        assert.equal(r.status, 200, r.text);
      }
      const events: EventRecord[] = [];
      assert.ok(
        await waitFor(async () => {
          events.length = 0;
          for await (const e of readLog(audit())) if (e.record?.type === 'event') events.push(e.record);
          return events.length === 2;
        }, 10_000),
        'two audit records',
      );
      const inRepo = events.find((e) => e.where.workspace === repo);
      const outside = events.find((e) => e.where.workspace === plain);
      assert.equal(inRepo?.identity.gitUser, 'Ada Lovelace <ada@example.com>');
      assert.equal(inRepo?.identity.user, 'ada');
      assert.equal(outside?.identity.gitUser, undefined);
      const found: string[] = [];
      for await (const r of queryAudit(audit(), { actor: 'ada@example.com' }))
        if (r.type === 'event') found.push(r.decisionId);
      assert.deepEqual(found, [inRepo?.decisionId]);
    });
  });
});
