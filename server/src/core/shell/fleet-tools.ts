import type { Ctx } from './context';
import type { RemoteTarget, ShellCommand, ShellWord } from './model';
import {
  hasOption,
  optionValue,
  optionValueWord,
  readOptions,
  readOptionsPermuted,
  type OptionSpec,
  type ParsedOption,
  type PermutedOptions,
} from './options';
import { playbookTasks, fillJinja, moduleCommands, type ModuleCall } from './ansible';
import { SSH_VALUES, stdinFile } from './remote-wrappers';
import { readScript, runScriptFile } from './script-files';
import type { Unwrapped } from './wrappers';
import { quoteWord } from './words';

/**
 * Fleet and cloud tools that run a command on other machines: configuration managers (ansible,
 * salt), parallel shells (pssh, pdsh, clush), cloud run-command services (AWS SSM, Azure VM
 * run-command, `gcloud compute ssh --command`) and the boot scripts of cloud machines (GCE
 * `startup-script`, EC2 user data); `ssh HOST 'bash -s' < FILE` and `kubectl run|create job …
 * -- CMD` are in `remote-wrappers.ts`. The command is
 * judged as the command it is, on the remote machine (`remote` on the commands, paths are the
 * remote machine's): what `ssh host 'cmd'` and `kubectl exec` get (`remote-wrappers.ts`). Static
 * host, group, inventory and tag names feed environment detection (`facts.ts`), so a policy's
 * `host: '*prod*'` recognises `ansible prod …`, `-i inventories/production` or `Values=prod`.
 *
 * Knowledge is the table {@link FLEET_TOOLS}: one entry per tool, its options that take a value
 * (from the tool's reference, cited) and where its remote command is. A command known only at run
 * time (`-a "$CMD"`) is `opaque-execution`; text in a language not read (PowerShell scripts) too.
 */

/** One fleet tool (an entry of {@link FLEET_TOOLS}). */
export interface FleetTool {
  /** Program names. */
  names: readonly string[];
  /** Options that take a value, from the tool's reference. */
  options: OptionSpec;
  /** The tool's documentation pages. */
  sources: readonly string[];
  /** Options end at the first operand (the command's words follow), rather than anywhere. */
  optionsFirst?: boolean;
  /** What the tool runs remotely, from its command line read with {@link options}. */
  run: (cmd: ShellCommand, ctx: Ctx, line: PermutedOptions) => Unwrapped[] | undefined;
}

/** A word standing for `value`, found inside `at` (spans point at `at`). */
function wordIn(at: ShellWord, value: string): ShellWord {
  return { value, raw: quoteWord(value), span: at.span };
}

/**
 * Shell text a tool runs: one word (a dynamic one is reported as opaque), on `remote` (absent: on
 * this machine, `salt-call`).
 */
function remoteText(
  wrapper: string,
  word: ShellWord,
  remote: RemoteTarget | undefined,
  runAs?: string,
): Unwrapped {
  return {
    kind: 'text',
    wrapper,
    words: [word],
    reportDynamic: wrapper,
    reportUnknownOnly: true,
    ...(remote ? { remote } : {}),
    ...(runAs ? { runAs } : {}),
  };
}

/** A text that cannot be read (a PowerShell script), reported as opaque execution. */
function unread(wrapper: string, word: ShellWord, option: string): Unwrapped {
  return { kind: 'opaque', wrapper, word, option };
}

/** The last value word of any of `names`. */
function valueWordOf(options: readonly ParsedOption[], ...names: string[]): ShellWord | undefined {
  const o = options.filter((x) => names.includes(x.name)).pop();
  return o ? optionValueWord(o) : undefined;
}

/** Static values of every occurrence of `names`. */
function valuesOf(options: readonly ParsedOption[], ...names: string[]): string[] {
  return options.filter((o) => names.includes(o.name) && o.value !== undefined).map((o) => o.value as string);
}

/** Where a tool runs its command: `host` and the other static names of the machines. */
function target(
  via: string,
  host: string | undefined,
  targets: readonly (string | undefined)[],
): RemoteTarget {
  const t = targets.filter((x): x is string => x !== undefined && x !== '' && x !== host);
  return { via, host, ...(t.length ? { targets: t } : {}) };
}

