import type { Node } from 'web-tree-sitter';

/**
 * Static shell expansion with the variables a text assigned earlier, following the bash manual,
 * "Shell Expansions" (https://www.gnu.org/software/bash/manual/bash.html#Shell-Expansions):
 * parameter expansion (`$X`, `${X}`, `${X:-word}`, `${X-word}`, `${X:=word}`), command
 * substitution of commands whose output is static text (`$(echo …)`, `$(printf '%s' …)`,
 * `$(command -v rm)`), brace expansion of literal words (`r{m,}`, `{a,b}c`, `{1..3}`) and word
 * splitting of unquoted expansions on `$IFS`.
 *
 * What only the running shell knows (a variable never assigned in the text and without a default,
 * a substitution of another command, arithmetic, `${X/a/b}` and other operators) stays unknown:
 * callers turn it into an `opaque` finding where it decides what runs.
 */

/**
 * Variables known at a point of the text: name ⇒ static value, or `undefined` when the text
 * assigned it a value only known at run time. Names absent from the map were not assigned in the
 * text (they come from the environment). Positional parameters use the keys `1`, `2`…, `#`, `@`.
 */
export type ShellVars = ReadonlyMap<string, string | undefined>;

/** Expansion state handed to the word evaluator. */
export interface ExpandEnv {
  vars: ShellVars;
  /** Positional parameters of the function call being analysed (`"$@"` expands to them). */
  positional?: readonly (string | undefined)[];
}

/** bash's default `$IFS`. */
export const DEFAULT_IFS = ' \t\n';

/** Most words one brace expansion may produce before it is left unexpanded. */
const MAX_BRACE_WORDS = 64;

/** Most nested substitutions evaluated inside one word (deeper ones are unknown). */
const MAX_SUBSTITUTION_DEPTH = 8;

/** The value of variable `name`: static text, or `undefined` when unknown before running. */
export function lookup(
  env: ExpandEnv | undefined,
  name: string,
): { known: boolean; value: string | undefined } {
  if (!env) return { known: false, value: undefined };
  if (name === '@' || name === '*') {
    const p = env.positional;
    if (!p) return { known: false, value: undefined };
    if (p.some((v) => v === undefined)) return { known: true, value: undefined };
    return { known: true, value: p.join(' ') };
  }
  // An IFS the text never sets is the shell's default (`rm${IFS}-rf${IFS}/` is `rm -rf /`).
  if (name === 'IFS' && !env.vars.has(name)) return { known: true, value: DEFAULT_IFS };
  if (!env.vars.has(name)) return { known: false, value: undefined };
  return { known: true, value: env.vars.get(name) };
}

/**
 * `${…}` parameter expansion: the plain form and the default-value operators. The default is used
 * when the variable is not assigned in the text (the environment rarely defines a name chosen by
 * the command's author, and a command written as `${X:-rm}` means `rm`).
 */
export function parameterExpansion(
  node: Node,
  env: ExpandEnv | undefined,
  evaluate: (n: Node) => string | undefined,
): string | undefined {
  const children = node.children.filter((c): c is Node => c !== null);
  const inner = children.slice(1, -1);
  const name = inner[0];
  if (!name || (name.type !== 'variable_name' && name.type !== 'special_variable_name')) return undefined;
  const op = inner[1];
  const { known, value } = lookup(env, name.text);
  if (!op) return known ? value : undefined;
  if (![':-', '-', ':=', '='].includes(op.type)) return undefined;
  const rest = inner.slice(2);
  const fallback = (): string | undefined => {
    let out = '';
    for (const r of rest) {
      const v = evaluate(r);
      if (v === undefined) return undefined;
      out += v;
    }
    return out;
  };
  if (!known) return fallback();
  if (value === undefined) return undefined;
  return op.type.startsWith(':') && value === '' ? fallback() : value;
}

/** `echo [-neE] ARGS…` output without the trailing newline. */
function echoText(args: string[], decode: (s: string) => string): string | undefined {
  let i = 0;
  let escapes = false;
  for (; i < args.length && /^-[neE]+$/.test(args[i] ?? ''); i++) if (args[i]?.includes('e')) escapes = true;
  const joined = args.slice(i).join(' ');
  return escapes ? decode(joined) : joined;
}

/** `printf FORMAT ARGS…` when the format has no conversion or only `%s`/`%b`. */
function printfText(args: string[], decode: (s: string) => string): string | undefined {
  const [format, ...rest] = args;
  if (format === undefined) return undefined;
  const conversions = format.match(/%[^%]/g) ?? [];
  if (conversions.some((c) => c !== '%s' && c !== '%b')) return undefined;
  const queue = [...rest];
  let text = '';
  do text += format.replace(/%(.)/g, (_, c: string) => (c === '%' ? '%' : (queue.shift() ?? '')));
  while (conversions.length > 0 && queue.length > 0);
  return decode(text);
}

