import type { ShellWord } from '../../../shell/model';

/**
 * How a program's options are written, so that {@link parseOptions} can tell an option's argument
 * from a positional. Follows POSIX utility syntax (XBD 12.2) and GNU getopt_long: short options
 * combine (`-rf`), a short option's argument is glued or the next word (`-n5`, `-n 5`), long options
 * take `--name=value` or `--name value`, and `--` ends the options.
 */
export interface OptionSpec {
  /** Short option letters that take an argument (`'nlo'` for `-n ns -l sel -o yaml`). */
  shortWithValue?: string;
  /** Long option names (without dashes) that take an argument written as the next word. */
  longWithValue?: readonly string[];
  /** Options stop at the first positional (POSIX; `ssh host cmd -x`). GNU permutation otherwise. */
  stopAtFirstPositional?: boolean;
}

/** One parsed option: `name` is a letter for short options, the long name otherwise. */
export interface ParsedOption {
  name: string;
  /** The option's argument; `undefined` when it takes none or it is dynamic. */
  value: string | undefined;
  /** The argument as written with quotes removed, also for dynamic words (`file=@$HOME/.env`). */
  text: string | undefined;
  word: ShellWord;
}

/** argv after option parsing (argv[0] excluded). */
export interface ParsedArgs {
  options: ParsedOption[];
  positionals: ShellWord[];
  /** Whether any of the given option names (letters or long names) is present. */
  has(...names: string[]): boolean;
  /** The last value of any of the given options, or `undefined`. */
  value(...names: string[]): string | undefined;
  /** Every option among the given names. */
  all(...names: string[]): ParsedOption[];
}

/** An option argument's text: its value, or the raw word without quotes when dynamic. */
function argText(word: ShellWord | undefined): string | undefined {
  return word ? (word.value ?? word.raw.replace(/["']/g, '')) : undefined;
}

/**
 * Parses `words` (argv without argv[0]) into options and positionals. A dynamic word (value
 * `undefined`) is a positional. Never throws: a missing option argument is `undefined`.
 */
export function parseOptions(words: readonly ShellWord[], spec: OptionSpec = {}): ParsedArgs {
  const shortWithValue = spec.shortWithValue ?? '';
  const longWithValue = new Set(spec.longWithValue ?? []);
  const options: ParsedOption[] = [];
  const positionals: ShellWord[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word) continue;
    const v = word.value;
    if (onlyPositionals || v === undefined || v === '-' || !v.startsWith('-')) {
      positionals.push(word);
      if (spec.stopAtFirstPositional) onlyPositionals = true;
      continue;
    }
    if (v === '--') {
      onlyPositionals = true;
      continue;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq < 0 ? v.slice(2) : v.slice(2, eq);
      if (eq < 0 && longWithValue.has(name)) {
        const arg = words[++i];
        options.push({ name, value: arg?.value, text: argText(arg), word });
      } else {
        const value = eq < 0 ? undefined : v.slice(eq + 1);
        options.push({ name, value, text: value, word });
      }
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const letter = v.charAt(j);
      if (shortWithValue.includes(letter)) {
        const glued = v.slice(j + 1);
        if (glued !== '') options.push({ name: letter, value: glued, text: glued, word });
        else {
          const arg = words[++i];
          options.push({ name: letter, value: arg?.value, text: argText(arg), word });
        }
        break;
      }
      options.push({ name: letter, value: undefined, text: undefined, word });
    }
  }
  const all = (...names: string[]): ParsedOption[] => options.filter((o) => names.includes(o.name));
  return {
    options,
    positionals,
    all,
    has: (...names) => all(...names).length > 0,
    value: (...names) => all(...names).pop()?.value,
  };
}
