/**
 * Guessing whether `railguard check -- TEXT` without `--kind` is SQL or a shell command, so
 * `check -- "DROP TABLE users"` is judged as the SQL it is instead of as an unknown program.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parsers } from '../core/parsers';

/** True when `name` is an executable file in one of `PATH`'s folders. Reads the file system. */
export function onPath(name: string, pathVar: string | undefined = process.env.PATH): boolean {
  if (name === '' || name.includes('/')) return false;
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

/** Shell builtins and keywords that are commands whatever PATH holds (bash, case-sensitive). */
const SHELL_WORDS: ReadonlySet<string> = new Set(
  (
    'alias bg bind break builtin case cd command continue declare echo eval exec exit export false fc fg ' +
    'for function getopts hash if kill let local printf pwd read readonly return set shift source test ' +
    'time trap true type typeset ulimit umask unalias unset until wait while'
  ).split(' '),
);

/**
 * `sql` when `text` parses as PostgreSQL (at least one statement) and its first word is neither a
 * shell builtin nor a program on `PATH`; `shell` otherwise. `SELECT 1`, `DROP TABLE users`,
 * `delete from t` are SQL; `ls -la`, `psql -c '…'`, `echo DROP` are shell. Never throws.
 */
export function detectKind(parsers: Parsers, text: string, pathVar?: string): 'sql' | 'shell' {
  const first = /^\s*([^\s;(]+)/.exec(text)?.[1] ?? '';
  if (first === '' || SHELL_WORDS.has(first) || onPath(first, pathVar)) return 'shell';
  try {
    const stmts = parsers.pg.parseSync(text).stmts ?? [];
    return stmts.length > 0 ? 'sql' : 'shell';
  } catch {
    return 'shell';
  }
}
