import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { Ctx } from './context';
import type { ShellCommand, ShellWord } from './model';
import { readOptions } from './options';
import { analyseScriptText, readScript } from './script-files';

/**
 * The recipes `make` runs, looked into like the text of `bash -c`: `make reset-db` runs the
 * recipe lines of target `reset-db` (after those of its prerequisites) through `/bin/sh`, so what
 * they run is judged at the `make` command. The makefile is parsed with tree-sitter-make; its
 * variables (`=`, `:=`, `?=`, `+=`, `define`) and the command line's `NAME=value` are expanded
 * as GNU make does (GNU make manual, "How to Use Variables", "Recipe Syntax", "Automatic
 * Variables": https://www.gnu.org/software/make/manual/make.html). A variable the makefile does
 * not set comes from the environment, so it becomes the shell's `${NAME}` (a run-time value to the
 * shell analyzer); so do make functions (`$(shell …)`, `$(wildcard …)`). A variable set to
 * different values in branches of a conditional is a run-time value too.
 *
 * Not looked into: `-n`/`--dry-run`/`-q` (nothing runs), pattern rules (`%.o: %.c`), `include`d
 * files, and makefiles that cannot be read.
 */

/**
 * Options of GNU make that take a value (make(1), "Options Summary"); those whose value is optional
 * and must be attached (`-O[TYPE]`, `--debug[=FLAGS]`) are not here. Also read by `exec-options.ts`
 * for `--eval`.
 */
export const MAKE_OPTIONS = {
  short: 'CEfIjloW',
  long: [
    'directory',
    'eval',
    'file',
    'makefile',
    'include-dir',
    'jobs',
    'load-average',
    'old-file',
    'what-if',
    'assume-new',
    'assume-old',
    'new-file',
    'jobserver-auth',
  ],
};

/** Options under which make runs no recipe (make(1)). */
const NO_RUN = new Set([
  'n',
  'just-print',
  'dry-run',
  'recon',
  'q',
  'question',
  'p',
  'print-data-base',
  'v',
  'version',
  'h',
  'help',
]);

/** The file names make looks for, in order, when no `-f` is given. */
const DEFAULT_MAKEFILES = ['GNUmakefile', 'makefile', 'Makefile'];

/** The run-time placeholder for a make function or an unsettable name. */
const RUN_TIME = '${RAILGUARD_MAKE_EXPANSION}';

/**
 * Variables GNU make defines before reading a makefile (GNU make manual, "Variables Used by
 * Implicit Rules", and `MAKE`): a recipe's `$(CC) -c x.c` runs `cc`, `$(RM) out` runs `rm -f`.
 */
const BUILT_IN_VARIABLES: readonly [string, string][] = [
  ['MAKE', 'make'],
  ['AR', 'ar'],
  ['AS', 'as'],
  ['CC', 'cc'],
  ['CXX', 'g++'],
  ['CPP', '$(CC) -E'],
  ['FC', 'f77'],
  ['LD', 'ld'],
  ['LEX', 'lex'],
  ['YACC', 'yacc'],
  ['RM', 'rm -f'],
  ['ARFLAGS', 'rv'],
  ['SHELL', '/bin/sh'],
];

interface Rule {
  prerequisites: string[];
  recipe: string[];
}

/** A parsed makefile: its rules by target, its first target, and its variables. */
interface Makefile {
  rules: Map<string, Rule>;
  first: string | undefined;
  /** Variable name ⇒ unexpanded value; `undefined` when known only at run time. */
  vars: Map<string, string | undefined>;
}

