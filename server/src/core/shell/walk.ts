import type { Node } from 'web-tree-sitter';
import { analyzerFinding, SHELL_UNPARSED } from './analyzer-findings';
import { type Ctx, makeWord, makeWords, nodeSpan, spanOf } from './context';
import {
  expandCall,
  recordAssignments,
  recordBuiltin,
  recordDeclaration,
  recordFunction,
} from './definitions';
import type { ShellCommand, ShellWord } from './model';
import { staticOutput } from './pipe-stdin';
import { recordWrites } from './script-files';
import { nestedRedirects, readRedirect, REDIRECT_TYPES } from './redirects';
import { unwrap, unwrapAssignments } from './wrappers';
import { basename, wordValue } from './words';

/** Per-node walking state: what the enclosing syntax gives the commands below it. */
interface Frame {
  inSub: boolean;
  pipe?: ShellCommand['pipeline'];
  stdin?: ShellCommand['stdin'];
  /** Redirections that tree-sitter attached to an enclosing node but that belong to this command. */
  extra?: Node[];
}

const SUBSTITUTIONS = new Set(['command_substitution', 'process_substitution']);
/** Compound commands whose pipeline position passes to the commands they contain. */
const GROUPS = new Set(['subshell', 'compound_statement', 'negated_command']);

/** Walks every named child (words, conditions, bodies…) looking for commands. */
function walkChildren(node: Node, ctx: Ctx, f: Frame): void {
  const inner: Frame =
    GROUPS.has(node.type) && f.pipe ? { inSub: f.inSub, pipe: f.pipe } : { inSub: f.inSub };
  for (const child of node.namedChildren) if (child) walk(child, ctx, inner);
}

/**
 * Deepest syntax nesting walked (`$(` inside `$(`…, subshells in subshells); deeper text is
 * reported as `shell-unparsed` (`tooDeep`) instead of exhausting the call stack.
 */
export const MAX_WALK_DEPTH = 200;

/** The leaves of a left-nested `a && b || c; d` list, in order, without recursion. */
function flattenList(node: Node): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type !== 'list') {
      out.push(n);
      continue;
    }
    const children = n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Node);
  }
  return out;
}

/**
 * Walks a syntax node of the current pass and records the simple commands found below it.
 * Returns the simple command the node stands for when it is one (used for pipelines).
 * Nesting deeper than {@link MAX_WALK_DEPTH} is reported once per analysis, never thrown.
 */
export function walk(node: Node, ctx: Ctx, f: Frame): ShellCommand | undefined {
  if (ctx.budget.walkDepth >= MAX_WALK_DEPTH) {
    if (!ctx.budget.tooDeepReported) {
      ctx.budget.tooDeepReported = true;
      ctx.findings.push(
        analyzerFinding(SHELL_UNPARSED, 'tooDeep', nodeSpan(ctx, node), { depth: MAX_WALK_DEPTH }),
      );
    }
    return undefined;
  }
  ctx.budget.walkDepth++;
  try {
    return walkNode(node, ctx, f);
  } finally {
    ctx.budget.walkDepth--;
  }
}

function walkNode(node: Node, ctx: Ctx, f: Frame): ShellCommand | undefined {
  switch (node.type) {
    case 'list':
      for (const leaf of flattenList(node)) walk(leaf, ctx, { inSub: f.inSub });
      return undefined;
    case 'variable_assignment': {
      const name = node.childForFieldName('name')?.text;
      const value = node.childForFieldName('value');
      if (name) ctx.vars.set(name, value ? makeWord(ctx, value).value : '');
      // A statement of assignments only is also a word-less command (its variables are facts).
      return assignmentStatement(node, ctx, f);
    }
    case 'for_statement':
      forLoop(node, ctx, f);
      return undefined;
    case 'function_definition':
      recordFunction(ctx, node);
      if (!ctx.deferFunctions) walkChildren(node, ctx, f);
      return undefined;
    case 'command':
      return buildCommand(node, ctx, f);
    case 'redirected_statement':
      return redirected(node, ctx, f);
    case 'pipeline':
      return pipeline(flattenPipeline(node), ctx, f);
    case 'declaration_command':
    case 'unset_command':
      return declaration(node, ctx, f);
    case 'variable_assignments':
      return assignmentStatement(node, ctx, f);
    case 'heredoc_body':
      for (const child of node.namedChildren) if (child) walk(child, ctx, { inSub: true });
      return undefined;
    default:
      if (SUBSTITUTIONS.has(node.type)) {
        for (const child of node.namedChildren) if (child) walk(child, ctx, { inSub: true });
        // `$(< file)` reads the file with no command: bash's shorthand for `$(cat file)`.
        const bare = node.namedChildren.filter((c): c is Node => c?.type === 'file_redirect');
        if (bare.length > 0) redirectOnly(node, bare, ctx, { inSub: true });
        return undefined;
      }
      walkChildren(node, ctx, f);
      return undefined;
  }
}

