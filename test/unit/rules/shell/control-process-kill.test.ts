import rule from '../../../../server/src/core/rules/shell/control-process-kill';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'kill 12345',
    'strace -o railguard-trace.txt node app.js',
    'gdb -p $(pgrep -f "node server.js")',
    'renice -n 10 -p $$',
    'kill -9 $(lsof -t -i:3000)',
    'kill -HUP $( cat /var/run/nginx.pid )',
    'killall -USR1 dd',
    'pkill node',
    'fuser -k 8080/tcp',
    'systemctl status railguard',
    'pgrep -f railguard',
  ],
  invalid: [
    // Debuggers, tracers and limit tools pointed at the daemon's pid (all were allowed).
    {
      code: "gdb -p $(pgrep -f railguard) -batch -ex 'call exit(0)'",
      errors: [{ messageId: 'process', line: 1, column: 8 }],
    },
    { code: 'strace -p $(pgrep -f railguard)', errors: [{ messageId: 'process', line: 1, column: 11 }] },
    {
      code: 'prlimit --pid $(cat ~/.railguard/run/daemon.pid) --nofile=0',
      errors: [{ messageId: 'process', line: 1, column: 15 }],
    },
    { code: 'gcore $(pidof railguard)', errors: [{ messageId: 'process', line: 1, column: 7 }] },
    {
      code: 'kill -9 $(cat "$RAILGUARD_RUNTIME_DIR/daemon.pid")',
      errors: [{ messageId: 'railguard', line: 1, column: 9 }],
    },
    {
      code: 'kill $(jq .pid ~/.railguard/run/endpoint.json)',
      errors: [{ messageId: 'railguard', line: 1, column: 6 }],
    },
    {
      code: 'kill $(cat ~/.railguard/run/daemon.pid)',
      errors: [{ messageId: 'railguard', line: 1, column: 6 }],
    },
    { code: 'kill -9 `pgrep -f railguard`', errors: [{ messageId: 'railguard', line: 1, column: 9 }] },
    { code: 'kill -s KILL $(pidof railguard)', errors: [{ messageId: 'railguard', line: 1, column: 14 }] },
    { code: 'pgrep railguard | xargs kill -9', errors: [{ messageId: 'railguard', line: 1, column: 25 }] },
    { code: 'kill -9 -1', errors: [{ messageId: 'everyProcess', line: 1, column: 9 }] },
    { code: 'kill -- -1', errors: [{ messageId: 'everyProcess', line: 1, column: 9 }] },
    { code: 'kill 0', errors: [{ messageId: 'everyProcess', line: 1, column: 6 }] },
    {
      code: 'sudo pkill -9 -f "node .*railguard.js daemon"',
      errors: [{ messageId: 'railguard', line: 1, column: 18 }],
    },
    { code: 'killall -u "$(whoami)"', errors: [{ messageId: 'everyProcess', line: 1, column: 9 }] },
    {
      code: 'fuser -k ~/.railguard/run/daemon.sock',
      errors: [{ messageId: 'railguard', line: 1, column: 10 }],
    },
    {
      code: 'systemctl --user mask railguard.service',
      errors: [{ messageId: 'service', line: 1, column: 23 }],
    },
    {
      code: 'launchctl bootout gui/501/dev.railguard.daemon',
      errors: [{ messageId: 'service', line: 1, column: 19 }],
    },
  ],
});
