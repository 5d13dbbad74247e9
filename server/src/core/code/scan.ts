import type { Dialect } from '../types';
import { dialectOfUrl, hostOfUrl } from './db-target';
import type { CodeAction, CodeAnalysis, CodeLanguage, CodeRange, DbTarget } from './model';
import { short } from './model';
import { looksLikeSql } from './python';

/**
 * What a Perl, Ruby or PHP call does, for the conservative scan (no grammar is installed for these
 * languages, nor for Lua, R and Julia). `shell`: the arguments are shell text (one) or argv (several); `delete`,
 * `delete-tree`, `overwrite`: argument 0 is a path; `code`: argument 0 is code run at run time;
 * `http`: argument 0 is the URL of a request with `method`.
 */
export interface ScanCall {
  effect: 'shell' | 'delete' | 'delete-tree' | 'overwrite' | 'code' | 'http';
  /** For `http`: the request's method. */
  method?: string;
  sources: string[];
}

const PERLFUNC = 'https://perldoc.perl.org/functions';
const RUBY_KERNEL = 'https://docs.ruby-lang.org/en/master/Kernel.html';
const RUBY_FU = 'https://docs.ruby-lang.org/en/master/FileUtils.html';
const PHP_EXEC = 'https://www.php.net/manual/en/ref.exec.php';
const LUA_OS = 'https://www.lua.org/manual/5.4/manual.html#6.9';
const JULIA_RUN = 'https://docs.julialang.org/en/v1/manual/running-external-programs/';

function table(entries: [string[], ScanCall][]): ReadonlyMap<string, ScanCall> {
  return new Map(entries.flatMap(([names, call]) => names.map((n) => [n, call] as [string, ScanCall])));
}

/**
 * Calls per language, by the name as written (qualified where the language qualifies it).
 * Sources: perlfunc (system, exec, readpipe, unlink, rmdir, eval), File::Path, Ruby's Kernel,
 * IO, Open3, FileUtils, File and Dir docs, PHP's program-execution and filesystem functions,
 * GTFOBins' perl, ruby and php pages.
 */
