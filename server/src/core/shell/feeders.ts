/**
 * Where the paths a command receives at run time come from, for file effects: `find ROOT … -exec
 * CMD {} +` and `… | xargs CMD` hand CMD paths that a feeder chose. The feeder decides what the
 * targets are:
 * - `find ROOT` with one `-name`/`-iname` test: the files of that name below ROOT
 *   (`ROOT/NAME`, classified by its name: `.git` is version control, `node_modules` build output);
 *   other tests: some files below ROOT (`ROOT/*`); no test: everything below ROOT;
 * - `ls [DIR…]`: every entry of each DIR (or of the working directory) — `ls | xargs rm -rf`
 *   empties the folder;
 * - anything else (`cat list.txt`, `git ls-files`): unknown paths (no feeder roots).
 * Shell text run by the command that receives them (`xargs -I{} sh -c 'rm -rf {}'`) sees the same
 * paths. Sources: find(1) EXPRESSION and -exec, xargs(1) -I, ls(1).
 */
import type { ShellAnalysis, ShellCommand, ShellWord } from './model';

/** One place fed paths lie: `text` names them (a folder's entries `DIR/*`, or `ROOT/NAME`). */
export interface FeederRoot {
  text: string;
  dynamic: boolean;
  /**
   * What the feeder hands: `entries`, every entry of a folder (`ls DIR`, `find ROOT` without
   * tests), so a recursive delete of each empties the folder; `named`, the entries of one literal
   * name below a root (`find . -name .git`), each deleted wherever it is; `some`, files a filter
   * picks at run time (`-mtime +7`, `-name '*.log'`, `-type f`).
   */
  selects: 'entries' | 'named' | 'some';
}