/**
 * Runs what an ansible module call does (`ansible.ts` reads it): shell text, a local script file
 * (read like `bash FILE`, `script-files.ts`), or a command standing for the module's effect.
 */
function runModule(
  cmd: ShellCommand,
  ctx: Ctx,
  call: ModuleCall,
  at: ShellWord,
  remote: RemoteTarget | undefined,
  runAs?: string,
): Unwrapped[] {
  const wrapper = `${call.via} -m ${call.module}`;
  if (call.unread !== undefined) return [unread(wrapper, wordIn(at, call.unread), call.module)];
  if (call.script !== undefined) {
    const [file, ...args] = call.script;
    if (file !== undefined)
      runScriptFile({ ...cmd, ...(remote ? { remote } : {}), ...(runAs ? { runAs } : {}) }, ctx, {
        file,
        at,
        args: args.map((a) => wordIn(at, a)),
        how: 'path',
        fromProject: true,
        label: `${wrapper} ${file}`,
      });
    return [];
  }
  if (call.text === undefined) return [];
  return [remoteText(wrapper, wordIn(at, call.text), remote, runAs)];
}

/** ansible's become (`-b`, `--become-user`): the user the module runs as, root by default. */
function becomeUser(options: readonly ParsedOption[]): string | undefined {
  if (!hasOption(options, 'b', 'become')) return undefined;
  return optionValue(options, 'become-user') ?? 'root';
}

/** Options of `ansible` and `ansible-playbook` that take a value (both references). */
const ANSIBLE_LONG = [
  'args',
  'module-name',
  'inventory',
  'inventory-file',
  'limit',
  'user',
  'forks',
  'background',
  'poll',
  'tree',
  'extra-vars',
  'module-path',
  'connection',
  'timeout',
  'become-method',
  'become-user',
  'become-password-file',
  'connection-password-file',
  'private-key',
  'key-file',
  'playbook-dir',
  'ssh-common-args',
  'sftp-extra-args',
  'scp-extra-args',
  'ssh-extra-args',
  'vault-id',
  'vault-password-file',
  'vault-pass-file',
  'task-timeout',
  'tags',
  'skip-tags',
  'start-at-task',
];

/** Options of both that run nothing: listings, a syntax check, check mode (see {@link FLEET_TOOLS}). */
const ANSIBLE_DRY = ['list-hosts', 'list-tasks', 'list-tags', 'syntax-check'];

/**
 * `ansible PATTERN [-i INVENTORY] [-m MODULE] [-a ARGS]`: the module (default `command`) with its
 * arguments on every host the pattern selects. Check mode (`-C`) runs nothing of `shell`,
 * `command`, `raw` and `script` (modules without check-mode support are skipped).
 */
function ansibleAdHoc(cmd: ShellCommand, ctx: Ctx, line: PermutedOptions): Unwrapped[] | undefined {
  const o = line.options;
  if (hasOption(o, ...ANSIBLE_DRY, 'C', 'check')) return undefined;
  const argsWord = valueWordOf(o, 'a', 'args');
  const pattern = line.operands[0]?.word.value;
  const remote = target('ansible', pattern, valuesOf(o, 'i', 'inventory', 'inventory-file', 'l', 'limit'));
  const module = optionValue(o, 'm', 'module-name') ?? 'command';
  if (!argsWord) return undefined;
  if (argsWord.value === undefined) return [remoteText(`ansible -m ${module}`, argsWord, remote)];
  const call = moduleCommands('ansible', module, fillJinja(argsWord.value));
  return call ? runModule(cmd, ctx, call, argsWord, remote, becomeUser(o)) : undefined;
}

/** Paths of the standard input (proc(5), `/dev/fd`). */
const STDIN_PATHS = new Set(['/dev/stdin', '/proc/self/fd/0', '/dev/fd/0']);

/**
 * `ansible-playbook [-i INVENTORY] PLAYBOOK…`: every task of the playbooks read from the disk (or
 * written by the judged text) whose module runs a command (`ansible.ts`), on the play's hosts.
 * With `--check`, only tasks with `check_mode: false` run.
 */
