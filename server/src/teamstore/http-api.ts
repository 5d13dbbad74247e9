import type { IncomingMessage, ServerResponse } from 'node:http';
import { walkLineage, type Direction } from './lineage-graph';
import type { EventStore } from './store';

/**
 * The team store's HTTP query API (JSON answers):
 * - `GET /healthz` → `{"status":"ok","store":"postgresql"|"file"}` (no token needed).
 * - `GET /api/v1/lineage?dataset=NAMESPACE/NAME&direction=upstream|downstream&depth=N` → a
 *   {@link import('./lineage-graph').LineageGraph}. The dataset splits at its LAST `/` (namespaces such as
 *   `postgres://db:5432` hold slashes, names do not); `namespace=` + `name=` may be given instead.
 *   Direction defaults to `downstream`, depth to 1 (1..20).
 * - `GET /api/v1/events?actor=&agent=&since=&until=&limit=` → `{"events":[{id,receivedAt,event}]}`,
 *   oldest first; since/until ISO 8601 (until exclusive); limit 1..1000, default 100.
 * Errors: 400 bad parameter, 401 missing/wrong token, 404, 405 (`{"error": message}`).
 */

const MAX_DEPTH = 20;
const MAX_LIMIT = 1000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function intParam(q: URLSearchParams, name: string, def: number, min: number, max: number): number {
  const v = q.get(name);
  if (v === null || v === '') return def;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new HttpError(400, `${name} must be an integer in ${min}..${max}`);
  }
  return Number(v);
}

function timeParam(q: URLSearchParams, name: string): Date | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new HttpError(400, `${name} must be an ISO 8601 time`);
  return d;
}

function datasetParam(q: URLSearchParams): { namespace: string; name: string } {
  const ns = q.get('namespace');
  const name = q.get('name');
  if (ns && name) return { namespace: ns, name };
  const ds = q.get('dataset') ?? '';
  const cut = ds.lastIndexOf('/');
  if (cut <= 0 || cut === ds.length - 1) throw new HttpError(400, 'dataset must be NAMESPACE/NAME');
  return { namespace: ds.slice(0, cut), name: ds.slice(cut + 1) };
}

/**
 * Answers one HTTP request. `authorized` says whether the request carried the right token.
 * Never throws: store errors become 500 answers.
 */
export async function handleHttp(
  store: EventStore,
  req: IncomingMessage,
  res: ServerResponse,
  authorized: boolean,
): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'only GET is supported');
    if (url.pathname === '/healthz') return send(res, 200, { status: 'ok', store: store.kind });
    if (!authorized) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="railguard-team-store"');
      throw new HttpError(401, 'missing or wrong bearer token');
    }
    const q = url.searchParams;
    if (url.pathname === '/api/v1/lineage') {
      const direction = (q.get('direction') ?? 'downstream') as Direction;
      if (direction !== 'upstream' && direction !== 'downstream') {
        throw new HttpError(400, 'direction must be upstream or downstream');
      }
      const depth = intParam(q, 'depth', 1, 1, MAX_DEPTH);
      return send(res, 200, await walkLineage(store, datasetParam(q), direction, depth));
    }
    if (url.pathname === '/api/v1/events') {
      const since = timeParam(q, 'since');
      const until = timeParam(q, 'until');
      const events = await store.queryEvents({
        ...(q.get('actor') ? { actor: q.get('actor') ?? '' } : {}),
        ...(q.get('agent') ? { agent: q.get('agent') ?? '' } : {}),
        ...(since ? { since } : {}),
        ...(until ? { until } : {}),
        limit: intParam(q, 'limit', 100, 1, MAX_LIMIT),
      });
      return send(res, 200, { events });
    }
    throw new HttpError(404, `no route ${url.pathname}`);
  } catch (e) {
    if (e instanceof HttpError) return send(res, e.status, { error: e.message });
    return send(res, 500, { error: 'internal error' });
  }
}