/** Elements of a pipeline, nested pipelines flattened (`|` and `|&` tokens dropped). */
function flattenPipeline(node: Node): Node[] {
  const out: Node[] = [];
  for (const child of node.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'pipeline') out.push(...flattenPipeline(child));
    else out.push(child);
  }
  return out;
}

/** Static program name of a pipeline element that is a simple command. */
function elementName(node: Node | undefined): string | undefined {
  const cmd = node?.type === 'redirected_statement' ? node.childForFieldName('body') : node;
  if (cmd?.type !== 'command') return undefined;
  const word = cmd.childForFieldName('name')?.firstNamedChild;
  return word ? basename(wordValue(word).value) : undefined;
}

/** Walks pipeline elements; `extraAt` attaches redirections to one element (heredoc quirk). */
function pipeline(elements: Node[], ctx: Ctx, f: Frame, extraAt?: { index: number; nodes: Node[] }) {
  if (elements.length === 1 && elements[0]) {
    const only = elements[0];
    return walk(only, ctx, extraAt ? { ...f, extra: extraAt.nodes } : f);
  }
  let prev: ShellCommand | undefined;
  let first: ShellCommand | undefined;
  elements.forEach((el, i) => {
    const frame: Frame = {
      inSub: f.inSub,
      pipe: {
        index: i,
        length: elements.length,
        prev: elementName(elements[i - 1]),
        next: elementName(elements[i + 1]),
      },
    };
    const stdin = i === 0 ? f.stdin : staticOutput(ctx, prev);
    if (stdin) frame.stdin = stdin;
    if (extraAt?.index === i) frame.extra = extraAt.nodes;
    prev = walk(el, ctx, frame);
    if (i === 0) first = prev;
  });
  return first;
}

/**
 * `body redirect…`. tree-sitter-bash puts what follows a heredoc start on the same line inside the
 * heredoc node: `a && cat <<EOF | psql` has the list `a && cat` as body and `| psql` (or `&& b`)
 * inside the heredoc. The redirections belong to the last command of the body and the pipeline
 * continues from it.
 */
function redirected(node: Node, ctx: Ctx, f: Frame): ShellCommand | undefined {
  const body = node.childForFieldName('body');
  const redirects: Node[] = [...(f.extra ?? [])];
  const continuation: Node[] = [];
  const after: Node[] = [];
  for (const child of node.children) {
    if (!child || child.equals(body ?? child) || !REDIRECT_TYPES.has(child.type)) continue;
    redirects.push(child);
    if (child.type !== 'heredoc_redirect') continue;
    child.children.forEach((c, j) => {
      if (!c) return;
      if (c.type === 'pipeline') continuation.push(...flattenPipeline(c));
      else if (child.fieldNameForChild(j) === 'right') after.push(c);
    });
  }
  const result = body ? attach(body, redirects, continuation, ctx, f) : undefined;
  if (!body) for (const r of redirects) walk(r, ctx, { inSub: f.inSub });
  if (!body)
    redirectOnly(
      node,
      node.namedChildren.filter((c): c is Node => c !== null),
      ctx,
      f,
    );
  for (const a of after) walk(a, ctx, { inSub: f.inSub });
  return result;
}

function attach(body: Node, redirects: Node[], cont: Node[], ctx: Ctx, f: Frame): ShellCommand | undefined {
  if (body.type === 'list') {
    const parts = body.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
    const last = parts.pop();
    for (const p of parts) walk(p, ctx, { inSub: f.inSub });
    return last ? attach(last, redirects, cont, ctx, { inSub: f.inSub }) : undefined;
  }
  if (body.type === 'pipeline') {
    const elements = flattenPipeline(body);
    return pipeline([...elements, ...cont], ctx, f, { index: elements.length - 1, nodes: redirects });
  }
  if (body.type === 'command') return pipeline([body, ...cont], ctx, f, { index: 0, nodes: redirects });
  // A compound command (subshell, loop, group) with redirections: walk it and the redirections'
  // own substitutions; the redirections are not attached to the commands inside.
  const first = pipeline([body, ...cont], ctx, f);
  for (const r of redirects) walk(r, ctx, { inSub: f.inSub });
  redirectOnly(body, redirects, ctx, f);
  return first;
}

/**
 * Records the file redirections of a compound command (`(…) > f`, `for …; done > f`) or of a bare
 * redirection (`> f`, `$(< f)`) as a `:` command holding only them, so that what they open is
 * judged like `: > f` (bash(1) REDIRECTION: a redirection without a command still opens the file).
 */
