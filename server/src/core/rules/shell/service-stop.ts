import type { ShellCommand, ShellWord } from '../../shell/model';
import { dataService, serviceActions, type ServiceAction } from '../../shell/service-managers';
import type { ActionEffect } from '../../types';
import { defineShellRule } from '../rule';

/** The command as the finding names it, in the manager's own word order. */
function commandText(cmd: ShellCommand, a: ServiceAction, name: ShellWord | undefined): string {
  const n = name?.raw ?? '';
  const verb = a.verbWord.value ?? a.verbWord.raw;
  if (a.names[0] === cmd.argv[0]) return `${cmd.argv[0]?.value ?? ''} ${verb}`;
  if (a.manager.layout === 'name-first') return `${cmd.name ?? ''} ${n} ${verb}`.trim();
  return [cmd.name ?? '', ...(a.manager.prefix ?? []), verb, n].join(' ').trim();
}

/** The name a finding shows: an init script's basename (`/etc/init.d/mysql` ⇒ `mysql`). */
function shownName(w: ShellWord): string {
  return (w.value ?? w.raw).replace(/^\/etc\/(rc\.d\/)?(init\.d|rc\.d)\//, '');
}

function effectOf(a: ServiceAction, name: string | undefined, tool: string): ActionEffect {
  return {
    verb: a.verb.kind === 'remove' ? 'destroy' : 'disable',
    resource: { kind: 'process', id: name === undefined ? undefined : `service:${name}` },
    via: tool,
  };
}

/**
 * Stopping, disabling or uninstalling a service with a service or package manager: `systemctl
 * stop|kill|disable|mask`, `service NAME stop`, `rc-service`, `/etc/init.d/NAME stop`,
 * `launchctl unload|bootout`, `brew services stop`, `sv down`, `supervisorctl stop`, `pm2 stop`,
 * `apt-get remove|purge`, `dnf|yum|zypper remove`, `apk del`, `dpkg -r|-P`, `rpm -e`, `pacman -R`,
 * and powering off or isolating the machine. Database and data services (PostgreSQL, MySQL,
 * Redis, MongoDB, Elasticsearch, Kafka, the container runtime…) are named and reported as errors;
 * their restart is reported too (every client connection is cut, as `heroku pg:killall` does),
 * other services' restarts are not (they come back by themselves). Table-driven: `shell/service-managers.ts`.
 */
export default defineShellRule({
  meta: {
    id: 'service-stop',
    title: 'Stopping, disabling or uninstalling a service',
    category: 'lock',
    severity: 'warning',
    docs: {
      description:
        'Flags service managers stopping, disabling or masking services, package managers uninstalling them, and powering off the machine; database and data services by name.',
      problem:
        '`systemctl stop postgresql`, `service redis-server stop`, `pg_ctlcluster 15 main stop` or ' +
        '`apt-get purge -y mysql-server` take a production service down with one line: every client ' +
        'loses its connection, in-flight transactions are rolled back, and an uninstalled server ' +
        'does not come back with a restart. An agent fixing a "port in use" error or freeing memory ' +
        'reaches for exactly these commands.',
      solution:
        'Stop or remove production services through a reviewed change (a maintenance window, ' +
        'configuration management). Restart instead of stop when a reload is what you need; for ' +
        'databases, cancel the one runaway query rather than the server.',
    },
    messages: {
      service: '`{{command}}` {{what}} `{{name}}` ({{manager}}).',
      data: '`{{command}}` {{what}} `{{name}}`, {{service}} ({{manager}}).',
      every: '`{{command}}` {{what}} ({{manager}}).',
      dynamic: '`{{command}}` {{what}} a service named only at run time ({{manager}}).',
    },
    controls: ['SOC2:A1.2', 'NIST:CM-3'],
    sources: [
      'https://www.freedesktop.org/software/systemd/man/latest/systemctl.html',
      'https://manpages.debian.org/bookworm/init-system-helpers/service.8.en.html',
      'https://manpages.debian.org/bookworm/apt/apt-get.8.en.html',
      'tool-downtime',
    ],
    examples: {
      valid: [
        'systemctl status postgresql',
        'systemctl restart nginx',
        'service --status-all',
        'apt-get install -y postgresql',
        'apt-get remove --simulate nginx',
        'brew services list',
        'dpkg -l postgresql',
      ],
      invalid: [
        'systemctl stop postgresql',
        'sudo service postgresql stop',
        '/etc/init.d/mysql stop',
        'systemctl restart postgresql@15-main',
        'brew services stop redis',
        'apt-get remove -y postgresql',
        'dpkg -r postgresql',
        'systemctl disable --now nginx',
      ],
    },
  },
  check(cmd, _analysis, report) {
    for (const a of serviceActions(cmd)) {
      const tool = cmd.name ?? '';
      const base = { what: a.verb.what, manager: a.manager.title };
      const every = a.verb.kind === 'host' || a.names.length === 0 || a.names.some((n) => n.value === 'all');
      if (every) {
        if (a.verb.kind !== 'host' && a.verb.kind !== 'remove' && !a.names.some((n) => n.value === 'all'))
          continue;
        const what =
          a.verb.kind === 'host' || a.names.length === 0 ? a.verb.what : `${a.verb.what} every service`;
        report({
          messageId: 'every',
          data: { ...base, what, command: commandText(cmd, a, a.names[0]) },
          span: a.verbWord.span,
          effects: [effectOf(a, '*', tool)],
        });
        continue;
      }
      for (const n of a.names) {
        const command = commandText(cmd, a, n);
        if (n.value === undefined) {
          report({
            messageId: 'dynamic',
            data: { ...base, command },
            span: n.span,
            effects: [effectOf(a, undefined, tool)],
          });
          continue;
        }
        const name = shownName(n);
        const service = dataService(name);
        if (a.verb.kind === 'restart' && service === undefined) continue;
        report({
          messageId: service ? 'data' : 'service',
          data: { ...base, command, name, service: service ?? '' },
          span: n.span,
          ...(service && a.verb.kind !== 'restart' ? { severity: 'error' as const } : {}),
          effects: [effectOf(a, name, tool)],
        });
      }
    }
  },
});
