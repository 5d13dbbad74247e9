import type { Ctx } from './context';
import type { ShellCommand } from './model';
import { hasOption, optionValue, readOptions, readOptionsPermuted } from './options';
import { readScript } from './script-files';
import type { Unwrapped, Unwrapper } from './wrappers';

/** `user@host` ⇒ `host`; `ssh://user@host:22` ⇒ `host`. */
export function hostOf(target: string | undefined): string | undefined {
  if (target === undefined) return undefined;
  const noScheme = target.replace(/^[a-z]+:\/\//i, '');
  const noUser = noScheme.slice(noScheme.lastIndexOf('@') + 1);
  return noUser.replace(/[:/].*$/, '') || undefined;
}

/** ssh(1)'s options that take a value (SYNOPSIS). */
export const SSH_VALUES = { short: 'bcDEeFIiJLlmOopQRSWwB' };

/**
 * The text of the file a command's standard input is redirected from (`< FILE`), as the judged
 * text wrote it or as it is on the disk; `undefined` when there is none or it is not known.
 */
export function stdinFile(cmd: ShellCommand, ctx: Ctx): NonNullable<ShellCommand['stdin']> | undefined {
  if (cmd.stdin) return undefined;
  const input = cmd.redirects.find((r) => r.op === '<' && (r.fd === undefined || r.fd === '0'));
  if (input?.target === undefined) return undefined;
  const text = readScript(ctx, input.target)?.text;
  return text === undefined ? undefined : { text, span: input.span, via: 'file' };
}

/**
 * ssh(1): `ssh [options] destination [command [argument…]]`; the remote command is re-parsed. Its
 * standard input is ssh's: `ssh host 'bash -s' < FILE` runs the local FILE on the host, and
 * `ssh host < FILE` (no command, `-T`) feeds FILE to the remote login shell.
 */
const ssh: Unwrapper = (cmd, ctx) => {
  const { options, next } = readOptions(cmd.argv, 1, SSH_VALUES);
  const dest = cmd.argv[next];
  if (!dest) return undefined;
  const host = hostOf(dest.value) ?? optionValue(options, 'l');
  const remote = { via: 'ssh', host };
  const input = stdinFile(cmd, ctx);
  if (next + 1 >= cmd.argv.length) {
    if (!input || hasOption(options, 'N', 'n')) return undefined;
    return [{ kind: 'stdin', wrapper: 'ssh (stdin)', stdin: input, remote }];
  }
  return [
    {
      kind: 'text',
      wrapper: 'ssh',
      words: cmd.argv.slice(next + 1),
      remote,
      reportDynamic: 'ssh',
      reportUnknownOnly: true,
      ...(input && !hasOption(options, 'n') ? { stdinText: input.text } : {}),
    },
  ];
};

/**
 * kubectl exec [options] POD [-c CONTAINER] -- COMMAND [args…] (kubectl reference, "kubectl
 * exec"); `kubectl run NAME --image=IMAGE [--command] -- COMMAND [args…]` and `kubectl debug
 * TARGET --image=IMAGE -- COMMAND…` run COMMAND in the new pod or container, and `kubectl create
 * job|cronjob|deployment NAME --image=IMAGE -- COMMAND…` in the pods they start
 * (https://kubernetes.io/docs/reference/kubectl/generated/kubectl_run/, …/kubectl_debug/,
 * …/kubectl_create/kubectl_create_job/, …_cronjob/, …_deployment/): without
 * `--command` the words are the image's arguments, which the images of databases and shells run as
 * the command (docker-entrypoint.sh runs a first word that is not an option), so they are judged as
 * a command, as `docker run IMAGE CMD…` is.
 */
const kubectl: Unwrapper = (cmd) => {
  const words = cmd.argv.map((w) => w.value);
  const dashes = words.indexOf('--');
  const create = words.indexOf('create');
  const made = create >= 0 && create < dashes ? words[create + 1] : undefined;
  const verb =
    made && ['job', 'cronjob', 'deployment'].includes(made)
      ? `create ${made}`
      : ['run', 'debug'].find((v) => words.indexOf(v) >= 0 && words.indexOf(v) < dashes);
  if (verb && dashes + 1 < words.length) {
    const from = verb.startsWith('create') ? create + 2 : words.indexOf(verb) + 1;
    const { options, operands } = readOptionsPermuted(cmd.argv.slice(0, dashes), from, {
      short: 'ncfl',
      long: [
        ...KUBECTL_VALUES,
        'image',
        'env',
        'labels',
        'overrides',
        'port',
        'restart',
        'serviceaccount',
        'target',
        'profile',
        'copy-to',
        'set-image',
        'custom',
        'image-pull-policy',
        'annotations',
        'pod-running-timeout',
        'field-manager',
        'dry-run',
        'schedule',
        'from',
        'replicas',
        'output',
        'template',
      ],
    });
    const dryRun = optionValue(options, 'dry-run');
    if (dryRun === 'client' || dryRun === 'server' || dryRun === 'true') return undefined;
    const name = operands[0]?.word.value;
    const via = `kubectl ${verb}`;
    return [{ kind: 'argv', wrapper: via, start: dashes + 1, remote: { via, host: name } }];
  }
  const exec = words.indexOf('exec');
  if (exec < 0 || dashes < exec || dashes + 1 >= words.length) return undefined;
  const { next } = readOptions(cmd.argv, exec + 1, {
    short: 'ncf',
    long: [...KUBECTL_VALUES, 'pod-running-timeout'],
  });
  const pod = next < dashes ? words[next] : undefined;
  return [
    { kind: 'argv', wrapper: 'kubectl exec', start: dashes + 1, remote: { via: 'kubectl exec', host: pod } },
  ];
};

/** kubectl's options that take a value, common to its commands (`kubectl options`). */
const KUBECTL_VALUES = ['namespace', 'container', 'context', 'kubeconfig', 'filename', 'cluster', 'user'];

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
