/**
 * The awk language as far as Railguard reads it (POSIX awk "Lexical Conventions", "Output
 * Statements", "Functions"; gawk manual "Redirection" and "Two-way I/O"): a tokenizer, the
 * commands a program runs (`system()`, `print | CMD`, `CMD | getline`) and the text a program
 * prints when it is static (`awk 'BEGIN { print "DROP TABLE t" }'`), so that a command reading
 * it (`| psql`, `print … | "psql"`) is judged on that text.
 */

/** A command an awk program runs: its static text, where it starts, and what it reads. */
export interface AwkCommand {
  /** Offset of the text in the program. */
  at: number;
  text: string;
  /** The command reads what the program prints into it (`print … | "cmd"`). */
  readsOutput?: boolean;
  /** What it reads, when the printed text is static (`print "DROP TABLE t" | "psql"`). */
  input?: string;
}

/** One token of an awk program. */
export type AwkToken = {
  type: 'string' | 'regex' | 'word' | 'punct';
  text: string;
  at: number;
  value?: string;
};

/** Tokenizes an awk program (POSIX awk "Lexical Conventions"): strings, regex literals, words, punctuation. */
export function awkTokens(src: string): AwkToken[] {
  const tokens: AwkToken[] = [];
  let i = 0;
  const regexAllowed = (): boolean => {
    const prev = tokens[tokens.length - 1];
    return (
      !prev ||
      (prev.type === 'punct' && !/^[)\]]$/.test(prev.text)) ||
      (prev.type === 'word' && /^(print|printf|return|in|getline)$/.test(prev.text))
    );
  };
  while (i < src.length) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || (c === '/' && regexAllowed())) {
      const start = i;
      let value = '';
      i++;
      while (i < src.length && src[i] !== c) {
        if (src[i] === '\\' && c === '"') {
          const e = src[i + 1] ?? '';
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
          continue;
        }
        if (src[i] === '\\') i++;
        value += src[i] ?? '';
        i++;
      }
      i++;
      tokens.push({ type: c === '"' ? 'string' : 'regex', text: src.slice(start, i), at: start + 1, value });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < src.length && /\w/.test(src[i] ?? '')) i++;
      tokens.push({ type: 'word', text: src.slice(start, i), at: start });
      continue;
    }
    const two = src.slice(i, i + 2);
    const op = ['||', '|&', '&&', '==', '!=', '<=', '>=', '>>', '++', '--', '+=', '-=', '*=', '/='].includes(
      two,
    )
      ? two
      : c;
    tokens.push({ type: 'punct', text: op, at: i });
    i += op.length;
  }
  return tokens;
}

/**
 * Commands an awk program runs (POSIX awk, "Output Statements" and "Functions"; gawk manual
 * "Redirection" and "Two-way I/O"): `system(STRING)`, `print … | STRING`, `print … |& STRING`,
 * `STRING | getline`. A static string is shell text; anything else (a variable, a concatenation)
 * is opaque. A `print` of static strings piped into a command gives that command's input.
 */
export function awkCommands(src: string): {
  texts: AwkCommand[];
  dynamic: string[];
} {
  const t = awkTokens(src);
  const texts: AwkCommand[] = [];
  const dynamic: string[] = [];
  const literal = (k: number, closer?: string): AwkToken | undefined => {
    const tok = t[k];
    if (tok?.type !== 'string') return undefined;
    if (closer !== undefined && t[k + 1]?.text !== closer) return undefined;
    return tok;
  };
  t.forEach((tok, k) => {
    if (tok.type === 'word' && tok.text === 'system' && t[k + 1]?.text === '(') {
      const s = literal(k + 2, ')');
      if (s) texts.push({ at: s.at, text: s.value ?? '' });
      else dynamic.push('system()');
    } else if (tok.type === 'punct' && (tok.text === '|' || tok.text === '|&')) {
      if (t[k + 1]?.text === 'getline') {
        const s = literal(k - 1);
        // The string is the whole command only after a statement boundary (juxtaposition concatenates).
        const before = t[k - 2];
        if (s && (!before || ['{', ';', '}', '(', '&&', '||', '!', ','].includes(before.text)))
          texts.push({ at: s.at, text: s.value ?? '' });
        else dynamic.push(`${tok.text} getline`);
        return;
      }
      const s = literal(k + 1);
      const after = t[k + 2];
      if (s && (!after || [';', '}', ')'].includes(after.text))) {
        const input = printedBefore(t, k);
        texts.push({
          at: s.at,
          text: s.value ?? '',
          readsOutput: true,
          ...(input !== undefined ? { input } : {}),
        });
      } else dynamic.push(tok.text);
    }
  });
  return { texts, dynamic };
}

/** Statement boundaries before a `print` (juxtaposition would otherwise concatenate). */
const STATEMENT_START = new Set(['{', ';', '}']);

/**
 * The text `print STR[, STR…] | CMD` writes when every item is a string literal: items joined by
 * the output field separator (a space by default) or concatenated when juxtaposed, plus a newline.
 * `k` is the index of the `|` token; `undefined` when anything else is printed.
 */
function printedBefore(t: readonly AwkToken[], k: number): string | undefined {
  let j = k - 1;
  const parts: string[] = [];
  while (j >= 0 && (t[j]?.type === 'string' || t[j]?.text === ',')) {
    const tok = t[j] as AwkToken;
    parts.unshift(tok.type === 'string' ? (tok.value ?? '') : ' ');
    j--;
  }
  if (parts.length === 0 || t[j]?.text !== 'print') return undefined;
  const before = t[j - 1];
  if (before && !STATEMENT_START.has(before.text)) return undefined;
  return `${parts.join('')}\n`;
}

/**
 * What a program made only of `BEGIN { print "…"; … }` prints (awk reads no input then), or
 * `undefined` when anything else is in it.
 */
export function awkStaticOutput(src: string): string | undefined {
  const t = awkTokens(src);
  if (t[0]?.text !== 'BEGIN' || t[1]?.text !== '{' || t[t.length - 1]?.text !== '}') return undefined;
  let out = '';
  let i = 2;
  while (i < t.length - 1) {
    const tok = t[i] as AwkToken;
    if (tok.text === ';') {
      i++;
      continue;
    }
    if (tok.text !== 'print') return undefined;
    i++;
    const parts: string[] = [];
    while (i < t.length - 1 && (t[i]?.type === 'string' || t[i]?.text === ',')) {
      const p = t[i] as AwkToken;
      parts.push(p.type === 'string' ? (p.value ?? '') : ' ');
      i++;
    }
    if (parts.length === 0) return undefined;
    const next = t[i]?.text;
    if (i < t.length - 1 && next !== ';' && next !== 'print') return undefined;
    out += `${parts.join('')}\n`;
  }
  return out === '' ? undefined : out;
}