function parseMakefile(ctx: Ctx, text: string): Makefile | undefined {
  const tree = ctx.parsers.make.parse(text);
  if (!tree) return undefined;
  const mk: Makefile = { rules: new Map(), first: undefined, vars: new Map(BUILT_IN_VARIABLES) };
  const conditional = new Map<string, string | undefined>();
  try {
    const visit = (node: Node, inConditional: boolean): void => {
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'variable_assignment') assign(mk, conditional, child, inConditional);
        else if (child.type === 'define_directive') {
          const name = child.childForFieldName('name')?.text;
          if (name) mk.vars.set(name, child.childForFieldName('value')?.text ?? '');
        } else if (child.type === 'rule') addRule(mk, child);
        else if (child.type === 'conditional' || child.type === 'else_directive') visit(child, true);
      }
    };
    visit(tree.rootNode, false);
  } finally {
    tree.delete();
  }
  const goal = mk.vars.get('.DEFAULT_GOAL');
  if (goal) mk.first = goal.trim();
  return mk;
}

function assign(
  mk: Makefile,
  conditional: Map<string, string | undefined>,
  node: Node,
  inConditional: boolean,
): void {
  const name = node.childForFieldName('name')?.text;
  if (!name) return;
  const op = node.children.find((c) => c && !c.isNamed)?.text ?? '=';
  const value = node.childForFieldName('value')?.text ?? '';
  const before = mk.vars.get(name);
  let next: string | undefined;
  if (op === '!=')
    next = undefined; // the output of a shell command
  else if (op === '?=') next = mk.vars.has(name) ? before : value;
  else if (op === '+=')
    next = before === undefined && mk.vars.has(name) ? undefined : `${before ?? ''} ${value}`.trim();
  else next = value;
  if (inConditional) {
    // Different values in different branches: which one holds is known only at run time.
    if (conditional.has(name) && conditional.get(name) !== next) next = undefined;
    conditional.set(name, next);
  }
  mk.vars.set(name, next);
}

function addRule(mk: Makefile, node: Node): void {
  const targets = node.namedChildren.find((c) => c?.type === 'targets');
  const prereq = node.childForFieldName('normal');
  const recipe = node.namedChildren.find((c) => c?.type === 'recipe');
  const lines = recipe
    ? recipe.namedChildren.filter((c): c is Node => c?.type === 'recipe_line').map((l) => l.text)
    : [];
  const prerequisites = prereq ? prereq.namedChildren.map((c) => c?.text ?? '').filter(Boolean) : [];
  for (const t of targets?.namedChildren ?? []) {
    const name = t?.text;
    if (!name || name.includes('%')) continue;
    if (mk.first === undefined && !name.startsWith('.')) mk.first = name;
    const rule = mk.rules.get(name) ?? { prerequisites: [], recipe: [] };
    rule.prerequisites.push(...prerequisites);
    rule.recipe.push(...lines);
    mk.rules.set(name, rule);
  }
}

/** The index of the `)`/`}` closing the reference opened at `open` (nested parentheses counted). */
function closing(text: string, open: number): number {
  const want = text[open] === '(' ? ')' : '}';
  const inner = text[open];
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === inner) depth++;
    else if (text[i] === want && --depth === 0) return i;
  }
  return -1;
}

/**
 * Expands make references in `text`: `$$` ⇒ `$`, `$(NAME)`/`${NAME}`/`$X` ⇒ the variable's value
 * (expanded again), automatic variables `$@`, `$<`, `$^` from the rule, anything else ⇒ a shell
 * variable known only at run time.
 */
function expand(
  text: string,
  vars: Map<string, string | undefined>,
  auto: Record<string, string>,
  depth = 0,
): string {
  if (depth > 16) return RUN_TIME;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const n = text[i + 1] as string;
    let name: string;
    if (n === '$') {
      out += '$';
      i++;
      continue;
    } else if (n === '(' || n === '{') {
      const end = closing(text, i + 1);
      if (end < 0) return out + RUN_TIME;
      name = text.slice(i + 2, end);
      i = end;
    } else {
      name = n;
      i++;
    }
    if (name in auto) out += auto[name];
    else if (/^[A-Za-z_.][\w.-]*$/.test(name) && vars.has(name)) {
      const v = vars.get(name);
      out += v === undefined ? shellVar(name) : expand(v, vars, auto, depth + 1);
    } else out += /^[A-Za-z_][\w]*$/.test(name) ? shellVar(name) : RUN_TIME;
  }
  return out;
}

