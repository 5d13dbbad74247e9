import type { ShellCommand } from './model';
import { optionValue, readOptions } from './options';
import type { Unwrapped, Unwrapper } from './wrappers';

/** `user@host` ⇒ `host`; `ssh://user@host:22` ⇒ `host`. */
export function hostOf(target: string | undefined): string | undefined {
  if (target === undefined) return undefined;
  const noScheme = target.replace(/^[a-z]+:\/\//i, '');
  const noUser = noScheme.slice(noScheme.lastIndexOf('@') + 1);
  return noUser.replace(/[:/].*$/, '') || undefined;
}

/** ssh(1): `ssh [options] destination [command [argument…]]`; the remote command is re-parsed. */
const ssh: Unwrapper = (cmd) => {
  const { options, next } = readOptions(cmd.argv, 1, { short: 'bcDEeFIiJLlmOopQRSWwB' });
  const dest = cmd.argv[next];
  if (!dest || next + 1 >= cmd.argv.length) return undefined;
  const host = hostOf(dest.value) ?? optionValue(options, 'l');
  return [{ kind: 'text', wrapper: 'ssh', words: cmd.argv.slice(next + 1), remote: { via: 'ssh', host } }];
};

/** kubectl exec [options] POD [-c CONTAINER] -- COMMAND [args…] (kubectl reference, "kubectl exec"). */
const kubectl: Unwrapper = (cmd) => {
  const words = cmd.argv.map((w) => w.value);
  const exec = words.indexOf('exec');
  const dashes = words.indexOf('--');
  if (exec < 0 || dashes < exec || dashes + 1 >= words.length) return undefined;
  const { next } = readOptions(cmd.argv, exec + 1, {
    short: 'ncf',
    long: [
      'namespace',
      'container',
      'context',
      'kubeconfig',
      'filename',
      'pod-running-timeout',
      'cluster',
      'user',
    ],
  });
  const pod = next < dashes ? words[next] : undefined;
  return [
    { kind: 'argv', wrapper: 'kubectl exec', start: dashes + 1, remote: { via: 'kubectl exec', host: pod } },
  ];
};

const DOCKER_EXEC_VALUES = { short: 'euw', long: ['env', 'env-file', 'user', 'workdir', 'detach-keys'] };
const DOCKER_RUN_VALUES = {
  short: 'evpwuhmlac',
  long: [
    'env',
    'env-file',
    'volume',
    'publish',
    'name',
    'network',
    'net',
    'workdir',
    'user',
    'entrypoint',
    'memory',
    'cpus',
    'hostname',
    'mount',
    'label',
    'add-host',
    'device',
    'cap-add',
    'cap-drop',
    'restart',
    'platform',
    'pull',
    'log-driver',
    'log-opt',
    'tmpfs',
    'ulimit',
    'shm-size',
    'security-opt',
    'ipc',
    'pid',
    'gpus',
    'link',
    'dns',
    'expose',
    'group-add',
    'runtime',
    'stop-signal',
    'volumes-from',
    'attach',
    'cidfile',
    'cpu-shares',
    'label-file',
    'network-alias',
    'storage-opt',
    'sysctl',
    'userns',
    'uts',
    'health-cmd',
    'cgroupns',
  ],
};

/**
 * `docker exec [opts] CONTAINER CMD…`, `docker run [opts] IMAGE [CMD…]`, also `podman` and
 * `docker compose exec|run SERVICE CMD…` (Docker CLI reference).
 */
const docker: Unwrapper = (cmd) => {
  let sub = 1;
  const v = (i: number): string | undefined => cmd.argv[i]?.value;
  if (v(sub) === 'compose' || cmd.name === 'docker-compose') sub += cmd.name === 'docker-compose' ? 0 : 1;
  const verb = v(sub);
  if (cmd.name === 'docker-compose' && verb !== 'exec' && verb !== 'run') return undefined;
  let exec = sub;
  if (verb === 'container' && (v(sub + 1) === 'exec' || v(sub + 1) === 'run')) exec = sub + 1;
  const action = v(exec);
  if (action !== 'exec' && action !== 'run') return undefined;
  const { next } = readOptions(
    cmd.argv,
    exec + 1,
    action === 'exec' ? DOCKER_EXEC_VALUES : DOCKER_RUN_VALUES,
  );
  const container = v(next);
  if (next + 1 >= cmd.argv.length) return undefined;
  const via = `${cmd.name ?? 'docker'} ${action}`;
  const u: Unwrapped = { kind: 'argv', wrapper: via, start: next + 1, remote: { via, host: container } };
  return [u];
};

/** find(1) `-exec`/`-execdir`/`-ok`/`-okdir` COMMAND… `;` or `+`: each action's command. */
const find: Unwrapper = (cmd: ShellCommand) => {
  const out: Unwrapped[] = [];
  for (let i = 1; i < cmd.argv.length; i++) {
    const v = cmd.argv[i]?.value;
    if (v !== '-exec' && v !== '-execdir' && v !== '-ok' && v !== '-okdir') continue;
    let end = i + 1;
    while (end < cmd.argv.length && cmd.argv[end]?.value !== ';' && cmd.argv[end]?.value !== '+') end++;
    if (end > i + 1) out.push({ kind: 'argv', wrapper: `find ${v}`, start: i + 1, end });
    i = end;
  }
  return out.length > 0 ? out : undefined;
};

/**
 * machinectl(1) (https://www.freedesktop.org/software/systemd/man/latest/machinectl.html):
 * `machinectl [options] shell [[USER@]MACHINE [PATH [ARG…]]]` runs PATH with its arguments in the
 * container (`.host` is the local machine) as USER (or `--uid=USER`); without PATH it opens an
 * interactive shell. Options that take a value are those of machinectl's `--help`.
 */
const machinectl: Unwrapper = (cmd) => {
  const spec = {
    short: 'pPsHMnoE',
    long: [
      'property',
      'signal',
      'kill-whom',
      'host',
      'machine',
      'uid',
      'setenv',
      'lines',
      'output',
      'format',
    ],
  };
  const first = readOptions(cmd.argv, 1, spec);
  if (cmd.argv[first.next]?.value !== 'shell') return undefined;
  const after = readOptions(cmd.argv, first.next + 1, spec);
  const target = cmd.argv[after.next]?.value;
  const start = after.next + 1;
  if (target === undefined || start >= cmd.argv.length) return undefined;
  const at = target.lastIndexOf('@');
  const machine = target.slice(at + 1);
  const runAs =
    (at > 0 ? target.slice(0, at) : undefined) ?? optionValue([...first.options, ...after.options], 'uid');
  const u: Unwrapped = {
    kind: 'argv',
    wrapper: 'machinectl shell',
    start,
    remote: { via: 'machinectl shell', host: machine === '' || machine === '.host' ? undefined : machine },
    ...(runAs ? { runAs } : {}),
  };
  return [u];
};

/** Wrappers that run a command somewhere else (another host, a pod, a container) or per file. */
export const REMOTE_WRAPPERS: Record<string, Unwrapper> = {
  ssh,
  kubectl,
  docker,
  podman: docker,
  'docker-compose': docker,
  find,
  machinectl,
};