export const SCAN_CALLS: Record<ScannedLanguage, ReadonlyMap<string, ScanCall>> = {
  perl: table([
    [
      ['system', 'exec', 'readpipe'],
      { effect: 'shell', sources: [PERLFUNC, 'https://gtfobins.github.io/gtfobins/perl/'] },
    ],
    [['unlink', 'rmdir'], { effect: 'delete', sources: [PERLFUNC] }],
    [
      ['rmtree', 'remove_tree', 'File::Path::rmtree', 'File::Path::remove_tree'],
      { effect: 'delete-tree', sources: ['https://perldoc.perl.org/File::Path'] },
    ],
    [['eval'], { effect: 'code', sources: [`${PERLFUNC}/eval`] }],
  ]),
  ruby: table([
    [
      [
        'system',
        'exec',
        'spawn',
        'Kernel.system',
        'Kernel.exec',
        'Kernel.spawn',
        'IO.popen',
        'Process.spawn',
      ],
      { effect: 'shell', sources: [RUBY_KERNEL, 'https://gtfobins.github.io/gtfobins/ruby/'] },
    ],
    [
      [
        'Open3.capture2',
        'Open3.capture2e',
        'Open3.capture3',
        'Open3.popen2',
        'Open3.popen2e',
        'Open3.popen3',
        'Open3.pipeline',
      ],
      { effect: 'shell', sources: ['https://docs.ruby-lang.org/en/master/Open3.html'] },
    ],
    [
      [
        'FileUtils.rm_rf',
        'FileUtils.rm_r',
        'FileUtils.rmtree',
        'FileUtils.remove_dir',
        'FileUtils.remove_entry',
        'FileUtils.remove_entry_secure',
      ],
      { effect: 'delete-tree', sources: [RUBY_FU] },
    ],
    [
      [
        'FileUtils.rm',
        'FileUtils.rm_f',
        'FileUtils.rmdir',
        'File.delete',
        'File.unlink',
        'Dir.rmdir',
        'Dir.delete',
        'Dir.unlink',
      ],
      { effect: 'delete', sources: [RUBY_FU, 'https://docs.ruby-lang.org/en/master/File.html'] },
    ],
    [
      ['File.write', 'IO.write', 'File.binwrite'],
      { effect: 'overwrite', sources: ['https://docs.ruby-lang.org/en/master/IO.html'] },
    ],
    [
      ['HTTParty.delete', 'RestClient.delete', 'Faraday.delete', 'Excon.delete', 'HTTP.delete'],
      {
        effect: 'http',
        method: 'DELETE',
        sources: [
          'https://www.rubydoc.info/github/jnunemaker/httparty/HTTParty/ClassMethods#delete-instance_method',
          'https://github.com/rest-client/rest-client#usage-raw-url',
          'https://lostisland.github.io/faraday/#/getting-started/quick-start',
        ],
      },
    ],
    [['eval', 'instance_eval', 'class_eval', 'Kernel.eval'], { effect: 'code', sources: [RUBY_KERNEL] }],
  ]),
  php: table([
    [
      ['shell_exec', 'system', 'exec', 'passthru', 'popen', 'proc_open', 'pcntl_exec'],
      { effect: 'shell', sources: [PHP_EXEC, 'https://gtfobins.github.io/gtfobins/php/'] },
    ],
    [
      ['unlink', 'rmdir'],
      { effect: 'delete', sources: ['https://www.php.net/manual/en/function.unlink.php'] },
    ],
    [
      ['file_put_contents'],
      { effect: 'overwrite', sources: ['https://www.php.net/manual/en/function.file-put-contents.php'] },
    ],
    [
      [
        'Http::delete',
        'Illuminate\\Support\\Facades\\Http::delete',
        'Requests::delete',
        'WpOrg\\Requests\\Requests::delete',
      ],
      {
        effect: 'http',
        method: 'DELETE',
        sources: [
          'https://laravel.com/docs/http-client#making-requests',
          'https://requests.ryanmccue.info/docs/usage.html',
        ],
      },
    ],
    [
      ['eval', 'assert', 'create_function'],
      { effect: 'code', sources: ['https://www.php.net/manual/en/function.eval.php'] },
    ],
  ]),
  lua: table([
    [
      ['os.execute', 'io.popen'],
      { effect: 'shell', sources: [LUA_OS, 'https://gtfobins.github.io/gtfobins/lua/'] },
    ],
    [['os.remove'], { effect: 'delete', sources: [LUA_OS] }],
    [['load', 'loadstring', 'dofile', 'loadfile'], { effect: 'code', sources: [LUA_OS] }],
  ]),
  r: table([
    [
      ['system', 'system2', 'shell'],
      { effect: 'shell', sources: ['https://stat.ethz.ch/R-manual/R-devel/library/base/html/system.html'] },
    ],
    [
      ['unlink', 'file.remove'],
      { effect: 'delete', sources: ['https://stat.ethz.ch/R-manual/R-devel/library/base/html/unlink.html'] },
    ],
    [
      ['eval', 'source'],
      { effect: 'code', sources: ['https://stat.ethz.ch/R-manual/R-devel/library/base/html/eval.html'] },
    ],
  ]),
  julia: table([
    [['run', 'read', 'pipeline'], { effect: 'shell', sources: [JULIA_RUN] }],
    [
      ['rm'],
      { effect: 'delete', sources: ['https://docs.julialang.org/en/v1/base/file/#Base.Filesystem.rm'] },
    ],
    [
      ['eval', 'include', 'include_string'],
      { effect: 'code', sources: ['https://docs.julialang.org/en/v1/base/base/#Base.MainInclude.eval'] },
    ],
  ]),
};

/** Languages read by the scan. */
export type ScannedLanguage = 'perl' | 'ruby' | 'php' | 'lua' | 'r' | 'julia';

