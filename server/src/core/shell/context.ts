import type { Node } from 'web-tree-sitter';
import type { Parsers } from '../parsers';
import type { LineIndex } from '../text';
import type { Finding, Span } from '../types';
import type { ShellCommand, ShellWord } from './model';
import { wordValue } from './words';

/** Where a re-parsed text (`bash -c '…'`, `eval '…'`, `ssh host '…'`) sits in the action text. */
export interface Placement {
  /** Offset of the text in the action text when it maps back character by character. */
  baseOffset?: number;
  /** Otherwise: every span inside is this span (the containing word). */
  fixedSpan?: Span;
}

/** What a re-parsed text inherits from the command that contains it. */
export interface Inherited {
  wrappers: string[];
  remote?: { via: string; host: string | undefined };
  inSubstitution: boolean;
  /** The user the wrapper runs its text as (`su - postgres -c '…'`), when static. */
  runAs?: string;
  /** Static stdin of the wrapper (`echo 'SELECT 1' | sudo -u postgres sh -c 'psql'`). */
  stdin?: ShellCommand['stdin'];
}

/**
 * The state of one analysis pass over one (possibly embedded) text. Arrays are shared with nested
 * passes so that every command and finding lands in the one {@link import('./model').ShellAnalysis}.
 */
export interface Ctx {
  parsers: Parsers;
  /** The text tree-sitter parsed in this pass (the action text, or a `bash -c` argument). */
  text: string;
  /** Offset of `text` in the action text. */
  base: number;
  /** Line index of the whole action text. */
  index: LineIndex;
  fixedSpan: Span | undefined;
  /** Nesting depth of re-parsed texts (0 for the action text). */
  depth: number;
  maxDepth: number;
  inherited: Inherited;
  commands: ShellCommand[];
  findings: Finding[];
  /** Working directory for relative file names (`python script.py`), when known. */
  cwd?: string;
  /** Reads a file a command runs as code (`python script.py`); omitted ⇒ files are never read. */
  readFile?: (path: string) => string | undefined;
  /** Analyzes `text` as shell inside the current one (wired by `analyze.ts`). */
  reparse: (ctx: Ctx, text: string, placement: Placement, inherited: Inherited, at: Span) => void;
}

/** Span of `[start, end)` given in offsets of `ctx.text`. */
export function spanOf(ctx: Ctx, start: number, end: number): Span {
  return ctx.fixedSpan ?? ctx.index.span(ctx.base + start, ctx.base + end);
}

/** Span of a tree-sitter node of the current pass. */
export function nodeSpan(ctx: Ctx, node: Node): Span {
  return spanOf(ctx, node.startIndex, node.endIndex);
}

/** Span from the start of `a` to the end of `b`, both already in action-text offsets. */
export function joinSpans(ctx: Ctx, a: Span, b: Span): Span {
  return ctx.fixedSpan ?? ctx.index.span(a.start, Math.max(a.end, b.end));
}

/** A {@link ShellWord} for a word-like node. */
export function makeWord(ctx: Ctx, node: Node): ShellWord {
  const v = wordValue(node);
  const word: ShellWord = { value: v.value, raw: node.text, span: nodeSpan(ctx, node), nodeType: node.type };
  if (v.offset !== undefined && !ctx.fixedSpan) word.valueOffset = ctx.base + v.offset;
  if (v.value === undefined && v.prefix !== '') word.staticPrefix = v.prefix;
  return word;
}
