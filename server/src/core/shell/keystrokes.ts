import type { Span } from '../types';
import type { ShellCommand, ShellWord } from './model';
import { readOptions, type OptionSpec } from './options';
import type { Unwrapped } from './wrappers';
import { decodeAnsiC } from './words';

/**
 * Keystrokes typed into another terminal: `tmux send-keys`, `tmux set-buffer` (pasted by
 * `paste-buffer`), `screen -X stuff`, `xdotool type`/`key`, `kitty @ send-text`/`send-key`,
 * `wezterm cli send-text`. What is typed runs in the shell of that terminal — possibly a human's,
 * under the human's identity — so it is judged as a shell command of this actor: the literal text,
 * with Enter-like keys as newlines and line-clearing keys (`C-c`, `C-u`) dropping the line typed so
 * far. A key whose effect on the typed line cannot be known (`Tab` completes, `Up` recalls history,
 * `Escape` enters an editing mode, an unknown name) and text built at run time are opaque.
 * Sources: tmux(1) "KEY BINDINGS" and `send-keys`, screen(1) `stuff`, xdotool(1) "KEYBOARD
 * COMMANDS", the kitty and wezterm remote-control docs (linked from `exec-options.ts`).
 */

/** What a key does to the line being typed. */
type KeyEffect = { text: string } | 'enter' | 'clear' | 'erase' | undefined;

/** One piece of typed input: literal text in a word, or a key. */
type Piece = { word: ShellWord; text: string } | { word: ShellWord; key: KeyEffect; name: string };

/** Span from the start of `a` to the end of `b` (both already in action-text offsets). */
function spanFrom(a: Span, b: Span): Span {
  return {
    start: a.start,
    line: a.line,
    column: a.column,
    end: b.end,
    endLine: b.endLine,
    endColumn: b.endColumn,
  };
}

/**
 * The commands typed by `pieces`: shell text judged as typed (one word standing for it, exactly
 * placed when it is one literal word), or opaque execution naming the key or word that cannot be
 * judged. `label` names the sender (`tmux send-keys`).
 */
