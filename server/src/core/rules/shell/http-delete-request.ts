import { LOOPBACK_HOST } from '../../shell/control-surface';
import type { ShellWord } from '../../shell/model';
import { forgeApiRequest, httpRequest, urlParts } from '../../shell/tool-catalogue';
import type { ActionEffect } from '../../types';
import { defineShellRule } from '../rule';
import { matchesOf } from './util/catalogue';

/**
 * HTTP methods that remove what the URL names, with what they do. DELETE: RFC 9110 §9.3.5 ("the
 * origin server remove the association between the target resource and its current
 * functionality"); PURGE: the cache-invalidation method of Varnish, Fastly and Squid
 * (https://varnish-cache.org/docs/trunk/users-guide/purging.html,
 * https://www.fastly.com/documentation/reference/api/purging/), which empties a cache in front of
 * an origin in one request. POST, PUT and PATCH are left out: they are everyday writes, and the
 * destroying ones of known APIs are catalogue entries.
 */
const DESTROYING_METHODS: Readonly<Record<string, string>> = {
  DELETE: 'deletes the resource at that URL',
  PURGE: 'evicts the cached copies at that URL (the origin takes their load)',
};

/** Whether requests to `host` stay on this machine (`localhost`, 127.0.0.0/8, `::1`, `*.localhost`). */
function loopback(host: string): boolean {
  return LOOPBACK_HOST.test(host) || host === '::1' || host.endsWith('.localhost');
}

/**
 * A DELETE (or PURGE) request sent with curl, Wget, HTTPie, xh, curlie or lwp-request to an API
 * the tool catalogue does not know: on a remote host it removes a remote resource whose worth is
 * unknown; on this machine (loopback) a local service's. Requests to catalogued APIs (hosting
 * control planes, Elasticsearch) are `destructive-tool-verb`'s. A method or URL computed at run
 * time (`curl -X "$M"`, `curl -X DELETE "$API/x"`) may be the same and is reported too.
 */
export default defineShellRule({
  meta: {
    id: 'http-delete-request',
    title: 'An HTTP DELETE to an API the catalogue does not know',
    category: 'data-loss',
    severity: 'warning',
    docs: {
      description:
        'Flags DELETE and PURGE requests (curl, Wget, HTTPie, xh, curlie, lwp-request) to URLs outside the tool catalogue, and requests whose method is computed at run time (those clients, `gh api`, `glab api`).',
      problem:
        'A REST API deletes with one request: `curl -X DELETE https://api.example.com/v1/projects/42` ' +
        'removes a project, a customer or a bucket as surely as a `DROP`, and an agent reaches any API ' +
        'whose token is in its environment. Railguard knows the hosting control planes and search ' +
        'clusters by name; for every other API it cannot tell a cache entry from a tenant, so the ' +
        'request is shown. A method held in a variable (`-X "$M"`) may be DELETE as well.',
      solution:
        'Delete through the service’s own reviewed tooling, or let a human run the request. Outside ' +
        'production the default policy only warns; requests to this machine (`localhost`) are ' +
        'allowed there. A workspace policy can allow a known API by rule id and environment.',
    },
    messages: {
      remote: '`{{method}} {{url}}` {{what}} on a remote API ({{tool}}).',
      local: '`{{method}} {{url}}` {{what}} on a service of this machine ({{tool}}).',
      socket: '`{{method}} {{url}}` through the socket `{{socket}}` {{what}} ({{tool}}).',
      dynamicUrl: '`{{method}} {{url}}`: the URL is only known at run time; the request {{what}} ({{tool}}).',
      dynamicMethod:
        '`{{tool}}` sends a request to `{{url}}` with a method only known at run time (it may be DELETE).',
    },
    controls: ['SOC2:CC8.1', 'NIST:CM-5', 'NIST:CP-9'],
    sources: [
      'https://www.rfc-editor.org/rfc/rfc9110#name-delete',
      'https://curl.se/docs/manpage.html#-X',
      'https://www.gnu.org/software/wget/manual/wget.html#index-HTTP-method',
      'https://httpie.io/docs/cli/http-method',
      'destructive-tool-verb',
    ],
    examples: {
      valid: [
        'curl https://api.example.com/v1/projects/42',
        'curl -X POST https://api.example.com/v1/projects -d "{}"',
        'http PUT https://api.example.com/users/1 name=x',
        'curl -X DELETE https://api.vercel.com/v9/projects/shop',
        'wget -qO- https://example.com/install.sh',
      ],
      invalid: [
        'curl -X DELETE https://api.example.com/v1/projects/42',
        'curl -sXDELETE api.example.com/users/1',
        'http DELETE https://api.example.com/users/1',
        'wget --method=DELETE https://api.example.com/users/1',
        'curl -X PURGE https://cdn.example.com/',
        'curl -X "$METHOD" https://api.example.com/users/1',
        'gh api -X "$M" repos/acme/shop',
        'curl -X DELETE http://localhost:8080/users/1',
        'curl --unix-socket /var/run/docker.sock -X DELETE "http://localhost/containers/db?force=true"',
      ],
    },
  },
  check(cmd, analysis, report) {
    const forge = forgeApiRequest(cmd);
    if (forge && forge.method === undefined) {
      const url = forge.endpoint?.raw ?? '';
      report({
        messageId: 'dynamicMethod',
        data: { tool: `${cmd.name ?? ''} api`, url },
        ...(forge.endpoint ? { span: forge.endpoint.span } : {}),
        effects: [
          { verb: 'destroy', resource: { kind: 'datastore', id: url }, via: `$METHOD ${cmd.name ?? ''} api` },
        ],
      });
      return;
    }
    const req = httpRequest(cmd);
    if (!req) return;
    const tool = cmd.name ?? 'curl';
    const what = req.method === undefined ? undefined : DESTROYING_METHODS[req.method];
    if (req.method !== undefined && what === undefined) return;
    const known = new Set(matchesOf(cmd, analysis).http.map((h) => h.url));
    const effect = (id: string | undefined, dynamic = false): ActionEffect => ({
      verb: 'destroy',
      resource: { kind: 'datastore', id, ...(dynamic ? { dynamic } : {}) },
      sink: { kind: 'network', target: id, direction: 'out' },
      via: `${req.method ?? '$METHOD'} ${tool}`,
    });
    const targets: { url: string; word: ShellWord; dynamic: boolean }[] = [
      ...req.urls.filter((u) => !known.has(u.url)).map((u) => ({ ...u, dynamic: false })),
      ...req.dynamicUrls.map((word) => ({ url: word.raw, word, dynamic: true })),
    ];
    for (const t of targets) {
      const host = t.dynamic ? undefined : urlParts(t.url)?.host;
      const local = host !== undefined && loopback(host) && req.unixSocket === undefined;
      const data = {
        method: req.method ?? '',
        url: t.url,
        what: what ?? '',
        tool,
        socket: req.unixSocket ?? '',
      };
      const common = {
        span: t.word.span,
        effects: [effect(t.dynamic ? t.word.staticPrefix : t.url, t.dynamic)],
        // Loopback requests are `info`: the default policy allows them outside production.
        ...(local ? { severity: 'info' as const } : {}),
      };
      if (req.method === undefined) report({ messageId: 'dynamicMethod', data, ...common });
      else if (t.dynamic) report({ messageId: 'dynamicUrl', data, ...common });
      else if (req.unixSocket !== undefined) report({ messageId: 'socket', data, ...common });
      else report({ messageId: local ? 'local' : 'remote', data, ...common });
    }
  },
});
