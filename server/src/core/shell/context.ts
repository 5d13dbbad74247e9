import type { Node } from 'web-tree-sitter';
import type { Parsers } from '../parsers';
import type { LineIndex } from '../text';
import type { Finding, Span } from '../types';
import { DEFAULT_IFS, type ExpandEnv, expandFields, needsFields } from './expand';
import type { RemoteTarget, ShellCommand, ShellWord } from './model';
import type { ScriptText } from './script-files';
import { unescapeUnquoted, wordValue } from './words';

/** Where a re-parsed text (`bash -c '…'`, `eval '…'`, `ssh host '…'`) sits in the action text. */
export interface Placement {
  /** Offset of the text in the action text when it maps back character by character. */
  baseOffset?: number;
  /** Otherwise: every span inside is this span (the containing word). */
  fixedSpan?: Span;
}

/** One entry of a folder listing (see {@link Ctx.listDir}). */
export interface DirEntry {
  name: string;
  /** A folder (a symbolic link is listed as what it points to). */
  dir: boolean;
}

/**
 * Lists a folder: its entries, or `undefined` when it cannot be listed (missing, not a folder,
 * unreadable, or larger than the caller's bound). One level, never recursive.
 */
export type ListDir = (path: string) => readonly DirEntry[] | undefined;

/** What a re-parsed text inherits from the command that contains it. */
export interface Inherited {
  wrappers: string[];
  remote?: RemoteTarget;
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
  /**
   * Lists a folder a command reads as a whole (the migrations a migration runner applies:
   * `migration-files.ts`); omitted ⇒ folders are never listed.
   */
  listDir?: ListDir;
  /**
   * Variables assigned so far in this text (`C=psql`, `export X=…`, `read -r X <<< …`), shared with
   * nested passes (an over-approximation: `bash -c` text sees them too). See `expand.ts`.
   */
  vars: Map<string, string | undefined>;
  /** Positional parameters while a function body is analysed for one call (`f /tmp` ⇒ `$1`). */
  positional?: (string | undefined)[];
  /**
   * Files the text wrote so far (`echo … > x.sh`, `cat > x.sh <<EOF`, `tee -a x.sh`), by absolute
   * path when the folder is known: their text when static, `undefined` when known only at run time;
   * `append` when it adds to what the file held before. See `script-files.ts`.
   */
  written: Map<string, { text: string | undefined; append: boolean }>;
  /**
   * Function bodies are analysed only when called, not where defined: set for workspace scripts
   * (`source venv/bin/activate` defines `deactivate` without running it); inline text analyses
   * them where defined too (an over-approximation; see `definitions.ts`).
   */
  deferFunctions?: boolean;
  /** Functions defined so far (`f(){ …; }`): name ⇒ body text and where it sits. */
  functions: Map<string, { text: string; placement: Placement; span: Span }>;
  /** Aliases defined so far (`alias x='rm -rf'`): name ⇒ replacement text. */
  aliases: Map<string, string>;
  /**
   * Work budget shared by every pass of one analysis: syntax depth being walked, and re-parsed
   * texts (wrappers, function calls, aliases) so far. Past it the text is reported, not walked.
   */
  budget: {
    walkDepth: number;
    reparses: number;
    tooDeepReported: boolean;
    calls: Set<string>;
    /** Module files code loads that were judged so far (`code-modules.ts`). */
    modules: number;
    /** Module files looked for on the disk, by key: what was found (`null`: nothing). */
    lookups: Map<string, ScriptText | null>;
  };
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

/** The expansion state of `ctx` (variables and positional parameters). */
export function expandEnv(ctx: Ctx): ExpandEnv {
  return ctx.positional ? { vars: ctx.vars, positional: ctx.positional } : { vars: ctx.vars };
}

/** A {@link ShellWord} for a word-like node. */
export function makeWord(ctx: Ctx, node: Node): ShellWord {
  // Only words holding an expansion need the variables (saves an allocation per plain word).
  const v = wordValue(node, node.type === 'word' || node.type === 'raw_string' ? undefined : expandEnv(ctx));
  const word: ShellWord = { value: v.value, raw: node.text, span: nodeSpan(ctx, node), nodeType: node.type };
  if (v.offset !== undefined && !ctx.fixedSpan) word.valueOffset = ctx.base + v.offset;
  if (v.value === undefined && v.prefix !== '') word.staticPrefix = v.prefix;
  if (v.value === undefined && v.template !== undefined) word.template = v.template;
  return word;
}

/**
 * The {@link ShellWord}s a word-like node of a command expands to: one, or several after brace
 * expansion and word splitting of unquoted expansions (`$cmd` with `cmd='rm -rf /'`, `r{m,}`),
 * none when it expands to nothing (`$EMPTY`). Expanded words keep the node's span and raw text.
 */
export function makeWords(ctx: Ctx, node: Node): ShellWord[] {
  const word = makeWord(ctx, node);
  // tree-sitter-bash reads `$ ls` (a shell prompt pasted with the command) as one expansion; bash
  // reads a `$` followed by a blank as the literal word `$`, then `ls`.
  const blank = /^\$(\s+)(\S+)$/.exec(node.type === 'simple_expansion' ? node.text : '');
  if (blank) {
    const rest = blank[2] ?? '';
    return [
      { value: '$', raw: '$', span: spanOf(ctx, node.startIndex, node.startIndex + 1), nodeType: 'word' },
      {
        value: rest,
        raw: rest,
        span: spanOf(ctx, node.endIndex - rest.length, node.endIndex),
        nodeType: 'word',
      },
    ];
  }
  if (!needsFields(node)) return [word];
  const env = expandEnv(ctx);
  const ifsKnown = ctx.vars.has('IFS');
  const ifs = ifsKnown ? ctx.vars.get('IFS') : DEFAULT_IFS;
  if (ifs === undefined) return [word];
  const fields = expandFields(node, env, ifs, (n) => wordValue(n, env).value, unescapeUnquoted);
  if (!fields) return [word];
  if (fields.length === 1 && fields[0] === word.value) return [word];
  return fields.map((value) => ({ value, raw: word.raw, span: word.span, nodeType: node.type }));
}