function ansiblePlaybook(cmd: ShellCommand, ctx: Ctx, line: PermutedOptions): Unwrapped[] | undefined {
  const o = line.options;
  if (hasOption(o, ...ANSIBLE_DRY)) return undefined;
  const check = hasOption(o, 'C', 'check');
  const inventories = valuesOf(o, 'i', 'inventory', 'inventory-file', 'l', 'limit');
  const out: Unwrapped[] = [];
  for (const { word } of line.operands) {
    if (word.value === undefined) continue;
    // A playbook fed on standard input (`ansible-playbook /dev/stdin <<'EOF'`): its static text.
    const stdin = STDIN_PATHS.has(word.value) && cmd.stdin && !cmd.stdin.dynamic ? cmd.stdin.text : undefined;
    const text = stdin ?? readScript(ctx, word.value)?.text;
    if (text === undefined) continue;
    for (const task of playbookTasks(text)) {
      if (check && task.checkMode !== false) continue;
      const remote = task.local ? undefined : target('ansible-playbook', task.hosts, inventories);
      const runAs = task.become ?? becomeUser(o);
      out.push(...runModule(cmd, ctx, { ...task.call, via: 'ansible-playbook' }, word, remote, runAs));
    }
  }
  return out;
}

/** salt functions that run shell text, and those that run a script from the master. */
const SALT_TEXT = new Set([
  'cmd.run',
  'cmd.run_all',
  'cmd.run_stdout',
  'cmd.run_stderr',
  'cmd.run_bg',
  'cmd.shell',
  'cmd.retcode',
]);
const SALT_SCRIPT = new Set(['cmd.script', 'cmd.script_retcode']);
const SALT_UNREAD = new Set(['cmd.powershell', 'cmd.exec_code', 'cmd.exec_code_all']);

/**
 * salt functions whose effect is a command's, with that command (salt.modules.file `remove`:
 * "If a directory is supplied, it will be recursively deleted"; salt.modules.postgres and
 * salt.modules.mysql `db_remove` drop the database).
 */
