import type { Node } from 'web-tree-sitter';
import { type ExpandEnv, lookup, parameterExpansion, substitutionOutput } from './expand';
import type { ShellWord } from './model';

/**
 * Static evaluation of one tree-sitter-bash word node (quote removal), following the bash manual,
 * "Quoting" (https://www.gnu.org/software/bash/manual/bash.html#Quoting):
 * - unquoted words: a backslash escapes the next character (`a\ b` ⇒ `a b`);
 * - single quotes (`raw_string`): contents literally;
 * - double quotes (`string`): a backslash escapes only `$`, backtick, `"`, `\` and newline;
 * - ANSI-C quotes (`$'…'`): backslash escapes decoded (`\n`, `\t`, `\xHH`, `\0NNN`, `\uHHHH`…);
 * - concatenations: the concatenation of the parts.
 *
 * With an {@link ExpandEnv}, expansions whose value the text fixes earlier resolve (`$C` after
 * `C=psql`, `${X:-rm}`, `$(echo DROP TABLE t)`; see `expand.ts`). Anything whose value is only
 * known when the shell runs (an unassigned `$VAR`, `$(…)` of another command, backticks of one,
 * `$((…))`, `<(…)`) makes the value `undefined`. Globs and `~` are kept literally (rules match
 * them as written); brace expansion and word splitting make several words (`expandFields`).
 */
export interface WordValue {
  /** The value after quote removal; `undefined` when the word contains an expansion. */
  value: string | undefined;
  /**
   * Offset (UTF-16, relative to the parsed text) where `value` starts when `value` equals the
   * source text from there character by character (no escapes removed); `undefined` otherwise.
   */
  offset: number | undefined;
  /** The static text before the first expansion (`"/tmp/$X"` ⇒ `/tmp/`), also when `value` is undefined. */
  prefix: string;
  /**
   * When `value` is undefined: the word with each run-time expansion replaced by
   * {@link DYNAMIC_PLACEHOLDER} (`"DROP TABLE $T"` ⇒ `DROP TABLE rg_dynamic`), so that text handed
   * to another language can be judged on its static parts.
   */
  template?: string;
}

/** Stands for a run-time expansion in {@link WordValue.template}: a plain identifier, valid in SQL and shell. */
export const DYNAMIC_PLACEHOLDER = 'rg_dynamic';

const DYNAMIC = new Set([
  'simple_expansion',
  'expansion',
  'command_substitution',
  'process_substitution',
  'arithmetic_expansion',
  'brace_expression',
]);

/** Removes backslash escapes of an unquoted word. */
export function unescapeUnquoted(s: string): string {
  return s.replace(/\\(\n|.)/gs, (_, c: string) => (c === '\n' ? '' : c));
}

