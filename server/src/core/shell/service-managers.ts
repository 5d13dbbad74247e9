import type { ShellCommand, ShellWord } from './model';
import { readOptionsPermuted, type OptionSpec } from './options';

/**
 * Service managers and package managers × the verbs that take a service down, as data: which
 * words of a command name the verb and which the services, what the verb does, and the manual
 * page each layout comes from. Read by the `service-stop` rule (every service, databases named)
 * and by `control-process-kill` (a Railguard service).
 */

/** What a verb does to the services it names. */
export type ServiceVerbKind =
  /** Stops it now (`systemctl stop`, `service x stop`, `launchctl unload`). */
  | 'stop'
  /** Keeps it from starting again (`systemctl disable|mask`, `update-rc.d x remove`). */
  | 'disable'
  /** Stops and starts it again: every client connection is cut (reported for data services only). */
  | 'restart'
  /** Uninstalls the package that provides it (`apt-get remove`, `dpkg -r`). */
  | 'remove'
  /** Stops every service of the machine (`systemctl poweroff|isolate`). */
  | 'host';

/** One verb of a manager: its words and what it does, as a sentence fragment (`stops`). */
export interface ServiceVerb {
  words: readonly string[];
  kind: ServiceVerbKind;
  what: string;
}

/**
 * Where a manager's command line names the verb and the services:
 * - `verb-first`: `systemctl [OPTIONS] VERB NAME…`, `apt-get remove NAME…` (after `prefix` words:
 *   `brew services stop NAME`);
 * - `name-first`: `service NAME VERB`, `rc-service NAME VERB`, `invoke-rc.d NAME VERB`;
 * - `option`: the verb is an option and the names are the operands (`dpkg -r NAME`, `pacman -Rns NAME`,
 *   `rpm -e NAME`).
 */
export type ServiceLayout = 'verb-first' | 'name-first' | 'option';

/** One service or package manager. */
export interface ServiceManager {
  id: string;
  title: string;
  programs: readonly string[];
  layout: ServiceLayout;
  /** Words before the verb (`services` of `brew services`). */
  prefix?: readonly string[];
  options?: OptionSpec;
  verbs: readonly ServiceVerb[];
  /** For `option` layouts: option letters (short, in a cluster) and long names, per verb. */
  optionVerbs?: readonly { short?: string; long?: readonly string[]; verb: ServiceVerb }[];
  /** Only the first word after the verb names a service (`rc-update del NAME [RUNLEVEL]`). */
  singleName?: boolean;
  /** Options (names as read: `s`, `simulate`) that make the command a dry run. */
  unless?: readonly string[];
  sources: readonly string[];
}

const stop = (...words: string[]): ServiceVerb => ({ words, kind: 'stop', what: 'stops' });
const disable = (what: string, ...words: string[]): ServiceVerb => ({ words, kind: 'disable', what });
const restart = (...words: string[]): ServiceVerb => ({ words, kind: 'restart', what: 'restarts' });
const remove = (what: string, ...words: string[]): ServiceVerb => ({ words, kind: 'remove', what });
const REMOVES = 'uninstalls the package providing';

