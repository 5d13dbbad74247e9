import type { Dialect } from '../types';
import { type HttpCallShape, httpVerbs } from './http-call';

/**
 * What a Python call does, by its qualified name after imports and aliases are resolved
 * (`from subprocess import run as r; r(…)` ⇒ `subprocess.run`). One entry per call.
 * - `shell`: argument `arg` is shell text (run through `/bin/sh -c`).
 * - `subprocess`: argument 0 is a list (argv) or, with `shell=True`, shell text.
 * - `argv-list`: argument `arg` is the argv list; `argv-rest`: arguments from `arg` on are argv.
 * - `delete`/`delete-tree`: argument `arg` is a path removed (recursively for `delete-tree`).
 * - `overwrite`: argument `arg` is a path whose content is replaced.
 * - `http`: an HTTP request, read as `http` says (`requests.delete(url)`, `httpx.request(m, url)`);
 *   `urlopen` takes a URL or a `urllib.request.Request`.
 * - `code`: argument `arg` is Python code run at run time (`exec`, `eval`, `compile`).
 * - `import`: argument `arg` names a module imported at run time.
 * - `connect`: opens a database connection (dialect from the entry).
 * - `opaque`: always runs code the snippet does not show (native calls, deserialised objects,
 *   another file or module).
 */
export interface PythonCall {
  effect:
    | 'shell'
    | 'subprocess'
    | 'argv-list'
    | 'argv-rest'
    | 'delete'
    | 'delete-tree'
    | 'overwrite'
    | 'http'
    | 'code'
    | 'import'
    | 'connect'
    | 'opaque';
  arg: number;
  /** For `http`: where the method, URL and body are. */
  http?: HttpCallShape;
  /** For `connect`: the driver's SQL dialect (`sqlalchemy` decides from its URL). */
  dialect?: Dialect;
  sources: string[];
}

const OS = 'https://docs.python.org/3/library/os.html#process-management';
const SUBPROCESS = 'https://docs.python.org/3/library/subprocess.html';
const SHUTIL = 'https://docs.python.org/3/library/shutil.html';
const GTFO_PY = 'https://gtfobins.github.io/gtfobins/python/';

function entries(names: string[], entry: PythonCall): [string, PythonCall][] {
  return names.map((n) => [n, entry]);
}

const REQUESTS = 'https://requests.readthedocs.io/en/latest/api/';
const HTTPX = 'https://www.python-httpx.org/api/';
const AIOHTTP = 'https://docs.aiohttp.org/en/stable/client_reference.html';
const URLLIB = 'https://docs.python.org/3/library/urllib.request.html';
const URLLIB3 = 'https://urllib3.readthedocs.io/en/stable/reference/urllib3.poolmanager.html';

/** `[name, entry]` for each call of one HTTP client (see {@link httpVerbs}). */
function httpClient(prefix: string, sources: string[], bodyArg: boolean): [string, PythonCall][] {
  return [
    ...httpVerbs(prefix, { bodyArg }),
    [`${prefix}.request`, { method: { arg: 0 }, url: 1 }] as [string, HttpCallShape],
  ].map(([n, http]) => [n, { effect: 'http', arg: http.url, http, sources }]);
}

/**
 * HTTP requests, re-judged as the same curl command: requests' functions and `Session` methods
 * (`requests.post(url, data=None, json=None)`: the body is the second argument), httpx's
 * functions and `Client`/`AsyncClient` methods (keyword-only bodies; `base_url` of the client
 * prefixes relative URLs), aiohttp's `ClientSession` methods and `aiohttp.request(method, url)`,
 * urllib3's `request(method, url, body=…)` (module function of 2.x, `PoolManager`, pools),
 * and urllib's `urlopen(url | Request(url, data, method=…), data)`.
 */
const PYTHON_HTTP_CALLS: [string, PythonCall][] = [
  ...[
    'requests',
    'requests.api',
    'requests.Session()',
    'requests.session()',
    'requests.sessions.Session()',
  ].flatMap((p) => httpClient(p, [REQUESTS], true)),
  ...['httpx', 'httpx.Client()', 'httpx.AsyncClient()'].flatMap((p) => httpClient(p, [HTTPX], false)),
  ['httpx.stream', { effect: 'http', arg: 1, http: { method: { arg: 0 }, url: 1 }, sources: [HTTPX] }],
  ...httpClient('aiohttp.ClientSession()', [AIOHTTP], false),
  ['aiohttp.request', { effect: 'http', arg: 1, http: { method: { arg: 0 }, url: 1 }, sources: [AIOHTTP] }],
  ...[
    'urllib3.request',
    'urllib3.PoolManager().request',
    'urllib3.PoolManager().urlopen',
    'urllib3.PoolManager().request_encode_body',
    'urllib3.HTTPConnectionPool().request',
    'urllib3.HTTPSConnectionPool().request',
  ].map((n): [string, PythonCall] => [
    n,
    { effect: 'http', arg: 1, http: { method: { arg: 0 }, url: 1 }, sources: [URLLIB3] },
  ]),
  ...['urllib.request.urlopen', 'urllib2.urlopen'].map((n): [string, PythonCall] => [
    n,
    { effect: 'http', arg: 0, http: { method: 'GET', url: 0, body: 1 }, sources: [URLLIB] },
  ]),
];

