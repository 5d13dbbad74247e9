import type { ShellCommand, ShellWord } from '../model';
import { readOptionsPermuted, type OptionSpec, type ParsedOption } from '../options';

/** An HTTP request read from a curl, wget, HTTPie, xh, curlie or lwp-request command line. */
export interface HttpRequest {
  /** The method, upper case; `undefined` when it is only known at run time (`curl -X "$M"`). */
  method: string | undefined;
  /** The word naming the method when one does (`-X DELETE`, HTTPie's `DELETE` operand). */
  methodWord?: ShellWord;
  urls: { url: string; word: ShellWord }[];
  /** URL operands built at run time (`curl -X DELETE "$API/users/1"`): their host is unknown. */
  dynamicUrls: ShellWord[];
  /** Request bodies given inline (`-d '…'`, `--json '…'`, httpie `query=…` items). */
  bodies: string[];
  /** The request goes through a local socket (`curl --unix-socket /var/run/docker.sock`), not the URL's host. */
  unixSocket?: string;
}

/** curl's options that take a value (curl(1), "OPTIONS"). */
const CURL_OPTIONS: OptionSpec = {
  short: 'AbcCdDeEFHKmoPQrtTuUwxXyYz',
  long: [
    'request',
    'data',
    'data-raw',
    'data-binary',
    'data-ascii',
    'data-urlencode',
    'json',
    'header',
    'output',
    'user',
    'form',
    'form-string',
    'url',
    'url-query',
    'user-agent',
    'referer',
    'cookie',
    'cookie-jar',
    'proxy',
    'proxy-user',
    'max-time',
    'connect-timeout',
    'retry',
    'retry-delay',
    'retry-max-time',
    'config',
    'upload-file',
    'write-out',
    'cert',
    'key',
    'cacert',
    'capath',
    'range',
    'resolve',
    'connect-to',
    'interface',
    'oauth2-bearer',
    'aws-sigv4',
    'limit-rate',
    'max-filesize',
    'dump-header',
    'trace',
    'trace-ascii',
    'stderr',
    'unix-socket',
    'abstract-unix-socket',
    'variable',
    'output-dir',
    'request-target',
  ],
};

/** GNU Wget's options that take a value (wget(1); Wget2 reads the same ones). */
const WGET_OPTIONS: OptionSpec = {
  short: 'OoaeiBtTwQPlARDIXU',
  long: [
    'method',
    'body-data',
    'body-file',
    'post-data',
    'post-file',
    'header',
    'output-document',
    'output-file',
    'append-output',
    'execute',
    'input-file',
    'base',
    'tries',
    'timeout',
    'wait',
    'quota',
    'directory-prefix',
    'level',
    'accept',
    'reject',
    'domains',
    'include-directories',
    'exclude-directories',
    'user-agent',
    'user',
    'password',
    'http-user',
    'http-password',
    'load-cookies',
    'save-cookies',
    'ca-certificate',
    'certificate',
    'private-key',
    'referer',
  ],
};

/** HTTPie's and xh's options that take a value (https://httpie.io/docs/cli, `xh --help`); `-v`, `-b` are flags. */
const HTTPIE_OPTIONS: OptionSpec = {
  short: 'aApos',
  long: [
    'auth',
    'auth-type',
    'print',
    'output',
    'session',
    'session-read-only',
    'style',
    'verify',
    'cert',
    'cert-key',
    'proxy',
    'timeout',
    'max-redirects',
    'default-scheme',
    'format-options',
    'pretty',
    'ssl',
    'ciphers',
    'boundary',
    'raw',
    'bearer',
  ],
};

/** lwp-request's options that take a value (lwp-request(1p)). */
const LWP_OPTIONS: OptionSpec = { short: 'mfbtiCpHcPo' };

/**
 * A word that names a URL or a bare host: `https://…`, `host/path`, `host:8080`, `api.example.com`,
 * `localhost`. curl and Wget take any operand as a URL (curl(1), "URL": "If you specify a URL
 * without protocol:// prefix, curl attempts to guess").
 */