/**
 * The output of a command substitution whose command prints static text: `echo`, `printf`,
 * `command -v NAME` / `which NAME` / `type -P NAME` (a program path: {@link programPath}).
 * Trailing newlines are removed as the shell does. `undefined` for anything else.
 */
export function substitutionOutput(
  node: Node,
  evaluate: (n: Node) => string | undefined,
  decode: (s: string) => string,
  depth: number,
): string | undefined {
  if (depth > MAX_SUBSTITUTION_DEPTH) return undefined;
  const commands = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  const cmd = commands[0];
  if (commands.length !== 1 || cmd?.type !== 'command') return undefined;
  const words: string[] = [];
  for (const child of cmd.namedChildren) {
    if (!child) continue;
    if (child.type === 'variable_assignment') continue;
    if (child.type !== 'command_name' && !isWordNode(child)) return undefined;
    const v = evaluate(child.type === 'command_name' ? (child.firstNamedChild ?? child) : child);
    if (v === undefined) return undefined;
    words.push(v);
  }
  const [name, ...args] = words;
  let out: string | undefined;
  if (name === 'echo') out = echoText(args, decode);
  else if (name === 'printf') out = printfText(args, decode);
  else if ((name === 'command' && args[0] === '-v') || (name === 'type' && args[0] === '-P'))
    out = args.length === 2 ? programPath(args[1]) : undefined;
  else if (name === 'which' && args.length === 1) out = programPath(args[0]);
  return out?.replace(/\n+$/, '');
}

/**
 * What `which NAME` prints: the path of NAME in a `PATH` folder. The folder is known only at run
 * time; `/usr/bin` stands for it, so the word is a path where a path is expected (`cp x "$(which
 * railguard)"` overwrites an installed program, not `./railguard`) and still names the program in
 * command position (`$(which rm) -rf /` runs `rm`). A name holding a `/` is printed as it is.
 */
function programPath(name: string | undefined): string | undefined {
  if (name === undefined || name === '') return undefined;
  return name.includes('/') ? name : `/usr/bin/${name}`;
}

const WORD_NODES = new Set([
  'word',
  'number',
  'string',
  'raw_string',
  'ansi_c_string',
  'concatenation',
  'simple_expansion',
  'expansion',
  'command_substitution',
  'translated_string',
]);

function isWordNode(node: Node): boolean {
  return WORD_NODES.has(node.type);
}

/** Node types whose unquoted value undergoes word splitting. */
const SPLIT = new Set(['simple_expansion', 'expansion', 'command_substitution']);

/** Whether a word needs field expansion (an unquoted expansion, `"$@"`, or a brace pattern). */
export function needsFields(node: Node): boolean {
  const parts = node.type === 'concatenation' ? node.namedChildren : [node];
  return parts.some(
    (p) =>
      p !== null &&
      (SPLIT.has(p.type) ||
        p.type === 'brace_expression' ||
        (p.type === 'word' && p.text.includes('{')) ||
        isQuotedAt(p)),
  );
}

/** `"$@"` / `"${@}"`: a double-quoted string holding only the positional parameters. */
function isQuotedAt(node: Node): boolean {
  if (node.type !== 'string' || node.namedChildCount !== 1) return false;
  const only = node.firstNamedChild;
  return (
    (only?.type === 'simple_expansion' || only?.type === 'expansion') &&
    only.namedChildCount === 1 &&
    only.firstNamedChild?.text === '@'
  );
}

/** Splits `text` on `ifs` (IFS whitespace runs collapse and trim; other IFS characters delimit). */
export function splitFields(
  text: string,
  ifs: string,
): { pieces: string[]; leading: boolean; trailing: boolean } {
  if (ifs === '') return { pieces: [text], leading: false, trailing: false };
  const ws = [...ifs].filter((c) => ' \t\n'.includes(c)).join('');
  const escape = (s: string): string => s.replace(/[\\\]^-]/g, '\\$&');
  const wsClass = ws ? `[${escape(ws)}]` : '';
  const other = [...ifs].filter((c) => !' \t\n'.includes(c)).join('');
  const sep = other
    ? new RegExp(
        `${wsClass ? `${wsClass}*` : ''}[${escape(other)}]${wsClass ? `${wsClass}*` : ''}|${wsClass ? `${wsClass}+` : '(?!)'}`,
      )
    : new RegExp(`${wsClass}+`);
  const leading = ws !== '' && new RegExp(`^${wsClass}`).test(text);
  const trailing = ws !== '' && new RegExp(`${wsClass}$`).test(text);
  const trimmed = ws ? text.replace(new RegExp(`^${wsClass}+|${wsClass}+$`, 'g'), '') : text;
  const pieces = trimmed === '' ? [] : trimmed.split(sep);
  return { pieces, leading: leading || (trimmed === '' && text !== ''), trailing };
}