const SALT_EFFECTS: Record<string, (arg: string) => string> = {
  'file.remove': (p) => `rm -rf -- ${quoteWord(p)}`,
  'postgres.db_remove': (db) => `dropdb ${quoteWord(db)}`,
  'mysql.db_remove': (db) => `mysql -e ${quoteWord(`DROP DATABASE \`${db}\``)}`,
};

/** A salt keyword argument (`runas=postgres`, `cwd=/tmp`): a name then `=` (salt's arg parsing). */
function saltKwarg(v: string): [string, string] | undefined {
  const eq = v.indexOf('=');
  const name = v.slice(0, eq);
  return eq > 0 && /^[A-Za-z_][\w.-]*$/.test(name) ? [name, v.slice(eq + 1)] : undefined;
}

/**
 * `salt [options] TARGET FUNCTION ARGS…` (`salt-ssh` the same; `salt-call FUNCTION ARGS…` on this
 * minion): `cmd.run` and its kin run shell text; `cmd.script` runs a file from the master's file
 * server, not readable here (opaque); `runas=USER` is the user.
 */
function salt(cmd: ShellCommand, _ctx: Ctx, line: PermutedOptions): Unwrapped[] | undefined {
  const local = cmd.name === 'salt-call';
  const ops = line.operands;
  const fnAt = local ? 0 : 1;
  const fn = ops[fnAt]?.word.value;
  if (fn === undefined) return undefined;
  const args = ops.slice(fnAt + 1).map((x) => x.word);
  const positional = args.filter((w) => w.value === undefined || !saltKwarg(w.value));
  const kwargs = new Map(
    args.flatMap((w) =>
      w.value !== undefined && saltKwarg(w.value) ? [saltKwarg(w.value) as [string, string]] : [],
    ),
  );
  const first =
    positional[0] ?? (kwargs.has('cmd') ? args.find((w) => w.value?.startsWith('cmd=')) : undefined);
  if (!first) return undefined;
  const word = first.value?.startsWith('cmd=') ? wordIn(first, first.value.slice(4)) : first;
  const remote = local ? undefined : target(cmd.name ?? 'salt', ops[0]?.word.value, []);
  const via = `${cmd.name ?? 'salt'} ${fn}`;
  const runAs = kwargs.get('runas');
  if (SALT_TEXT.has(fn)) return [remoteText(via, word, remote, runAs)];
  if (SALT_SCRIPT.has(fn) || SALT_UNREAD.has(fn)) return [unread(via, word, fn)];
  const effect = SALT_EFFECTS[fn];
  if (effect && word.value !== undefined)
    return [remoteText(via, wordIn(word, effect(word.value)), remote, runAs)];
  return undefined;
}

/** How a parallel shell reads its command line (an entry's options in {@link FLEET_TOOLS}). */
interface ParallelShell {
  /** Options naming the hosts, groups or hosts files. */
  hosts: readonly string[];
  /** Options that make it copy files instead of running a command (`clush -c`). */
  copy?: readonly string[];
  /** Whether the command's standard input is the tool's: always, or with one of these options. */
  stdin?: true | readonly string[];
  /** Options that keep the tool's standard input from the command (`clush --nostdin`). */
  noStdin?: readonly string[];
}

/**
 * pssh/parallel-ssh, pdsh and clush: `TOOL [options] COMMAND…`, the command words joined as the
 * remote shell text (as ssh joins them), on the hosts of `-H`/`-w` or of a hosts file/group; the
 * tool's standard input goes to the command where it forwards it (`pssh -I`, clush), so
 * `clush -w @all bash < wipe.sh` runs wipe.sh on every node.
 */
function parallelShell(p: ParallelShell) {
  return (cmd: ShellCommand, ctx: Ctx, line: PermutedOptions): Unwrapped[] | undefined => {
    const o = line.options;
    if (hasOption(o, ...(p.copy ?? [])) || line.operands.length === 0) return undefined;
    const hosts = valuesOf(o, ...p.hosts);
    const remote = target(cmd.name ?? 'pssh', hosts[0], hosts.slice(1));
    const words = line.operands.map((x) => x.word);
    const forwards =
      (p.stdin === true || (p.stdin !== undefined && hasOption(o, ...p.stdin))) &&
      !hasOption(o, ...(p.noStdin ?? []));
    const input = forwards ? stdinFile(cmd, ctx) : undefined;
    return [
      {
        kind: 'text',
        wrapper: cmd.name ?? 'pssh',
        words,
        remote,
        reportDynamic: cmd.name ?? 'pssh',
        reportUnknownOnly: true,
        ...(input ? { stdinText: input.text } : {}),
      },
    ];
  };
}

/** `commands=["a","b"]`, `commands=a,b`, `{"commands":["a"]}`: the commands of AWS-RunShellScript. */
function ssmCommands(value: string, key = 'commands'): string[] | undefined {
  const v = value.trim();
  if (v.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(v);
      const c = (parsed as Record<string, unknown> | null)?.[key];
      const list = Array.isArray(c) ? c : typeof c === 'string' ? [c] : undefined;
      return list?.filter((x): x is string => typeof x === 'string');
    } catch {
      return undefined;
    }
  }
  if (!v.startsWith(`${key}=`)) return undefined;
  const rest = v.slice(key.length + 1);
  if (rest.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(rest);
      if (Array.isArray(parsed)) return parsed.filter((x): x is string => typeof x === 'string');
    } catch {
      // Shorthand list `[a,b]` (AWS CLI shorthand syntax): items separated by commas.
      return rest.slice(1, rest.endsWith(']') ? -1 : undefined).split(',');
    }
  }
  return [rest];
}

/**
 * `aws ssm send-command --document-name AWS-RunShellScript --parameters 'commands=[…]'`: the
 * commands run as one shell script on the targeted instances (`AWS-RunPowerShellScript`: opaque);
 * `aws ssm start-session --document-name AWS-Start(Non)InteractiveCommand --parameters command=…`
 * runs its `command` on the target.
 * The parameters are JSON, AWS CLI shorthand (`commands=[a,b]`) or a `file://` of either.
 */