function isUrl(v: string | undefined): boolean {
  return v !== undefined && /^([a-z][a-z0-9+.-]*:\/\/|[\w-]+(\.[\w-]+)*(:\d+)?(\/|$))/i.test(v);
}

/** The last option named one of `names`: its value, and whether it was given at all. */
function lastOption(
  options: readonly ParsedOption[],
  names: readonly string[],
): { given: boolean; value: string | undefined; word: ShellWord | undefined } {
  const o = [...options].reverse().find((x) => names.includes(x.name));
  return { given: o !== undefined, value: o?.value, word: o?.valueWord };
}

/** The method read from options (`-X DELETE`), or the default when none was given. */
function methodOf(
  options: readonly ParsedOption[],
  names: readonly string[],
  fallback: string,
): Pick<HttpRequest, 'method' | 'methodWord'> {
  const m = lastOption(options, names);
  if (!m.given) return { method: fallback };
  return {
    method: m.value?.toUpperCase(),
    ...(m.word ? { methodWord: m.word } : {}),
  };
}

/** Splits operands into literal URLs and URLs built at run time. */
function urlsOf(words: readonly ShellWord[]): Pick<HttpRequest, 'urls' | 'dynamicUrls'> {
  return {
    urls: words.filter((w) => isUrl(w.value)).map((word) => ({ url: word.value ?? '', word })),
    dynamicUrls: words.filter((w) => w.value === undefined),
  };
}

/** An HTTPie request item (`name=value`, `name:=json`, `Header:value`, `q==x`, `file@path`). */
const HTTPIE_ITEM = /^[\w.-]+(==|:=@|:=|=@|=|@)|^[\w-]+:(?!\d|\/\/)/;

/**
 * HTTPie/xh/curlie operands: `[METHOD] URL [ITEM…]`. The method is the first operand when a URL
 * follows it (https://httpie.io/docs/cli/http-method: "the METHOD argument is optional"; HTTPie
 * upper-cases it); with no method, a body item makes it POST.
 */
function httpieRequest(
  ops: readonly ShellWord[],
  method?: Pick<HttpRequest, 'method' | 'methodWord'>,
): HttpRequest {
  let i = 0;
  let m = method;
  const first = ops[0];
  const second = ops[1];
  if (
    first &&
    second &&
    (first.value === undefined || /^[A-Za-z]+$/.test(first.value)) &&
    (second.value === undefined || !HTTPIE_ITEM.test(second.value))
  ) {
    m = { method: first.value?.toUpperCase(), methodWord: first };
    i = 1;
  }
  const urlWord = ops[i];
  const items = ops.slice(i + 1).map((w) => w.value ?? '');
  const bodies = items.filter((v) => /^[\w-]+:?=/.test(v)).map((v) => v.replace(/^[\w-]+:?=/, ''));
  // `:3000/users` is HTTPie's shorthand for `http://localhost:3000/users`.
  const local = urlWord?.value?.startsWith(':')
    ? { url: `localhost${urlWord.value}`, word: urlWord }
    : undefined;
  const url = local
    ? { urls: [local], dynamicUrls: [] }
    : urlWord
      ? urlsOf([urlWord])
      : { urls: [], dynamicUrls: [] };
  return { ...(m ?? { method: bodies.length ? 'POST' : 'GET' }), ...url, bodies };
}

const CURL_BODIES = ['d', 'data', 'data-raw', 'data-binary', 'data-ascii', 'data-urlencode', 'json'];

/**
 * The method, URLs and inline bodies of an HTTP client call: curl (`-X/--request`, `-d`,
 * `--json`; POST when a body is given), Wget and Wget2 (`--method`, `--body-data`,
 * `--post-data`), HTTPie and xh (`http DELETE url`, `name=value` items;
 * https://httpie.io/docs/cli/request-items), curlie (curl's options, HTTPie's operands) and
 * lwp-request (`-m METHOD`, and its `GET`/`HEAD`/`POST` aliases). `undefined` for other programs.
 * Pure.
 */