function shellVar(name: string): string {
  return /^[A-Za-z_]\w*$/.test(name) ? `\${${name}}` : RUN_TIME;
}

/** The shell text of a recipe line: without its `@`/`-`/`+` prefixes and the tab after `\`-newline. */
function recipeText(line: string): string {
  return line.replace(/^[\t ]*[@+-]*/, '').replace(/\\\n\t/g, '\\\n');
}

/**
 * Looks into the makefile recipes `cmd` runs (see the module comment), one analysis per goal with
 * its prerequisites' recipes first, at the command's span.
 */
export function checkMake(cmd: ShellCommand, ctx: Ctx): void {
  if (cmd.name !== 'make' && cmd.name !== 'gmake') return;
  const { options, next } = readOptions(cmd.argv, 1, MAKE_OPTIONS);
  if (options.some((o) => NO_RUN.has(o.name))) return;
  const dirs = options.filter((o) => o.name === 'C' || o.name === 'directory').map((o) => o.value);
  if (dirs.some((d) => d === undefined)) return;
  const dir = dirs.reduce<string>((at, d) => under(at, d as string), '.');
  const named = options.filter((o) => o.name === 'f' || o.name === 'file' || o.name === 'makefile');
  if (named.some((o) => o.value === undefined)) return;
  const candidates = named.length ? named.map((o) => o.value as string) : DEFAULT_MAKEFILES;
  let found: { text: string; from: 'text' | 'disk'; file: string } | undefined;
  for (const f of candidates) {
    const file = under(dir, f);
    const s = readScript(ctx, file);
    if (s?.text !== undefined) {
      found = { text: s.text, from: s.from, file };
      break;
    }
  }
  if (!found) return;
  const mk = parseMakefile(ctx, found.text);
  if (!mk) return;
  const goals: string[] = [];
  for (const w of cmd.argv.slice(next)) commandLineWord(w, mk, goals);
  if (!goals.length && mk.first) goals.push(mk.first);
  for (const goal of goals) {
    const lines: string[] = [];
    collect(mk, goal, lines, new Set());
    if (!lines.length) continue;
    analyseScriptText(cmd, ctx, {
      text: lines.join('\n'),
      from: found.from,
      label: `make ${goal}`,
      key: `${found.file}#${goal}`,
    });
  }
}

/** `name` taken from folder `dir`, as `make -C dir -f name` does: absolute names stand alone. */
function under(dir: string, name: string): string {
  return path.posix.isAbsolute(name) ? name : path.posix.join(dir, name);
}

/** `NAME=value` on make's command line overrides the makefile; other words are goals. */
function commandLineWord(w: ShellWord, mk: Makefile, goals: string[]): void {
  const v = w.value;
  const eq = v?.indexOf('=') ?? -1;
  if (v !== undefined && eq > 0 && /^[A-Za-z_.][\w.-]*:?$/.test(v.slice(0, eq))) {
    mk.vars.set(v.slice(0, eq).replace(/:$/, ''), v.slice(eq + 1));
    return;
  }
  if (v !== undefined) goals.push(v);
}

/** The recipe lines `goal` runs, its prerequisites' first (each target once, as make does). */
function collect(mk: Makefile, goal: string, lines: string[], seen: Set<string>): void {
  if (seen.has(goal) || seen.size > 256) return;
  seen.add(goal);
  const rule = mk.rules.get(goal);
  if (!rule) return;
  for (const p of rule.prerequisites) collect(mk, p, lines, seen);
  const auto = {
    '@': goal,
    '<': rule.prerequisites[0] ?? '',
    '^': [...new Set(rule.prerequisites)].join(' '),
  };
  for (const line of rule.recipe) lines.push(expand(recipeText(line), mk.vars, auto));
}