/** The service managers and package managers. */
export const SERVICE_MANAGERS: readonly ServiceManager[] = [
  {
    id: 'systemd',
    title: 'systemd',
    programs: ['systemctl'],
    layout: 'verb-first',
    options: {
      short: 'HMtspnoP',
      long: [
        'host',
        'machine',
        'type',
        'signal',
        'property',
        'lines',
        'output',
        'kill-whom',
        'kill-value',
        'root',
        'image',
        'job-mode',
        'state',
        'what',
        'timestamp',
        'when',
        'message',
        'reboot-argument',
        'boot-loader-entry',
        'boot-loader-menu',
      ],
    },
    verbs: [
      stop('stop', 'kill', 'freeze'),
      disable('disables the start at boot of', 'disable'),
      disable('blocks every start of', 'mask'),
      restart('restart', 'try-restart', 'reload-or-restart', 'try-reload-or-restart', 'condrestart'),
      {
        words: ['poweroff', 'halt', 'reboot', 'kexec', 'rescue', 'emergency', 'isolate', 'soft-reboot'],
        kind: 'host',
        what: 'stops every service of the machine',
      },
    ],
    sources: ['https://www.freedesktop.org/software/systemd/man/latest/systemctl.html'],
  },
  {
    id: 'sysvinit-service',
    title: 'SysV init service / OpenRC / invoke-rc.d',
    programs: ['service', 'rc-service', 'invoke-rc.d'],
    layout: 'name-first',
    verbs: [
      stop('stop', 'force-stop', 'zap'),
      restart('restart', 'force-reload', 'try-restart', 'condrestart'),
    ],
    sources: [
      'https://manpages.debian.org/bookworm/init-system-helpers/service.8.en.html',
      'https://manpages.debian.org/bookworm/init-system-helpers/invoke-rc.d.8.en.html',
      'https://man.archlinux.org/man/rc-service.8',
    ],
  },
  {
    id: 'boot-links',
    title: 'init boot links (update-rc.d, chkconfig, rc-update)',
    programs: ['update-rc.d', 'chkconfig'],
    layout: 'name-first',
    options: { long: ['level'] },
    verbs: [disable('disables the start at boot of', 'remove', 'disable', 'off')],
    sources: [
      'https://manpages.debian.org/bookworm/init-system-helpers/update-rc.d.8.en.html',
      'https://linux.die.net/man/8/chkconfig',
    ],
  },
  {
    id: 'openrc-update',
    title: 'OpenRC rc-update',
    programs: ['rc-update'],
    layout: 'verb-first',
    singleName: true,
    verbs: [disable('removes the start at boot of', 'del', 'delete')],
    sources: ['https://man.archlinux.org/man/rc-update.8'],
  },
  {
    id: 'launchd',
    title: 'launchd',
    programs: ['launchctl'],
    layout: 'verb-first',
    verbs: [
      stop('unload', 'bootout', 'remove', 'stop', 'kill'),
      disable('disables the start at boot of', 'disable'),
      restart('kickstart'),
    ],
    sources: ['https://keith.github.io/xcode-man-pages/launchctl.1.html'],
  },
  {
    id: 'brew-services',
    title: 'Homebrew services',
    programs: ['brew'],
    prefix: ['services'],
    layout: 'verb-first',
    verbs: [stop('stop', 'kill'), restart('restart')],
    sources: ['https://docs.brew.sh/Manpage#services-subcommand'],
  },
  {
    id: 'runit',
    title: 'runit sv',
    programs: ['sv'],
    layout: 'verb-first',
    options: { short: 'w' },
    verbs: [
      stop('down', 'd', 'stop', 'kill', 'k', 'exit', 'x', 'force-stop', 'force-shutdown', 'shutdown'),
      restart('restart', 't', 'force-restart', 'force-reload'),
    ],
    sources: ['https://smarden.org/runit/sv.8'],
  },
  {
    id: 'supervisor',
    title: 'Supervisor',
    programs: ['supervisorctl'],
    layout: 'verb-first',
    options: {
      short: 'csuprw',
      long: ['configuration', 'serverurl', 'username', 'password', 'history-file'],
    },
    verbs: [stop('stop', 'remove', 'shutdown'), restart('restart')],
    sources: ['https://supervisord.org/running.html#supervisorctl-actions'],
  },
  {
    id: 'pm2',
    title: 'PM2',
    programs: ['pm2'],
    layout: 'verb-first',
    verbs: [stop('stop', 'delete', 'del', 'kill'), restart('restart')],
    sources: ['https://pm2.keymetrics.io/docs/usage/process-management/'],
  },
  {
    id: 'apt',
    title: 'APT',
    programs: ['apt-get', 'apt', 'aptitude'],
    layout: 'verb-first',
    options: { short: 'oct', long: ['option', 'config-file', 'target-release', 'default-release'] },
    unless: ['s', 'simulate', 'dry-run', 'just-print', 'no-act', 'recon'],
    verbs: [
      remove(REMOVES, 'remove', 'purge'),
      remove('uninstalls packages nothing depends on any more', 'autoremove', 'autopurge'),
    ],
    sources: ['https://manpages.debian.org/bookworm/apt/apt-get.8.en.html'],
  },
  {
    id: 'dnf',
    title: 'DNF / YUM / zypper / apk',
    programs: ['dnf', 'yum', 'microdnf', 'zypper', 'apk'],
    layout: 'verb-first',
    options: {
      short: 'cdeRx',
      long: [
        'config',
        'setopt',
        'enablerepo',
        'disablerepo',
        'repo',
        'releasever',
        'installroot',
        'exclude',
        'root',
        'repositories-file',
      ],
    },
    unless: ['assumeno', 'dry-run', 'simulate', 's'],
    verbs: [
      remove(REMOVES, 'remove', 'erase', 'rm', 'del'),
      remove('uninstalls packages nothing depends on any more', 'autoremove'),
    ],
    sources: [
      'https://dnf.readthedocs.io/en/latest/command_ref.html#remove-command-label',
      'https://en.opensuse.org/SDB:Zypper_manual',
      'https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper',
    ],
  },
  {
    id: 'dpkg',
    title: 'dpkg',
    programs: ['dpkg'],
    layout: 'option',
    options: { long: ['admindir', 'root', 'instdir'] },
    unless: ['no-act', 'dry-run', 'simulate'],
    verbs: [],
    optionVerbs: [{ short: 'rP', long: ['remove', 'purge'], verb: remove(REMOVES) }],
    sources: ['https://manpages.debian.org/bookworm/dpkg/dpkg.1.en.html'],
  },
  {
    id: 'rpm',
    title: 'RPM',
    programs: ['rpm'],
    layout: 'option',
    options: { long: ['root', 'dbpath'] },
    unless: ['test'],
    verbs: [],
    optionVerbs: [{ short: 'e', long: ['erase'], verb: remove(REMOVES) }],
    sources: ['https://rpm-software-management.github.io/rpm/man/rpm.8'],
  },
  {
    id: 'pacman',
    title: 'pacman',
    programs: ['pacman'],
    layout: 'option',
    options: { short: 'rb', long: ['root', 'dbpath', 'config', 'cachedir'] },
    unless: ['print', 'p'],
    verbs: [],
    optionVerbs: [{ short: 'R', long: ['remove'], verb: remove(REMOVES) }],
    sources: ['https://man.archlinux.org/man/pacman.8'],
  },
  {
    id: 'snap',
    title: 'snap / Homebrew / MacPorts',
    programs: ['snap', 'brew', 'port'],
    layout: 'verb-first',
    verbs: [remove(REMOVES, 'remove', 'uninstall', 'rm')],
    sources: [
      'https://snapcraft.io/docs/managing-snaps',
      'https://docs.brew.sh/Manpage#uninstall-remove-rm-installed_formulacask-',
    ],
  },
];