export function httpRequest(cmd: ShellCommand): HttpRequest | undefined {
  const name = cmd.name;
  if (name === 'curl') {
    const r = readOptionsPermuted(cmd.argv, 1, CURL_OPTIONS);
    const bodies = r.options.filter((o) => CURL_BODIES.includes(o.name)).map((o) => o.value ?? '');
    const words = [
      ...r.operands.map((o) => o.word),
      ...r.options.filter((o) => o.name === 'url' && o.valueWord).map((o) => o.valueWord as ShellWord),
    ];
    const socket = lastOption(r.options, ['unix-socket', 'abstract-unix-socket']);
    return {
      ...methodOf(r.options, ['X', 'request'], bodies.length > 0 ? 'POST' : 'GET'),
      ...urlsOf(words),
      bodies,
      ...(socket.given ? { unixSocket: socket.value ?? '(run-time path)' } : {}),
    };
  }
  if (name === 'curlie') {
    const r = readOptionsPermuted(cmd.argv, 1, CURL_OPTIONS);
    const m = lastOption(r.options, ['X', 'request']);
    return httpieRequest(
      r.operands.map((o) => o.word),
      m.given ? methodOf(r.options, ['X', 'request'], 'GET') : undefined,
    );
  }
  if (name === 'wget' || name === 'wget2') {
    const r = readOptionsPermuted(cmd.argv, 1, WGET_OPTIONS);
    const bodies = r.options
      .filter((o) => ['body-data', 'post-data'].includes(o.name))
      .map((o) => o.value ?? '');
    const posts = bodies.length > 0 || r.options.some((o) => ['body-file', 'post-file'].includes(o.name));
    return {
      ...methodOf(r.options, ['method'], posts ? 'POST' : 'GET'),
      ...urlsOf(r.operands.map((o) => o.word)),
      bodies,
    };
  }
  if (name === 'http' || name === 'https' || name === 'xh' || name === 'xhs') {
    const r = readOptionsPermuted(cmd.argv, 1, HTTPIE_OPTIONS);
    return httpieRequest(r.operands.map((o) => o.word));
  }
  if (name === 'lwp-request' || name === 'GET' || name === 'HEAD' || name === 'POST') {
    const r = readOptionsPermuted(cmd.argv, 1, LWP_OPTIONS);
    return {
      ...methodOf(r.options, ['m'], name === 'lwp-request' ? 'GET' : name),
      ...urlsOf(r.operands.map((o) => o.word)),
      bodies: [],
    };
  }
  return undefined;
}

/** `gh api` / `glab api` options that take a value (https://cli.github.com/manual/gh_api). */
const FORGE_API_OPTIONS: OptionSpec = {
  short: 'XfFHRgqtp',
  long: [
    'method',
    'field',
    'raw-field',
    'header',
    'jq',
    'template',
    'repo',
    'hostname',
    'input',
    'cache',
    'preview',
  ],
};

/**
 * The method and endpoint of `gh api` / `glab api` (`-X/--method`, GET by default, POST with
 * fields), or `undefined` for other commands. Their DELETEs are catalogue verbs; a method only
 * known at run time (`gh api -X "$M" …`) is read here. Pure.
 */
export function forgeApiRequest(
  cmd: ShellCommand,
): { method: string | undefined; endpoint: ShellWord | undefined } | undefined {
  if (cmd.name !== 'gh' && cmd.name !== 'glab') return undefined;
  const r = readOptionsPermuted(cmd.argv, 1, FORGE_API_OPTIONS);
  if (r.operands[0]?.word.value !== 'api') return undefined;
  const fields = r.options.some((o) => ['f', 'F', 'field', 'raw-field'].includes(o.name));
  return {
    ...methodOf(r.options, ['X', 'method'], fields ? 'POST' : 'GET'),
    endpoint: r.operands[1]?.word,
  };
}

/** Host, port and path of a URL (`api.github.com`, 443, `/repos/o/r`); scheme optional. */
export function urlParts(url: string): { host: string; port: number | undefined; path: string } | undefined {
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(?:[^@/]*@)?(\[[^\]]*\]|[^/:?#]+)(?::(\d+))?([^?#]*)/i.exec(url);
  if (!m?.[2]) return undefined;
  return { host: m[2].toLowerCase(), port: m[3] ? Number(m[3]) : undefined, path: m[4] ?? '' };
}
