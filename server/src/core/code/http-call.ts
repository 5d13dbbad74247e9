import type { CodeAction, CodeRange } from './model';
import { RUN_TIME } from './model';

/**
 * Where an HTTP client call keeps its request, by argument position (the client libraries'
 * signatures: `requests.delete(url, **kw)`, `requests.request(method, url)`, `axios.post(url,
 * data, config)`, `fetch(url, init)`, `superagent(method, url)`).
 */
export interface HttpCallShape {
  /**
   * The method the call always sends (`DELETE` for `requests.delete`), the argument naming it, or
   * `options`: the options' `method`, GET without one (`fetch`, `axios(config)`, `got(url, opts)`).
   */
  method: string | { arg: number } | 'options';
  /** The URL argument (an options object there, as in `axios({url})`, is read as the options). */
  url: number;
  /** A positional request body (`requests.post(url, data)`, `axios.post(url, data)`). */
  body?: number;
  /** The options object (`fetch(url, {method, body})`, `axios.get(url, config)`); JavaScript only. */
  options?: number;
  /**
   * The URL argument may be the options object instead (`axios(config)`, `http.request(options)`):
   * one only known at run time, with no options after it, leaves the method unknown too.
   */
  configFirst?: boolean;
}

/** The methods every client spells as a function or method of its own (RFC 9110 §9.3). */
const VERBS = ['get', 'head', 'options', 'delete', 'post', 'put', 'patch'] as const;

/** Methods `http-delete-request` judges, and a method only known at run time. */
const DELETING: ReadonlySet<string> = new Set(['DELETE', 'PURGE', RUN_TIME]);

/** Methods whose request carries a body by convention, so a client takes it as the next argument. */
const BODY_VERBS: ReadonlySet<string> = new Set(['post', 'put', 'patch']);

/**
 * The call names of one client: `PREFIX.get|head|options|delete|post|put|patch(url, …)`, with the
 * body argument after the URL for POST/PUT/PATCH when the client takes it there (`bodyArg`),
 * and `PREFIX.request(method, url, …)` when `request` names a generic call. `aliases` maps other
 * spellings of a verb (`superagent.del`).
 */
export function httpVerbs(
  prefix: string,
  opts: { bodyArg?: boolean; options?: { verb: number; bodyVerb: number }; aliases?: Record<string, string> },
): [string, HttpCallShape][] {
  const out: [string, HttpCallShape][] = VERBS.map((v) => {
    const body = BODY_VERBS.has(v) && opts.bodyArg ? { body: 1 } : {};
    const options = opts.options
      ? { options: BODY_VERBS.has(v) ? opts.options.bodyVerb : opts.options.verb }
      : {};
    return [`${prefix}.${v}`, { method: v.toUpperCase(), url: 0, ...body, ...options }];
  });
  for (const [alias, verb] of Object.entries(opts.aliases ?? {}))
    out.push([`${prefix}.${alias}`, { method: verb.toUpperCase(), url: 0 }]);
  return out;
}

/** `base` + `path` as the client joins them (`httpx.Client(base_url=…)`, `axios.create({baseURL})`). */
export function joinBase(base: string | undefined, path: string): string {
  if (base === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
  if (path === '') return base;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * The code action for one HTTP request read from code, or `undefined` when it is left out:
 * - a request without a body whose URL is wholly run-time and whose method is GET/HEAD/OPTIONS
 *   (curl would judge `curl "$URL"` as nothing);
 * - `opaque` when it writes (POST, PUT, PATCH…, or a body) to a URL wholly run-time without naming
 *   the file it sends: where the data goes cannot be known (curl's `curl -d @- "$URL"` would pass);
 * - DELETE, PURGE or a run-time method to such a URL stays a request, as curl's `-X DELETE "$URL"`;
 * - otherwise an `http` action, re-judged as the equivalent curl command.
 */
export function httpAction(r: {
  method: string;
  url: string;
  body: boolean;
  file?: string | undefined;
  data?: string | undefined;
  via: string;
  at: CodeRange;
  what: string;
}): CodeAction | undefined {
  const method = r.method.includes(RUN_TIME) ? RUN_TIME : r.method.toUpperCase();
  const unknownHost = r.url.startsWith(RUN_TIME);
  const safe = ['GET', 'HEAD', 'OPTIONS'].includes(method);
  if (unknownHost && safe && !r.body) return undefined;
  if (unknownHost && r.file === undefined && !DELETING.has(method))
    return { kind: 'opaque', what: r.what, via: r.via, at: r.at };
  return {
    kind: 'http',
    method,
    url: r.url,
    body: r.body,
    ...(r.file !== undefined ? { file: r.file } : {}),
    ...(r.file === undefined && r.data !== undefined ? { data: r.data } : {}),
    via: r.via,
    at: r.at,
  };
}
