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
 * stops the scan (it is treated as the first operand), except `--NAME=…` with a run-time value,
 * which is option NAME with an unknown value whose `valueWord` is the whole word.
 */
export function readOptions(argv: readonly ShellWord[], from: number, spec: OptionSpec): ReadOptions {
  const options: ParsedOption[] = [];
  const longs = new Set(spec.long ?? []);
  let i = from;
  while (i < argv.length) {
    const word = argv[i];
    const v = word?.value;
    // `--name="…$X"`: an option whose value is only known at run time (not an operand).
    const dynamicLong = v === undefined ? /^--([^=]+)=/.exec(word?.staticPrefix ?? '') : null;
    if (dynamicLong?.[1] && word) {
      options.push({ name: dynamicLong[1], value: undefined, valueWord: word });
      i++;
      continue;
    }
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

/** Result of {@link readOptionsPermuted}: the options and the operands, each in order. */
export interface PermutedOptions {
  options: ParsedOption[];
  /** Non-option words in order (a lone `-` included), with their argv indexes. */
  operands: { word: ShellWord; index: number }[];
}

/**
 * Reads `argv[from…]` as GNU getopt_long does by default (glibc manual, "Using the getopt
 * function": it permutes argv so that options may follow operands): options anywhere until `--`,
 * everything after `--` an operand. Unlike {@link readOptions}, a dynamic word does not stop the
 * scan: it is an operand, or a long option with an unknown value when its static prefix is
 * `--NAME=` (`--command="$CMD"`), whose `valueWord` is then the dynamic word.
 */
export function readOptionsPermuted(
  argv: readonly ShellWord[],
  from: number,
  spec: OptionSpec,
): PermutedOptions {
  const options: ParsedOption[] = [];
  const operands: PermutedOptions['operands'] = [];
  let i = from;
  while (i < argv.length) {
    const word = argv[i];
    if (!word) break;
    const v = word.value;
    const dynamicLong = v === undefined ? /^--([^=]+)=/.exec(word.staticPrefix ?? '') : null;
    if (dynamicLong?.[1]) {
      options.push({ name: dynamicLong[1], value: undefined, valueWord: word });
      i++;
    } else if (v === '--') {
      for (let k = i + 1; k < argv.length; k++) {
        const w = argv[k];
        if (w) operands.push({ word: w, index: k });
      }
      break;
    } else if (v === undefined || !v.startsWith('-') || v === '-') {
      operands.push({ word, index: i });
      i++;
    } else {
      // Options up to the next `--`, which ends options even right after one taking a value.
      const stop = argv.findIndex((w, k) => k > i && w.value === '--');
      const read = readOptions(stop < 0 ? argv : argv.slice(0, stop), i, spec);
      options.push(...read.options);
      i = Math.max(read.next, i + 1);
    }
  }
  return { options, operands };
}

/**
 * The word holding exactly an option's value: its `valueWord` when the value is a word of its own
 * (`-c 'cmd'`), or, for a value attached to its option (`--command='cmd'`, `-c'cmd'`), a word
 * standing for the value alone, whose `valueOffset` points at the value in the source when the
 * word maps back to it character by character (a plain word, or a plain option name followed by
 * the value quoted whole, as in `--command='TEXT'`). `undefined` when the option has no value word.
 */
export function optionValueWord(option: ParsedOption): ShellWord | undefined {
  const word = option.valueWord;
  if (!word || option.value === undefined || word.value === option.value) return word;
  const whole = word.value ?? '';
  const { valueOffset, ...rest } = word;
  if (!whole.endsWith(option.value)) return { ...rest, value: option.value };
  const skipped = whole.length - option.value.length;
  if (valueOffset !== undefined) return { ...rest, value: option.value, valueOffset: valueOffset + skipped };
  // `--command='TEXT'`: a plain option name, then TEXT quoted whole, with nothing to unescape.
  const quoted = word.raw.slice(skipped);
  const plain =
    word.raw.startsWith(whole.slice(0, skipped)) &&
    word.span.end - word.span.start === word.raw.length &&
    (quoted === `'${option.value}'` || (quoted === `"${option.value}"` && !/[\\$`]/.test(option.value)));
  return { ...rest, value: option.value, ...(plain ? { valueOffset: word.span.start + skipped + 1 } : {}) };
}
