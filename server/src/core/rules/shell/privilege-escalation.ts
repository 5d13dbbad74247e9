import type { ShellCommand } from '../../shell/model';
import type { Report } from '../rule';
import { defineShellRule } from '../rule';
import { parseOptions } from './util/options';
import { normalizePath, pathText, wideKind } from './util/paths';

type Id = 'worldWritable' | 'setuidShell' | 'chownSystem' | 'authFile' | 'adminGroup' | 'securityOff';

/** Files that decide who may log in or become root. */
const AUTH_FILE = /^\/etc\/(sudoers(\.d\/.*)?|passwd|shadow|group|gshadow|doas\.conf)$/;
const SHELLS = /^\/(usr\/)?bin\/(ba|da|z|k|c|tc|fi)?sh$|^\/(usr\/)?bin\/(python\d?(\.\d+)?|perl|find|vim?)$/;
const ADMIN_GROUPS = new Set(['sudo', 'wheel', 'admin', 'root', 'docker']);

/** Octal or symbolic chmod modes that make a file writable by everyone (chmod(1)). */
function worldWritable(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) return (Number.parseInt(mode.slice(-1), 8) & 2) !== 0;
  return mode.split(',').some((clause) => /^[ugoa]*[ao][ugoa]*[+=][rwxXst]*w/.test(clause));
}
function setuid(mode: string): boolean {
  if (/^[0-7]{4}$/.test(mode)) return (Number.parseInt(mode.charAt(0), 8) & 4) !== 0;
  return /^[ugoa]*\+[rwxXt]*s/.test(mode);
}
/** A system path: root, a system directory, or anything below `/etc`, `/usr`, `/bin`… */
function isSystemPath(p: string): boolean {
  const n = normalizePath(p);
  const kind = wideKind(n);
  return kind === 'root' || kind === 'system' || /^\/(etc|usr|bin|sbin|lib|lib64|boot|var\/lib)\//.test(n);
}

function check(cmd: ShellCommand, report: (r: Report<Id>) => void): void {
  const name = cmd.name ?? '';
  const rest = cmd.argv.slice(1);
  for (const r of cmd.redirects) {
    if (/^>/.test(r.op) && r.target !== undefined && AUTH_FILE.test(r.target))
      report({ messageId: 'authFile', data: { file: r.target, how: `\`${r.op}\`` }, span: r.span });
  }
  if (name === 'tee' || name === 'cp' || name === 'mv' || name === 'install') {
    const pos = parseOptions(rest, {
      shortWithValue: name === 'install' ? 'gmoS' : 'St',
      longWithValue: ['target-directory', 'suffix'],
    }).positionals;
    const targets = name === 'tee' ? pos : pos.slice(-1);
    for (const w of targets)
      if (w.value !== undefined && AUTH_FILE.test(w.value))
        report({ messageId: 'authFile', data: { file: w.value, how: `\`${name}\`` }, span: w.span });
  } else if (name === 'chmod') {
    const parsed = parseOptions(rest, { longWithValue: ['reference'] });
    const [modeWord, ...files] = parsed.positionals;
    const mode = modeWord?.value;
    if (!mode || !modeWord) return;
    const recursive = parsed.has('R', 'recursive');
    for (const f of files) {
      const p = pathText(f).text;
      const wide = recursive && wideKind(p);
      if (worldWritable(mode) && (isSystemPath(p) || (wide && wide !== 'cwd' && wide !== 'parent'))) {
        report({
          messageId: 'worldWritable',
          data: { mode, path: p, recursive: recursive ? ' recursively' : '' },
          span: modeWord.span,
        });
        return;
      }
      if (setuid(mode) && SHELLS.test(normalizePath(p))) {
        report({ messageId: 'setuidShell', data: { mode, path: p }, span: modeWord.span });
        return;
      }
    }
  } else if (name === 'chown' || name === 'chgrp') {
    const parsed = parseOptions(rest, { longWithValue: ['reference', 'from'] });
    if (!parsed.has('R', 'recursive')) return;
    const [owner, ...files] = parsed.positionals;
    if (!owner || /^(root|0)?([:.](root|0|wheel))?$/.test(owner.value ?? 'x')) return;
    const sys = files.find((f) => {
      const k = wideKind(pathText(f).text);
      return k === 'root' || k === 'system';
    });
    if (sys)
      report({
        messageId: 'chownSystem',
        data: { tool: name, owner: owner.value ?? owner.raw, path: pathText(sys).text },
        span: sys.span,
      });
  } else if (name === 'usermod' || name === 'gpasswd' || name === 'adduser') {
    const parsed = parseOptions(rest, {
      shortWithValue: name === 'usermod' ? 'cdeGgLlpsuf' : 'adrAM',
      longWithValue: ['groups', 'add'],
    });
    const groups =
      name === 'usermod'
        ? parsed.all('G', 'groups').map((o) => o.value ?? '')
        : name === 'gpasswd'
          ? parsed.has('a', 'add')
            ? [parsed.positionals[0]?.value ?? '']
            : []
          : parsed.positionals.length === 2
            ? [parsed.positionals[1]?.value ?? '']
            : [];
    const admin = groups.flatMap((g) => g.split(',')).find((g) => ADMIN_GROUPS.has(g));
    if (admin) report({ messageId: 'adminGroup', data: { group: admin, tool: name } });
  } else if (
    name === 'setenforce' &&
    (rest[0]?.value === '0' || rest[0]?.value?.toLowerCase() === 'permissive')
  ) {
    report({
      messageId: 'securityOff',
      data: { what: 'SELinux enforcement (`setenforce 0`)' },
      severity: 'warning',
    });
  } else if (
    (name === 'iptables' || name === 'ip6tables') &&
    parseOptions(rest, { shortWithValue: 't' }).has('F', 'flush')
  ) {
    report({
      messageId: 'securityOff',
      data: { what: `every ${name} firewall rule (\`${name} -F\`)` },
      severity: 'warning',
    });
  } else if (name === 'ufw' && rest[0]?.value === 'disable') {
    report({ messageId: 'securityOff', data: { what: 'the ufw firewall' }, severity: 'warning' });
  }
}

