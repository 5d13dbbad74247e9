import type { ShellCommand, ShellWord } from '../../shell/model';
import type { Report } from '../rule';
import { defineShellRule } from '../rule';
import { parseOptions } from './util/options';
import { isBlockDevice } from './util/paths';

type Id = 'overwrite' | 'format' | 'wipe' | 'partition';

/** parted commands that change the partition table (GNU parted manual, "Commands"). */
const PARTED_WRITES = new Set([
  'mklabel',
  'mktable',
  'mkpart',
  'mkpartfs',
  'rm',
  'resizepart',
  'resize',
  'move',
  'rescue',
]);

function deviceArgs(words: readonly ShellWord[]): ShellWord[] {
  return words.filter((w) => w.value !== undefined && isBlockDevice(w.value));
}

function check(cmd: ShellCommand, report: (r: Report<Id>) => void): void {
  const name = cmd.name ?? '';
  const rest = cmd.argv.slice(1);
  for (const r of cmd.redirects) {
    if (/^>/.test(r.op) && r.target !== undefined && isBlockDevice(r.target)) {
      report({
        messageId: 'overwrite',
        data: { device: r.target, how: `redirect \`${r.op}\`` },
        span: r.span,
      });
    }
  }
  if (name === 'dd') {
    for (const w of rest) {
      const device = w.value?.startsWith('of=') ? w.value.slice(3) : undefined;
      if (device !== undefined && isBlockDevice(device))
        report({ messageId: 'overwrite', data: { device, how: '`dd`' }, span: w.span });
    }
  } else if (name === 'tee') {
    for (const w of deviceArgs(rest))
      report({ messageId: 'overwrite', data: { device: w.value ?? '', how: '`tee`' }, span: w.span });
  } else if (/^mkfs(\.\w+)?$|^mke2fs$|^mkswap$|^mkdosfs$|^mkntfs$/.test(name)) {
    const parsed = parseOptions(rest, { shortWithValue: 'tLbNOUcCEgGiIjJmoTV' });
    const target = parsed.positionals.find((w) => w.value === undefined || w.value.startsWith('/dev/'));
    if (target)
      report({
        messageId: 'format',
        data: { tool: name, device: target.value ?? target.raw },
        span: target.span,
      });
  } else if (name === 'wipefs') {
    const parsed = parseOptions(rest, {
      shortWithValue: 'otp',
      longWithValue: ['offset', 'types', 'backup'],
    });
    if (!parsed.has('a', 'all', 'o', 'offset') || parsed.has('n', 'no-act')) return;
    for (const w of parsed.positionals)
      report({ messageId: 'wipe', data: { tool: name, device: w.value ?? w.raw }, span: w.span });
  } else if (name === 'shred' || name === 'blkdiscard') {
    for (const w of deviceArgs(rest))
      report({ messageId: 'wipe', data: { tool: name, device: w.value ?? '' }, span: w.span });
  } else if (name === 'parted') {
    const parsed = parseOptions(rest, { shortWithValue: 'a', longWithValue: ['align'] });
    const [device, ...commands] = parsed.positionals;
    const write = commands.find((w) => w.value !== undefined && PARTED_WRITES.has(w.value));
    if (device && write)
      report({
        messageId: 'partition',
        data: { tool: `parted ${write.value ?? ''}`, device: device.value ?? device.raw },
        span: write.span,
      });
  } else if (name === 'sgdisk') {
    const parsed = parseOptions(rest, { shortWithValue: 'acdnotuxABcCeEgGhlLmMrRsSvz' });
    if (!parsed.has('Z', 'zap-all', 'z', 'zap', 'o', 'clear', 'd', 'delete')) return;
    for (const w of parsed.positionals)
      report({ messageId: 'partition', data: { tool: name, device: w.value ?? w.raw }, span: w.span });
  } else if (name === 'fdisk' || name === 'sfdisk' || name === 'gdisk' || name === 'cfdisk') {
    const parsed = parseOptions(rest, {
      shortWithValue: 'bcCHSuLNoOtw',
      longWithValue: ['sector-size', 'type', 'wipe'],
    });
    if (
      parsed.has(
        'l',
        'list',
        'd',
        'dump',
        's',
        'show-size',
        'v',
        'version',
        'h',
        'help',
        'V',
        'verify',
        'J',
        'json',
        'g',
        'show-geometry',
        'n',
        'no-act',
      )
    )
      return;
    for (const w of deviceArgs(parsed.positionals))
      report({
        messageId: 'partition',
        data: { tool: name, device: w.value ?? '' },
        span: w.span,
        severity: 'warning',
      });
  }
}

/** Writes that destroy a disk: `dd of=/dev/sda`, `mkfs`, `wipefs -a`, `shred /dev/…`, partition table writes, `> /dev/sda`. */
export default defineShellRule<Id>({
  meta: {
    id: 'disk-destroy',
    title: 'Overwriting, formatting or repartitioning a disk',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description:
        'Flags raw writes to block devices, file system creation, signature wiping and partition table changes.',
      problem:
        'Writing to a block device (`dd of=/dev/sda`, `cat x > /dev/sda`), creating a file system ' +
        '(`mkfs`), wiping signatures (`wipefs -a`), shredding a device or rewriting its partition ' +
        'table destroys everything on the disk at once; a one-letter mistake picks the wrong disk.',
      solution:
        'Check the device with `lsblk` first, write to image files instead of devices where possible, ' +
        'and leave disk preparation to provisioning tools rather than an agent.',
    },
    messages: {
      overwrite: 'Raw write to block device `{{device}}` via {{how}} destroys its contents.',
      format: '`{{tool}}` creates a new file system on `{{device}}`, erasing what is there.',
      wipe: '`{{tool}}` erases `{{device}}`.',
      partition: '`{{tool}}` rewrites the partition table of `{{device}}`.',
    },
    controls: ['SOC2:CC8.1', 'SOC2:A1.2', 'NIST:CP-9', 'NIST:MP-6'],
    examples: {
      valid: [
        'dd if=/dev/zero of=disk.img bs=1M count=100',
        'dd if=/dev/sda of=backup.img',
        'fdisk -l',
        'echo hi > /dev/null',
        'parted /dev/sda print',
        'wipefs /dev/sdb',
      ],
      invalid: [
        'dd if=/dev/zero of=/dev/sda bs=1M',
        'mkfs.ext4 /dev/sdb1',
        'wipefs -a /dev/sdb',
        'shred -n 3 /dev/nvme0n1',
        'cat image.iso > /dev/sdc',
        'parted -s /dev/sda mklabel gpt',
      ],
    },
  },
  check(cmd, _analysis, report) {
    check(cmd, report);
  },
});
