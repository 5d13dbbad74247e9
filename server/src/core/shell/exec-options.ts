import type { ShellCommand, ShellWord } from './model';
import {
  optionValueWord,
  readOptions,
  readOptionsPermuted,
  type OptionSpec,
  type ParsedOption,
} from './options';
import { MAKE_OPTIONS } from './makefile';
import type { Unwrapped } from './wrappers';
import { awkCommands } from './awk-program';
import { psqlPrograms } from './psql-programs';
import { subWord } from './words';
import { gitConfigKey, gitConfigSet, gitValueEffect } from './git-config';
import { kittyTyped, screenCommand, tmuxTyped, weztermTyped, xdotoolTyped } from './keystrokes';

/**
 * Programs that execute text given in an option, a configuration override, an environment
 * variable or their own small language: `git -c core.pager=CMD`, `ssh -o ProxyCommand=CMD`,
 * `tar --to-command=CMD`, `sed 'e CMD'`, `awk 'BEGIN{system("CMD")}'`, `vim -c '!CMD'`,
 * `psql -c '\! CMD'`… One documented entry per tool (GTFOBins "Shell"/"Command" functions and the
 * tools' manuals). What they run is re-parsed as shell; what can't be known (a `s///e` flag, a
 * `system()` of a computed string, an NSE script file) is opaque execution.
 */
export interface ExecOptionEntry {
  /** Program names (basenames). */
  names: string[];
  /** What runs text, in a few words (for docs). */
  summary: string;
  /** Documentation: manual page, GTFOBins page. */
  sources: string[];
  /** The texts this command runs (shell text to re-parse, or opaque text). */
  extract: (cmd: ShellCommand) => Unwrapped[];
}

function shellText(
  wrapper: string,
  word: ShellWord,
  reportDynamic: string,
  stdinFromWrapper = false,
): Unwrapped {
  return {
    kind: 'text',
    wrapper,
    words: [word],
    reportDynamic,
    ...(stdinFromWrapper ? { stdinFromWrapper } : {}),
  };
}

function opaque(wrapper: string, word: ShellWord, option: string): Unwrapped {
  return { kind: 'opaque', wrapper, word, option };
}

/** Options of `cmd` read with `spec` (GNU permutation), each with the word holding its value. */
function options(cmd: ShellCommand, spec: OptionSpec): ParsedOption[] {
  return readOptionsPermuted(cmd.argv, 1, spec).options;
}

/** The value word of option `o`, or an opaque result when its value is built at run time. */
function valueOf(o: ParsedOption): ShellWord | undefined {
  return optionValueWord(o) ?? o.valueWord;
}

// ---------------------------------------------------------------------------------------------
// git

/** Whether a configuration key known only in part (`alias.$N`, `"$KEY"`) may be one git runs. */
function keyMayRun(prefix: string | undefined): boolean {
  if (!prefix) return true;
  const eq = prefix.indexOf('=');
  if (eq >= 0) return gitConfigKey(prefix.slice(0, eq)) !== undefined;
  return gitConfigKey(prefix) !== undefined || gitConfigKey(`${prefix}x`) !== undefined;
}

/**
 * What setting `key` to `value` makes git run (`git-config.ts`): the command a value becomes,
 * judged as shell text; a value only known at run time is opaque. `transient` is `git -c`, whose
 * hooks folder or included file is read by this command only: opaque too, as it cannot be looked
 * into here (`git config` planting them is a write of the configuration file, see `file-effects.ts`).
 */
function gitConfigRuns(wrapper: string, key: string, value: ShellWord, transient: boolean): Unwrapped[] {
  const entry = gitConfigKey(key);
  if (!entry) return [];
  const effect = gitValueEffect(entry, value);
  if (!effect) return [];
  const label = `${wrapper} ${key}`;
  if (effect.kind === 'command') return [shellText(label, effect.word, 'git')];
  if (effect.kind === 'dynamic' || transient) return [opaque(label, effect.word, key)];
  return [];
}

/**
 * git: `-c KEY=VALUE` and `git config KEY VALUE` for the keys of `git-config.ts`, `grep -O CMD`,
 * `--upload-pack=CMD`/`--receive-pack=CMD`/`--exec=CMD`. Environment variables git runs (GIT_PAGER,
 * GIT_SSH_COMMAND…) are read for every program by `command-env.ts`.
 */