/** Removes the backslash escapes that double quotes honour. */
function unescapeDoubleQuoted(s: string): string {
  return s.replace(/\\([$`"\\\n])/g, (_, c: string) => (c === '\n' ? '' : c));
}

const C_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** Decodes the body of an ANSI-C quoted string (`$'…'` without the quotes). */
export function decodeAnsiC(body: string): string {
  return body.replace(
    /\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/gs,
    (m, e: string) => {
      const head = e[0] ?? '';
      if (head === 'x' || head === 'u' || head === 'U') {
        const code = parseInt(e.slice(1), 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
      if (head === 'c') return String.fromCharCode((e.charCodeAt(1) || 64) & 31);
      return C_ESCAPES[e] ?? m;
    },
  );
}

function staticValue(value: string, offset: number | undefined): WordValue {
  return { value, offset, prefix: value };
}

const UNKNOWN: WordValue = { value: undefined, offset: undefined, prefix: '' };

/**
 * The static value of a double-quoted `string` (or `$"…"`) node, expansions resolved with `env`
 * where known. tree-sitter-bash leaves the line breaks between a string's `string_content`
 * children out of every child (`"DROP⏎TABLE t"` has the children `DROP` and `TABLE t`), and an
 * expansion after a line break starts with the next line's indentation (its `$` token holds
 * it): the source text between children, and that indentation, are part of the value too.
 */
function stringValue(node: Node, env: ExpandEnv | undefined, depth: number): WordValue {
  const open = node.text.startsWith('$"') ? 2 : 1;
  const closed = node.text.length > open && node.text.endsWith('"');
  const end = node.text.length - (closed ? 1 : 0);
  let value = '';
  let at = open;
  let expanded = false;
  let prefix: string | undefined;
  for (const child of node.children) {
    if (!child || child.type === '"' || child.type === '$"') continue;
    const from = child.startIndex - node.startIndex;
    if (from > at) value += unescapeDoubleQuoted(node.text.slice(at, from));
    at = Math.max(at, child.endIndex - node.startIndex);
    if (DYNAMIC.has(child.type)) {
      value += /^\s*/.exec(child.text)?.[0] ?? '';
      const v = env ? expansionValue(child, env, depth) : undefined;
      if (v === undefined) {
        if (prefix === undefined) prefix = value;
        value += DYNAMIC_PLACEHOLDER;
        continue;
      }
      value += v;
      expanded = true;
      continue;
    }
    value += child.type === 'string_content' ? unescapeDoubleQuoted(child.text) : child.text;
  }
  if (end > at) value += unescapeDoubleQuoted(node.text.slice(at, end));
  if (prefix !== undefined) return { value: undefined, offset: undefined, prefix, template: value };
  if (expanded) return staticValue(value, undefined);
  const content = node.text.slice(open, end);
  return staticValue(value, value === content ? node.startIndex + open : undefined);
}

/** The value of an expansion node with `env`, or `undefined` when only known at run time. */
function expansionValue(node: Node, env: ExpandEnv, depth: number): string | undefined {
  const evaluate = (n: Node): string | undefined => wordValue(n, env, depth + 1).value;
  switch (node.type) {
    case 'simple_expansion': {
      const name = node.firstNamedChild;
      return name && node.namedChildCount === 1 ? lookup(env, name.text).value : undefined;
    }
    case 'expansion':
      return parameterExpansion(node, env, evaluate);
    case 'command_substitution':
      return substitutionOutput(node, evaluate, decodeAnsiC, depth);
    default:
      return undefined;
  }
}

/**
 * Evaluates a word-like node (`word`, `string`, `raw_string`, `ansi_c_string`, `concatenation`,
 * `number`, expansions…) to its static value, joined as one word (no splitting: assignments,
 * redirect targets and quoted text). Offsets are relative to the parsed text. `env` holds the
 * variables assigned earlier in the text; without it every expansion is unknown. `depth` counts
 * nested substitutions (bounded in `expand.ts`).
 */
export function wordValue(node: Node, env?: ExpandEnv, depth = 0): WordValue {
  switch (node.type) {
    case 'word':
    case 'number':
    case 'variable_name':
    case 'extglob_pattern':
    case 'file_descriptor':
    case 'heredoc_start':
    case 'special_variable_name': {
      if (node.namedChildCount > 0) return UNKNOWN;
      const text = node.text;
      const value = unescapeUnquoted(text);
      return staticValue(value, value === text ? node.startIndex : undefined);
    }
    case 'raw_string':
      return staticValue(node.text.slice(1, -1), node.startIndex + 1);
    case 'ansi_c_string':
      return staticValue(decodeAnsiC(node.text.slice(2, -1)), undefined);
    case 'string':
    case 'translated_string':
      return stringValue(node, env, depth);
    case 'simple_expansion':
    case 'expansion':
    case 'command_substitution': {
      const v = env ? expansionValue(node, env, depth) : undefined;
      return v === undefined ? { ...UNKNOWN, template: DYNAMIC_PLACEHOLDER } : staticValue(v, undefined);
    }
    case 'concatenation': {
      let value = '';
      let exact = true;
      let prefix: string | undefined;
      for (const child of node.namedChildren) {
        if (!child) continue;
        const part = wordValue(child, env, depth);
        if (part.value === undefined) {
          if (prefix === undefined) prefix = value + part.prefix;
          if (part.template === undefined) return { value: undefined, offset: undefined, prefix };
          value += part.template;
          continue;
        }
        if (part.offset === undefined) exact = false;
        value += part.value;
      }
      if (prefix !== undefined) return { value: undefined, offset: undefined, prefix, template: value };
      return staticValue(value, exact && value === node.text ? node.startIndex : undefined);
    }
    default:
      return UNKNOWN;
  }
}

/** `/usr/bin/psql` ⇒ `psql`; `undefined` stays `undefined`. */
export function basename(program: string | undefined): string | undefined {
  if (program === undefined) return undefined;
  const slash = program.lastIndexOf('/');
  return slash >= 0 ? program.slice(slash + 1) : program;
}

/** `s` as one shell word: unchanged when plain (`[A-Za-z0-9_@%+=:,./-]`), else single-quoted. */
export function quoteWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A word standing for `text` found at `index` in `word`'s value (exact spans when possible). */
export function subWord(word: ShellWord, index: number, text: string): ShellWord {
  const out: ShellWord = { value: text, raw: text, span: word.span };
  if (word.valueOffset !== undefined && word.value?.slice(index, index + text.length) === text)
    out.valueOffset = word.valueOffset + index;
  return out;
}
