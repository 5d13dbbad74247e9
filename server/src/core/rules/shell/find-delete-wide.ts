import type { ShellWord } from '../../shell/model';
import { defineShellRule } from '../rule';
import { wideTarget } from './util/paths';

/** Programs that delete or destroy the files `-exec` hands them. */
const DELETERS = new Set(['rm', 'shred', 'unlink', 'rmdir', 'srm']);
/** find tests that narrow which files match (`-type` and depth limits do not). */
const NARROWING =
  /^-(i?name|i?path|i?wholename|i?regex|i?lname|newer\w*|[acm](min|time)|size|user|group|uid|gid|perm|empty|links|inum|samefile|fstype)$/;

/**
 * The starting points of `find [-H|-L|-P|-D x|-Olevel] point… expression` (GNU findutils manual,
 * "Invoking find"): the words before the first that begins with `-`, `(` or `!`.
 */
export function findStartingPoints(argv: readonly ShellWord[]): {
  points: ShellWord[];
  expression: ShellWord[];
} {
  let i = 1;
  while (i < argv.length) {
    const v = argv[i]?.value;
    if (v === '-H' || v === '-L' || v === '-P' || (v !== undefined && /^-O\d$/.test(v))) i++;
    else if (v === '-D') i += 2;
    else break;
  }
  const points: ShellWord[] = [];
  for (; i < argv.length; i++) {
    const v = argv[i]?.value;
    if (v !== undefined && (v.startsWith('-') || v === '(' || v === '!')) break;
    const w = argv[i];
    if (w) points.push(w);
  }
  return { points, expression: argv.slice(i) };
}

/** The deleting action of a find expression (`-delete`, `-exec rm …`), with its word. */
function deleteAction(expression: readonly ShellWord[]): { word: ShellWord; action: string } | undefined {
  for (let i = 0; i < expression.length; i++) {
    const w = expression[i];
    const v = w?.value;
    if (!w || v === undefined) continue;
    if (v === '-delete') return { word: w, action: '-delete' };
    if (/^-(exec|execdir|ok|okdir)$/.test(v)) {
      const program = expression[i + 1]?.value;
      const base = program?.slice(program.lastIndexOf('/') + 1);
      if (base && DELETERS.has(base)) return { word: w, action: `${v} ${base}` };
    }
  }
  return undefined;
}

/** `find / -delete`, `find ~ -exec rm -rf {} +`: deleting across the root, home or system directories. */
export default defineShellRule({
  meta: {
    id: 'find-delete-wide',
    title: 'find deleting across root, home or system directories',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description:
        'Flags `find` with `-delete` or `-exec rm` starting at `/`, `~`, a system directory, or `.` without any filter.',
      problem:
        '`find` walks every file below its starting point; with `-delete` or `-exec rm` and a wide ' +
        'starting point it deletes files all over the system or home directory, and an unfiltered ' +
        '`find . -delete` empties the working directory. Nothing can be recovered.',
      solution:
        'Start at the directory you mean (`find ./build …`), narrow with `-name`/`-path`/`-mtime`, ' +
        'and run the same expression with `-print` first to review what it matches.',
    },
    messages: {
      wide: '`find {{root}} … {{action}}` deletes files across {{what}}.',
      unfiltered:
        '`find {{root}} … {{action}}` without a name or path filter deletes everything below `{{root}}`.',
    },
    controls: ['SOC2:CC8.1', 'SOC2:A1.2', 'NIST:CP-9'],
    examples: {
      valid: [
        'find . -name "*.pyc" -delete',
        'find ./build -type f -delete',
        'find / -name "*.conf" -print',
        'find /tmp/cache -mtime +7 -exec rm -f {} +',
      ],
      invalid: [
        'find / -delete',
        'find ~ -type f -exec rm -f {} \\;',
        'find . -delete',
        'sudo find /etc -name "*.conf" -delete',
      ],
    },
  },
  check(cmd, _analysis, report) {
    if (cmd.name !== 'find') return;
    const { points, expression } = findStartingPoints(cmd.argv);
    const action = deleteAction(expression);
    if (!action) return;
    const narrowed = expression.some((w) => w.value !== undefined && NARROWING.test(w.value));
    // GNU find defaults the starting point to `.`.
    const roots = points.length > 0 ? points : [undefined];
    for (const word of roots) {
      const wide = word ? wideTarget(word) : { kind: 'cwd' as const, path: '.', dynamicRoot: false };
      if (!wide || wide.dynamicRoot) continue;
      const data = { root: wide.path, action: action.action };
      if (wide.kind === 'cwd' || wide.kind === 'parent') {
        if (!narrowed)
          report({
            messageId: 'unfiltered',
            data,
            span: word?.span ?? action.word.span,
            severity: 'warning',
          });
      } else if (wide.kind === 'root' || !narrowed) {
        const what =
          wide.kind === 'root'
            ? 'the whole file system'
            : wide.kind === 'home'
              ? 'the home directory'
              : `\`${wide.path}\``;
        report({ messageId: 'wide', data: { ...data, what }, span: word?.span ?? action.word.span });
      } else {
        report({
          messageId: 'wide',
          data: { ...data, what: wide.kind === 'home' ? 'the home directory' : `\`${wide.path}\`` },
          span: word?.span ?? action.word.span,
          severity: 'warning',
        });
      }
    }
  },
});
