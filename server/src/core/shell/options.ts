import type { ShellWord } from './model';

/**
 * Command-line option syntax of one program, in the getopt/getopt_long convention (POSIX
 * "Utility Syntax Guidelines"; GNU long options): `-abc` clusters flags, a short option that takes
 * a value takes the rest of its cluster or the next word, `--name=value` or `--name value`, and
 * `--` ends options.
 */
export interface OptionSpec {
  /** Short options that take a value, without the dash (`'u'` for `sudo -u USER`). */
  short?: string;
  /** Long options that take a value, without dashes (`'user'`). */
  long?: readonly string[];
  /** Short options whose value can only be attached (`mysql -pSECRET`, `xargs -iR`): they take the rest of the cluster. */
  attachedOnly?: string;
  /** Whether a bare `-N` number is a flag (`nice -10`). */
  numericFlags?: boolean;
}

/** One option as read from argv; `value` undefined for flags (and dynamic values). */
export interface ParsedOption {
  name: string;
  value: string | undefined;
  /** The word holding the value (for spans), when the value is a separate word or attached. */
  valueWord?: ShellWord;
}

/** Result of {@link readOptions}: the options and the index of the first operand. */
export interface ReadOptions {
  options: ParsedOption[];
  /** Index in argv of the first word that is not an option (argv.length when none). */
  next: number;
}

/**
 * Reads options from `argv[from…]` until the first operand or `--`. A word whose value is dynamic
 * stops the scan (it is treated as the first operand).
 */
export function readOptions(argv: readonly ShellWord[], from: number, spec: OptionSpec): ReadOptions {
  const options: ParsedOption[] = [];
  const longs = new Set(spec.long ?? []);
  let i = from;
  while (i < argv.length) {
    const word = argv[i];
    const v = word?.value;
    if (v === undefined || !v.startsWith('-') || v === '-') break;
    if (v === '--') return { options, next: i + 1 };
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = v.slice(2, eq >= 0 ? eq : undefined);
      if (eq >= 0) options.push({ name, value: v.slice(eq + 1), ...(word ? { valueWord: word } : {}) });
      else if (longs.has(name)) {
        const valueWord = argv[i + 1];
        options.push({ name, value: valueWord?.value, ...(valueWord ? { valueWord } : {}) });
        i++;
      } else options.push({ name, value: undefined });
      i++;
      continue;
    }
    if (spec.numericFlags && /^-\d+$/.test(v)) {
      options.push({ name: v.slice(1), value: undefined });
      i++;
      continue;
    }
    let consumedNext = false;
    for (let k = 1; k < v.length; k++) {
      const c = v[k] ?? '';
      if (spec.attachedOnly?.includes(c)) {
        options.push({ name: c, value: v.slice(k + 1) || undefined, ...(word ? { valueWord: word } : {}) });
        break;
      }
      if (spec.short?.includes(c)) {
        const rest = v.slice(k + 1);
        if (rest !== '') options.push({ name: c, value: rest, ...(word ? { valueWord: word } : {}) });
        else {
          const valueWord = argv[i + 1];
          options.push({ name: c, value: valueWord?.value, ...(valueWord ? { valueWord } : {}) });
          consumedNext = true;
        }
        break;
      }
      options.push({ name: c, value: undefined });
    }
    i += consumedNext ? 2 : 1;
  }
  return { options, next: i };
}

/** The value of the last occurrence of any of `names` (short or long), or undefined. */
export function optionValue(options: readonly ParsedOption[], ...names: string[]): string | undefined {
  let found: string | undefined;
  for (const o of options) if (names.includes(o.name) && o.value !== undefined) found = o.value;
  return found;
}

/** Whether any of `names` occurs. */
export function hasOption(options: readonly ParsedOption[], ...names: string[]): boolean {
  return options.some((o) => names.includes(o.name));
}
