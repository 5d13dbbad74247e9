import { defineShellRule } from '../rule';
import { parseOptions } from './util/options';
import { wideTarget, type WideKind } from './util/paths';

const WHAT: Record<WideKind, string> = {
  root: 'the root file system',
  home: 'the home directory',
  system: 'a system directory',
  cwd: 'the whole working directory',
  parent: 'a parent directory',
};

/**
 * `rm -r` of `/`, `~`, `$HOME`, `.`, `..`, `*`, a system directory, or a path that becomes one of
 * these when a variable is empty (`rm -rf "$DIR/"*`, shellcheck SC2115).
 */
export default defineShellRule({
  meta: {
    id: 'rm-recursive-wide',
    title: 'Recursive delete of a root, home, system or working directory',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description: 'Flags `rm -r`/`rm -rf` whose target is `/`, home, a system directory, `.`, `..` or `*`.',
      problem:
        'A recursive delete of a wide target removes data that cannot be recovered: the whole system, ' +
        'every file of the user, or the project the agent works in. When the path starts with a ' +
        'variable (`rm -rf "$DIR/"*`), an empty or unset variable turns it into `rm -rf /*`.',
      solution:
        'Delete the specific build or scratch directory (`rm -rf ./build`). Guard variables with ' +
        '`"${DIR:?}"` so an empty value aborts the command (shellcheck SC2115), and prefer moving ' +
        'files to a trash directory when an agent cleans up.',
    },
    messages: {
      wide: 'Recursive delete of {{what}} (`{{path}}`).',
      dynamicRoot:
        'Recursive delete of `{{path}}`: if the expansion is empty this deletes {{what}}. Use `${VAR:?}`.',
    },
    controls: ['SOC2:CC8.1', 'SOC2:A1.2', 'NIST:CP-9'],
    sources: ['shellcheck:SC2115'],
    examples: {
      valid: [
        'rm -rf ./build',
        'rm -rf node_modules',
        'echo "rm -rf /"',
        'rm -f *.log',
        'rm -rf "${DIR:?}/"*',
        'cd dist && rm -rf ./*',
      ],
      invalid: ['rm -rf /', 'sudo rm -rf --no-preserve-root /', 'rm -fr ~', 'rm -rf "$DIR/"*', 'rm -r /etc'],
    },
  },
  check(cmd, analysis, report) {
    if (cmd.name !== 'rm') return;
    // After a `cd` earlier on the line, `.`, `*` and `..` are that folder, not the one the command
    // started in: file-destroy judges the resolved path by its class (`cd dist && rm -rf ./*`).
    const moved = analysis.commands.some(
      (c) => (c.name === 'cd' || c.name === 'pushd') && c.span.start < cmd.span.start,
    );
    const parsed = parseOptions(cmd.argv.slice(1));
    if (!parsed.has('r', 'R', 'recursive')) return;
    // `rm -ri` asks before every removal; the last of -i/-I/-f wins (GNU coreutils rm).
    const last = parsed.all('i', 'I', 'interactive', 'f', 'force').pop();
    if (last && last.name !== 'f' && last.name !== 'force') return;
    for (const word of parsed.positionals) {
      const wide = wideTarget(word);
      if (!wide || (moved && (wide.kind === 'cwd' || wide.kind === 'parent'))) continue;
      if (wide.dynamicRoot) {
        if (!parsed.has('f', 'force')) continue;
        report({
          messageId: 'dynamicRoot',
          data: { path: wide.path, what: WHAT[wide.kind] },
          span: word.span,
          severity: 'warning',
        });
      } else {
        report({ messageId: 'wide', data: { path: wide.path, what: WHAT[wide.kind] }, span: word.span });
      }
    }
  },
});