function redirectOnly(node: Node, redirects: readonly Node[], ctx: Ctx, f: Frame): void {
  const files = redirects.filter((r) => r.type === 'file_redirect');
  if (files.length === 0) return;
  const cmd = emptyCommand(node, ctx, f, ':');
  cmd.redirects = files.map((r) => readRedirect(ctx, r).redirect);
  ctx.commands.push(cmd);
}

/**
 * Whether a program word is a pattern the shell expands against the file system before running
 * it (`/bin/r? -rf …`, `/usr/bin/[r]m`): an unquoted `*`, `?` or `[` (bash(1) "Pathname
 * Expansion"). Which program runs is then known only at run time. `[` and `[[` are the test
 * commands.
 */
function globbedProgram(word: ShellWord | undefined): boolean {
  const v = word?.value;
  if (!word || v === undefined || v === '[' || v === '[[' || !/[*?[]/.test(v)) return false;
  const unquoted = word.raw.replace(/\\./g, '').replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, '');
  return /[*?[]/.test(unquoted);
}

/** A command at `node` with no words yet, placed in its pipeline and wrappers (`ctx.inherited`). */
function emptyCommand(node: Node, ctx: Ctx, f: Frame, name: string | undefined): ShellCommand {
  const cmd: ShellCommand = {
    name,
    argv: [],
    assignments: [],
    redirects: [],
    pipeline: f.pipe ?? { index: 0, length: 1 },
    wrappers: [...ctx.inherited.wrappers],
    inSubstitution: f.inSub || ctx.inherited.inSubstitution,
    span: spanOf(ctx, node.startIndex, node.endIndex),
  };
  if (ctx.inherited.remote) cmd.remote = ctx.inherited.remote;
  if (ctx.inherited.runAs) cmd.runAs = ctx.inherited.runAs;
  return cmd;
}

/** Most static values a `for` loop body is analysed for, one pass each. */
const MAX_LOOP_VALUES = 8;

/**
 * `for NAME in WORDS; do BODY; done`: with static words (at most {@link MAX_LOOP_VALUES} after
 * expansion), the body is analysed once per value with NAME bound (`for d in /tmp/x /; do rm -rf
 * $d; done` holds `rm -rf /`); otherwise NAME is a run-time value and the body is walked once.
 */
function forLoop(node: Node, ctx: Ctx, f: Frame): void {
  const name = node.childForFieldName('variable')?.text;
  const body = node.childForFieldName('body');
  const valueNodes = node.childrenForFieldName('value').filter((c): c is Node => c !== null);
  const values = valueNodes.flatMap((v) => makeWords(ctx, v)).map((w) => w.value);
  for (const v of valueNodes) walk(v, ctx, { inSub: f.inSub });
  if (!name || !body) return;
  const known = values.length > 0 && values.length <= MAX_LOOP_VALUES && values.every((v) => v !== undefined);
  if (!known) {
    ctx.vars.set(name, undefined);
    walk(body, ctx, { inSub: f.inSub });
    return;
  }
  ctx.budget.calls.add(`for:${node.startIndex}`);
  for (const v of values) {
    ctx.vars.set(name, v);
    walk(body, ctx, { inSub: f.inSub });
  }
}

/** Two adjacent words read as one (`DISPLAY=` + `` `hostname`:0 ``). */
function joinWords(a: ShellWord, b: ShellWord): ShellWord {
  const value = a.value !== undefined && b.value !== undefined ? a.value + b.value : undefined;
  const word: ShellWord = {
    value,
    raw: a.raw + b.raw,
    span: { ...a.span, end: b.span.end, endLine: b.span.endLine, endColumn: b.span.endColumn },
  };
  if (
    value !== undefined &&
    a.valueOffset !== undefined &&
    b.valueOffset === a.valueOffset + (a.value?.length ?? 0)
  )
    word.valueOffset = a.valueOffset;
  if (value === undefined)
    word.staticPrefix = a.value !== undefined ? a.value + (b.staticPrefix ?? '') : (a.staticPrefix ?? '');
  if (a.nodeType) word.nodeType = 'concatenation';
  return word;
}

/** Builds the {@link ShellCommand} of a `command` node, records it and what it unwraps to. */
function buildCommand(node: Node, ctx: Ctx, f: Frame): ShellCommand {
  const cmd = emptyCommand(node, ctx, f, undefined);
  const stdin = f.stdin ?? ctx.inherited.stdin;
  if (stdin) cmd.stdin = stdin;
  let start = node.startIndex;
  let end = node.endIndex;
  const redirectNodes: Node[] = [];
  const nested: Node[] = [];
  for (const child of node.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'variable_assignment') {
      const name = child.childForFieldName('name')?.text ?? '';
      const value = child.childForFieldName('value');
      cmd.assignments.push({ name, value: value ? makeWord(ctx, value).value : '', raw: value?.text ?? '' });
      nested.push(child);
    } else if (REDIRECT_TYPES.has(child.type)) redirectNodes.push(child);
    else if (child.type === 'command_name') {
      const word = child.firstNamedChild;
      if (word) {
        cmd.argv.push(...makeWords(ctx, word));
        nested.push(word);
      }
    } else {
      const words = makeWords(ctx, child);
      const prev = nested[nested.length - 1];
      const last = cmd.argv[cmd.argv.length - 1];
      // tree-sitter-bash splits `A=`x`:0` into two arguments with no blank between them; the shell
      // reads one word. Join such neighbours (one word each) back into one.
      if (
        prev &&
        last &&
        words.length === 1 &&
        words[0] &&
        prev.endIndex === child.startIndex &&
        /^[A-Za-z_][A-Za-z0-9_]*=$/.test(last.raw) &&
        prev.type !== 'variable_assignment'
      )
        cmd.argv[cmd.argv.length - 1] = joinWords(last, words[0]);
      else cmd.argv.push(...words);
      nested.push(child);
    }
  }
  for (const r of [...redirectNodes, ...(f.extra ?? [])]) {
    for (const node of [r, ...nestedRedirects(r)]) {
      const info = readRedirect(ctx, node);
      cmd.redirects.push(info.redirect);
      if (info.stdin) cmd.stdin = info.stdin;
      start = Math.min(start, node.startIndex);
      if (node === r) end = Math.max(end, info.lineEnd);
      nested.push(node);
    }
  }
  cmd.span = spanOf(ctx, start, end);
  cmd.name = globbedProgram(cmd.argv[0]) ? undefined : basename(cmd.argv[0]?.value);
  ctx.commands.push(cmd);
  recordAssignments(ctx, cmd);
  recordBuiltin(ctx, cmd);
  recordWrites(ctx, cmd);
  unwrap(cmd, ctx);
  expandCall(ctx, cmd);
  // Substitutions inside words, assignments, redirect targets and unquoted heredoc bodies run too.
  for (const n of nested) {
    const targets =
      n.type === 'heredoc_redirect' ? n.namedChildren.filter((c) => c?.type === 'heredoc_body') : [n];
    for (const t of targets) if (t) walk(t, ctx, { inSub: true });
  }
  return cmd;
}

