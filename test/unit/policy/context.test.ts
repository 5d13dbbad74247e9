import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  globMatch,
  hostsOf,
  parseActor,
  resolveContext,
  type ContextHints,
} from '../../../server/src/core/policy';
import { builtinSet, setWithWorkspace, HEADER } from './fixtures';

describe('globMatch', () => {
  it('matches * and ? anchored and case-insensitively, everything else literally', () => {
    assert.equal(globMatch('*prod*', 'DB.PROD.example.com'), true);
    assert.equal(globMatch('prod*', 'my-prod'), false);
    assert.equal(globMatch('db-?', 'db-1'), true);
    assert.equal(globMatch('db-?', 'db-12'), false);
    assert.equal(globMatch('a.b', 'axb'), false);
    assert.equal(globMatch('(x)+[y]', '(x)+[y]'), true);
  });
});

describe('parseActor', () => {
  it('parses typed, bare and malformed actors', () => {
    assert.deepEqual(parseActor('agent:claude-code'), { type: 'agent', name: 'claude-code' });
    assert.deepEqual(parseActor('human:alice'), { type: 'human', name: 'alice' });
    assert.deepEqual(parseActor('Copilot'), { type: 'agent', name: 'Copilot' });
    assert.deepEqual(parseActor('alice'), { type: 'human', name: 'alice' });
    assert.deepEqual(parseActor('my-bot', ['my-bot']), { type: 'agent', name: 'my-bot' });
    for (const bad of ['', 'agent:', 'robot:x:y', 'agent:two words'])
      assert.equal(parseActor(bad), undefined, bad);
  });
});

describe('hostsOf', () => {
  it('reads hosts from URIs, libpq strings and host lists', () => {
    assert.deepEqual(hostsOf('postgres://u:p@db.prod.example.com:5432/app'), ['db.prod.example.com']);
    assert.deepEqual(hostsOf('postgresql://h1:5432,h2/db'), ['h1', 'h2']);
    assert.deepEqual(hostsOf('jdbc:mysql://[::1]:3306/x'), ['::1']);
    assert.deepEqual(hostsOf('postgresql:///app?host=prod-db'), ['prod-db']);
    assert.deepEqual(hostsOf("host='a,b' dbname=x"), ['a', 'b']);
    assert.deepEqual(hostsOf('/var/run/postgresql'), []);
  });
});

describe('resolveContext with the default policy', () => {
  const set = builtinSet();
  const env = (hints: ContextHints): [string, string] => {
    const c = resolveContext(set, hints);
    return [c.environment, c.environmentReason];
  };

  it('recognises production from a host named by the command', () => {
    assert.deepEqual(env({ hosts: ['prod-db'] }), [
      'production',
      "host prod-db matches production host '*prod*'",
    ]);
  });

  it('recognises production from DATABASE_URL, PGHOST, kube context and AWS profile', () => {
    assert.deepEqual(env({ env: { DATABASE_URL: 'postgres://app@db.prd.internal/app' } }), [
      'production',
      "DATABASE_URL host db.prd.internal matches production host '*prd*'",
    ]);
    assert.equal(env({ env: { PGHOST: 'analytics-prod' } })[0], 'production');
    assert.equal(env({ kubeContext: 'eks-prod-eu' })[0], 'production');
    assert.equal(env({ env: { AWS_PROFILE: 'company-production' } })[0], 'production');
    assert.equal(env({ awsProfile: 'staging-admin' })[0], 'staging');
  });

  it('ignores variables that do not name a database (HOSTNAME is the machine itself)', () => {
    assert.equal(env({ env: { HOSTNAME: 'prod-laptop', HOME: '/home/prod' } })[0], 'development');
  });

  it('prefers production when signals disagree (production is declared first)', () => {
    assert.equal(
      env({ hosts: ['localhost'], env: { DATABASE_URL: 'postgres://prod-db/app' } })[0],
      'production',
    );
  });

  it('falls back to the default environment, and honours an explicit one', () => {
    assert.deepEqual(env({}), ['development', 'no environment matched; development is the default']);
    assert.deepEqual(env({ explicitEnvironment: 'production', hosts: ['localhost'] }), [
      'production',
      'explicitly set',
    ]);
  });

  it('does not take branch main as production from the default policy', () => {
    assert.equal(env({ gitBranch: 'main' })[0], 'development');
  });

  it('uses a gitBranch matcher only when no target signal matched and no host is named', () => {
    const ws = setWithWorkspace(
      [`${HEADER}environments:\n  production:\n    match:\n      - gitBranch: main\n`],
      true,
    );
    assert.deepEqual(
      [
        resolveContext(ws, { gitBranch: 'main' }).environment,
        resolveContext(ws, { gitBranch: 'main' }).environmentReason,
      ],
      ['production', "git branch main matches production gitBranch 'main'"],
    );
    assert.equal(resolveContext(ws, { gitBranch: 'main', hosts: ['localhost'] }).environment, 'development');
    assert.equal(resolveContext(ws, { gitBranch: 'feature/x' }).environment, 'development');
  });

  it('lets a trusted workspace environment pre-empt built-in detection, an untrusted one not', () => {
    const yaml = `${HEADER}environments:\n  sandbox:\n    match:\n      - host: '*'\n`;
    assert.equal(
      resolveContext(setWithWorkspace([yaml], true), { hosts: ['prod-db'] }).environment,
      'sandbox',
    );
    assert.equal(
      resolveContext(setWithWorkspace([yaml], false), { hosts: ['prod-db'] }).environment,
      'production',
    );
    assert.equal(
      resolveContext(setWithWorkspace([yaml], false), { hosts: ['build-1'] }).environment,
      'sandbox',
    );
  });
});

describe('resolveContext actor', () => {
  const set = builtinSet();
  it('keeps an explicit agent, promotes known agent names, and reads agent markers', () => {
    assert.deepEqual(resolveContext(set, { actor: { type: 'agent', name: 'codex' } }).actor, {
      type: 'agent',
      name: 'codex',
    });
    assert.equal(resolveContext(set, { actor: { type: 'human', name: 'cursor' } }).actor.type, 'agent');
    const marked = resolveContext(set, { actor: { type: 'human', name: 'alice' }, env: { CLAUDECODE: '1' } });
    assert.deepEqual(marked.actor, { type: 'agent', name: 'claude-code', onBehalfOf: 'alice' });
    assert.match(marked.actorReason, /CLAUDECODE/);
  });

  it('defaults to the OS user as a human', () => {
    assert.deepEqual(resolveContext(set, { env: { USER: 'bob' } }).actor, { type: 'human', name: 'bob' });
    assert.deepEqual(resolveContext(set, {}).actor, { type: 'human', name: 'unknown' });
  });
});