function typed(label: string, pieces: readonly Piece[]): Unwrapped[] {
  let text = '';
  const words: ShellWord[] = [];
  for (const p of pieces) {
    if (p.word.value === undefined && 'text' in p) {
      // `send-keys "rm -rf $DIR" Enter`: judged on its static parts when it is all that is typed.
      const only = pieces.filter((x) => 'text' in x).length === 1;
      return only
        ? [{ kind: 'text', wrapper: label, words: [p.word], reportDynamic: label }]
        : [{ kind: 'opaque', wrapper: label, word: p.word, option: 'keystrokes' }];
    }
    if ('text' in p) {
      text += p.text.replace(/\r\n?/g, '\n');
      words.push(p.word);
      continue;
    }
    const k = p.key;
    words.push(p.word);
    if (k === undefined) return [{ kind: 'opaque', wrapper: label, word: p.word, option: `key ${p.name}` }];
    if (k === 'enter') text += '\n';
    else if (k === 'clear') text = text.slice(0, text.lastIndexOf('\n') + 1);
    else if (k === 'erase') {
      if (text !== '' && !text.endsWith('\n')) text = text.slice(0, -1);
    } else text += k.text;
  }
  if (text.trim() === '') return [];
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last) return [];
  // One literal word typed and entered: the command is that word, placed exactly.
  const literal = pieces.filter((p) => 'text' in p);
  const only = literal.length === 1 ? literal[0]?.word : undefined;
  if (only && only.value === text.replace(/\n+$/, ''))
    return [{ kind: 'text', wrapper: label, words: [only] }];
  return [
    {
      kind: 'text',
      wrapper: label,
      words: [{ value: text, raw: text, span: spanFrom(first.span, last.span) }],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// tmux

/** tmux(1) "KEY BINDINGS": named keys, with `C-`, `M-`, `S-` or `^` modifiers. */
const TMUX_KEY =
  /^((?:[CMS]-|\^)*)(F(?:[1-9]|1[0-2])|Up|Down|Left|Right|BSpace|BTab|DC|End|Enter|Escape|Home|IC|NPage|PageDown|PgDn|PPage|PageUp|PgUp|Space|Tab|KP\w+|.)$/i;

/** What a tmux key name types; `undefined` for keys whose effect is unknown. `null`: not a key. */
function tmuxKey(name: string): KeyEffect | null {
  const m = TMUX_KEY.exec(name);
  if (!m) return null;
  const mods = (m[1] ?? '').toUpperCase();
  const key = m[2] ?? '';
  if (mods === '') {
    if (key.length === 1) return { text: key };
    if (/^(enter|kpenter)$/i.test(key)) return 'enter';
    if (/^space$/i.test(key)) return { text: ' ' };
    if (/^bspace$/i.test(key)) return 'erase';
    return undefined;
  }
  if (mods === 'C-' || mods === '^') {
    if (/^[mj]$/i.test(key)) return 'enter';
    if (/^[cu]$/i.test(key)) return 'clear';
    if (/^h$/i.test(key)) return 'erase';
  }
  return undefined;
}

/** `send-keys [-FHKlMRX] [-c client] [-N count] [-t pane] key…` (tmux(1)). */
const SEND_KEYS: OptionSpec = { short: 'cNt' };
/** `set-buffer [-aw] [-b name] [-n new-name] [-t client] data`. */
const SET_BUFFER: OptionSpec = { short: 'bnt' };

/** The typed commands of one tmux command (`send-keys …`, `set-buffer …`), argv[0] its name. */
export function tmuxTyped(
  argv: readonly ShellWord[],
  verb: string,
  hasSetBuffer: boolean,
  whole: ShellWord,
): Unwrapped[] {
  const label = `tmux ${verb}`;
  if (verb === 'send-keys' || verb === 'send') {
    const { options, next } = readOptions(argv, 1, SEND_KEYS);
    const flags = new Set(options.map((o) => o.name));
    if (flags.has('X')) return []; // a copy-mode command, not input
    const pieces: Piece[] = argv.slice(next).map((w): Piece => {
      const v = w.value;
      if (v === undefined) return { word: w, text: '' };
      // `-F` expands formats (`#{pane_id}`): the typed text is only known at run time.
      if (flags.has('F') && v.includes('#{')) return { word: { ...w, value: undefined }, text: '' };
      if (flags.has('H')) {
        const code = /^[0-9a-f]{1,2}$/i.test(v) ? String.fromCharCode(parseInt(v, 16)) : undefined;
        if (code === undefined) return { word: w, key: undefined, name: v };
        return code === '\r' || code === '\n' ? { word: w, key: 'enter', name: v } : { word: w, text: code };
      }
      if (flags.has('l')) return { word: w, text: v };
      const key = tmuxKey(v);
      return key === null ? { word: w, text: v } : { word: w, key, name: v };
    });
    return typed(label, pieces);
  }
  if (verb === 'set-buffer' || verb === 'setb') {
    const { next } = readOptions(argv, 1, SET_BUFFER);
    const data = argv[next];
    return data ? typed(label, [{ word: data, text: data.value ?? '' }]) : [];
  }
  // A buffer this invocation did not set (`load-buffer FILE`, an earlier one) holds unknown text.
  if ((verb === 'paste-buffer' || verb === 'pasteb') && !hasSetBuffer)
    return [{ kind: 'opaque', wrapper: label, word: argv[0] ?? whole, option: 'a buffer of unknown text' }];
  return [];
}

// ---------------------------------------------------------------------------------------------
// screen

/**
 * screen's string escapes in `stuff` (screen(1) "CUSTOMIZATION"): `^X` control characters,
 * `\ooo` octal, `\` before a character; `\n` and `\r` are taken as newlines too.
 */
function screenPieces(w: ShellWord): Piece[] {
  const v = w.value;
  if (v === undefined) return [{ word: w, text: '' }];
  const out: Piece[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') out.push({ word: w, text });
    text = '';
  };
  for (let i = 0; i < v.length; i++) {
    const c = v[i] ?? '';
    const d = v[i + 1] ?? '';
    if (c === '\\' && /[0-7]/.test(d)) {
      const oct = /^[0-7]{1,3}/.exec(v.slice(i + 1))?.[0] ?? '0';
      text += String.fromCharCode(parseInt(oct, 8));
      i += oct.length;
    } else if (c === '\\' && (d === 'n' || d === 'r')) {
      text += '\n';
      i++;
    } else if (c === '\\' && d !== '') {
      text += d;
      i++;
    } else if (c === '^' && /[A-Za-z@[\]\\^_?]/.test(d)) {
      flush();
      const key = /[mj]/i.test(d)
        ? 'enter'
        : /[cu]/i.test(d)
          ? 'clear'
          : /h|\?/i.test(d)
            ? 'erase'
            : undefined;
      out.push({ word: w, key, name: `^${d}` });
      i++;
    } else text += c;
  }
  flush();
  // Control characters in the text itself (`$'…\x03'`): Enter and line clearing as keys.
  return out.flatMap((p): Piece[] => {
    if (!('text' in p) || !/[\x00-\x08\x0b-\x1f\x7f]/.test(p.text)) return [p];
    return p.text.split(/([\x00-\x08\x0b-\x1f\x7f])/).map((part): Piece => {
      if (part.length !== 1 || !/[\x00-\x08\x0b-\x1f\x7f]/.test(part)) return { word: w, text: part };
      const code = part.charCodeAt(0);
      const key: KeyEffect =
        code === 13
          ? 'enter'
          : code === 3 || code === 21
            ? 'clear'
            : code === 8 || code === 127
              ? 'erase'
              : undefined;
      return { word: w, key, name: `\\x${code.toString(16).padStart(2, '0')}` };
    });
  });
}

/** screen's own options that take a value (screen(1) "COMMAND-LINE OPTIONS"). */
const SCREEN_VALUE_OPTIONS = /^-(S|p|c|e|h|T|t|s|fn?|ln?)$/;
/** Options that take a session name when one follows (`-r sess`, `-x sess`). */
const SCREEN_SESSION_OPTIONS = /^-(r|R|x|d|D|RR|dmS?|DR)$/;

/** `screen [options] -X COMMAND ARGS`: the command sent to a running session. */
export function screenCommand(cmd: ShellCommand): Unwrapped[] {
  const argv = cmd.argv;
  let sendsCommand = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const v = argv[i]?.value;
    if (v === undefined || !v.startsWith('-')) break;
    if (v === '-X') sendsCommand = true;
    else if (SCREEN_VALUE_OPTIONS.test(v)) i++;
    else if (SCREEN_SESSION_OPTIONS.test(v) && !sendsCommand && !(argv[i + 1]?.value ?? '-').startsWith('-'))
      i++;
  }
  return sendsCommand ? screenX(cmd, i) : [];
}

/** One screen command at `argv[at…]` (screen(1) "CUSTOMIZATION", the commands `-X` sends). */
function screenX(cmd: ShellCommand, at: number): Unwrapped[] {
  const argv = cmd.argv;
  const verb = argv[at]?.value;
  const word = argv[at];
  if (!word) return [];
  const label = `screen -X ${verb ?? ''}`;
  switch (verb) {
    case 'stuff':
      return typed(label, argv.slice(at + 1).flatMap(screenPieces));
    case 'register': {
      const data = argv[at + 2];
      return data ? typed(label, screenPieces(data)) : [];
    }
    case 'at':
      return screenX(cmd, at + 2);
    case 'screen': {
      // `screen [-opts] [n] [cmd [args]]`: the program started in a new window.
      const { next } = readOptions(argv, at + 1, { short: 'thTLMfU', long: [] });
      const start = /^\d+$/.test(argv[next]?.value ?? '') ? next + 1 : next;
      return start < argv.length ? [{ kind: 'argv', wrapper: label, start }] : [];
    }
    case 'exec': {
      // `exec [[fdpat] newcommand [args …]]`: fdpat is made of `.`, `!`, `|`, `:`.
      const start = /^[.!|:]+$/.test(argv[at + 1]?.value ?? '') ? at + 2 : at + 1;
      return start < argv.length ? [{ kind: 'argv', wrapper: label, start }] : [];
    }
    case 'eval':
    case 'source':
    case 'paste':
    case 'readbuf':
    case 'readreg':
      return [{ kind: 'opaque', wrapper: label, word, option: verb }];
    default:
      return verb === undefined ? [{ kind: 'opaque', wrapper: 'screen -X', word, option: '-X' }] : [];
  }
}

// ---------------------------------------------------------------------------------------------
// xdotool

/** X keysym names (xdotool(1) `key`) that type one character. */
const KEYSYM_TEXT: Record<string, string> = {
  space: ' ',
  minus: '-',
  slash: '/',
  period: '.',
  comma: ',',
  underscore: '_',
  equal: '=',
  colon: ':',
  semicolon: ';',
  asterisk: '*',
  plus: '+',
  at: '@',
  quotedbl: '"',
  apostrophe: "'",
  bar: '|',
  ampersand: '&',
  greater: '>',
  less: '<',
  dollar: '$',
  backslash: '\\',
  asciitilde: '~',
};

/** What an X key sequence (`Return`, `ctrl+c`, `a`) does to the line; `undefined`: unknown. */
function keysym(name: string): KeyEffect {
  const k = name.toLowerCase();
  if (/^[a-z0-9]$/i.test(name)) return { text: name };
  if (k === 'return' || k === 'kp_enter' || k === 'ctrl+m' || k === 'ctrl+j') return 'enter';
  if (k === 'ctrl+c' || k === 'ctrl+u') return 'clear';
  if (k === 'backspace' || k === 'ctrl+h') return 'erase';
  const t = KEYSYM_TEXT[k];
  return t === undefined ? undefined : { text: t };
}

/** `type`/`key` options of xdotool(1) that take a value. */
const XDOTOOL_OPTIONS: OptionSpec = {
  long: ['window', 'delay', 'args', 'terminator', 'file', 'repeat', 'repeat-delay'],
};

/**
 * `xdotool … type [options] TEXT…` and `key|keydown|keyup [options] KEYSEQ…`, anywhere in a
 * command chain: each consumes its arguments up to `--terminator T`, `--args N` of them, or the end.
 */
export function xdotoolTyped(cmd: ShellCommand): Unwrapped[] {
  const argv = cmd.argv;
  const pieces: Piece[] = [];
  const out: Unwrapped[] = [];
  for (let i = 1; i < argv.length; i++) {
    const verb = argv[i]?.value;
    if (verb !== 'type' && verb !== 'key' && verb !== 'keydown' && verb !== 'keyup') continue;
    const { options, next } = readOptions(argv, i + 1, XDOTOOL_OPTIONS);
    const file = options.find((o) => o.name === 'file');
    if (file?.valueWord)
      out.push({ kind: 'opaque', wrapper: `xdotool ${verb}`, word: file.valueWord, option: '--file' });
    const terminator = options.find((o) => o.name === 'terminator')?.value;
    const count = Number(options.find((o) => o.name === 'args')?.value ?? NaN);
    let end = argv.length;
    if (terminator !== undefined) {
      const t = argv.findIndex((w, k) => k >= next && w.value === terminator);
      if (t >= 0) end = t;
    } else if (Number.isInteger(count)) end = Math.min(argv.length, next + count);
    for (const w of argv.slice(next, end)) {
      // A key pressed (`keydown`) types as `key` does; its release (`keyup`) types nothing.
      if (verb === 'type') pieces.push({ word: w, text: w.value ?? '' });
      else if (verb === 'keyup') continue;
      else if (w.value === undefined) pieces.push({ word: w, text: '' });
      else pieces.push({ word: w, key: keysym(w.value), name: w.value });
    }
    i = end;
  }
  return [...out, ...typed('xdotool type', pieces)];
}

// ---------------------------------------------------------------------------------------------
// kitty, wezterm

/** Python string escapes, as kitty decodes `send-text` (`\n`, `\x1b`, `\u21fa`…). */
function pythonUnescape(s: string): string {
  return decodeAnsiC(s);
}

/** kitty's remote-control options before the command (`kitty @ --to ADDR …`). */
const KITTY_AT: OptionSpec = { long: ['to', 'password', 'password-file', 'password-env', 'use-password'] };
/** `send-text`/`send-key` options that take a value. */
const KITTY_SEND: OptionSpec = {
  short: 'mt',
  long: ['match', 'match-tab', 'from-file', 'bracketed-paste'],
};

/** What a kitty key name (`enter`, `ctrl+c`, `a`) does to the line. */
function kittyKey(name: string): KeyEffect {
  const k = name.toLowerCase();
  if (k === 'enter' || k === 'kp_enter' || k === 'return') return 'enter';
  return keysym(k === 'space' ? 'space' : k === 'backspace' ? 'BackSpace' : name);
}

/** `kitty @ send-text [options] TEXT…` / `kitten @ send-key KEY…` (kitty remote control). */
export function kittyTyped(cmd: ShellCommand): Unwrapped[] {
  const argv = cmd.argv;
  if (argv[1]?.value !== '@') return [];
  const at = readOptions(argv, 2, KITTY_AT).next;
  const verb = argv[at]?.value;
  if (verb !== 'send-text' && verb !== 'send-key') return [];
  const label = `${cmd.name ?? 'kitty'} @ ${verb}`;
  const { options, next } = readOptions(argv, at + 1, KITTY_SEND);
  const names = new Set(options.map((o) => o.name));
  const out: Unwrapped[] = [];
  const file = options.find((o) => o.name === 'from-file');
  if (file?.valueWord)
    out.push({ kind: 'opaque', wrapper: label, word: file.valueWord, option: '--from-file' });
  const words = argv.slice(next);
  if (verb === 'send-key')
    return [
      ...out,
      ...typed(
        label,
        words.map((w): Piece =>
          w.value === undefined ? { word: w, text: '' } : { word: w, key: kittyKey(w.value), name: w.value },
        ),
      ),
    ];
  if (names.has('stdin')) out.push(...stdinTyped(cmd, label));
  const pieces: Piece[] = words.map((w, k) => ({
    word: w,
    text: (k > 0 ? ' ' : '') + pythonUnescape(w.value ?? ''),
  }));
  return [...out, ...typed(label, pieces)];
}

/** The typed text a sender reads from its stdin: static text is judged, a pipe is opaque. */
function stdinTyped(cmd: ShellCommand, label: string): Unwrapped[] {
  const s = cmd.stdin;
  if (s && !s.dynamic) return [{ kind: 'stdin', wrapper: label, stdin: s }];
  if (cmd.pipeline.index > 0 || s)
    return [
      {
        kind: 'opaque',
        wrapper: label,
        word: { value: undefined, raw: 'stdin', span: cmd.span },
        option: 'stdin',
      },
    ];
  return [];
}

/** `wezterm [opts] cli [opts] send-text [--pane-id N] [--no-paste] [TEXT]` (TEXT, or stdin). */
export function weztermTyped(cmd: ShellCommand): Unwrapped[] {
  const argv = cmd.argv;
  const cli = argv.findIndex((w, k) => k > 0 && w.value === 'cli');
  if (cli < 0) return [];
  const { next: at } = readOptions(argv, cli + 1, { long: ['class', 'unix-socket'] });
  if (argv[at]?.value !== 'send-text') return [];
  const label = 'wezterm cli send-text';
  const { next } = readOptions(argv, at + 1, { long: ['pane-id'] });
  const text = argv[next];
  return text ? typed(label, [{ word: text, text: text.value ?? '' }]) : stdinTyped(cmd, label);
}
