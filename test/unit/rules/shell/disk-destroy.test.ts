import rule from '../../../../server/src/core/rules/shell/disk-destroy';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'dd if=/dev/urandom of=key.bin count=1',
    'mkfs.ext4 disk.img',
    'shred -u secret.txt',
    'sfdisk -d /dev/sda',
    'echo "dd of=/dev/sda"',
    'cat /dev/sda > disk.img',
  ],
  invalid: [
    { code: 'dd if=/dev/zero of=/dev/sda', errors: [{ messageId: 'overwrite', line: 1, column: 17 }] },
    { code: 'sudo mkfs -t ext4 /dev/nvme0n1p1', errors: [{ messageId: 'format', line: 1, column: 19 }] },
    { code: 'wipefs --all /dev/sdb', errors: [{ messageId: 'wipe', line: 1, column: 14 }] },
    { code: 'echo x > /dev/sda', errors: [{ messageId: 'overwrite', line: 1, column: 8 }] },
    { code: 'sgdisk --zap-all /dev/sdb', errors: [{ messageId: 'partition', line: 1, column: 18 }] },
    { code: 'fdisk /dev/sdb', errors: [{ messageId: 'partition', line: 1, column: 7, severity: 'warning' }] },
  ],
});
