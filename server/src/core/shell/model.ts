import type { ActionEffect, Dialect, Finding, Span } from '../types';

/** SQL of a migration file a migration runner runs (`migration-files.ts`). */
export interface MigrationSql {
  /** The file, absolute when the command's folder is known. */
  file: string;
  /** The part run (`up` applies, `down` reverts), other lines blanked so positions stay right. */
  text: string;
  part: 'up' | 'down';
  dialect: Dialect;
}

/**
 * One word of a simple command. `value` is the word after quote removal when it is static text;
 * `undefined` when it contains an expansion whose value is unknown before running (`$VAR`,
 * `$(…)`, globs are kept literally since they are matched later).
 */
export interface ShellWord {
  value: string | undefined;
  /** The word as written, quotes included. */
  raw: string;
  span: Span;
  /**
   * Offset in the action text where `value` starts when `value` equals the source character by
   * character (plain words, `'…'`, `"…"` without escapes); `undefined` when escapes were removed or
   * the word came from text that maps back only to a containing word.
   */
  valueOffset?: number;
  /** When `value` is undefined: the static text before the first expansion (`"/tmp/$X"` ⇒ `/tmp/`). */
  staticPrefix?: string;
  /**
   * When `value` is undefined: the word with each run-time expansion replaced by a placeholder
   * identifier (`rg_dynamic`), to judge text handed to another language on its static parts.
   */
  template?: string;
  /** tree-sitter-bash node type of the word (`word`, `raw_string`, `string`, `process_substitution`…). */
  nodeType?: string;
}

/** A redirection attached to a command (`> file`, `>> file`, `< file`, `2>&1`, heredoc). */
export interface ShellRedirect {
  op: string;
  /** Target path or fd; `undefined` when dynamic. */
  target: string | undefined;
  span: Span;
  /** The file descriptor written before the operator (`2` in `2>&1`), when given. */
  fd?: string;
  /** The target as written, quotes included (`"$HOME/.zshrc"`), also when `target` is dynamic. */
  raw?: string;
}

/**
 * A simple command after unwrapping. For `sudo env A=1 bash -c 'rm -rf /'` the analyzer yields the
 * inner `rm -rf /` with `wrappers: ['sudo', 'env', 'bash -c']` (and also the outer command).
 */
export interface ShellCommand {
  /** Basename of the program (`/usr/bin/psql` ⇒ `psql`); `undefined` when the program name is dynamic. */
  name: string | undefined;
  /** All words, argv[0] included. */
  argv: ShellWord[];
  /**
   * Leading `NAME=value` assignments. A statement of assignments only (`A=1` alone) is a command
   * with no words (`name` undefined, `argv` empty) and these assignments.
   */
  assignments: {
    name: string;
    value: string | undefined;
    /** The value as written (quotes and expansions kept), when the parser gave it. */
    raw?: string;
  }[];
  redirects: ShellRedirect[];
  /** Text fed to the command's stdin when statically known: heredoc body, here-string, `echo '…' |`. */
  stdin?: {
    text: string;
    span: Span;
    via: 'heredoc' | 'herestring' | 'pipe' | 'file';
    /** Offset in the action text where `text` starts when it maps back character by character. */
    textOffset?: number;
    /** True when the shell expands parts of `text` before feeding it (`$VAR` in an unquoted heredoc). */
    dynamic?: boolean;
    /**
     * The wrapper that writes its own output into this command (`awk 'print | "cmd"'`, psql's
     * `\o |cmd`), as named in `wrappers`; the exfiltration rules follow a client's output into it.
     */
    fromWrapper?: string;
  };
  /** Position in a pipeline; `length` 1 when not piped. Names of neighbours when static. */
  pipeline: { index: number; length: number; prev?: string | undefined; next?: string | undefined };
  /** Wrappers unwrapped to reach this command, outermost first (`sudo`, `bash -c`, `ssh`, `kubectl exec`). */
  wrappers: string[];
  /** Set when the command runs on another machine (`ssh host 'cmd'`, `kubectl exec`, `docker exec`). */
  remote?: RemoteTarget;
  /** True inside `$(…)`, backticks or `<(…)`. */
  inSubstitution: boolean;
  span: Span;
  /** True when more arguments arrive on stdin at run time (the command run by `xargs`). */
  argsFromStdin?: boolean;
  /**
   * The user a wrapper runs the command as (`sudo -u postgres …`, `doas -u …`, `su - postgres -c
   * …`, `runuser -u …`), when static; inherited through further wrappers and re-parsed text.
   */
  runAs?: string;
  /**
   * Set when the command comes from a workspace file the action runs (a script, a `package.json`
   * script, a makefile recipe: `script-files.ts`), naming it: a rule may tell a value the
   * project saved and restores (`PATH="$_OLD_VIRTUAL_PATH"` in a virtualenv's `activate`) from one
   * an agent types.
   */
  fromFile?: string;
  /**
   * Effects of the interpreter call this command stands for (`shutil.rmtree('/srv/x')` in `python
   * -c` is re-parsed as `rm -rf -- /srv/x` with the destroy effect `via: 'shutil.rmtree'`); the
   * engine attaches them to the findings rules make about the command. See `interpreters.ts`.
   */
  effects?: ActionEffect[];
  /**
   * SQL of the migration files this command applies or reverts when it is a migration runner
   * (`migrate -path m up`, `prisma migrate deploy`; see `migration-files.ts`): the engine judges
   * it as the SQL of `psql -f FILE`.
   */
  migrations?: MigrationSql[];
}

/**
 * Where a command runs when it runs on another machine: the tool that sends it there (`ssh`,
 * `kubectl exec`, `ansible -m shell`) and the host, pod or container it names when static;
 * `targets` are further static names of the machines (an ansible inventory or limit, a pssh
 * hosts file, an SSM tag value, a GCP project), which feed environment detection as hosts do.
 */
export interface RemoteTarget {
  via: string;
  host: string | undefined;
  targets?: string[];
}

/** The result of analyzing a shell text. */
export interface ShellAnalysis {
  commands: ShellCommand[];
  /** True when tree-sitter reported ERROR/MISSING nodes. */
  hasErrors: boolean;
  /**
   * Findings of the analyzer itself (`unparsed`, `opaque-execution`; metadata in
   * `analyzer-findings.ts`), sorted by position.
   */
  findings: Finding[];
  /**
   * The folder the action runs in (`Action.cwd`), when the caller knows it; set by the engine so
   * that shell rules resolve relative paths (`shell/file-effects.ts`). Absent: unknown.
   */
  cwd?: string;
}