/**
 * Services whose stop loses more than a page view: databases, caches, queues, search clusters,
 * container runtimes. Matched against unit, label and package names (`postgresql@15-main.service`,
 * `homebrew.mxcl.redis`, `mysql-server-8.0`); client and documentation packages are not the service.
 */
export const DATA_SERVICES: readonly { pattern: RegExp; title: string }[] = [
  { pattern: /postgres|pgsql|pgbouncer|patroni/, title: 'the PostgreSQL database server' },
  { pattern: /mysql|mariadb|percona/, title: 'the MySQL/MariaDB database server' },
  { pattern: /mongo/, title: 'the MongoDB database server' },
  { pattern: /redis|valkey|keydb/, title: 'the Redis data store' },
  { pattern: /memcache/, title: 'the memcached cache' },
  { pattern: /elasticsearch|opensearch|solr/, title: 'a search cluster node' },
  { pattern: /cassandra|scylla/, title: 'a Cassandra/ScyllaDB node' },
  { pattern: /clickhouse/, title: 'the ClickHouse database server' },
  { pattern: /\betcd/, title: 'the etcd key-value store' },
  { pattern: /kafka|zookeeper|rabbitmq|nats-server|activemq/, title: 'a message broker' },
  { pattern: /influx|prometheus|timescale/, title: 'a time-series database' },
  { pattern: /neo4j|couchdb|couchbase|arangodb|rethinkdb/, title: 'a database server' },
  { pattern: /mssql|sqlserver|oracle/, title: 'a database server' },
  { pattern: /minio|ceph|glusterd/, title: 'an object/file storage server' },
  {
    pattern: /^(docker|containerd|podman|crio|kubelet|k3s)(\.service|\.socket)?$/,
    title: 'the container runtime (every container on it stops)',
  },
];

