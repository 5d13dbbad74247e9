import type { ToolEntry, VerbEntry } from './model';

/**
 * Tunnels (issue 9 §5, remote control): programs that publish a port of this machine on a public
 * address (`ngrok tcp 22`, `cloudflared tunnel --url`, `lt --port`, `bore local`, `tailscale
 * funnel`). Whoever finds the address reaches the service, an SSH server or a database, from
 * outside every firewall: remote access granted to the host, so a `grant` on a `host`. Listing,
 * logging in and configuring stay quiet.
 */

/** The shared meaning of every tunnel verb. */
const EXPOSE: Pick<VerbEntry, 'effect' | 'resource' | 'resourceKind' | 'category'> = {
  effect: 'grant',
  resource: 'local port',
  resourceKind: 'host',
  category: 'privilege',
};

const ngrok: ToolEntry = {
  id: 'ngrok',
  family: 'tunnels',
  title: 'ngrok',
  programs: ['ngrok'],
  options: {
    long: [
      'authtoken',
      'config',
      'region',
      'url',
      'domain',
      'hostname',
      'subdomain',
      'log',
      'log-format',
      'log-level',
      'basic-auth',
      'oauth',
      'remote-addr',
      'traffic-policy-file',
      'host-header',
      'cidr-allow',
    ],
  },
  verbs: [
    {
      path: ['/^(http|tcp|tls)$/'],
      what: 'publishes a local port on a public ngrok address',
      ...EXPOSE,
      example: 'ngrok tcp 22',
    },
    {
      path: ['/^(start|tunnel)$/'],
      what: 'starts the tunnels of its configuration, publishing local ports',
      ...EXPOSE,
      example: 'ngrok start --all',
    },
  ],
  safe: ['ngrok config add-authtoken 2abc', 'ngrok version', 'ngrok diagnose', 'ngrok --help'],
  sources: [
    'https://ngrok.com/docs/agent/cli/',
    'https://attack.mitre.org/techniques/T1572/',
    'https://www.huntress.com/blog/abusing-ngrok-for-remote-access',
  ],
};

const cloudflared: ToolEntry = {
  id: 'cloudflared',
  family: 'tunnels',
  title: 'Cloudflare Tunnel (cloudflared)',
  programs: ['cloudflared'],
  options: {
    long: [
      'url',
      'config',
      'credentials-file',
      'hostname',
      'loglevel',
      'logfile',
      'token',
      'name',
      'protocol',
    ],
  },
  verbs: [
    {
      path: ['tunnel'],
      flags: ['--url'],
      what: 'publishes a local service on a public trycloudflare.com address',
      ...EXPOSE,
      example: 'cloudflared tunnel --url http://localhost:5432',
    },
    {
      path: ['tunnel', 'run'],
      what: 'runs a named tunnel, publishing the local services its configuration names',
      ...EXPOSE,
      example: 'cloudflared tunnel run --token eyJh',
    },
  ],
  safe: [
    'cloudflared tunnel list',
    'cloudflared --version',
    'cloudflared access login https://app.example.com',
  ],
  sources: [
    'https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/do-more-with-tunnels/trycloudflare/',
    'https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/configure-tunnels/cloudflared-parameters/run-parameters/',
    'https://attack.mitre.org/techniques/T1572/',
  ],
};

const localtunnel: ToolEntry = {
  id: 'localtunnel',
  family: 'tunnels',
  title: 'localtunnel (lt)',
  programs: ['lt', 'localtunnel'],
  options: { short: 'psh', long: ['port', 'subdomain', 'host', 'local-host', 'local-cert', 'local-key'] },
  verbs: [
    {
      path: [],
      flags: ['--port', '-p'],
      what: 'publishes a local port on a public loca.lt address',
      ...EXPOSE,
      example: 'npx localtunnel --port 8080',
    },
  ],
  safe: ['lt --help', 'lt --version'],
  sources: [
    'https://github.com/localtunnel/localtunnel#cli-usage',
    'https://attack.mitre.org/techniques/T1572/',
  ],
};

const bore: ToolEntry = {
  id: 'bore',
  family: 'tunnels',
  title: 'bore',
  programs: ['bore'],
  options: { short: 'tps', long: ['to', 'port', 'secret', 'local-host'] },
  verbs: [
    {
      path: ['local'],
      what: 'publishes a local port on a public bore server',
      ...EXPOSE,
      example: 'bore local 5432 --to bore.pub',
    },
  ],
  safe: ['bore --help', 'bore server --min-port 40000'],
  sources: ['https://github.com/ekzhang/bore#usage'],
};

const tailscale: ToolEntry = {
  id: 'tailscale-funnel',
  family: 'tunnels',
  title: 'Tailscale Funnel',
  programs: ['tailscale'],
  options: { long: ['bg', 'set-path', 'https', 'tcp', 'tls-terminated-tcp'] },
  verbs: [
    {
      path: ['funnel', '/^([0-9]+|https?:\\/\\/.*|[a-z0-9.-]+:[0-9]+)$/'],
      what: 'publishes a local port on the public internet through Tailscale Funnel',
      ...EXPOSE,
      example: 'tailscale funnel 3000',
    },
  ],
  safe: ['tailscale funnel status', 'tailscale funnel reset', 'tailscale status', 'tailscale serve 3000'],
  sources: ['https://tailscale.com/kb/1311/tailscale-funnel'],
};

/** The tunnel entries. */
export const TUNNEL_TOOLS: readonly ToolEntry[] = [ngrok, cloudflared, localtunnel, bore, tailscale];
