import rule from '../../../../server/src/core/rules/shell/agent-safety-bypass';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'claude --version',
    'claude --permission-mode plan',
    'codex -a on-request exec "x"',
    'codex --sandbox workspace-write',
    'gemini --approval-mode default',
    'echo claude --dangerously-skip-permissions',
    'cursor-agent -p "x" -- --force',
    'git push --force',
  ],
  invalid: [
    { code: 'claude --dangerously-skip-permissions', errors: [{ messageId: 'bypass', line: 1, column: 8 }] },
    {
      code: 'claude -p x --permission-mode=bypassPermissions',
      errors: [{ messageId: 'bypass', line: 1, column: 13 }],
    },
    { code: 'codex --yolo exec "x"', errors: [{ messageId: 'bypass', line: 1, column: 7 }] },
    { code: 'codex exec --full-auto "x"', errors: [{ messageId: 'bypass', line: 1, column: 12 }] },
    { code: 'codex -s danger-full-access', errors: [{ messageId: 'bypass', line: 1, column: 7 }] },
    { code: 'codex -c approval_policy=never', errors: [{ messageId: 'bypass', line: 1, column: 7 }] },
    { code: 'gemini -y -p "x"', errors: [{ messageId: 'bypass', line: 1, column: 8 }] },
    { code: 'gemini --approval-mode yolo', errors: [{ messageId: 'bypass', line: 1, column: 8 }] },
    { code: 'nohup cursor-agent -f -p "x" &', errors: [{ messageId: 'bypass', line: 1, column: 20 }] },
    { code: 'copilot --allow-all -p "x"', errors: [{ messageId: 'bypass', line: 1, column: 9 }] },
    { code: 'bash -c "copilot --yolo -p x"', errors: [{ messageId: 'bypass' }] },
  ],
});