function git(cmd: ShellCommand): Unwrapped[] {
  const out: Unwrapped[] = [];
  for (let i = 1; i < cmd.argv.length; i++) {
    const w = cmd.argv[i];
    const v = w?.value;
    if (!w) continue;
    let pair: ShellWord | undefined;
    const fromEnv = v?.startsWith('--config-env') === true;
    if (v === '-c' || v === '--config-env') pair = cmd.argv[++i];
    else if (v?.startsWith('--config-env=')) pair = subWord(w, 13, v.slice(13));
    else if (v?.startsWith('-c') && v.length > 2) pair = subWord(w, 2, v.slice(2));
    if (pair) {
      const text = pair.value;
      if (text === undefined) {
        if (keyMayRun(pair.staticPrefix)) out.push(opaque('git -c', pair, '-c'));
        continue;
      }
      const eq = text.indexOf('=');
      if (eq < 0) continue;
      const key = text.slice(0, eq).toLowerCase();
      // `--config-env KEY=VAR`: the value is the environment variable VAR's, read at run time.
      const value = fromEnv
        ? { value: undefined, raw: pair.raw, span: pair.span }
        : subWord(pair, eq + 1, text.slice(eq + 1));
      out.push(...gitConfigRuns('git -c', key, value, true));
      continue;
    }
    const open = /^(?:-O|--open-files-in-pager=?|--upload-pack=?|--receive-pack=?|--exec=?)(.*)$/.exec(
      v ?? '',
    );
    if (open && (v?.startsWith('-O') || v?.startsWith('--'))) {
      const attached = open[1] ?? '';
      const valueWord =
        attached !== ''
          ? subWord(w, (v?.length ?? 0) - attached.length, attached)
          : v?.includes('=') || v?.startsWith('-O')
            ? undefined
            : cmd.argv[++i];
      if (valueWord?.value !== undefined && valueWord.value !== '')
        out.push(shellText(`git ${v?.replace(/=.*/, '')}`, valueWord, 'git'));
      else if (valueWord) out.push(opaque('git', valueWord, v ?? ''));
    }
  }
  const set = gitConfigSet(cmd);
  if (set) {
    const key = set.keyWord.value;
    if (key === undefined) {
      if (keyMayRun(set.keyWord.staticPrefix)) out.push(opaque('git config', set.keyWord, 'config'));
    } else out.push(...gitConfigRuns('git config', key.toLowerCase(), set.value, false));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// sed

/**
 * GNU sed scripts (sed manual, "Commands that execute", `e COMMAND` and the `e` flag of `s`):
 * `e CMD` runs CMD; `e` alone and `s/…/…/e` run the pattern space, which is data: opaque.
 */
function sedScript(script: string): { commands: { at: number; text: string }[]; opaque: boolean } {
  const commands: { at: number; text: string }[] = [];
  let opaqueExec = false;
  let i = 0;
  const n = script.length;
  const skipBlanks = (): void => {
    while (i < n && /[\s;]/.test(script[i] ?? '')) i++;
  };
  const readDelimited = (delim: string): void => {
    while (i < n && script[i] !== delim) {
      if (script[i] === '\\') i++;
      i++;
    }
    i++;
  };
  while (i < n) {
    skipBlanks();
    // Addresses: numbers, $, /re/, \cREc, first~step, ranges and negation.
    for (let guard = 0; guard < 4 && i < n; guard++) {
      const c = script[i] ?? '';
      if (/[\d$~+]/.test(c)) while (i < n && /[\d$~+]/.test(script[i] ?? '')) i++;
      else if (c === '/') {
        i++;
        readDelimited('/');
      } else if (c === '\\') {
        const d = script[i + 1] ?? '';
        i += 2;
        readDelimited(d);
      } else if (c === ',' || c === '!' || c === ' ' || c === 'I' || c === 'M') i++;
      else break;
    }
    const c = script[i];
    if (c === undefined) break;
    i++;
    if (c === '{' || c === '}' || c === '#') {
      if (c === '#') while (i < n && script[i] !== '\n') i++;
      continue;
    }
    if (c === 's' || c === 'y') {
      const d = script[i] ?? '/';
      i++;
      readDelimited(d);
      readDelimited(d);
      const flagsStart = i;
      while (i < n && !/[;\n}]/.test(script[i] ?? '')) i++;
      if (c === 's' && /^[gpiImM\d]*e/.test(script.slice(flagsStart, i))) opaqueExec = true;
      continue;
    }
    // Commands taking the rest of the line: a i c (text), r R w W (file), b t T : (label), e.
    if ('aicrRwWbtT:e'.includes(c)) {
      const start = i;
      while (i < n && script[i] !== '\n') i++;
      if (c === 'e') {
        const raw = script.slice(start, i);
        const text = raw.trimStart();
        if (text.trim() === '') opaqueExec = true;
        else commands.push({ at: start + (raw.length - text.length), text });
      }
      continue;
    }
  }
  return { commands, opaque: opaqueExec };
}

function sed(cmd: ShellCommand): Unwrapped[] {
  const { options: opts, operands } = readOptionsPermuted(cmd.argv, 1, {
    short: 'efls',
    long: ['expression', 'file', 'line-length', 'separate'],
  });
  const scripts = opts
    .filter((o) => o.name === 'e' || o.name === 'expression')
    .map(valueOf)
    .filter((w): w is ShellWord => w !== undefined);
  if (scripts.length === 0 && !opts.some((o) => o.name === 'f' || o.name === 'file') && operands[0])
    scripts.push(operands[0].word);
  const out: Unwrapped[] = [];
  for (const w of scripts) {
    if (w.value === undefined) {
      if (/(^|[\s;}])e\b|\/e\b/.test(w.raw)) out.push(opaque('sed', w, 'e'));
      continue;
    }
    const parsed = sedScript(w.value);
    for (const c of parsed.commands) out.push(shellText('sed e', subWord(w, c.at, c.text), 'sed'));
    if (parsed.opaque) out.push(opaque('sed', w, 'e'));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// awk

function awk(cmd: ShellCommand): Unwrapped[] {
  const { options: opts, operands } = readOptionsPermuted(cmd.argv, 1, {
    short: 'Fvfe',
    long: ['field-separator', 'assign', 'file', 'source', 'include', 'load', 'exec'],
  });
  const programs = opts
    .filter((o) => o.name === 'e' || o.name === 'source')
    .map(valueOf)
    .filter((w): w is ShellWord => w !== undefined);
  if (!opts.some((o) => ['f', 'file', 'e', 'source', 'exec'].includes(o.name)) && operands[0])
    programs.push(operands[0].word);
  const out: Unwrapped[] = [];
  for (const w of programs) {
    if (w.value === undefined) {
      if (/system|\||getline/.test(w.raw)) out.push(opaque(cmd.name ?? 'awk', w, 'program'));
      continue;
    }
    const found = awkCommands(w.value);
    for (const x of found.texts) {
      const text = shellText(
        `${cmd.name ?? 'awk'} system`,
        subWord(w, x.at, x.text),
        cmd.name ?? 'awk',
        x.readsOutput && x.input === undefined,
      );
      // `print "SQL" | "psql"`: the command reads the printed static text.
      if (text.kind === 'text' && x.input !== undefined) text.stdinText = x.input;
      out.push(text);
    }
    if (found.dynamic.length > 0) out.push(opaque(cmd.name ?? 'awk', w, found.dynamic.join(', ')));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Options whose value is a command

/**
 * An entry whose options (long names, or short letters) take a command as value. `prefix`
 * strips a marker the tool requires before the command (`strace -o '|CMD'`).
 */
function commandOptions(
  spec: OptionSpec,
  names: string[],
  prefix?: RegExp,
  opaqueWhen?: (value: string) => boolean,
  viaShell = true,
): (cmd: ShellCommand) => Unwrapped[] {
  return (cmd) => {
    const out: Unwrapped[] = [];
    for (const o of options(cmd, spec)) {
      if (!names.includes(o.name)) continue;
      const w = valueOf(o);
      if (!w) continue;
      const wrapper = `${cmd.name ?? ''} ${o.name.length > 1 ? '--' : '-'}${o.name}`;
      if (w.value === undefined) {
        // A program that splits the value into words itself (rsync -e) runs no shell: a run-time
        // argument cannot inject commands, so the text is judged as written.
        out.push(viaShell ? opaque(wrapper, w, o.name) : { kind: 'text', wrapper, words: [w] });
        continue;
      }
      let text = w.value;
      let at = 0;
      if (prefix) {
        const m = prefix.exec(text);
        if (!m) continue;
        at = m[0].length;
        text = text.slice(at);
      }
      if (opaqueWhen?.(text)) out.push(opaque(wrapper, w, o.name));
      else if (text.trim() !== '') out.push(shellText(wrapper, subWord(w, at, text), cmd.name ?? ''));
    }
    return out;
  };
}

/** ssh_config(5) options whose value is a command run by the user's shell. */
const SSH_COMMAND_OPTIONS = /^(proxycommand|localcommand|knownhostscommand|remotecommand)\s*[= ]\s*/i;

/** `ssh -o ProxyCommand=CMD` (also scp, sftp, and `-oProxyCommand CMD`). */
function sshOptions(cmd: ShellCommand): Unwrapped[] {
  const out: Unwrapped[] = [];
  for (const o of options(cmd, { short: 'bcDEeFIiJLlmOopQRSWwBP' })) {
    if (o.name !== 'o') continue;
    const w = valueOf(o);
    if (!w) continue;
    if (w.value === undefined) {
      if (SSH_COMMAND_OPTIONS.test(w.staticPrefix ?? w.raw.replace(/^['"]/, '')))
        out.push(opaque(`${cmd.name} -o`, w, '-o'));
      continue;
    }
    const m = SSH_COMMAND_OPTIONS.exec(w.value);
    if (!m) continue;
    const key = m[1] ?? '';
    const text = w.value.slice(m[0].length);
    out.push(shellText(`${cmd.name} -o ${key}`, subWord(w, m[0].length, text), cmd.name ?? 'ssh'));
  }
  return out;
}

/** vim ex commands that run the shell (`:!CMD`, `:silent !CMD`) or code (`:py3`, `system()`). */
function vim(cmd: ShellCommand): Unwrapped[] {
  const out: Unwrapped[] = [];
  const argv = cmd.argv;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    const v = w?.value;
    if (!w) continue;
    let ex: ShellWord | undefined;
    if (v === '-c' || v === '--cmd' || v === '-S') ex = v === '-S' ? undefined : argv[++i];
    else if (v?.startsWith('+') && v.length > 1) ex = subWord(w, 1, v.slice(1));
    if (!ex) continue;
    if (ex.value === undefined) {
      out.push(opaque(`${cmd.name} -c`, ex, '-c'));
      continue;
    }
    const m = /^[\s:]*(?:sil(?:ent)?!?\s*)?(?:exe(?:cute)?\s+)?/.exec(ex.value);
    const rest = ex.value.slice(m?.[0].length ?? 0);
    if (rest.startsWith('!'))
      out.push(
        shellText(
          `${cmd.name} -c !`,
          subWord(ex, (m?.[0].length ?? 0) + 1, rest.slice(1)),
          cmd.name ?? 'vim',
        ),
      );
    else if (
      /^(sh(ell)?|te(rm(inal)?)?|py(thon)?3?|pyx|lua|perl|rub(y)?|r(ead)?\s*!|w(rite)?\s*!)\b|system(list)?\s*\(|jobstart|termopen/.test(
        rest,
      )
    )
      out.push(opaque(`${cmd.name} -c`, ex, '-c'));
  }
  return out;
}

/** The text a database client runs: its query option values (and sqlite3 operands), and static stdin. */
function clientTexts(cmd: ShellCommand, optionNames: string[], spec: OptionSpec): ShellWord[] {
  const words = options(cmd, spec)
    .filter((o) => optionNames.includes(o.name))
    .map(valueOf)
    .filter((w): w is ShellWord => w !== undefined);
  if (cmd.name === 'sqlite3') words.push(...cmd.argv.slice(2).filter((w) => !w.value?.startsWith('-')));
  if (cmd.stdin && !cmd.stdin.dynamic) {
    const s = cmd.stdin;
    words.push({
      value: s.text,
      raw: s.text,
      span: s.span,
      ...(s.textOffset !== undefined ? { valueOffset: s.textOffset } : {}),
    });
  }
  return words;
}

/** Shell escapes of database clients: psql `\! CMD`, mysql `system CMD` / `\! CMD`, sqlite3 `.shell`/`.system`. */
function dbShellEscape(
  optionNames: string[],
  spec: OptionSpec,
  escape: RegExp,
): (cmd: ShellCommand) => Unwrapped[] {
  return (cmd) => {
    const out: Unwrapped[] = [];
    for (const w of clientTexts(cmd, optionNames, spec)) {
      if (w.value === undefined) continue;
      const re = new RegExp(escape.source, 'gm');
      for (const m of w.value.matchAll(re)) {
        const text = (m[1] ?? '').replace(/;\s*$/, '');
        const at = (m.index ?? 0) + m[0].length - (m[1] ?? '').length;
        out.push(shellText(`${cmd.name} shell escape`, subWord(w, at, text), cmd.name ?? ''));
      }
    }
    return out;
  };
}

const PSQL_SPEC: OptionSpec = {
  short: 'cdfhLopTUvFPRo',
  long: ['command', 'dbname', 'file', 'host', 'port', 'username', 'set', 'variable', 'output'],
};

/**
 * psql: `\! CMD` lines, and the commands of `psql-programs.ts` in `-c` text or stdin (`\!` after
 * other text, `\o |CMD`, `\g |CMD`, `\w |CMD`, `\copy … program 'CMD'`), and `-o |CMD` (psql
 * docs: `-o` is `\o`). A command reading psql's output gets it as run-time stdin, marked with its
 * wrapper (`ShellCommand.stdin.fromWrapper`), so the exfiltration rules follow the data into it.
 */
function psqlCommands(cmd: ShellCommand): Unwrapped[] {
  const out = dbShellEscape(['c', 'command'], PSQL_SPEC, /^\s*\\!\s*(.*)$/)(cmd);
  const seen = new Set(out.map((u) => (u.kind === 'text' ? u.words[0]?.valueOffset : undefined)));
  for (const w of clientTexts(cmd, ['c', 'command'], PSQL_SPEC)) {
    for (const p of w.value === undefined ? [] : psqlPrograms(w.value)) {
      const word = subWord(w, p.at ?? 0, p.command);
      if (p.at === undefined) delete word.valueOffset;
      if (word.valueOffset !== undefined && seen.has(word.valueOffset)) continue;
      out.push(shellText(`psql ${p.meta}`, word, 'psql', p.readsOutput));
    }
  }
  for (const o of options(cmd, PSQL_SPEC)) {
    const w = valueOf(o);
    if ((o.name !== 'o' && o.name !== 'output') || !w?.value?.startsWith('|')) continue;
    out.push(shellText('psql -o', subWord(w, 1, w.value.slice(1)), 'psql', true));
  }
  return out;
}

/** gdb's `-ex CMD`, `--ex=CMD`, `-eval-command CMD`, `-iex CMD` values (gdb takes one or two dashes). */
function gdbCommands(cmd: ShellCommand): ShellWord[] {
  const out: ShellWord[] = [];
  const names = /^--?(ex|eval-command|iex|init-eval-command)(=?)(.*)$/s;
  for (let i = 1; i < cmd.argv.length; i++) {
    const w = cmd.argv[i];
    const m = names.exec(w?.value ?? '');
    if (!w || !m) continue;
    if (m[2] === '=') out.push(subWord(w, (w.value?.length ?? 0) - (m[3] ?? '').length, m[3] ?? ''));
    else if (m[3] === '') {
      const next = cmd.argv[++i];
      if (next) out.push(next);
    }
  }
  return out;
}

/** tmux run verbs whose operands are a command line run with sh -c (tmux(1) "COMMANDS"). */
const TMUX_RUN =
  /^(new-session|new|new-window|neww|split-window|splitw|respawn-pane|respawnp|respawn-window|respawnw|run-shell|run|display-popup|popup|pipe-pane|pipep)$/;

/** tmux's own options that take a value (`-c shell-command`, `-f file`, `-L`, `-S`, `-T`). */
const TMUX_OPTIONS: OptionSpec = { short: 'cfLST' };

/**
 * `tmux [options] COMMAND [args] [; COMMAND …]`: each command of the sequence (separated by `;`
 * arguments): run verbs' command text, keystrokes (`keystrokes.ts`), and `-c shell-command`.
 */
function tmux(cmd: ShellCommand): Unwrapped[] {
  const { options, next } = readOptions(cmd.argv, 1, TMUX_OPTIONS);
  const out: Unwrapped[] = [];
  const c = options.find((o) => o.name === 'c');
  const shellCommand = c && valueOf(c);
  if (shellCommand) out.push(shellText('tmux -c', shellCommand, 'tmux'));
  const groups: { start: number; words: ShellWord[] }[] = [];
  let start = next;
  for (let i = next; i <= cmd.argv.length; i++) {
    if (i < cmd.argv.length && cmd.argv[i]?.value !== ';') continue;
    if (i > start) groups.push({ start, words: cmd.argv.slice(start, i) });
    start = i + 1;
  }
  const setsBuffer = groups.some((g) => /^(set-buffer|setb)$/.test(g.words[0]?.value ?? ''));
  for (const g of groups) {
    const verb = g.words[0]?.value ?? '';
    if (TMUX_RUN.test(verb)) {
      const { next: at } = readOptionsPermutedNext(g.words, 1);
      const words = g.words.slice(at);
      if (words.length > 0) out.push({ kind: 'text', wrapper: `tmux ${verb}`, words, reportDynamic: 'tmux' });
    } else out.push(...tmuxTyped(g.words, verb, setsBuffer, cmd.argv[0] ?? (g.words[0] as ShellWord)));
  }
  return out;
}

/** Versioned names of the Tcl shells (`tclsh8.6`), as Debian and Homebrew install them. */
const TCL_VERSIONED = ['tclsh8.4', 'tclsh8.5', 'tclsh8.6', 'tclsh9.0', 'wish8.5', 'wish8.6', 'wish9.0'];

/**
 * Tcl interpreters (`expect`, `tclsh`, `wish`): the code they run — `-c CMDS` (expect),
 * `-f FILE`/`-b FILE`, the script operand, or the standard input — is Tcl, which Railguard does not
 * analyse (`spawn CMD` and `exec CMD` run programs): opaque execution, whatever the script says.
 * `-v`/`-version` only print. An interactive session reading the terminal is not reported.
 */
function tclScripts(cmd: ShellCommand): Unwrapped[] {
  const label = cmd.name ?? 'tclsh';
  // Options end at the script operand: what follows is the script's own arguments.
  const { options, next } = readOptions(cmd.argv, 1, { short: 'cfbD' });
  const operands = cmd.argv.slice(next).map((word) => ({ word }));
  if (operands.length === 0 && options.some((o) => o.name === 'v' || o.name === 'version')) return [];
  const code = options.filter((o) => o.name === 'c' || o.name === 'f' || o.name === 'b');
  const out: Unwrapped[] = code.flatMap((o) => {
    const w = valueOf(o);
    return w ? [opaque(label, w, `-${o.name}`)] : [];
  });
  // expect reads the script operand (or `-` for stdin) only without -c/-f (expect(1) "USAGE").
  const script = code.length === 0 ? operands[0]?.word : undefined;
  if (script && script.value !== '-') out.push(opaque(label, script, 'a Tcl script'));
  else if (code.length === 0 || script?.value === '-') {
    const s = cmd.stdin;
    if (s || cmd.pipeline.index > 0) {
      const word: ShellWord = { value: undefined, raw: s?.text ?? 'stdin', span: s?.span ?? cmd.span };
      out.push(opaque(label, word, 'stdin'));
    }
  }
  return out;
}

const RSYNC_OPTIONS: OptionSpec = {
  short: 'eBfTM',
  long: ['rsh', 'rsync-path', 'filter', 'temp-dir', 'remote-option'],
};

/** Every entry; names are unique across entries. */
export const EXEC_OPTIONS: readonly ExecOptionEntry[] = [
  {
    names: ['git'],
    summary:
      '`-c KEY=CMD` for command-valued keys (core.pager, core.sshCommand, core.fsmonitor, `!` aliases…), `grep -O CMD`, `--upload-pack=CMD`, GIT_SSH_COMMAND/GIT_PAGER/GIT_EDITOR…',
    sources: [
      'https://git-scm.com/docs/git-config',
      'https://git-scm.com/docs/git#_environment_variables',
      'https://gtfobins.github.io/gtfobins/git/',
      'https://git-scm.com/docs/git-grep#Documentation/git-grep.txt--Oltpagergt',
    ],
    extract: git,
  },
  {
    names: ['sed', 'gsed'],
    summary: '`e COMMAND` runs COMMAND; `e` and the `s///e` flag run the pattern space (opaque)',
    sources: [
      'https://www.gnu.org/software/sed/manual/sed.html#Extended-Commands',
      'https://gtfobins.github.io/gtfobins/sed/',
    ],
    extract: sed,
  },
  {
    names: ['awk', 'gawk', 'mawk', 'nawk', 'busybox-awk'],
    summary: '`system(STR)`, `print | STR`, `STR | getline` run STR with sh -c',
    sources: [
      'https://pubs.opengroup.org/onlinepubs/9799919799/utilities/awk.html',
      'https://www.gnu.org/software/gawk/manual/gawk.html#I_002fO-Functions',
      'https://gtfobins.github.io/gtfobins/awk/',
      'https://gtfobins.github.io/gtfobins/gawk/',
      'https://gtfobins.github.io/gtfobins/mawk/',
    ],
    extract: awk,
  },
  {
    names: ['ssh', 'scp', 'sftp'],
    summary: '`-o ProxyCommand=CMD`, `-o LocalCommand=CMD`, `-o KnownHostsCommand=CMD`',
    sources: [
      'https://man.openbsd.org/ssh_config',
      'https://gtfobins.github.io/gtfobins/ssh/',
      'https://gtfobins.github.io/gtfobins/scp/',
    ],
    extract: sshOptions,
  },
  {
    names: ['rsync'],
    summary: '`-e CMD`/`--rsh=CMD` is the remote shell program; `--rsync-path=CMD` runs on the remote side',
    sources: ['https://download.samba.org/pub/rsync/rsync.1', 'https://gtfobins.github.io/gtfobins/rsync/'],
    extract: (cmd) => [
      // rsync splits the -e value into words itself (no shell); --rsync-path goes to the remote shell.
      ...commandOptions(RSYNC_OPTIONS, ['e', 'rsh'], undefined, undefined, false)(cmd),
      ...commandOptions(RSYNC_OPTIONS, ['rsync-path'])(cmd),
    ],
  },
  {
    names: ['tar', 'gtar', 'bsdtar'],
    summary:
      '`--to-command=CMD`, `--checkpoint-action=exec=CMD`, `-I CMD`/`--use-compress-program=CMD`, `--info-script`/`--new-volume-script`, `--rsh-command`, `--rmt-command`',
    sources: [
      'https://www.gnu.org/software/tar/manual/tar.html#Option-Summary',
      'https://gtfobins.github.io/gtfobins/tar/',
    ],
    extract: (cmd) => [
      ...commandOptions(
        {
          short: 'fbCFgHIKLNsTVX',
          long: [
            'file',
            'directory',
            'to-command',
            'use-compress-program',
            'info-script',
            'new-volume-script',
            'rsh-command',
            'rmt-command',
            'exclude',
            'transform',
            'owner',
            'group',
            'mode',
            'format',
            'files-from',
          ],
        },
        [
          'to-command',
          'I',
          'use-compress-program',
          'F',
          'info-script',
          'new-volume-script',
          'rsh-command',
          'rmt-command',
        ],
      )(cmd),
      ...commandOptions({}, ['checkpoint-action'], /^exec=/)(cmd),
    ],
  },
  {
    names: ['zip'],
    summary: '`-TT CMD`/`--unzip-command CMD` tests the archive with CMD',
    sources: ['https://linux.die.net/man/1/zip', 'https://gtfobins.github.io/gtfobins/zip/'],
    extract: (cmd) => {
      const out: Unwrapped[] = [];
      cmd.argv.forEach((w, i) => {
        const v = w.value;
        const next = cmd.argv[i + 1];
        if ((v === '-TT' || v === '--unzip-command') && next)
          out.push(
            next.value === undefined ? opaque('zip -TT', next, '-TT') : shellText('zip -TT', next, 'zip'),
          );
        else if (v?.startsWith('--unzip-command='))
          out.push(shellText('zip -TT', subWord(w, 16, v.slice(16)), 'zip'));
      });
      return out;
    },
  },
  {
    names: ['strace'],
    summary: '`-o |CMD` / `-o !CMD` pipes the trace into CMD',
    sources: [
      'https://man7.org/linux/man-pages/man1/strace.1.html',
      'https://gtfobins.github.io/gtfobins/strace/',
    ],
    extract: commandOptions({ short: 'abeEIoOpPsSuUX', long: ['output'] }, ['o', 'output'], /^[|!]/),
  },
  {
    names: ['gdb'],
    summary: '`-ex "shell CMD"`, `-ex "!CMD"`; `-ex "python …"`, `guile`, `call system(…)` are opaque',
    sources: [
      'https://sourceware.org/gdb/current/onlinedocs/gdb.html/Shell-Commands.html',
      'https://gtfobins.github.io/gtfobins/gdb/',
    ],
    extract: (cmd) =>
      gdbCommands(cmd).flatMap((w): Unwrapped[] => {
        {
          if (w.value === undefined) return [opaque('gdb -ex', w, '-ex')];
          const m = /^\s*(?:shell\s+|!\s*)/.exec(w.value);
          if (m)
            return [shellText('gdb -ex shell', subWord(w, m[0].length, w.value.slice(m[0].length)), 'gdb')];
          return /^\s*(python|py|pi|python-interactive|guile|gu)\b|\b(system|popen|execve?)\s*\(/.test(
            w.value,
          )
            ? [opaque('gdb -ex', w, '-ex')]
            : [];
        }
      }),
  },
  {
    names: ['man'],
    summary: '`-P CMD`/`--pager=CMD` and `-H CMD`/`--html=CMD` run CMD (MANPAGER/PAGER: `command-env.ts`)',
    sources: ['https://man7.org/linux/man-pages/man1/man.1.html', 'https://gtfobins.github.io/gtfobins/man/'],
    extract: (cmd) => [
      ...commandOptions(
        {
          short: 'PHCMLmepRsS',
          long: [
            'pager',
            'html',
            'config-file',
            'manpath',
            'locale',
            'systems',
            'preprocessor',
            'encoding',
            'sections',
          ],
        },
        ['P', 'pager', 'html'],
      )(cmd),
    ],
  },
  {
    names: ['vim', 'vi', 'nvim', 'view', 'ex', 'gvim', 'vimdiff'],
    summary: '`-c "!CMD"`, `+"!CMD"`, `--cmd "!CMD"`; `:py3`, `:lua`, `system()`, `:shell` are opaque',
    sources: [
      'https://vimhelp.org/starting.txt.html#-c',
      'https://vimhelp.org/various.txt.html#%3A%21cmd',
      'https://gtfobins.github.io/gtfobins/vim/',
    ],
    extract: vim,
  },
  {
    names: ['nmap'],
    summary: '`--script=FILE.nse` runs Lua code (opaque); script categories and names are not',
    sources: ['https://nmap.org/book/nse-usage.html', 'https://gtfobins.github.io/gtfobins/nmap/'],
    extract: (cmd) =>
      options(cmd, { short: 'ipoDSeg', long: ['script', 'script-args', 'script-args-file'] })
        .filter((o) => o.name === 'script')
        .map(valueOf)
        .filter(
          (w): w is ShellWord => w !== undefined && (w.value === undefined || /\.nse\b|\//.test(w.value)),
        )
        .map((w) => opaque('nmap --script', w, '--script')),
  },
  {
    names: ['make', 'gmake'],
    summary: '`--eval=TEXT`/`-E TEXT` evaluates makefile code (opaque); `-f -` reads the makefile from stdin',
    sources: [
      'https://www.gnu.org/software/make/manual/make.html#Options-Summary',
      'https://gtfobins.github.io/gtfobins/make/',
    ],
    extract: (cmd) => {
      const out: Unwrapped[] = [];
      for (const o of options(cmd, MAKE_OPTIONS)) {
        const w = valueOf(o);
        if (!w) continue;
        if (o.name === 'E' || o.name === 'eval') out.push(opaque('make --eval', w, '--eval'));
        else if (
          ['f', 'file', 'makefile'].includes(o.name) &&
          w.value === '-' &&
          (cmd.pipeline.index > 0 || cmd.stdin)
        )
          out.push(opaque('make -f -', w, '-f -'));
      }
      return out;
    },
  },
  {
    names: ['tmux'],
    summary:
      '`new-session`/`new-window`/`split-window`/`respawn-pane`/`run-shell`/`display-popup` and `-c` run their command text with sh -c; `send-keys` and `set-buffer`+`paste-buffer` type text into another pane (`keystrokes.ts`)',
    sources: [
      'https://man7.org/linux/man-pages/man1/tmux.1.html',
      'https://gtfobins.github.io/gtfobins/tmux/',
    ],
    extract: tmux,
  },
  {
    names: ['screen'],
    summary:
      '`-X stuff TEXT` and `-X register R TEXT` type text into a session, `-X screen CMD` and `-X exec CMD` start CMD in it (`keystrokes.ts`); `-X eval`/`source`/`paste` are opaque',
    sources: [
      'https://www.gnu.org/software/screen/manual/screen.html#Paste',
      'https://www.gnu.org/software/screen/manual/screen.html#Command-Summary',
    ],
    extract: screenCommand,
  },
  {
    names: ['xdotool'],
    summary: "`type TEXT` and `key KEYSEQ` type into the focused window (a terminal, maybe a human's)",
    sources: ['https://man.archlinux.org/man/xdotool.1.en#KEYBOARD_COMMANDS'],
    extract: xdotoolTyped,
  },
  {
    names: ['kitty', 'kitten'],
    summary: '`@ send-text TEXT` and `@ send-key KEY` type into another kitty window',
    sources: [
      'https://sw.kovidgoyal.net/kitty/remote-control/#kitten-send-text',
      'https://sw.kovidgoyal.net/kitty/remote-control/#kitten-send-key',
    ],
    extract: kittyTyped,
  },
  {
    names: ['wezterm'],
    summary: '`cli send-text TEXT` (or its stdin) types into another wezterm pane',
    sources: ['https://wezterm.org/cli/cli/send-text.html'],
    extract: weztermTyped,
  },
  {
    names: ['expect', 'expectk', 'tclsh', 'wish', 'jimsh', ...TCL_VERSIONED],
    summary: 'Tcl scripts (`-c CMDS`, `-f FILE`, a script operand, stdin) are not analysed: opaque',
    sources: [
      'https://core.tcl-lang.org/expect/doc/trunk/expect.man',
      'https://www.tcl-lang.org/man/tcl/UserCmd/tclsh.htm',
    ],
    extract: tclScripts,
  },
  {
    names: ['socat'],
    summary: '`EXEC:CMD` and `SYSTEM:CMD` addresses run CMD',
    sources: [
      'http://www.dest-unreach.org/socat/doc/socat.html#ADDRESS_EXEC',
      'https://gtfobins.github.io/gtfobins/socat/',
    ],
    extract: (cmd) =>
      cmd.argv.slice(1).flatMap((w): Unwrapped[] => {
        const m = /^(exec|system):/i.exec(w.value ?? w.staticPrefix ?? '');
        if (!m) return [];
        if (w.value === undefined) return [opaque('socat', w, m[1] ?? 'exec')];
        const body = w.value
          .slice(m[0].length)
          .replace(/,(pty|stderr|setsid|sigint|sane|ctty|login|echo=\w+|raw)\b.*$/i, '');
        return [shellText(`socat ${m[1]?.toLowerCase() ?? 'exec'}`, subWord(w, m[0].length, body), 'socat')];
      }),
  },
  {
    names: ['psql'],
    summary:
      "`\\! CMD`, `\\o |CMD`, `\\g |CMD`, `\\w |CMD` and `\\copy … program 'CMD'` in `-c` text or stdin, and `-o |CMD`, run CMD in a shell",
    sources: [
      'https://www.postgresql.org/docs/current/app-psql.html#APP-PSQL-META-COMMAND-SHELL',
      'https://www.postgresql.org/docs/current/app-psql.html#APP-PSQL-META-COMMANDS-COPY',
      'https://gtfobins.github.io/gtfobins/psql/',
    ],
    extract: psqlCommands,
  },
  {
    names: ['mysql', 'mariadb'],
    summary: '`system CMD` / `\\! CMD` client commands in `-e` text or stdin run CMD',
    sources: [
      'https://dev.mysql.com/doc/refman/8.0/en/mysql-commands.html',
      'https://gtfobins.github.io/gtfobins/mysql/',
    ],
    extract: dbShellEscape(
      ['e', 'execute'],
      { short: 'eDhPuS', long: ['execute', 'database', 'host', 'port', 'user', 'socket'] },
      /^\s*(?:system|\\!)\s+(.*)$/,
    ),
  },
  {
    names: ['sqlite3'],
    summary: '`.shell CMD` / `.system CMD` dot-commands run CMD',
    sources: ['https://sqlite.org/cli.html', 'https://gtfobins.github.io/gtfobins/sqlite3/'],
    extract: dbShellEscape([], {}, /^\s*\.(?:shell|system)\s+(.*)$/),
  },
  {
    names: ['at', 'batch'],
    summary: 'the job text read from stdin runs later with sh',
    sources: ['https://man7.org/linux/man-pages/man1/at.1.html', 'https://gtfobins.github.io/gtfobins/at/'],
    extract: (cmd) => {
      const s = cmd.stdin;
      if (!s || s.dynamic || cmd.argv.some((w) => /^-[lrdcq]?[lrdc]$/.test(w.value ?? ''))) return [];
      return [{ kind: 'stdin', wrapper: `${cmd.name ?? 'at'} (stdin)`, stdin: s }];
    },
  },
];

/** Index of the first operand after tmux command options (`-d -s name -n w CMD`). */
function readOptionsPermutedNext(argv: readonly ShellWord[], from: number): { next: number } {
  let i = from;
  while (i < argv.length) {
    const v = argv[i]?.value;
    if (v === undefined || !v.startsWith('-') || v === '-') break;
    if (v === '--') return { next: i + 1 };
    // Flags that take a value in new-session/new-window/split-window/run-shell/display-popup.
    i += /^-[A-Za-z]*[cdeFlnpsStTtxywXYhbBc]$/.test(v) && !/^-[dPkvbhfIE]+$/.test(v) ? 2 : 1;
  }
  return { next: i };
}

/** The entries by program name. */
export const EXEC_OPTIONS_BY_NAME: ReadonlyMap<string, ExecOptionEntry> = new Map(
  EXEC_OPTIONS.flatMap((e) => e.names.map((n) => [n, e] as const)),
);
