import type { CommandFacts, Sink } from '../types';
import { dbConnection, dbDump } from './db-clients';
import type { ShellAnalysis, ShellCommand } from './model';
import { optionValue, readOptions } from './options';
import { hostOf } from './remote-wrappers';
import { TOOL_CATALOGUE, toolTargetSignals } from './tool-catalogue';

const URL_RE = /^(https?|ftps?|s3|gs|ssh|sftp|rsync|wss?):\/\//i;

/** `user@host:path` (scp/rsync remote operand); local paths and `./a:b` are not remote. */
function remoteOperand(v: string): string | undefined {
  if (URL_RE.test(v)) return hostOf(v);
  const m = /^(?:[^@/:\s]+@)?([A-Za-z0-9][\w.-]*):/.exec(v);
  return m?.[1];
}

/** curl(1) options whose value is sent (`@file` reads a file): -d/--data*, -F/--form, -T/--upload-file. */
function curlUploads(cmd: ShellCommand): string[] {
  const { options } = readOptions(cmd.argv, 1, {
    short: 'dFTHoXuAeEwxU',
    long: [
      'data',
      'data-binary',
      'data-raw',
      'data-urlencode',
      'form',
      'upload-file',
      'header',
      'output',
      'request',
      'user',
      'json',
      'proxy',
      'url',
    ],
  });
  const uploads: string[] = [];
  for (const o of options) {
    if (o.value === undefined) continue;
    if (o.name === 'T' || o.name === 'upload-file') uploads.push(o.value);
    else if (['d', 'data', 'data-binary', 'data-urlencode', 'json'].includes(o.name)) {
      uploads.push(o.value.startsWith('@') ? o.value.slice(1) : '');
    } else if (o.name === 'F' || o.name === 'form') {
      const file = /=[@<]([^;]*)/.exec(o.value);
      uploads.push(file?.[1] ?? '');
    }
  }
  return uploads;
}

function add(sinks: Sink[], sink: Sink): void {
  if (!sinks.some((s) => s.kind === sink.kind && s.target === sink.target && s.direction === sink.direction))
    sinks.push(sink);
}

/**
 * Facts about one command for policies and audit: the program (after unwrapping), the hosts it
 * talks to (ssh/scp/rsync destinations, URL hosts of curl/wget, nc targets, the hosts of database
 * and data-store tools from their host options, connection strings and `PGHOST`-style assignments
 * (`db-clients.ts`), `kubectl --context`, `aws --profile`, the remote of `ssh`/`kubectl exec`, and
 * the targets and environment selectors of the tools in `tool-catalogue/`, with variables exported
 * earlier in `analysis`), and
 * sinks: files written or read by redirections, network uploads (`curl -T/-d @/-F`,
 * `wget --post-file`, `nc`, `scp`/`rsync` to a remote), downloads, and the database servers a tool
 * talks to (`remote-db`, direction `in` for a dump read from it, `out` otherwise).
 */
export function commandFacts(cmd: ShellCommand, analysis?: ShellAnalysis): CommandFacts {
  const hosts = new Set<string>();
  const sinks: Sink[] = [];
  const values = cmd.argv.slice(1).map((w) => w.value);
  if (cmd.remote?.host) hosts.add(cmd.remote.host);
  for (const t of cmd.remote?.targets ?? []) hosts.add(t);
  for (const r of cmd.redirects) {
    if (/^(>|>>|&>|&>>|>\|)$/.test(r.op) && r.target !== '/dev/null')
      add(sinks, { kind: 'file', target: r.target, direction: 'out' });
    else if (r.op === '<') add(sinks, { kind: 'file', target: r.target, direction: 'in' });
  }
  const urls = values.filter((v): v is string => v !== undefined && URL_RE.test(v));
  switch (cmd.name) {
    case 'curl':
    case 'wget': {
      for (const u of urls) if (hostOf(u)) hosts.add(hostOf(u) ?? '');
      const uploads = cmd.name === 'curl' ? curlUploads(cmd) : [];
      const post = values.find((v) => v?.startsWith('--post-file=') || v?.startsWith('--body-file='));
      if (post) uploads.push(post.slice(post.indexOf('=') + 1));
      for (const u of urls)
        add(sinks, { kind: 'network', target: u, direction: uploads.length > 0 ? 'out' : 'in' });
      for (const f of uploads) if (f) add(sinks, { kind: 'file', target: f, direction: 'in' });
      break;
    }
    case 'nc':
    case 'ncat':
    case 'netcat':
    case 'telnet': {
      const { next } = readOptions(cmd.argv, 1, { short: 'pswixqIOTe' });
      const host = cmd.argv[next]?.value;
      if (host) {
        hosts.add(host);
        add(sinks, { kind: 'network', target: host, direction: 'out' });
      }
      break;
    }
    case 'scp':
    case 'rsync':
    case 'sftp': {
      const operands = values.filter((v): v is string => v !== undefined && !v.startsWith('-'));
      operands.forEach((v, i) => {
        const host = remoteOperand(v);
        if (!host) return;
        hosts.add(host);
        add(sinks, { kind: 'network', target: v, direction: i === operands.length - 1 ? 'out' : 'in' });
      });
      break;
    }
    case 'ssh': {
      const { next } = readOptions(cmd.argv, 1, { short: 'bcDEeFIiJLlmOopQRSWwB' });
      const host = hostOf(cmd.argv[next]?.value);
      if (host) {
        hosts.add(host);
        add(sinks, { kind: 'network', target: host, direction: 'out' });
      }
      break;
    }
    case 'kubectl':
    case 'aws': {
      const { options } = readOptions(cmd.argv, 1, {
        long: ['context', 'profile', 'cluster', 'region', 'endpoint-url'],
      });
      const named = optionValue(options, 'context', 'profile', 'cluster');
      const all = cmd.argv.map((w) => w.value ?? '');
      const flag = all.findIndex((v) => v === '--context' || v === '--profile');
      const value =
        named ??
        (flag >= 0 ? all[flag + 1] : undefined) ??
        all.find((v) => /^--(context|profile)=/.test(v))?.split('=')[1];
      if (value) hosts.add(value);
      for (const u of urls) add(sinks, { kind: 'network', target: u, direction: 'out' });
      break;
    }
    default: {
      const conn = dbConnection(cmd);
      for (const host of conn?.hosts ?? []) {
        hosts.add(host);
        add(sinks, { kind: 'remote-db', target: host, direction: dbDump(cmd) ? 'in' : 'out' });
      }
    }
  }
  // Targets of catalogued tools: `--url`/`-database` hosts, `--context`/`--project`/`-a` values,
  // and environment selectors as `NAME=value` (`RAILS_ENV=production`), see `toolTargetSignals`.
  for (const signal of toolTargetSignals(TOOL_CATALOGUE, cmd, analysis)) hosts.add(signal);
  return { program: cmd.name ?? '', hosts: [...hosts].sort(), sinks };
}
