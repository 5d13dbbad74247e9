import type { Span } from '../types';

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
}

/** A redirection attached to a command (`> file`, `>> file`, `< file`, `2>&1`, heredoc). */
export interface ShellRedirect {
  op: string;
  /** Target path or fd; `undefined` when dynamic. */
  target: string | undefined;
  span: Span;
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
  /** Leading `NAME=value` assignments. */
  assignments: { name: string; value: string | undefined }[];
  redirects: ShellRedirect[];
  /** Text fed to the command's stdin when statically known: heredoc body, here-string, `echo '…' |`. */
  stdin?: { text: string; span: Span; via: 'heredoc' | 'herestring' | 'pipe' | 'file' };
  /** Position in a pipeline; `length` 1 when not piped. Names of neighbours when static. */
  pipeline: { index: number; length: number; prev?: string | undefined; next?: string | undefined };
  /** Wrappers unwrapped to reach this command, outermost first (`sudo`, `bash -c`, `ssh`, `kubectl exec`). */
  wrappers: string[];
  /** Set when the command runs on another machine (`ssh host 'cmd'`, `kubectl exec`, `docker exec`). */
  remote?: { via: string; host: string | undefined };
  /** True inside `$(…)`, backticks or `<(…)`. */
  inSubstitution: boolean;
  span: Span;
}

/** The result of analyzing a shell text. */
export interface ShellAnalysis {
  commands: ShellCommand[];
  /** True when tree-sitter reported ERROR/MISSING nodes. */
  hasErrors: boolean;
}