function awsSsm(_cmd: ShellCommand, ctx: Ctx, line: PermutedOptions): Unwrapped[] | undefined {
  const words = line.operands.map((x) => x.word.value);
  const session = words[1] === 'start-session';
  if (words[0] !== 'ssm' || !(words[1] === 'send-command' || session)) return undefined;
  const via = `aws ssm ${words[1]}`;
  const o = line.options;
  const doc = optionValue(o, 'document-name');
  const params = valueWordOf(o, 'parameters');
  const shell = session
    ? doc === 'AWS-StartInteractiveCommand' || doc === 'AWS-StartNonInteractiveCommand'
    : doc === 'AWS-RunShellScript';
  if (!params || !(shell || doc === 'AWS-RunPowerShellScript')) return undefined;
  if (!shell) return [unread(via, params, doc ?? '')];
  const tags = valuesOf(o, 'targets').flatMap((t) => /Values=([^ ]*)/.exec(t)?.[1]?.split(',') ?? []);
  const instances = [...valuesOf(o, 'instance-ids'), ...valuesOf(o, 'target')];
  const remote = target(via, instances[0], [...instances.slice(1), ...tags]);
  if (params.value === undefined) return [remoteText(via, params, remote)];
  // `file://PATH`: the AWS CLI reads the parameter from the file (cli-usage-parameters-file).
  const file = params.value.startsWith('file://') ? readScript(ctx, params.value.slice(7))?.text : undefined;
  const commands = ssmCommands(file ?? params.value, session ? 'command' : 'commands');
  if (!commands?.length) return undefined;
  return [remoteText(via, wordIn(params, commands.join('\n')), remote)];
}

/**
 * `gcloud compute ssh VM --command CMD` or `… VM -- [SSH_ARGS] CMD` (and `tpu-vm ssh`); startup
 * scripts of `gcloud compute instances create|add-metadata` (see {@link gcloudStartupScripts}).
 */
/**
 * `aws ec2 run-instances --user-data TEXT|file://FILE`: user data starting with `#!` is a script
 * cloud-init runs as root at the instance's first boot (other formats, `#cloud-config`, are not
 * read). Otherwise `aws ssm` (see {@link awsSsm}).
 */
function aws(cmd: ShellCommand, ctx: Ctx, line: PermutedOptions): Unwrapped[] | undefined {
  const words = line.operands.map((x) => x.word.value);
  if (words[0] !== 'ec2' || words[1] !== 'run-instances') return awsSsm(cmd, ctx, line);
  const o = line.options.filter((x) => x.name === 'user-data').pop();
  const at = o ? optionValueWord(o) : undefined;
  if (!o || !at) return undefined;
  const remote = target('aws ec2 run-instances', undefined, []);
  if (o.value === undefined) return [remoteText('aws ec2 run-instances --user-data', at, remote, 'root')];
  const text = o.value.startsWith('file://') ? readScript(ctx, o.value.slice(7))?.text : o.value;
  if (text === undefined || !text.startsWith('#!')) return undefined;
  return [remoteText('aws ec2 run-instances --user-data', wordIn(at, text), remote, 'root')];
}

/** Metadata keys of a Compute Engine VM whose value is a script the VM runs (at boot, at shutdown). */
const GCE_SCRIPT_KEYS = new Set(['startup-script', 'shutdown-script']);

/**
 * `gcloud compute instances create|add-metadata NAME --metadata startup-script=TEXT` or
 * `--metadata-from-file startup-script=FILE`: the VM runs the script at every boot (a shutdown
 * script when it stops). gcloud's dictionary flags split on `,`, or on `X` after a `^X^` prefix
 * (`gcloud topic escaping`).
 */
function gcloudStartupScripts(ctx: Ctx, line: PermutedOptions, remote: RemoteTarget): Unwrapped[] {
  const out: Unwrapped[] = [];
  for (const o of line.options) {
    const fromFile = o.name === 'metadata-from-file';
    if ((o.name !== 'metadata' && !fromFile) || !o.valueWord) continue;
    const at = optionValueWord(o) ?? o.valueWord;
    if (o.value === undefined) {
      out.push(remoteText('gcloud compute instances (startup-script)', at, remote));
      continue;
    }
    const custom = /^\^([^^]+)\^/.exec(o.value);
    const body = custom ? o.value.slice(custom[0].length) : o.value;
    for (const pair of body.split(custom?.[1] ?? ',')) {
      const eq = pair.indexOf('=');
      if (eq < 0 || !GCE_SCRIPT_KEYS.has(pair.slice(0, eq))) continue;
      const value = pair.slice(eq + 1);
      const text = fromFile ? readScript(ctx, value)?.text : value;
      if (text !== undefined)
        out.push(remoteText(`gcloud compute instances (${pair.slice(0, eq)})`, wordIn(at, text), remote));
    }
  }
  return out;
}

