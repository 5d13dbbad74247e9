import { fileEffects, type FileScope } from '../../shell/file-effects';
import type { Severity } from '../../types';
import { defineShellRule } from '../rule';

const SEVERITY: Record<Exclude<FileScope, 'append'>, Severity> = {
  tree: 'error',
  file: 'warning',
  some: 'info',
  content: 'info',
};

/**
 * Destructive file operations as effects on their targets: recursive and plain deletes,
 * truncation, shredding, overwrites (`>`, `cp`/`mv`/`rsync`/`install`/`ln -sf` over, `dd of=`,
 * `sed -i`, `tar -x`/`unzip -o` over), moves away, `chmod 000` and `chown -R`. The finding
 * carries the effect (verb on a `path` resource, resolved through `cd`, the working directory,
 * `~` and variables); policy decides by the class of the path (`resources:`): build output is
 * fine, service data is not.
 */
export default defineShellRule({
  meta: {
    id: 'file-destroy',
    title: 'Deleting or overwriting files, judged by what the target is',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description:
        'Reports each file or folder a command deletes, truncates, shreds or overwrites, with the resolved path, so policy can judge it by its resource class.',
      problem:
        'The same `rm -rf` is routine on `node_modules` and a disaster on `/var/lib/postgresql`. ' +
        'Data is destroyed through many programs (`rm`, `find -delete`, `shred`, `truncate`, ' +
        '`rsync --delete`, `mv` away, `> file`, `dd of=`, `sed -i`, `tar -x` over a folder) and ' +
        'paths are reached through `cd`, `~` and variables; matching a few spellings misses most.',
      solution:
        'Name your data folders in a policy `resources:` class (`service-data`, your own) and ' +
        'decide per class with `match: { resource: [...] }`. Clean only build outputs and scratch ' +
        'folders, move files to a trash folder instead of deleting them, and back up before ' +
        'touching service data.',
    },
    messages: {
      tree: 'Recursive delete of `{{path}}` (`{{via}}`).',
      file: '`{{via}}` removes `{{path}}`.',
      content: '`{{via}}` overwrites `{{path}}`.',
      some: '`{{via}}` removes files a filter selects under `{{path}}`.',
      dynamic: '`{{via}}` {{verb}} a path built at run time (`{{written}}`).',
    },
    controls: ['SOC2:CC8.1', 'SOC2:A1.2', 'NIST:CP-9', 'NIST:SI-12'],
    sources: [
      'issue 9 §4 (effects on classified targets)',
      'https://gtfobins.github.io/#+file%20write',
      'https://www.theregister.com/2025/07/21/replit_saastr_vibe_coding_incident/',
      'https://github.com/anthropics/claude-code/issues/10077',
    ],
    examples: {
      valid: [
        'echo "rm -rf /var/lib/mysql"',
        'cat .claude/settings.json',
        'echo hi >> notes.txt',
        'ls -la /data',
        'cp -n a b',
      ],
      invalid: [
        'rm -rf /var/lib/postgresql/data',
        'cd /var/lib && rm -rf mysql',
        'rm -rf node_modules',
        'find /data -name "*.tmp" -delete',
        'truncate -s 0 /var/lib/mysql/ibdata1',
        'echo > /srv/app/config.yml',
      ],
    },
  },
  check(cmd, analysis, report) {
    for (const fx of fileEffects(cmd, analysis)) {
      if (fx.scope === 'append') continue;
      const via = fx.effect.via ?? 'the command';
      const path = fx.effect.resource.id;
      const severity = SEVERITY[fx.scope];
      if (path === undefined) {
        const verb = fx.effect.verb === 'overwrite' ? 'overwrites' : 'deletes';
        report({
          messageId: 'dynamic',
          data: { via, verb, written: fx.written },
          span: fx.span,
          severity,
          effects: [fx.effect],
        });
        continue;
      }
      report({ messageId: fx.scope, data: { via, path }, span: fx.span, severity, effects: [fx.effect] });
    }
  },
});
