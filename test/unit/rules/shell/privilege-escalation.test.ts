import rule from '../../../../server/src/core/rules/shell/privilege-escalation';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'chmod 644 /etc/nginx/nginx.conf',
    'chmod +x deploy.sh',
    'chown -R root:root /etc/app',
    'sudo visudo -c',
    'setenforce 1',
    'gpasswd -d bob sudo',
  ],
  invalid: [
    { code: 'sudo chmod -R a+rwx /var', errors: [{ messageId: 'worldWritable', line: 1, column: 15 }] },
    { code: 'chmod 4755 /usr/bin/python3', errors: [{ messageId: 'setuidShell', line: 1, column: 7 }] },
    { code: 'cp my-sudoers /etc/sudoers', errors: [{ messageId: 'authFile', line: 1, column: 15 }] },
    { code: 'gpasswd -a bob wheel', errors: [{ messageId: 'adminGroup', line: 1, column: 1 }] },
    {
      code: 'sudo setenforce 0',
      errors: [{ messageId: 'securityOff', line: 1, column: 6, severity: 'warning' }],
    },
    { code: 'ufw disable', errors: [{ messageId: 'securityOff', line: 1, column: 1 }] },
  ],
});
