/**
 * The vocabulary of {@link FileProgram} entries (`file-effects.ts`, `git-files.ts`): how much a
 * file effect takes away, a target before it is resolved against the working folder, and the
 * helpers that make one from a word.
 */
import type { EffectVerb, Span } from '../types';
import type { ShellCommand, ShellWord } from './model';

/**
 * How much a file effect takes away, for severities:
 * - `tree`: a folder and everything below it (`rm -r`, `find -delete`, `rsync --delete`);
 * - `file`: a file (or the files of a glob) removed, truncated or moved away;
 * - `content`: a file's content replaced in place (`>`, `cp` over, `sed -i`, `tar -x` over);
 * - `some`: some files below a folder, chosen at run time by a filter (`find ROOT -name x -exec rm
 *   {} ;`, `find ROOT … | xargs rm`);
 * - `append`: content added (`>>`, `tee -a`); nothing is lost.
 */
export type FileScope = 'tree' | 'file' | 'some' | 'content' | 'append';

/** A target before resolution: the word (or option value) and what happens to it. */
export interface RawTarget {
  verb: EffectVerb;
  scope: FileScope;
  span: Span;
  /** Static text of the target, or the raw word when dynamic. */
  text: string;
  dynamic: boolean;
  /** A folder files are fed from at run time (`find ROOT -exec rm {} ;`): the effect is dynamic. */
  fed?: boolean;
  /** How to show the target when `text` is not what the command shows (paths piped in). */
  written?: string;
}

/** The arguments a program's entry sees. */
export type Extractor = (cmd: ShellCommand) => RawTarget[];

/** One program (or family) whose arguments name files it destroys or overwrites. */
export interface FileProgram {
  programs: string[];
  /** The manual page the option handling follows. */
  source: string;
  targets: Extractor;
}

/** A file effect on `word`'s path. */
export const target = (word: ShellWord, verb: EffectVerb, scope: FileScope): RawTarget => ({
  verb,
  scope,
  span: word.span,
  text: word.value ?? word.raw.replace(/["']/g, ''),
  dynamic: word.value === undefined,
});

/** A file effect on `text`, a path `word` stands for (`-t DIR`, a value after `=`). */
export const textTarget = (text: string, word: ShellWord, verb: EffectVerb, scope: FileScope): RawTarget => ({
  verb,
  scope,
  span: word.span,
  text,
  dynamic: word.value === undefined,
});
