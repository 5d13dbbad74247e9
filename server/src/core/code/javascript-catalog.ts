import type { Dialect } from '../types';
import { type HttpCallShape, httpVerbs } from './http-call';

/**
 * What a JavaScript call does, by its qualified name after `require`/`import` and aliases are
 * resolved (`const { execSync: x } = require('node:child_process'); x(…)` ⇒
 * `child_process.execSync`). Effects as in `python-catalog.ts`, plus:
 * - `spawn`: argument 0 is the program and argument 1 its arguments (`shell: true` ⇒ shell text).
 * - `fork`: argument 0 is a module run by `node`.
 * - `argv-array`: argument 0 is an argv array, or an object whose `cmd` is one (`Bun.spawn`,
 *   `Deno.run`).
 * - `command`: `new Deno.Command(program, { args })`.
 * - `delete`: removes argument 0 (recursively when its options say `recursive: true`).
 * - `http`: an HTTP request, read as `http` says (`fetch(url, {method, body})`, `axios.delete(url)`,
 *   `http.request({host, path, method})`).
 * - `socket`: a TCP connection (`net.connect(port, host)` or `({ host, port })`).
 * - `code`: the last argument is code (`eval`, `Function`, `vm.runInNewContext`).
 * - `import`: `require(x)` / `import(x)` of a module named at run time.
 * - `connect`: a database client (dialect from the driver).
 * - `opaque`: always runs code the snippet does not show (native bindings, add-ons, workers).
 */
export interface JsCall {
  effect:
    | 'shell'
    | 'spawn'
    | 'fork'
    | 'argv-array'
    | 'command'
    | 'delete'
    | 'overwrite'
    | 'http'
    | 'socket'
    | 'code'
    | 'import'
    | 'connect'
    | 'opaque';
  dialect?: Dialect;
  /** For `http`: where the method, URL, body and options are. */
  http?: HttpCallShape;
  sources: string[];
}

const CP = 'https://nodejs.org/api/child_process.html';
const FS = 'https://nodejs.org/api/fs.html';
const GTFO_NODE = 'https://gtfobins.github.io/gtfobins/node/';

function entries(names: string[], entry: JsCall): [string, JsCall][] {
  return names.map((n) => [n, entry]);
}

const fsNames = (names: string[]) =>
  names.flatMap((n) => [`fs.${n}`, `fs.promises.${n.replace(/Sync$/, '')}`]);

const FETCH = 'https://developer.mozilla.org/en-US/docs/Web/API/Window/fetch';
const AXIOS = 'https://axios-http.com/docs/api_intro';
const GOT = 'https://github.com/sindresorhus/got/blob/main/documentation/2-options.md';
const KY = 'https://github.com/sindresorhus/ky#readme';
const SUPERAGENT = 'https://ladjs.github.io/superagent/';
const NODE_HTTP = 'https://nodejs.org/api/http.html#httprequestoptions-callback';
const UNDICI = 'https://undici.nodejs.org/#/docs/api/Dispatcher?id=dispatcherrequestoptions-callback';

/** `[name, entry]` for each HTTP call named in `shapes`. */
function httpEntries(shapes: [string, HttpCallShape][], sources: string[]): [string, JsCall][] {
  return shapes.map(([n, http]) => [n, { effect: 'http', http, sources }]);
}

const OPTIONS_CALL: HttpCallShape = { method: 'options', url: 0, options: 1 };

/** A call whose first argument is a URL or the options (`axios(config)`, `http.request(options)`). */
const CONFIG_CALL: HttpCallShape = { ...OPTIONS_CALL, configFirst: true };

/**
 * HTTP requests, re-judged as the same curl command. `fetch(url | new Request(url, init), {method,
 * body})` (the global of Node, Deno and Bun; node-fetch, undici, ofetch); axios' verbs (`axios.post(url, data, config)`),
 * `axios(config)`, `axios(url, config)`, `axios.request(config)` and instances from
 * `axios.create({baseURL})`; got's and ky's verbs and `got(url, {method})` (instances from
 * `got.extend`/`ky.create`/`ky.extend` with `prefixUrl`); superagent's verbs, `del` and
 * `superagent(method, url)`; Node's `http(s).request(url | {host, path, method})` and `get`;
 * undici's `request(url, {method, body})`.
 */