function gcloudSsh(cmd: ShellCommand, ctx: Ctx, line: PermutedOptions): Unwrapped[] | undefined {
  const words = line.operands.map((x) => x.word.value);
  const instances = words.indexOf('instances');
  if (
    words[0] === 'compute' &&
    instances >= 0 &&
    ['create', 'add-metadata'].includes(words[instances + 1] ?? '')
  )
    return gcloudStartupScripts(
      ctx,
      line,
      target('gcloud compute instances', words[instances + 2], [optionValue(line.options, 'project')]),
    );
  const ssh = words.indexOf('ssh');
  if (ssh < 0 || !(words.includes('compute') || words.includes('tpu-vm'))) return undefined;
  const vm = words[ssh + 1];
  const host = vm === undefined ? undefined : vm.slice(vm.lastIndexOf('@') + 1) || undefined;
  const remote = target('gcloud compute ssh', host, [optionValue(line.options, 'project')]);
  const command = valueWordOf(line.options, 'command');
  if (command) return [remoteText('gcloud compute ssh', command, remote)];
  // After `--`: arguments for ssh(1), then the command (`-- -t 'cmd'`).
  const dashes = cmd.argv.findIndex((w) => w.value === '--');
  if (dashes < 0) return undefined;
  const rest = cmd.argv.slice(readOptions(cmd.argv, dashes + 1, SSH_VALUES).next);
  return rest.length
    ? [
        {
          kind: 'text',
          wrapper: 'gcloud compute ssh',
          words: rest,
          remote,
          reportDynamic: 'gcloud compute ssh',
          reportUnknownOnly: true,
        },
      ]
    : undefined;
}

/**
 * `az vm run-command invoke --command-id RunShellScript --scripts LINE…` (also `az vmss`), `az vm
 * run-command create|update --script TEXT`: the lines run as a shell script on the VM; `@FILE`
 * is the file's text (Azure CLI loads `@` values from files); PowerShell scripts are opaque.
 */
function azRunCommand(cmd: ShellCommand, ctx: Ctx, line: PermutedOptions): Unwrapped[] | undefined {
  const words = line.operands.map((x) => x.word.value);
  if (!(words[0] === 'vm' || words[0] === 'vmss') || words[1] !== 'run-command') return undefined;
  const verb = words[2];
  const o = line.options;
  const host = optionValue(o, 'vm-name', 'n', 'name');
  const remote = target(`az ${words[0]} run-command`, host, [optionValue(o, 'g', 'resource-group')]);
  const via = `az ${words[0]} run-command ${verb ?? ''}`.trim();
  let script: ShellWord[] = [];
  if (verb === 'invoke') {
    const id = optionValue(o, 'command-id');
    // --scripts takes every word up to the next option (nargs '+').
    const at = cmd.argv.findIndex((w) => w.value === '--scripts');
    const attached = o.find((x) => x.name === 'scripts' && x.valueWord?.value?.startsWith('--scripts='));
    if (at >= 0) {
      let end = at + 1;
      while (end < cmd.argv.length && !cmd.argv[end]?.value?.startsWith('-')) end++;
      script = cmd.argv.slice(at + 1, end);
    } else if (attached) script = [optionValueWord(attached) as ShellWord];
    if (!script.length) return undefined;
    if (id !== 'RunShellScript')
      return id === 'RunPowerShellScript' ? [unread(via, script[0] as ShellWord, id)] : undefined;
  } else if (verb === 'create' || verb === 'update') {
    const w = valueWordOf(o, 'script');
    if (!w) return undefined;
    script = [w];
  } else return undefined;
  const first = script[0] as ShellWord;
  if (script.length === 1 && first.value?.startsWith('@')) {
    const text = readScript(ctx, first.value.slice(1))?.text;
    return text === undefined ? undefined : [remoteText(via, wordIn(first, text), remote)];
  }
  if (script.some((w) => w.value === undefined))
    return [remoteText(via, script.find((w) => w.value === undefined) as ShellWord, remote)];
  return [remoteText(via, wordIn(first, script.map((w) => w.value ?? '').join('\n')), remote)];
}

