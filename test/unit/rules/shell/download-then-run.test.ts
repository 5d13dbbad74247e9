import rule from '../../../../server/src/core/rules/shell/download-then-run';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'curl -o data.json https://api.example.com/x && python parse.py data.json',
    'wget https://example.com/a.tar.gz && tar xzf a.tar.gz',
    'sh install.sh',
    'curl -o a.sh https://example.com/a.sh && sh b.sh',
    'curl -o page.html https://example.com && cat page.html',
    'wget -O /tmp/x.sh https://example.com/x.sh; less /tmp/x.sh',
    'curl -o i.sh https://example.com/i.sh && bash -c "echo i.sh"',
    'curl -O https://example.com/tool; tool',
    'cd a && curl -o run.sh https://example.com/run.sh && cd ../b && sh run.sh',
    'sh run.sh; curl -o run.sh https://example.com/run.sh',
  ],
  invalid: [
    {
      code: 'curl -fsSL -o install.sh https://example.com/install.sh && sh install.sh',
      errors: [{ messageId: 'runDownloaded', line: 1, column: 63, severity: 'warning' }],
    },
    {
      code: 'curl -fsSLo /tmp/i.sh https://example.com/i && bash /tmp/i.sh --yes',
      errors: [{ messageId: 'runDownloaded', line: 1, column: 53 }],
    },
    {
      code: 'curl https://example.com/i.sh > i.sh; source ./i.sh',
      errors: [{ messageId: 'runDownloaded', line: 1, column: 46 }],
    },
    {
      code: 'wget -O- https://x.example/s > s; . s',
      errors: [{ messageId: 'runDownloaded', line: 1, column: 37 }],
    },
    {
      code: 'wget -q https://example.com/tool; chmod +x tool; ./tool',
      errors: [{ messageId: 'runDownloaded', line: 1, column: 50 }],
    },
    {
      code: 'wget -q -O /usr/local/bin/tool https://example.com/tool && chmod 755 /usr/local/bin/tool && tool --init',
      errors: [{ messageId: 'runDownloaded', line: 1, column: 93 }],
    },
    {
      code: 'wget -P /tmp/dl https://example.com/dl/setup.py && sudo python3 /tmp/dl/setup.py',
      errors: [{ messageId: 'runDownloaded', line: 1, column: 65 }],
    },
    {
      code: 'curl -O https://example.com/p/boot.js?v=2 && node boot.js',
      errors: [{ messageId: 'runDownloaded', line: 1, column: 51 }],
    },
    {
      code: 'curl -so x https://e.example/x\nbash -o pipefail < x',
      errors: [{ messageId: 'runDownloaded', line: 2, column: 1 }],
    },
    {
      code: 'curl -o r.sh https://example.com/r.sh && bash -c "bash r.sh"',
      errors: [{ messageId: 'runDownloaded', line: 1, column: 56 }],
    },
  ],
});