/**
 * A justified few privilege changes: world-writable system paths, setuid shells, recursive chown
 * of system directories, writes to sudoers/passwd/shadow, adding users to admin groups, and
 * turning SELinux or the firewall off.
 */
export default defineShellRule<Id>({
  meta: {
    id: 'privilege-escalation',
    title: 'Privilege escalation and weakened system security',
    category: 'privilege',
    severity: 'error',
    docs: {
      description:
        'Flags `chmod 777` on system paths, setuid shells, recursive chown of system directories, sudoers/passwd writes, admin group grants, and disabling SELinux or the firewall.',
      problem:
        'World-writable system files let any user replace programs root runs; a setuid shell or a ' +
        'sudoers line gives root to whoever runs it; disabling SELinux or flushing the firewall ' +
        'removes protections silently. These are the persistence steps of an intrusion.',
      solution:
        'Grant the narrowest permission on the specific file (`chmod 640`, a group), edit sudoers ' +
        'with `visudo` through configuration management, and change firewall rules rather than flushing them.',
    },
    messages: {
      worldWritable: '`chmod {{mode}}` makes `{{path}}`{{recursive}} writable by every user.',
      setuidShell: '`chmod {{mode}}` on `{{path}}` gives root to anyone who runs it.',
      chownSystem: '`{{tool}} -R {{owner}}` on `{{path}}` hands a system directory to a non-root owner.',
      authFile: 'Writes to `{{file}}` via {{how}}, changing who can log in or become root.',
      adminGroup: '`{{tool}}` adds a user to the `{{group}}` group, which grants root.',
      securityOff: 'Disables {{what}}.',
    },
    controls: ['SOC2:CC6.1', 'SOC2:CC6.3', 'NIST:AC-6', 'NIST:CM-5'],
    examples: {
      valid: [
        'chmod 755 script.sh',
        'chmod -R 777 ./tmp',
        'chown -R www-data:www-data /var/www/html',
        'cat /etc/sudoers',
        'iptables -L',
        'usermod -aG developers alice',
      ],
      invalid: [
        'chmod -R 777 /',
        'chmod 666 /etc/passwd',
        'echo "bob ALL=(ALL) NOPASSWD:ALL" >> /etc/sudoers',
        'echo "bob ALL=(ALL) NOPASSWD:ALL" | sudo tee -a /etc/sudoers.d/bob',
        'sudo chown -R bob /usr',
        'chmod u+s /bin/bash',
        'usermod -aG sudo bob',
        'iptables -F',
      ],
    },
  },
  check(cmd, _analysis, report) {
    check(cmd, report);
  },
});
