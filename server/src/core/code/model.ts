import type { Dialect } from '../types';

/** A range in the code text an interpreter runs: UTF-16 offsets, `end` exclusive. */
export interface CodeRange {
  start: number;
  end: number;
}

/**
 * One thing a piece of interpreter code does that Railguard can judge, found in its syntax tree
 * (Python, JavaScript) or by a conservative scan (Perl, Ruby, PHP). `via` names the call as the
 * language spells it after resolving imports and aliases (`os.system`, `child_process.execSync`);
 * `at` is the call's range in the code.
 * - `shell`: shell text run through `/bin/sh -c` (`os.system(TEXT)`, `execSync(TEXT)`, backticks).
 * - `argv`: a program run without a shell (`subprocess.run([…])`, `spawn(cmd, args)`).
 * - `sql`: SQL text handed to a database driver (`cursor.execute('…')`, `client.query('…')`).
 * - `delete`: a file or folder removed (`shutil.rmtree`, `fs.rmSync(p, {recursive})`).
 * - `overwrite`: a file's content replaced (`open(p, 'w')`, `fs.writeFileSync`).
 * - `http`: an HTTP request (`requests.delete(u)`, `fetch(u, {method: 'POST', body})`, `axios.get`):
 *   `method` upper case; `method` and `url` hold {@link RUN_TIME} where a part is only known at run
 *   time (`requests.request(m, f'{base}/x')`); `body` when the request sends one, `file` the file
 *   it is read from when the code names one (`data=open('/etc/passwd')`), `data` its text when
 *   static (`json={'query': 'mutation { deleteRepository … }'}` as JSON).
 * - `socket`: a raw TCP connection to a host (`socket.connect((h, p))`, `net.connect`).
 * - `opaque`: code or an argument only known at run time (`eval(x)`, `os.system(cmd)` with `cmd`
 *   unknown); `what` shows it.
 */
export type CodeAction =
  | { kind: 'shell'; text: string; via: string; at: CodeRange }
  | { kind: 'argv'; argv: string[]; via: string; at: CodeRange }
  | { kind: 'sql'; text: string; via: string; at: CodeRange }
  | { kind: 'delete'; path: string; recursive: boolean; via: string; at: CodeRange }
  | { kind: 'overwrite'; path: string; via: string; at: CodeRange }
  | {
      kind: 'http';
      method: string;
      url: string;
      body: boolean;
      file?: string;
      data?: string;
      via: string;
      at: CodeRange;
    }
  | { kind: 'socket'; host: string; port?: string; via: string; at: CodeRange }
  | { kind: 'opaque'; what: string; via: string; at: CodeRange };

/**
 * Stands for a part of a request's method or URL that is only known at run time (a parameter, an
 * environment variable): `f'{base}/users/{uid}'` reads `RUN_TIME + '/users/' + RUN_TIME`. The
 * shell side writes it as a variable the shell cannot know, so rules judge it as curl's `"$URL"`.
 */
export const RUN_TIME = '\u0000';

/**
 * A database connection the code opens (`psycopg2.connect('host=prod-db')`, `new Client({host})`,
 * `sqlite3.connect('app.db')`). `conninfo` is a URL or libpq keyword string as written.
 */
export interface DbTarget {
  dialect: Dialect;
  host?: string;
  database?: string;
  user?: string;
  conninfo?: string;
  /** SQLite database file. */
  file?: string;
  at: CodeRange;
}

/**
 * A module the code loads by a name known before it runs: `import a.b`, `from .x import y`,
 * `importlib.import_module('m')` (Python); `require('./x')`, `import … from './x.js'`,
 * `import('./x')`, `export * from './x'` (JavaScript). `spec` is the name as written; `names` are
 * what a Python `from M import n…` takes, which may be submodules (`from pkg import mod`). Which
 * file a name stands for is decided by the shell side (`shell/code-modules.ts`).
 */
export interface CodeImport {
  spec: string;
  names?: string[];
  at: CodeRange;
}

/** What one code text does. */
export interface CodeAnalysis {
  language: CodeLanguage;
  actions: CodeAction[];
  /** Modules loaded by static names (Python and JavaScript), in code order. */
  imports?: CodeImport[];
  /** Connections opened; SQL of the code goes to the first (the dialect of its driver). */
  connections: DbTarget[];
  /** Dialect implied by the driver the code imports, when no connection names one. */
  dialect?: Dialect;
  /** Set when the grammar reported syntax errors: the code may do more than was found. */
  unparsed?: { at: CodeRange; text: string };
}

/** Languages whose code Railguard looks into. */
export type CodeLanguage = 'python' | 'javascript' | 'perl' | 'ruby' | 'php' | 'lua' | 'r' | 'julia';

/** Short one-line form of code for messages (at most 60 characters). */
export function short(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}