function scanned(language: CodeLanguage): language is ScannedLanguage {
  return language in SCAN_CALLS;
}

/** Methods whose literal first argument is SQL (DBI `do`/`prepare`, PDO/pg/mysqli `query`/`exec`). */
const SQL_METHODS =
  /^(do|prepare|selectall_arrayref|selectrow_array|selectrow_hashref|exec|exec_params|query|execute|pg_query|mysqli_query|pg_query_params)$/;

/** A literal read by the scan: its value (`undefined` when it interpolates) and end offset. */
interface Literal {
  value: string | undefined;
  end: number;
}

/** Reads a quoted literal at `i` (`'…'`, `"…"`); `undefined` when `code[i]` is no quote. */
function literalAt(lang: CodeLanguage, code: string, i: number): Literal | undefined {
  const q = code[i];
  if (q !== "'" && q !== '"') return undefined;
  let out = '';
  let dynamic = false;
  for (let j = i + 1; j < code.length; j++) {
    const c = code[j] ?? '';
    if (c === '\\') {
      const n = code[j + 1] ?? '';
      if (q === "'") out += n === "'" || n === '\\' ? n : `\\${n}`;
      else out += ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[n] ?? n;
      j++;
      continue;
    }
    if (c === q) return { value: dynamic ? undefined : out, end: j + 1 };
    if (
      q === '"' &&
      (c === '$' || (lang === 'perl' && c === '@') || (lang === 'ruby' && c === '#' && code[j + 1] === '{'))
    )
      dynamic = true;
    out += c;
  }
  return { value: undefined, end: code.length };
}

/** Reads call arguments at `i` (after the name): literals separated by commas, optionally in `(…)`. */
function argsAt(
  lang: CodeLanguage,
  code: string,
  i: number,
): { values: (string | undefined)[]; end: number } | undefined {
  let j = i;
  while (code[j] === ' ' || code[j] === '\t') j++;
  const paren = code[j] === '(';
  if (paren) j++;
  const values: (string | undefined)[] = [];
  for (;;) {
    while (/\s/.test(code[j] ?? '')) j++;
    // Julia's command literals (`run(\`rm x\`)`) are the program's words, parsed like shell words.
    const cmd = lang === 'julia' && code[j] === '`' ? commandQuoteAt(lang, code, j) : undefined;
    const lit = cmd ? { value: cmd.text, end: cmd.end } : literalAt(lang, code, j);
    if (lit) {
      values.push(lit.value);
      j = lit.end;
    } else {
      // Something that is not a literal (a variable, a call, a block): its value is unknown.
      const c = code[j] ?? '';
      if (values.length === 0 && !paren && !/[$@%\w[]/.test(c)) return undefined;
      if (paren && c === ')' && values.length === 0) return { values: [], end: j + 1 };
      if (values.length === 0 && !paren && /\w/.test(c) && lang !== 'php') return undefined;
      values.push(undefined);
      const stop = code.slice(j).search(paren ? /[),]/ : /[;,\n}]/);
      j = stop < 0 ? code.length : j + stop;
    }
    while (code[j] === ' ' || code[j] === '\t') j++;
    if (code[j] === ',') {
      j++;
      continue;
    }
    return { values, end: paren && code[j] === ')' ? j + 1 : j };
  }
}

/** `qx{…}`, `qx(…)`, `%x(…)`, backticks: command text at `i`. */
function commandQuoteAt(
  lang: CodeLanguage,
  code: string,
  i: number,
): { text: string | undefined; end: number } | undefined {
  let start = i;
  if (code[i] === '`') start = i;
  else if (lang === 'perl' && code.startsWith('qx', i) && !/\w/.test(code[i + 2] ?? '')) start = i + 2;
  else if (lang === 'ruby' && code.startsWith('%x', i)) start = i + 2;
  else return undefined;
  const open = code[start] ?? '';
  const close = ({ '(': ')', '{': '}', '[': ']', '<': '>' } as Record<string, string>)[open] ?? open;
  const end = code.indexOf(close, start + 1);
  if (end < 0) return { text: undefined, end: code.length };
  const body = code.slice(start + 1, end);
  const dynamic = lang === 'ruby' ? body.includes('#{') : /[$@]/.test(body);
  return { text: dynamic ? undefined : body, end: end + 1 };
}