const JS_HTTP_CALLS: [string, JsCall][] = [
  ...httpEntries(
    [
      'fetch',
      'node-fetch',
      'node-fetch.default',
      'undici.fetch',
      'globalThis.fetch',
      'ofetch.ofetch',
      'ofetch.$fetch',
    ].map((n) => [n, OPTIONS_CALL]),
    [
      FETCH,
      'https://docs.deno.com/api/web/~/fetch',
      'https://bun.sh/docs/api/fetch',
      'https://github.com/unjs/ofetch',
    ],
  ),
  ...['axios', 'axios.default', 'axios.create()', 'axios.default.create()'].flatMap((p) =>
    httpEntries(
      [
        ...httpVerbs(p, { bodyArg: true, options: { verb: 1, bodyVerb: 2 } }),
        [p, CONFIG_CALL],
        [`${p}.request`, CONFIG_CALL],
      ],
      [AXIOS, 'https://axios-http.com/docs/req_config'],
    ),
  ),
  ...['got', 'got.extend()'].flatMap((p) =>
    httpEntries([...httpVerbs(p, { options: { verb: 1, bodyVerb: 1 } }), [p, CONFIG_CALL]], [GOT]),
  ),
  ...['ky', 'ky.create()', 'ky.extend()'].flatMap((p) =>
    httpEntries([...httpVerbs(p, { options: { verb: 1, bodyVerb: 1 } }), [p, OPTIONS_CALL]], [KY]),
  ),
  ...httpEntries(
    [
      ...httpVerbs('superagent', { aliases: { del: 'delete' } }),
      ['superagent', { method: { arg: 0 }, url: 1 }],
    ],
    [SUPERAGENT],
  ),
  ...httpEntries(
    [
      ...['http.request', 'https.request'].map((n): [string, HttpCallShape] => [n, CONFIG_CALL]),
      ...['http.get', 'https.get'].map((n): [string, HttpCallShape] => [
        n,
        { method: 'GET', url: 0, options: 1 },
      ]),
    ],
    [NODE_HTTP],
  ),
  ...httpEntries([['undici.request', OPTIONS_CALL]], [UNDICI]),
];

/**
 * JavaScript (Node, Deno, Bun) calls that run programs, remove or overwrite files, send data, run
 * code built at run time or open database connections. Sources: the Node.js API docs
 * (child_process, fs, vm, net, http), Deno and Bun API docs, GTFOBins' node page, each driver's
 * docs (node-postgres, mysql2, knex, Sequelize, better-sqlite3).
 */