/**
 * Brace expansion of an unquoted literal (`a{b,c}d` ⇒ `abd acd`, `{1..3}` ⇒ `1 2 3`), left as is
 * when it has no valid brace pattern or would make more than {@link MAX_BRACE_WORDS} words.
 */
export function braceExpand(text: string): string[] {
  let out = [text];
  for (let round = 0; round < 8; round++) {
    const next: string[] = [];
    let changed = false;
    for (const s of out) {
      const e = expandFirstBrace(s);
      if (e) changed = true;
      next.push(...(e ?? [s]));
      if (next.length > MAX_BRACE_WORDS) return [text];
    }
    out = next;
    if (!changed) break;
  }
  return out;
}

/** Expands the first (outermost) brace pattern of `s`, or `undefined` when there is none. */
function expandFirstBrace(s: string): string[] | undefined {
  for (let open = s.indexOf('{'); open >= 0; open = s.indexOf('{', open + 1)) {
    if (open > 0 && s[open - 1] === '\\') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let i = open; i < s.length; i++) {
      const c = s[i];
      if (c === '\\') {
        i++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        const body = s.slice(open + 1, i);
        const head = s.slice(0, open);
        const tail = s.slice(i + 1);
        if (commas.length > 0) {
          const bounds = [open, ...commas, i];
          return bounds.slice(1).map((b, k) => head + s.slice((bounds[k] ?? 0) + 1, b) + tail);
        }
        const range = /^(-?\d+)\.\.(-?\d+)$/.exec(body) ?? /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(body);
        if (!range) break;
        const numeric = /\d/.test(range[1] ?? '');
        const a = numeric ? Number(range[1]) : (range[1] ?? '').charCodeAt(0);
        const b = numeric ? Number(range[2]) : (range[2] ?? '').charCodeAt(0);
        if (Math.abs(b - a) >= MAX_BRACE_WORDS) return undefined;
        const step = a <= b ? 1 : -1;
        const items: string[] = [];
        for (let k = a; step > 0 ? k <= b : k >= b; k += step)
          items.push(head + (numeric ? String(k) : String.fromCharCode(k)) + tail);
        return items;
      } else if (c === ',' && depth === 1) commas.push(i);
    }
  }
  return undefined;
}

/**
 * The fields a word expands to (brace expansion, parameter and command substitution, word
 * splitting on `ifs`): `undefined` when a part is unknown before running. Globs stay literal.
 */
export function expandFields(
  node: Node,
  env: ExpandEnv | undefined,
  ifs: string,
  evaluate: (n: Node) => string | undefined,
  unescape: (s: string) => string,
): string[] | undefined {
  const parts =
    node.type === 'concatenation' ? node.namedChildren.filter((c): c is Node => c !== null) : [node];
  if (parts.every((p) => p.type === 'word' || p.type === 'brace_expression' || p.type === 'number')) {
    const raw = parts.map((p) => p.text).join('');
    return braceExpand(raw).map(unescape);
  }
  const fields: string[] = [];
  let cur = '';
  let open = false;
  for (const p of parts) {
    if (isQuotedAt(p) && env?.positional) {
      if (env.positional.some((v) => v === undefined)) return undefined;
      const list = env.positional as string[];
      if (list.length === 0) continue;
      cur += list[0];
      open = true;
      for (const v of list.slice(1)) {
        fields.push(cur);
        cur = v;
      }
      continue;
    }
    const v = evaluate(p);
    if (v === undefined) return undefined;
    if (!SPLIT.has(p.type)) {
      cur += v;
      open = true;
      continue;
    }
    const { pieces, leading, trailing } = splitFields(v, ifs);
    if (leading && open) {
      fields.push(cur);
      cur = '';
      open = false;
    }
    pieces.forEach((piece, k) => {
      if (k > 0) {
        fields.push(cur);
        cur = '';
      }
      cur += piece;
      open = true;
    });
    if (trailing && open) {
      fields.push(cur);
      cur = '';
      open = false;
    }
  }
  if (open) fields.push(cur);
  return fields;
}