/** The start points of a `find` command (the operands before its first expression), or `['.']`. */
export function findRoots(cmd: ShellCommand): { text: string; dynamic: boolean }[] {
  const words = cmd.argv.slice(1);
  let i = 0;
  while (i < words.length && ['-H', '-L', '-P'].includes(words[i]?.value ?? '')) i++;
  const roots: { text: string; dynamic: boolean }[] = [];
  for (; i < words.length; i++) {
    const w = words[i] as ShellWord;
    if (w.value !== undefined && /^[-(!]/.test(w.value)) break;
    roots.push({ text: w.value ?? w.raw.replace(/["']/g, ''), dynamic: w.value === undefined });
  }
  return roots.length > 0 ? roots : [{ text: '.', dynamic: false }];
}

/** Operators that make a find expression other than a plain conjunction of tests (find(1) OPERATORS). */
const FIND_OPERATORS = new Set(['-o', '-or', '!', '-not', '(', ')', ',', '-prune']);

/** Tests that only narrow by kind or depth: the selection stays "every entry of that kind". */
const FIND_SHAPE_TESTS = new Set(['-type', '-xtype', '-maxdepth', '-mindepth', '-depth', '-xdev', '-mount']);

/**
 * What a `find` hands to the command it runs: the files named by its single static `-name` test
 * below each root, else some or all files below each root (see module doc).
 */
export function findSelection(find: ShellCommand): FeederRoot[] {
  const roots = findRoots(find);
  const words = find.argv.slice(1).map((w) => w.value);
  const start = words.findIndex((v) => v !== undefined && /^[-(!]/.test(v));
  const expr = start < 0 ? [] : words.slice(start);
  const below = (root: string): string => (root.endsWith('/') ? root : `${root}/`);
  const names: string[] = [];
  let filtered = false;
  let shaped = false;
  let plain = true;
  for (let i = 0; i < expr.length; i++) {
    const v = expr[i];
    if (v === undefined) {
      plain = false;
      continue;
    }
    if (FIND_OPERATORS.has(v)) plain = false;
    else if (v === '-name' || v === '-iname') {
      const n = expr[++i];
      if (n === undefined) plain = false;
      else names.push(n);
    } else if (v === '-exec' || v === '-execdir' || v === '-ok' || v === '-okdir') break;
    else if (FIND_SHAPE_TESTS.has(v)) {
      // Depth limits and `-type f|d` keep every file's content in the selection (`-mindepth 1`:
      // all below the root; `-type f`: every file, where the data is); other types narrow it.
      const arg = v !== '-depth' && v !== '-xdev' && v !== '-mount' ? expr[++i] : undefined;
      if ((v === '-type' || v === '-xtype') && arg !== 'f' && arg !== 'd') shaped = true;
    } else if (v.startsWith('-') && !PRINTS.has(v)) filtered = true;
  }
  const name = names[0];
  if (plain && names.length === 1 && name !== undefined && !name.includes('/')) {
    const literal = !/[*?[\]\\]/.test(name);
    const selects = literal && !filtered ? 'named' : 'some';
    return roots.map((r) => ({ text: below(r.text) + name, dynamic: r.dynamic, selects }));
  }
  // Other shape tests (`-type l`) leave a selection nobody reads here: some files.
  const selects = plain && !filtered && !shaped && names.length === 0 ? 'entries' : 'some';
  return roots.map((r) => ({ text: `${below(r.text)}*`, dynamic: r.dynamic, selects }));
}

/** Actions that print or delete what was found, selecting nothing themselves. */
const PRINTS = new Set(['-print', '-print0', '-delete', '-ls']);

/** What `ls` lists: each operand's entries (`DIR/*`) or, for a glob operand, what it matches. */
function lsSelection(ls: ShellCommand): FeederRoot[] {
  const operands = ls.argv.slice(1).filter((w) => !(w.value ?? '').startsWith('-'));
  if (operands.length === 0) return [{ text: './*', dynamic: false, selects: 'entries' }];
  return operands.map((w) => {
    const text = w.value ?? w.raw.replace(/["']/g, '');
    const dynamic = w.value === undefined;
    if (/[*?[]/.test(text)) return { text, dynamic, selects: 'entries' };
    return { text: text.endsWith('/') ? `${text}*` : `${text}/*`, dynamic, selects: 'entries' };
  });
}

/** Wrappers that only run shell text (`sh -c`, `bash -lc`, `eval`): the fed paths pass through. */
const SHELL_TEXT = /^([a-z]*sh -[a-z]*c|eval)$/;

/**
 * Where the paths `cmd` receives at run time come from: the `find` whose `-exec`/`-execdir`/`-ok`
 * runs it (through shell text run by it), or the feeder piped into the `xargs` that runs it.
 * `undefined` when no such wrapper runs `cmd`; an empty list when the feeder is unknown.
 */
export function feederRoots(cmd: ShellCommand, analysis: ShellAnalysis): FeederRoot[] | undefined {
  let k = cmd.wrappers.length - 1;
  while (k >= 0 && SHELL_TEXT.test(cmd.wrappers[k] ?? '')) k--;
  const via = cmd.wrappers[k];
  if (via === undefined) return undefined;
  const encloses = (c: ShellCommand, name: string): boolean =>
    c !== cmd && c.name === name && c.span.start <= cmd.span.start && c.span.end >= cmd.span.end;
  if (via.startsWith('find -')) {
    const find = analysis.commands.filter((c) => encloses(c, 'find')).pop();
    return find ? findSelection(find) : [];
  }
  if (via === 'xargs') {
    const xargs = analysis.commands.filter((c) => encloses(c, 'xargs')).pop();
    if (!xargs || xargs.pipeline.index === 0) return [];
    const feeder = analysis.commands
      .filter(
        (c) =>
          c.span.end <= xargs.span.start && !c.inSubstitution && c.pipeline.length === xargs.pipeline.length,
      )
      .pop();
    if (!feeder || feeder.pipeline.index !== xargs.pipeline.index - 1) return [];
    if (feeder.name === 'find') return findSelection(feeder);
    if (feeder.name === 'ls') return lsSelection(feeder);
    return [];
  }
  return undefined;
}

/**
 * The text the runner of `cmd` replaces with each fed path: `{}` for `find -exec` and `xargs -i`,
 * the string given to `xargs -I R` / `--replace=R` (xargs(1)).
 */
export function placeholderOf(cmd: ShellCommand, analysis: ShellAnalysis): string {
  if (!cmd.wrappers.includes('xargs')) return '{}';
  const xargs = analysis.commands
    .filter(
      (c) => c !== cmd && c.name === 'xargs' && c.span.start <= cmd.span.start && c.span.end >= cmd.span.end,
    )
    .pop();
  const words = xargs?.argv.slice(1) ?? [];
  for (let i = 0; i < words.length; i++) {
    const v = words[i]?.value;
    if (v === undefined || !v.startsWith('-')) break;
    if (v === '-I') return words[i + 1]?.value ?? '{}';
    if (v.startsWith('-I')) return v.slice(2);
    if (v.startsWith('--replace=')) return v.slice(10) || '{}';
    if (v.startsWith('-i') && v.length > 2) return v.slice(2);
  }
  return '{}';
}