export const JS_CALLS: ReadonlyMap<string, JsCall> = new Map<string, JsCall>([
  ...entries(['child_process.exec', 'child_process.execSync'], { effect: 'shell', sources: [CP, GTFO_NODE] }),
  ...entries(
    [
      'child_process.spawn',
      'child_process.spawnSync',
      'child_process.execFile',
      'child_process.execFileSync',
    ],
    { effect: 'spawn', sources: [CP, GTFO_NODE] },
  ),
  ['child_process.fork', { effect: 'fork', sources: [CP] }],
  ...entries(['Bun.spawn', 'Bun.spawnSync'], {
    effect: 'argv-array',
    sources: ['https://bun.sh/docs/api/spawn'],
  }),
  ['Bun.$', { effect: 'shell', sources: ['https://bun.sh/docs/runtime/shell'] }],
  ['Deno.run', { effect: 'argv-array', sources: ['https://docs.deno.com/api/deno/~/Deno.run'] }],
  ['Deno.Command', { effect: 'command', sources: ['https://docs.deno.com/api/deno/~/Deno.Command'] }],
  ...entries(fsNames(['rmSync', 'rm', 'rmdirSync', 'rmdir', 'unlinkSync', 'unlink']), {
    effect: 'delete',
    sources: [FS],
  }),
  ...entries(['Deno.remove', 'Deno.removeSync'], {
    effect: 'delete',
    sources: ['https://docs.deno.com/api/deno/~/Deno.remove'],
  }),
  ...entries(
    [
      ...fsNames(['writeFileSync', 'writeFile', 'truncateSync', 'truncate']),
      'fs.createWriteStream',
      'Deno.writeTextFile',
      'Deno.writeTextFileSync',
      'Deno.writeFile',
      'Deno.writeFileSync',
      'Deno.truncate',
      'Bun.write',
    ],
    { effect: 'overwrite', sources: [FS, 'https://docs.deno.com/api/deno/~/Deno.writeTextFile'] },
  ),
  ...JS_HTTP_CALLS,
  ...entries(['net.connect', 'net.createConnection', 'tls.connect'], {
    effect: 'socket',
    sources: [
      'https://nodejs.org/api/net.html#netcreateconnection',
      'https://gtfobins.github.io/gtfobins/node/#reverse-shell',
    ],
  }),
  ...entries(
    [
      'eval',
      'Function',
      'vm.runInNewContext',
      'vm.runInThisContext',
      'vm.runInContext',
      'vm.compileFunction',
      'vm.Script',
    ],
    { effect: 'code', sources: ['https://nodejs.org/api/vm.html', GTFO_NODE] },
  ),
  ...entries(
    ['process.binding', 'process._linkedBinding', 'process.dlopen', 'worker_threads.Worker', 'Deno.dlopen'],
    {
      effect: 'opaque',
      sources: ['https://nodejs.org/api/process.html#processdlopenmodule-filename-flags', GTFO_NODE],
    },
  ),
  ...entries(['require', 'import'], { effect: 'import', sources: ['https://nodejs.org/api/modules.html'] }),
  ...entries(['pg.Client', 'pg.Pool', 'postgres', 'pg-promise()'], {
    effect: 'connect',
    dialect: 'postgresql',
    sources: ['https://node-postgres.com/apis/client'],
  }),
  ...entries(
    [
      'mysql.createConnection',
      'mysql.createPool',
      'mysql2.createConnection',
      'mysql2.createPool',
      'mysql2/promise.createConnection',
      'mysql2/promise.createPool',
    ],
    { effect: 'connect', dialect: 'mysql', sources: ['https://sidorares.github.io/node-mysql2/docs'] },
  ),
  ...entries(['better-sqlite3', 'sqlite3.Database'], {
    effect: 'connect',
    dialect: 'sqlite',
    sources: ['https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md'],
  }),
  ...entries(['knex', 'sequelize.Sequelize', 'sequelize'], {
    effect: 'connect',
    sources: [
      'https://knexjs.org/guide/#configuration-options',
      'https://sequelize.org/docs/v6/getting-started/',
    ],
  }),
]);

/** Database driver modules and their dialects (`undefined`: the configuration says). */
export const JS_DB_MODULES: ReadonlyMap<string, Dialect | undefined> = new Map<string, Dialect | undefined>([
  ['pg', 'postgresql'],
  ['postgres', 'postgresql'],
  ['pg-promise', 'postgresql'],
  ['mysql', 'mysql'],
  ['mysql2', 'mysql'],
  ['mysql2/promise', 'mysql'],
  ['sqlite3', 'sqlite'],
  ['better-sqlite3', 'sqlite'],
  ['knex', undefined],
  ['sequelize', undefined],
  ['@prisma/client', undefined],
]);

/** Methods taking SQL as their first argument when a database module is loaded. */
export const JS_SQL_METHODS: ReadonlySet<string> = new Set([
  'query',
  'raw',
  'exec',
  'run',
  'execute',
  'unsafe',
  'none',
  'any',
  'one',
  'many',
]);

/** Prisma's raw SQL methods: always SQL (`$executeRawUnsafe(text)`, tagged `$executeRaw\`…\``). */
export const JS_RAW_SQL_METHODS: ReadonlySet<string> = new Set([
  '$executeRawUnsafe',
  '$queryRawUnsafe',
  '$executeRaw',
  '$queryRaw',
]);