/** `export A=1`, `local x`, `declare -r y`, `unset z`: recorded as commands named by the keyword. */
function declaration(node: Node, ctx: Ctx, f: Frame): ShellCommand {
  const cmd = emptyCommand(node, ctx, f, node.firstChild?.type);
  for (const child of node.children) {
    if (!child || child.type === 'comment') continue;
    const word = makeWord(ctx, child);
    if (!child.isNamed) word.value = child.text;
    if (child.type === 'variable_assignment') {
      const name = child.childForFieldName('name')?.text ?? '';
      const valueNode = child.childForFieldName('value');
      const value = valueNode ? makeWord(ctx, valueNode).value : '';
      cmd.assignments.push({ name, value, raw: valueNode?.text ?? '' });
      word.value = value === undefined ? undefined : `${name}=${value}`;
    }
    cmd.argv.push(word);
  }
  ctx.commands.push(cmd);
  recordDeclaration(ctx, node);
  unwrapAssignments(cmd, ctx);
  for (const child of node.namedChildren) if (child) walk(child, ctx, { inSub: true });
  return cmd;
}

/**
 * A statement that is only assignments (`A=1`, `A=1 B=2`): recorded as a command with no words
 * (`name` undefined, `argv` empty) and its `assignments`, so rules see variables set for the rest
 * of the shell (`RAILGUARD_RUNTIME_DIR=/x`). Assignments inside commands and declarations are
 * recorded by those and never reach here as statements.
 */
function assignmentStatement(node: Node, ctx: Ctx, f: Frame): ShellCommand | undefined {
  const parent = node.parent?.type;
  if (parent === 'command' || parent === 'declaration_command' || parent === 'variable_assignments') {
    walkChildren(node, ctx, f);
    return undefined;
  }
  const cmd = emptyCommand(node, ctx, f, undefined);
  const parts = node.type === 'variable_assignments' ? node.namedChildren : [node];
  for (const child of parts) {
    if (child?.type !== 'variable_assignment') continue;
    const name = child.childForFieldName('name')?.text ?? '';
    const valueNode = child.childForFieldName('value');
    cmd.assignments.push({
      name,
      value: valueNode ? makeWord(ctx, valueNode).value : '',
      raw: valueNode?.text ?? '',
    });
  }
  ctx.commands.push(cmd);
  unwrapAssignments(cmd, ctx);
  for (const child of node.namedChildren) if (child) walk(child, ctx, { inSub: true });
  return cmd;
}