/** DSNs inside string literals: `dbi:Pg:host=prod-db`, `pgsql:host=…`, `postgres://…`, `host=… dbname=…`. */
function dsnTarget(value: string, at: CodeRange): DbTarget | undefined {
  const dbi = /^(?:dbi:(Pg|mysql|MariaDB|SQLite)|(pgsql|mysql|sqlite)):(.*)$/i.exec(value);
  if (dbi) {
    const driver = (dbi[1] ?? dbi[2] ?? '').toLowerCase();
    const dialect: Dialect =
      driver === 'pg' || driver === 'pgsql' ? 'postgresql' : driver === 'sqlite' ? 'sqlite' : 'mysql';
    const kv = new Map(
      (dbi[3] ?? '')
        .split(/[;\s]+/)
        .map((p) => p.split('=') as [string, string | undefined])
        .map(([k, v]) => [k.toLowerCase(), v ?? '']),
    );
    const t: DbTarget = { dialect, at };
    const host = kv.get('host') ?? kv.get('hostname');
    if (host) t.host = host;
    const db = kv.get('dbname') ?? kv.get('database') ?? kv.get('db');
    if (db) {
      if (dialect === 'sqlite') t.file = db;
      else t.database = db;
    }
    return t;
  }
  const dialect = dialectOfUrl(value);
  if (!dialect || (!/:\/\//.test(value) && !/(^|\s)host=/.test(value))) return undefined;
  const t: DbTarget = { dialect, at, conninfo: value };
  const host = hostOfUrl(value);
  if (host) t.host = host;
  return t;
}

/**
 * A documented, conservative scan of Perl, Ruby, PHP, Lua, R or Julia code (no grammar is
 * installed for them):
 * calls in {@link SCAN_CALLS} (name not preceded by `->`, `::`, `.`, `$` or a word character, followed
 * by `(`, a quote or a variable), backticks, `qx`, `%x`, `open` with a pipe, SQL methods with a
 * literal SQL argument and database DSNs in string literals. A call whose arguments are plain
 * literals becomes a shell, delete, overwrite or SQL action; any other argument (a variable, an
 * interpolating string, an expression) makes it `opaque`. Text inside regex or string literals
 * that merely names such a call is skipped when what follows is not an argument.
 */
export function scanCode(language: CodeLanguage, code: string): CodeAnalysis {
  const actions: CodeAction[] = [];
  const connections: DbTarget[] = [];
  const out: CodeAnalysis = { language, actions, connections };
  if (!scanned(language)) return out;
  const calls = SCAN_CALLS[language];
  const name = /[A-Za-z_][\w]*(?:(?:::|\.)[A-Za-z_]\w*)*/y;
  let i = 0;
  while (i < code.length) {
    const c = code[i] ?? '';
    const prev = code[i - 1] ?? '';
    const quote = commandQuoteAt(language, code, i);
    if (quote && !/\w/.test(prev)) {
      const at = { start: i, end: quote.end };
      if (quote.text === undefined)
        actions.push({ kind: 'opaque', what: short(code.slice(i, quote.end)), via: 'backticks', at });
      else actions.push({ kind: 'shell', text: quote.text, via: 'backticks', at });
      i = quote.end;
      continue;
    }
    if (c === "'" || c === '"') {
      const lit = literalAt(language, code, i);
      const end = lit?.end ?? i + 1;
      const t = lit?.value === undefined ? undefined : dsnTarget(lit.value, { start: i, end });
      if (t) connections.push(t);
      i = end;
      continue;
    }
    if (!/[A-Za-z_]/.test(c) || /[\w$@%]/.test(prev)) {
      i++;
      continue;
    }
    name.lastIndex = i;
    const m = name.exec(code);
    const word = m?.[0] ?? c;
    const end = i + word.length;
    const method =
      code.slice(Math.max(0, i - 2), i) === '->' || prev === '.' || (prev === ':' && code[i - 2] === ':');
    const entry = method ? undefined : calls.get(word);
    const at = { start: i, end };
    if (
      entry ||
      (method && SQL_METHODS.test(word)) ||
      (!method && /^(pg_query|mysqli_query|pg_query_params)$/.test(word)) ||
      word === 'open'
    ) {
      const args = argsAt(language, code, end);
      if (args) {
        at.end = args.end;
        i = handle(language, word, entry, method, args.values, at, code, actions);
        continue;
      }
    }
    i = end;
  }
  return out;
}

function handle(
  language: CodeLanguage,
  word: string,
  entry: ScanCall | undefined,
  method: boolean,
  values: (string | undefined)[],
  at: CodeRange,
  code: string,
  actions: CodeAction[],
): number {
  const what = short(code.slice(at.start, at.end));
  if (!entry) {
    if (word === 'open') {
      // open(FH, "cmd |"), open(FH, "| cmd"), open(my $fh, '-|', 'cmd', …)
      const mode = values.findIndex((v) => v === '-|' || v === '|-');
      if (mode >= 0) {
        const rest = values.slice(mode + 1);
        if (rest.length === 0 || rest.some((v) => v === undefined))
          actions.push({ kind: 'opaque', what, via: 'open', at });
        else if (rest.length === 1) actions.push({ kind: 'shell', text: rest[0] ?? '', via: 'open', at });
        else actions.push({ kind: 'argv', argv: rest as string[], via: 'open', at });
      } else {
        const piped = values.find((v) => v !== undefined && /^\s*\||\|\s*$/.test(v));
        if (piped)
          actions.push({ kind: 'shell', text: piped.replace(/^\s*\||\|\s*$/g, ''), via: 'open', at });
      }
      return at.end;
    }
    // SQL methods and functions: `$dbh->do('DROP TABLE t')`, `pg_query($c, 'DELETE …')`.
    const sql = values.find((v) => v !== undefined && looksLikeSql(v));
    if (sql !== undefined) actions.push({ kind: 'sql', text: sql, via: method ? `->${word}` : word, at });
    return at.end;
  }
  if (language === 'perl' && word === 'eval' && /^\s*\{/.test(code.slice(at.start + 4))) return at.start + 4;
  if (entry.effect === 'http') {
    // HTTParty.delete('URL', headers: …): only the URL is read; a URL built at run time is opaque.
    const url = values[0];
    if (url === undefined) actions.push({ kind: 'opaque', what, via: word, at });
    else actions.push({ kind: 'http', method: entry.method ?? 'GET', url, body: false, via: word, at });
    return at.end;
  }
  const known = values.filter((v): v is string => v !== undefined);
  if (values.length === 0 || known.length !== values.length) {
    actions.push({ kind: 'opaque', what, via: word, at });
    return at.end;
  }
  switch (entry.effect) {
    case 'shell':
      if (known.length === 1) actions.push({ kind: 'shell', text: known[0] ?? '', via: word, at });
      else actions.push({ kind: 'argv', argv: known, via: word, at });
      break;
    case 'delete':
    case 'delete-tree':
      for (const p of language === 'php' ? known.slice(0, 1) : known)
        actions.push({ kind: 'delete', path: p, recursive: entry.effect === 'delete-tree', via: word, at });
      break;
    case 'overwrite':
      actions.push({ kind: 'overwrite', path: known[0] ?? '', via: word, at });
      break;
    case 'code': {
      const inner = scanCode(language, known[0] ?? '');
      for (const a of inner.actions) actions.push({ ...a, at });
      break;
    }
  }
  return at.end;
}
