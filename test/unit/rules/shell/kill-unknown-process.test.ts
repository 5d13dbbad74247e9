import rule from '../../../../server/src/core/rules/shell/kill-unknown-process';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'pkill -f "python app.py"',
    'killall -USR1 dd',
    'pkill -f railguard',
    'kill $(pgrep amarok)',
    'kill `pidof firefox`',
    'kill -s WINCH $$',
    'kill -INT $(jobs -p)',
    'kill "$PPID"',
    'kill %1',
    'kill -9 %2',
    'kill "$!"',
    'kill -0 1',
    'kill $(cat ~/.railguard/run/daemon.pid)',
    'pkill -f app.py',
  ],
  invalid: [
    { code: 'pkill -9 -f "cli.js daemon"', errors: [{ messageId: 'mayBeDaemon', line: 1, column: 13 }] },
    { code: 'sudo killall -9 node', errors: [{ messageId: 'mayBeDaemon', line: 1, column: 17 }] },
    { code: 'kill $(pgrep node)', errors: [{ messageId: 'unknownPid', line: 1, column: 6 }] },
    { code: 'kill $(pidof node)', errors: [{ messageId: 'unknownPid', line: 1, column: 6 }] },
    { code: "kill $(pgrep -f 'cli.js daemon')", errors: [{ messageId: 'unknownPid', line: 1, column: 6 }] },
    { code: 'kill $(cat app.pid)', errors: [{ messageId: 'unknownPid', line: 1, column: 6 }] },
    { code: 'kill 12345', errors: [{ messageId: 'unknownPid', line: 1, column: 6 }] },
    {
      code: 'kill -9 16085 16086',
      errors: [
        { messageId: 'unknownPid', column: 9 },
        { messageId: 'unknownPid', column: 15 },
      ],
    },
    { code: 'kill -TERM $PID', errors: [{ messageId: 'unknownPid', line: 1, column: 12 }] },
    {
      code: 'echo ok; kill -9 $(lsof -t -i:7777)',
      errors: [{ messageId: 'unknownPid', line: 1, column: 18 }],
    },
  ],
});