/** Long options of the AWS CLI, gcloud and Azure CLI commands read here that take a value. */
const AWS_LONG = [
  'document-name',
  'parameters',
  'target',
  'user-data',
  'image-id',
  'instance-type',
  'key-name',
  'count',
  'security-group-ids',
  'subnet-id',
  'tag-specifications',
  'iam-instance-profile',
  'targets',
  'instance-ids',
  'profile',
  'region',
  'comment',
  'output-s3-bucket-name',
  'timeout-seconds',
  'max-concurrency',
  'max-errors',
  'cloud-watch-output-config',
  'output',
  'query',
  'endpoint-url',
  'service-role-arn',
  'document-version',
  'output-s3-key-prefix',
  'output-s3-region',
  'notification-config',
  'cli-input-json',
];

/**
 * The fleet tools. Sources: each entry's `sources` (the tool's reference for its options and where
 * the command is).
 */
export const FLEET_TOOLS: readonly FleetTool[] = [
  {
    names: ['ansible'],
    options: { short: 'amiluBPteMcTf', long: ANSIBLE_LONG },
    sources: [
      'https://docs.ansible.com/ansible/latest/cli/ansible.html',
      'https://docs.ansible.com/ansible/latest/command_guide/intro_adhoc.html',
      'https://docs.ansible.com/ansible/latest/collections/ansible/builtin/shell_module.html',
      'https://docs.ansible.com/ansible/latest/collections/ansible/builtin/command_module.html',
      'https://docs.ansible.com/ansible/latest/collections/ansible/builtin/raw_module.html',
      'https://docs.ansible.com/ansible/latest/collections/ansible/builtin/script_module.html',
      'https://docs.ansible.com/ansible/latest/playbook_guide/playbooks_checkmode.html',
    ],
    run: ansibleAdHoc,
  },
  {
    names: ['ansible-playbook'],
    options: { short: 'iluteMcTf', long: ANSIBLE_LONG },
    sources: [
      'https://docs.ansible.com/ansible/latest/cli/ansible-playbook.html',
      'https://docs.ansible.com/ansible/latest/playbook_guide/playbooks_intro.html',
      'https://docs.ansible.com/ansible/latest/playbook_guide/playbooks_checkmode.html',
    ],
    run: ansiblePlaybook,
  },
  {
    names: ['salt', 'salt-ssh', 'salt-call'],
    options: {
      short: 'ctbla',
      long: [
        'config-dir',
        'timeout',
        'batch-size',
        'batch',
        'batch-wait',
        'out',
        'out-file',
        'out-indent',
        'return',
        'return_config',
        'log-level',
        'log-file',
        'log-file-level',
        'auth',
        'eauth',
        'external-auth',
        'roster',
        'roster-file',
        'priv',
        'user',
        'passwd',
        'subset',
        'module-executors',
        'executor-opts',
        'saltenv',
        'pillarenv',
        'pillar',
        'state-output',
        'state-verbose',
        'id',
        'metadata',
      ],
    },
    sources: [
      'https://docs.saltproject.io/en/latest/ref/cli/salt.html',
      'https://docs.saltproject.io/en/latest/ref/modules/all/salt.modules.cmdmod.html',
      'https://docs.saltproject.io/en/latest/ref/modules/all/salt.modules.file.html#salt.modules.file.remove',
      'https://docs.saltproject.io/en/latest/ref/modules/all/salt.modules.postgres.html#salt.modules.postgres.db_remove',
      'https://docs.saltproject.io/en/latest/ref/modules/all/salt.modules.mysql.html#salt.modules.mysql.db_remove',
    ],
    run: salt,
  },
  {
    names: ['pssh', 'parallel-ssh'],
    options: {
      short: 'hHlpoetOxX',
      long: [
        'hosts',
        'host',
        'user',
        'par',
        'outdir',
        'errdir',
        'timeout',
        'option',
        'extra-args',
        'extra-arg',
      ],
    },
    sources: ['https://manpages.debian.org/stable/pssh/parallel-ssh.1.en.html'],
    run: parallelShell({ hosts: ['H', 'host', 'h', 'hosts'], stdin: ['I', 'inline-stdin'] }),
    optionsFirst: true,
  },
  {
    names: ['pdsh'],
    options: { short: 'wxgXltufRM' },
    sources: ['https://manpages.debian.org/stable/pdsh/pdsh.1.en.html'],
    run: parallelShell({ hosts: ['w', 'g'] }),
    optionsFirst: true,
  },
  {
    names: ['clush'],
    options: {
      short: 'wxgXlftuoR',
      long: [
        'nodes',
        'exclude',
        'group',
        'user',
        'fanout',
        'connect_timeout',
        'command_timeout',
        'options',
        'worker',
        'hostfile',
        'dest',
        'topology',
        'pick',
        'diff',
      ],
    },
    sources: ['https://clustershell.readthedocs.io/en/latest/tools/clush.html'],
    run: parallelShell({
      hosts: ['w', 'nodes', 'g', 'group', 'hostfile'],
      copy: ['c', 'copy', 'rcopy'],
      stdin: true,
      noStdin: ['nostdin'],
    }),
    optionsFirst: true,
  },
  {
    names: ['aws'],
    options: { long: AWS_LONG },
    sources: [
      'https://docs.aws.amazon.com/cli/latest/reference/ssm/send-command.html',
      'https://docs.aws.amazon.com/cli/latest/reference/ec2/run-instances.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html',
      'https://docs.aws.amazon.com/cli/latest/reference/ssm/start-session.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-sessions-start.html#sessions-start-interactive-commands',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-command-ssm-plugin-reference.html#aws-runShellScript',
      'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-shorthand.html',
      'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-file.html',
    ],
    run: aws,
  },
  {
    names: ['gcloud'],
    options: {
      long: [
        'metadata',
        'metadata-from-file',
        'command',
        'zone',
        'project',
        'ssh-key-file',
        'ssh-flag',
        'container',
        'internal-ip',
        'account',
        'configuration',
        'impersonate-service-account',
        'verbosity',
        'worker',
        'format',
      ],
    },
    sources: [
      'https://cloud.google.com/sdk/gcloud/reference/compute/ssh',
      'https://cloud.google.com/sdk/gcloud/reference/compute/instances/add-metadata',
      'https://cloud.google.com/compute/docs/instances/startup-scripts/linux',
      'https://cloud.google.com/sdk/gcloud/reference/topic/escaping',
    ],
    run: gcloudSsh,
  },
  {
    names: ['az'],
    options: {
      short: 'gn',
      long: [
        'resource-group',
        'name',
        'vm-name',
        'command-id',
        'script',
        'parameters',
        'subscription',
        'instance-id',
        'location',
        'run-as-user',
        'run-as-password',
        'output',
        'query',
        'timeout-in-seconds',
        'protected-parameters',
        'output-blob-uri',
        'error-blob-uri',
        'ids',
      ],
    },
    sources: [
      'https://learn.microsoft.com/en-us/cli/azure/vm/run-command',
      'https://learn.microsoft.com/en-us/azure/virtual-machines/linux/run-command',
      'https://learn.microsoft.com/en-us/cli/azure/use-azure-cli-successfully-tips#pass-values-from-a-file',
    ],
    run: azRunCommand,
  },
];

const BY_NAME = new Map(FLEET_TOOLS.flatMap((t) => t.names.map((n) => [n, t] as const)));

/** What a fleet tool of {@link FLEET_TOOLS} runs on other machines; `[]` for other commands. */
export function fleetCommands(cmd: ShellCommand, ctx: Ctx): Unwrapped[] {
  const tool = cmd.name === undefined ? undefined : BY_NAME.get(cmd.name);
  if (!tool) return [];
  let line: PermutedOptions;
  if (tool.optionsFirst) {
    const { options, next } = readOptions(cmd.argv, 1, tool.options);
    const operands = cmd.argv.slice(next).map((word, i) => ({ word, index: next + i }));
    line = { options, operands };
  } else line = readOptionsPermuted(cmd.argv, 1, tool.options);
  return tool.run(cmd, ctx, line) ?? [];
}