/** Package names that name a client, library or documentation of a service, not the service. */
const NOT_THE_SERVICE =
  /(-|^lib)(client|clients|doc|docs|dev|devel|libs?|common|tools|utils|contrib|cli)\b|^lib/;

/** The data service a unit, label or package names, or `undefined`. */
export function dataService(name: string): string | undefined {
  const n = name.toLowerCase();
  if (NOT_THE_SERVICE.test(n)) return undefined;
  return DATA_SERVICES.find((d) => d.pattern.test(n))?.title;
}

/** A service (or package) verb found on a command. */
export interface ServiceAction {
  manager: ServiceManager;
  verb: ServiceVerb;
  /** The word naming the verb (the program itself for an init script). */
  verbWord: ShellWord;
  /** The services (units, labels, packages) named; a dynamic word when built at run time. */
  names: ShellWord[];
}

const INIT_SCRIPT = /^\/etc\/(rc\.d\/)?(init\.d|rc\.d)\/[^/]+$/;

/** `/etc/init.d/NAME VERB` (the SysV init script run directly; LSB init script actions). */
function initScript(cmd: ShellCommand): ServiceAction | undefined {
  const path = cmd.argv[0]?.value;
  const verbWord = cmd.argv[1];
  const manager = SERVICE_MANAGERS.find((m) => m.id === 'sysvinit-service');
  if (!path || !INIT_SCRIPT.test(path) || !verbWord?.value || !manager || !cmd.argv[0]) return undefined;
  const verb = manager.verbs.find((v) => v.words.includes(verbWord.value ?? ''));
  return verb ? { manager, verb, verbWord, names: [cmd.argv[0]] } : undefined;
}

/**
 * The service verbs of `cmd` (`systemctl stop postgresql`, `service redis stop`, `brew services
 * stop postgresql@16`, `/etc/init.d/mysql stop`, `apt-get purge -y mysql-server`, `dpkg -P
 * postgresql-15`), read from {@link SERVICE_MANAGERS}; `[]` for other commands. Pure.
 */
export function serviceActions(cmd: ShellCommand): ServiceAction[] {
  const script = initScript(cmd);
  if (script) return [script];
  const name = cmd.name;
  if (name === undefined) return [];
  const out: ServiceAction[] = [];
  for (const manager of SERVICE_MANAGERS) {
    if (!manager.programs.includes(name)) continue;
    const r = readOptionsPermuted(cmd.argv, 1, manager.options ?? {});
    const ops = r.operands.map((o) => o.word);
    const prefix = manager.prefix ?? [];
    if (!prefix.every((p, i) => ops[i]?.value === p)) continue;
    const rest = ops.slice(prefix.length);
    const dry = [...(manager.unless ?? []), 'help'];
    if (r.options.some((o) => dry.includes(o.name))) continue;
    if (manager.layout === 'option') {
      for (const ov of manager.optionVerbs ?? []) {
        const hit = r.options.some(
          (o) => (o.name.length === 1 && ov.short?.includes(o.name)) || ov.long?.includes(o.name),
        );
        if (!hit) continue;
        const verbWord = cmd.argv.find((w) => w.value?.startsWith('-')) ?? cmd.argv[0];
        if (verbWord) out.push({ manager, verb: ov.verb, verbWord, names: rest });
        break;
      }
      continue;
    }
    const [first, second] = rest;
    const verbWord = manager.layout === 'name-first' ? second : first;
    if (!verbWord?.value) continue;
    const verb = manager.verbs.find((v) => v.words.includes(verbWord.value ?? ''));
    if (!verb) continue;
    const names =
      manager.layout === 'name-first'
        ? first
          ? [first]
          : []
        : rest.slice(1, manager.singleName ? 2 : undefined);
    out.push({ manager, verb, verbWord, names });
  }
  return out;
}
