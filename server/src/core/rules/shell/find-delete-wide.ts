import type { ShellWord } from '../../shell/model';
import { defineShellRule } from '../rule';
import { wideTarget } from './util/paths';

/** Programs that delete or destroy the files `-exec` hands them. */
const DELETERS = new Set(['rm', 'shred', 'unlink', 'srm']);
/** find tests that pick files by name or identity (GNU findutils manual, "Tests"). */
const BY_NAME = /^-(i?name|i?path|i?wholename|i?regex|i?lname|inum|samefile)$/;
/** Any test that narrows what matches, besides `-type f|d` and depth limits. */
const NARROWING =
  /^-(i?name|i?path|i?wholename|i?regex|i?lname|newer\w*|[acm](min|time|newer)|used|size|n?user|n?group|uid|gid|perm|empty|links|inum|samefile|fstype|xtype)$/;

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
    // `-ok`/`-okdir` ask before each file, so only `-exec`/`-execdir` count.
    if (v === '-exec' || v === '-execdir') {
      const program = expression[i + 1]?.value;
      const base = program?.slice(program.lastIndexOf('/') + 1);
      if (!base || !DELETERS.has(base)) continue;
      const end = expression.findIndex((x, k) => k > i && (x.value === ';' || x.value === '+'));
      const cmdArgs = expression.slice(i + 2, end < 0 ? undefined : end).map((x) => x.value);
      const interactive = cmdArgs.some(
        (a) => a !== undefined && /^-[a-zA-Z]*i[a-zA-Z]*$/.test(a) && !/f/.test(a),
      );
      // `-exec rm {}.bak` deletes a derived file, not the match itself.
      if (cmdArgs.includes('{}') && !interactive) return { word: w, action: `${v} ${base}` };
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
      filtered: '`find {{root}} … {{action}}` deletes matching files anywhere in {{what}}.',
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
    const narrowed = expression.some(
      (w, k) =>
        w.value !== undefined &&
        (NARROWING.test(w.value) || (w.value === '-type' && /^[^fd]/.test(expression[k + 1]?.value ?? 'f'))),
    );
    // `-type d -delete` removes only empty directories (rmdir semantics).
    const dirsOnly = expression.some((w, k) => w.value === '-type' && expression[k + 1]?.value === 'd');
    if (dirsOnly && action.action === '-delete') return;
    const byName = expression.some((w) => w.value !== undefined && BY_NAME.test(w.value));
    // GNU find defaults the starting point to `.`.
    const roots = points.length > 0 ? points : [undefined];
    for (const word of roots) {
      const wide = word ? wideTarget(word) : { kind: 'cwd' as const, path: '.', dynamicRoot: false };
      if (!wide || wide.dynamicRoot) continue;
      const span = word?.span ?? action.word.span;
      const data = { root: wide.path, action: action.action };
      if (wide.kind === 'cwd' || wide.kind === 'parent') {
        if (!narrowed) report({ messageId: 'unfiltered', data, span, severity: 'warning' });
        continue;
      }
      const what =
        wide.kind === 'root'
          ? 'the whole file system'
          : wide.kind === 'home'
            ? 'the home directory'
            : `\`${wide.path}\``;
      if (byName) report({ messageId: 'filtered', data: { ...data, what }, span, severity: 'warning' });
      else report({ messageId: 'wide', data: { ...data, what }, span });
    }
  },
});
