import type { Node } from 'web-tree-sitter';
import type { Parsers } from '../parsers';
import { LineIndex } from '../text';
import type { Finding, Span } from '../types';
import { analyzerFinding, SHELL_UNPARSED } from './analyzer-findings';
import { type Ctx, type Inherited, type ListDir, nodeSpan, type Placement } from './context';
import type { ShellAnalysis, ShellCommand } from './model';
import { walk } from './walk';

/** Options of {@link analyzeShell}. */
export interface AnalyzeShellOptions {
  /** Offset of `text` inside the action text (for shell embedded in something else), default 0. */
  baseOffset?: number;
  /** Line index of the whole action text; built from `text` when omitted. */
  lineIndex?: LineIndex;
  /** Maximum nesting of re-parsed text (`bash -c`, `eval`, `ssh host '…'`), default 8. */
  depth?: number;
  /** Working directory for relative script names (`python script.py`). */
  cwd?: string;
  /**
   * Reads a script an interpreter runs (`python script.py`, `node x.js`) so its code is looked
   * into; omit to never read files.
   */
  readFile?: (path: string) => string | undefined;
  /** Lists a folder a command reads as a whole (a migration runner's); omit to never list folders. */
  listDir?: ListDir;
}

/** Default limit of re-parsed nesting; deeper text is reported as `opaque-execution`. */
export const MAX_SHELL_DEPTH = 8;

/** Most syntax-error findings reported for one text (the first ones locate the problem). */
const MAX_ERROR_FINDINGS = 20;

/** Reports the outermost ERROR nodes and every MISSING node below `root` (iteratively: no depth limit). */
function reportErrors(ctx: Ctx, root: Node): void {
  const stack: Node[] = [root];
  let reported = 0;
  while (stack.length > 0 && reported < MAX_ERROR_FINDINGS) {
    const node = stack.pop() as Node;
    if (node.isMissing) {
      const s = nodeSpan(ctx, node);
      ctx.findings.push(analyzerFinding(SHELL_UNPARSED, 'missing', s, { token: JSON.stringify(node.type) }));
      reported++;
      continue;
    }
    if (node.isError) {
      const text = node.text.slice(0, 200).replace(/\s+/g, ' ').trim();
      ctx.findings.push(
        analyzerFinding(SHELL_UNPARSED, 'syntaxError', nodeSpan(ctx, node), {
          text: text.length > 60 ? `${text.slice(0, 57)}…` : text,
        }),
      );
      reported++;
      continue;
    }
    if (!node.hasError) continue;
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
}

/** Parses `text` with tree-sitter-bash and walks it into `ctx`. Returns whether the tree had errors. */
function analyzeInto(ctx: Ctx): boolean {
  const tree = ctx.parsers.bash.parse(ctx.text);
  if (!tree) {
    const span = ctx.fixedSpan ?? ctx.index.span(ctx.base, ctx.base + ctx.text.length);
    ctx.findings.push(analyzerFinding(SHELL_UNPARSED, 'syntaxError', span, { text: 'parser gave no tree' }));
    return true;
  }
  try {
    const root = tree.rootNode;
    walk(root, ctx, { inSub: false });
    if (root.hasError) reportErrors(ctx, root);
    return root.hasError;
  } finally {
    tree.delete();
  }
}

function reparse(ctx: Ctx, text: string, placement: Placement, inherited: Inherited, at: Span): void {
  const nested: Ctx = {
    ...ctx,
    text,
    base: placement.baseOffset ?? at.start,
    fixedSpan: placement.baseOffset !== undefined ? undefined : (placement.fixedSpan ?? at),
    depth: ctx.depth + 1,
    inherited,
  };
  analyzeInto(nested);
}

/**
 * Drops a command that repeats an earlier one at the same place with the same words: a function
 * body analysed where it is defined and again for a call whose arguments change nothing.
 */
function distinctCommands(commands: ShellCommand[]): ShellCommand[] {
  const seen = new Set<string>();
  return commands.filter((c) => {
    const key = JSON.stringify([
      c.span.start,
      c.span.end,
      c.argv.map((w) => w.value ?? null),
      c.wrappers.filter((w) => !w.startsWith('function ')),
      c.pipeline.index,
    ]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Parses shell text with tree-sitter-bash and returns every simple command, unwrapped.
 *
 * Shapes: {@link ShellAnalysis}. Spans are UTF-16 offsets into the action text (web-tree-sitter
 * reports `startIndex` in UTF-16 code units for JavaScript string input), plus `baseOffset`.
 * Commands come in source order (a wrapper before what it runs); text run by `bash -c`, `eval`,
 * `ssh`, `watch`… is re-parsed, with exact spans when its quoting maps back 1:1, otherwise with
 * the span of the containing word. Syntax errors and opaque execution become findings; this
 * function never throws on bad input.
 */
export function analyzeShell(
  parsers: Parsers,
  text: string,
  options: AnalyzeShellOptions = {},
): ShellAnalysis {
  const findings: Finding[] = [];
  const ctx: Ctx = {
    parsers,
    text,
    base: options.baseOffset ?? 0,
    index: options.lineIndex ?? new LineIndex(text),
    fixedSpan: undefined,
    depth: 0,
    maxDepth: options.depth ?? MAX_SHELL_DEPTH,
    inherited: { wrappers: [], inSubstitution: false },
    commands: [],
    findings,
    vars: new Map(),
    written: new Map(),
    functions: new Map(),
    aliases: new Map(),
    budget: {
      walkDepth: 0,
      reparses: 0,
      tooDeepReported: false,
      calls: new Set(),
      modules: 0,
      lookups: new Map(),
    },
    reparse,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.readFile ? { readFile: options.readFile } : {}),
    ...(options.listDir ? { listDir: options.listDir } : {}),
  };
  const hasErrors = analyzeInto(ctx);
  const nestedErrors = findings.some((f) => f.ruleId === SHELL_UNPARSED.id);
  const order = (a: { span: Span }, b: { span: Span }) => a.span.start - b.span.start;
  return {
    commands: (ctx.budget.calls.size > 0 ? distinctCommands(ctx.commands) : ctx.commands)
      .map((c, i) => ({ c, i }))
      .sort((a, b) => order(a.c, b.c) || a.i - b.i)
      .map((x) => x.c),
    hasErrors: hasErrors || nestedErrors,
    findings: findings.sort(
      (a, b) => order(a, b) || a.span.end - b.span.end || a.ruleId.localeCompare(b.ruleId),
    ),
  };
}