/**
 * Python calls that run programs, remove or overwrite files, send data, run code built at run time
 * or open database connections. Sources: the Python standard library reference (os, subprocess,
 * shutil, pathlib, pty, asyncio, builtins), GTFOBins' python page, and each driver's docs.
 */
export const PYTHON_CALLS: ReadonlyMap<string, PythonCall> = new Map<string, PythonCall>([
  ...entries(['os.system', 'os.popen', 'posix.system', 'posix.popen'], {
    effect: 'shell',
    arg: 0,
    sources: [OS, GTFO_PY],
  }),
  ...entries(
    [
      'subprocess.getoutput',
      'subprocess.getstatusoutput',
      'commands.getoutput',
      'commands.getstatusoutput',
      'asyncio.create_subprocess_shell',
    ],
    {
      effect: 'shell',
      arg: 0,
      sources: [SUBPROCESS, 'https://docs.python.org/3/library/asyncio-subprocess.html'],
    },
  ),
  ...entries(
    [
      'subprocess.run',
      'subprocess.call',
      'subprocess.check_call',
      'subprocess.check_output',
      'subprocess.Popen',
    ],
    { effect: 'subprocess', arg: 0, sources: [SUBPROCESS] },
  ),
  ...entries(['os.execv', 'os.execve', 'os.execvp', 'os.execvpe', 'os.posix_spawn', 'os.posix_spawnp'], {
    effect: 'argv-list',
    arg: 1,
    sources: [OS],
  }),
  ...entries(['os.execl', 'os.execle', 'os.execlp', 'os.execlpe'], {
    effect: 'argv-rest',
    arg: 1,
    sources: [OS],
  }),
  ...entries(['os.spawnv', 'os.spawnve', 'os.spawnvp', 'os.spawnvpe'], {
    effect: 'argv-list',
    arg: 2,
    sources: [OS],
  }),
  ...entries(['os.spawnl', 'os.spawnle', 'os.spawnlp', 'os.spawnlpe'], {
    effect: 'argv-rest',
    arg: 2,
    sources: [OS],
  }),
  [
    'pty.spawn',
    { effect: 'subprocess', arg: 0, sources: ['https://docs.python.org/3/library/pty.html', GTFO_PY] },
  ],
  [
    'asyncio.create_subprocess_exec',
    { effect: 'argv-rest', arg: 0, sources: ['https://docs.python.org/3/library/asyncio-subprocess.html'] },
  ],
  ['shutil.rmtree', { effect: 'delete-tree', arg: 0, sources: [SHUTIL] }],
  ...entries(['os.remove', 'os.unlink', 'os.rmdir', 'os.removedirs'], {
    effect: 'delete',
    arg: 0,
    sources: ['https://docs.python.org/3/library/os.html#files-and-directories'],
  }),
  ...entries(['pathlib.Path().unlink', 'pathlib.Path().rmdir'], {
    effect: 'delete',
    arg: 0,
    sources: ['https://docs.python.org/3/library/pathlib.html'],
  }),
  ...entries(['pathlib.Path().write_text', 'pathlib.Path().write_bytes'], {
    effect: 'overwrite',
    arg: 0,
    sources: ['https://docs.python.org/3/library/pathlib.html'],
  }),
  [
    'os.truncate',
    { effect: 'overwrite', arg: 0, sources: ['https://docs.python.org/3/library/os.html#os.truncate'] },
  ],
  ...PYTHON_HTTP_CALLS,
  ...entries(['exec', 'eval', 'compile', 'execfile'], {
    effect: 'code',
    arg: 0,
    sources: ['https://docs.python.org/3/library/functions.html#exec', GTFO_PY],
  }),
  ...entries(['__import__', 'importlib.import_module'], {
    effect: 'import',
    arg: 0,
    sources: ['https://docs.python.org/3/library/importlib.html#importlib.import_module'],
  }),
  ...entries(
    [
      'ctypes.CDLL',
      'ctypes.cdll.LoadLibrary',
      'ctypes.CDLL().system',
      'pickle.loads',
      'pickle.load',
      'cPickle.loads',
      'marshal.loads',
      'dill.loads',
      'yaml.unsafe_load',
      'runpy.run_path',
      'runpy.run_module',
      'code.InteractiveInterpreter',
    ],
    {
      effect: 'opaque',
      arg: 0,
      sources: [
        'https://docs.python.org/3/library/pickle.html#restricting-globals',
        'https://docs.python.org/3/library/ctypes.html',
        'https://docs.python.org/3/library/runpy.html',
      ],
    },
  ),
  ...entries(['psycopg2.connect', 'psycopg.connect', 'psycopg.AsyncConnection.connect', 'pg8000.connect'], {
    effect: 'connect',
    arg: 0,
    dialect: 'postgresql',
    sources: ['https://www.psycopg.org/docs/module.html#psycopg2.connect'],
  }),
  ...entries(['asyncpg.connect', 'asyncpg.create_pool'], {
    effect: 'connect',
    arg: 0,
    dialect: 'postgresql',
    sources: ['https://magicstack.github.io/asyncpg/current/api/index.html'],
  }),
  ...entries(['pymysql.connect', 'MySQLdb.connect', 'mysql.connector.connect', 'aiomysql.connect'], {
    effect: 'connect',
    arg: 0,
    dialect: 'mysql',
    sources: ['https://dev.mysql.com/doc/connector-python/en/connector-python-connectargs.html'],
  }),
  ...entries(['sqlite3.connect', 'aiosqlite.connect'], {
    effect: 'connect',
    arg: 0,
    dialect: 'sqlite',
    sources: ['https://docs.python.org/3/library/sqlite3.html#sqlite3.connect'],
  }),
  ...entries(['sqlalchemy.create_engine', 'sqlalchemy.ext.asyncio.create_async_engine'], {
    effect: 'connect',
    arg: 0,
    sources: ['https://docs.sqlalchemy.org/en/20/core/engines.html'],
  }),
]);

/**
 * Methods that hand their first argument to a database as SQL (DB-API 2.0 cursors and
 * connections, SQLAlchemy sessions, connections and engines). Sources: PEP 249
 * (https://peps.python.org/pep-0249/#id15), sqlite3 `executescript`, SQLAlchemy
 * `Connection.exec_driver_sql`.
 */
export const PYTHON_SQL_METHODS: ReadonlySet<string> = new Set([
  'execute',
  'executemany',
  'executescript',
  'exec_driver_sql',
  'fetch',
  'fetchrow',
  'fetchval',
]);

/** Modules whose import makes an unreadable `.execute(x)` argument opaque SQL, with their dialect. */
export const PYTHON_DB_MODULES: ReadonlyMap<string, Dialect | undefined> = new Map<
  string,
  Dialect | undefined
>([
  ['psycopg2', 'postgresql'],
  ['psycopg', 'postgresql'],
  ['asyncpg', 'postgresql'],
  ['pg8000', 'postgresql'],
  ['pymysql', 'mysql'],
  ['MySQLdb', 'mysql'],
  ['mysql', 'mysql'],
  ['aiomysql', 'mysql'],
  ['sqlite3', 'sqlite'],
  ['aiosqlite', 'sqlite'],
  ['sqlalchemy', undefined],
]);

/**
 * `python -m MODULE` modules known to run no code beyond their documented tool (standard library
 * command-line interfaces and common developer tools). Any other module is opaque: it runs code
 * from disk or the network that the command line does not show. Sources: the Python docs'
 * "Modules command-line interface" list (https://docs.python.org/3/library/cmdline.html).
 */
export const HARMLESS_PYTHON_MODULES: ReadonlySet<string> = new Set([
  'json.tool',
  'venv',
  'virtualenv',
  'pip',
  'ensurepip',
  'pytest',
  'unittest',
  'doctest',
  'timeit',
  'py_compile',
  'compileall',
  'pydoc',
  'site',
  'sysconfig',
  'platform',
  'tokenize',
  'ast',
  'dis',
  'calendar',
  'base64',
  'uuid',
  'zipfile',
  'tarfile',
  'gzip',
  'black',
  'isort',
  'mypy',
  'flake8',
  'pylint',
  'ruff',
  'coverage',
  'pyflakes',
  'pycodestyle',
  'http.server',
  'SimpleHTTPServer',
  'pdb',
  'cProfile',
  'profile',
  'trace',
  'this',
  'antigravity',
  'mkdocs',
  'build',
  'twine',
  'poetry',
  'pipx',
  'tox',
  'nox',
]);
