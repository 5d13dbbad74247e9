import type { ShellWord } from './model';
import { optionValueWord, readOptions, type OptionSpec } from './options';
import type { Unwrapped, Unwrapper } from './wrappers';

/**
 * Runners: programs whose operands are another command that they execute (with a scheduling
 * policy, in a namespace, under a lock, in a sandbox, with secrets injected…). One documented
 * entry per tool; the command they run is analysed like one typed directly, so `chrt 1 rm -rf /`
 * is judged as `rm -rf /`. Where a runner hands text to `sh -c` (`flock -c`, `script -c`, GNU
 * `parallel`), the text is re-parsed as shell; text built at run time is opaque execution.
 *
 * Where this list comes from: the tools' manual pages (linked per entry), the GTFOBins "Shell" and
 * "Command" functions (https://gtfobins.github.io/#+shell), and bypass reports of command
 * guardrails that used wrappers to hide a program name.
 */
export interface Runner {
  /** Program names (basenames) this entry reads. */
  names: string[];
  /** Words that must follow the program for it to run a command (`nix develop`, `op run`). */
  verb?: string[];
  /** getopt syntax of the runner's own options (those that take a value). */
  options?: OptionSpec;
  /** Operands the runner takes before the command (`chrt PRIORITY CMD`, `flock FILE CMD`). */
  operands?: number;
  /** Options read again after the operands (`flock FILE -c TEXT`). */
  optionsAfterOperands?: boolean;
  /** Options after which no command runs (`chrt -p PID`, `taskset -p`): a query of a process. */
  noCommand?: string[];
  /** Options whose value is shell text run by `sh -c` (`flock -c TEXT`, `script -c TEXT`). */
  textOptions?: string[];
  /** The command starts after this word (`aws-vault exec PROFILE -- CMD`). */
  after?: string;
  /** The command words are joined by spaces and run by `sh -c` (GNU parallel). */
  viaShell?: boolean;
  /** Each operand is a command text run by a shell (`hyperfine 'cmd1' 'cmd2'`). */
  eachOperand?: boolean;
  /** Documentation of the form read here: manual page, GTFOBins page. */
  sources: string[];
}

/** The catalogue of runners (see {@link Runner}); names are unique across entries. */
export const RUNNERS: readonly Runner[] = [
  {
    names: ['chrt'],
    options: { short: 'TPD', long: ['sched-runtime', 'sched-period', 'sched-deadline'] },
    operands: 1,
    noCommand: ['p', 'pid', 'm', 'max'],
    sources: ['https://man7.org/linux/man-pages/man1/chrt.1.html'],
  },
  {
    names: ['taskset'],
    operands: 1,
    noCommand: ['p', 'pid'],
    sources: [
      'https://man7.org/linux/man-pages/man1/taskset.1.html',
      'https://gtfobins.github.io/gtfobins/taskset/',
    ],
  },
  {
    names: ['flock'],
    options: { short: 'wEc', long: ['timeout', 'wait', 'conflict-exit-code', 'command'] },
    operands: 1,
    optionsAfterOperands: true,
    textOptions: ['c', 'command'],
    sources: [
      'https://man7.org/linux/man-pages/man1/flock.1.html',
      'https://gtfobins.github.io/gtfobins/flock/',
    ],
  },
  {
    names: ['script'],
    options: {
      short: 'cEIOBTmo',
      long: [
        'command',
        'echo',
        'log-in',
        'log-out',
        'log-io',
        'log-timing',
        'logging-format',
        'output-limit',
      ],
    },
    textOptions: ['c', 'command'],
    // Without -c script starts an interactive shell and its operand is the typescript file.
    operands: Number.POSITIVE_INFINITY,
    sources: [
      'https://man7.org/linux/man-pages/man1/script.1.html',
      'https://gtfobins.github.io/gtfobins/script/',
    ],
  },
  {
    names: ['unshare'],
    options: {
      short: 'SGRwl',
      long: [
        'setuid',
        'setgid',
        'root',
        'wd',
        'propagation',
        'setgroups',
        'map-user',
        'map-group',
        'map-users',
        'map-groups',
        'load-interp',
      ],
    },
    sources: [
      'https://man7.org/linux/man-pages/man1/unshare.1.html',
      'https://gtfobins.github.io/gtfobins/unshare/',
    ],
  },
  {
    names: ['nsenter'],
    options: { short: 'tSG', long: ['target', 'setuid', 'setgid', 'env'] },
    sources: [
      'https://man7.org/linux/man-pages/man1/nsenter.1.html',
      'https://gtfobins.github.io/gtfobins/nsenter/',
    ],
  },
  {
    names: ['systemd-run'],
    options: {
      short: 'puEMHd',
      long: [
        'property',
        'unit',
        'setenv',
        'machine',
        'host',
        'description',
        'slice',
        'uid',
        'gid',
        'nice',
        'working-directory',
        'on-calendar',
        'on-active',
        'on-boot',
        'on-startup',
        'on-unit-active',
        'on-unit-inactive',
        'timer-property',
        'path-property',
        'socket-property',
        'service-type',
      ],
    },
    sources: [
      'https://www.freedesktop.org/software/systemd/man/latest/systemd-run.html',
      'https://gtfobins.github.io/gtfobins/systemd-run/',
    ],
  },
  {
    names: ['run0'],
    options: {
      short: 'ugD',
      long: [
        'user',
        'group',
        'nice',
        'chdir',
        'setenv',
        'unit',
        'property',
        'description',
        'slice',
        'machine',
        'background',
      ],
    },
    sources: ['https://www.freedesktop.org/software/systemd/man/latest/run0.html'],
  },
  {
    names: ['firejail'],
    sources: [
      'https://firejail.wordpress.com/features-3/man-firejail/',
      'https://gtfobins.github.io/gtfobins/firejail/',
    ],
  },
  {
    names: ['proot'],
    options: { short: 'rbmwqkRS', long: ['rootfs', 'bind', 'mount', 'pwd', 'cwd', 'qemu', 'kernel-release'] },
    sources: [
      'https://proot-me.github.io/',
      'https://github.com/proot-me/proot/blob/master/doc/proot/manual.rst',
    ],
  },
  {
    names: ['fakeroot', 'fakeroot-ng'],
    options: { short: 'lisb', long: ['lib', 'faked'] },
    sources: ['https://manpages.debian.org/fakeroot', 'https://gtfobins.github.io/gtfobins/fakeroot/'],
  },
  {
    names: ['caffeinate'],
    options: { short: 'tw' },
    sources: ['https://keith.github.io/xcode-man-pages/caffeinate.8.html'],
  },
  {
    names: ['dbus-launch', 'dbus-run-session'],
    options: { long: ['config-file', 'dbus-daemon'] },
    sources: [
      'https://dbus.freedesktop.org/doc/dbus-launch.1.html',
      'https://dbus.freedesktop.org/doc/dbus-run-session.1.html',
    ],
  },
  {
    names: ['busybox', 'toybox'],
    sources: [
      'https://busybox.net/downloads/BusyBox.html',
      'https://landley.net/toybox/help.html',
      'https://gtfobins.github.io/gtfobins/busybox/',
    ],
  },
  {
    names: ['pkexec'],
    options: { long: ['user'] },
    sources: [
      'https://www.freedesktop.org/software/polkit/docs/latest/pkexec.1.html',
      'https://gtfobins.github.io/gtfobins/pkexec/',
    ],
  },
  {
    names: ['gosu', 'su-exec', 'setuidgid', 'chpst-as'],
    operands: 1,
    sources: [
      'https://github.com/tianon/gosu',
      'https://github.com/ncopa/su-exec',
      'https://cr.yp.to/daemontools/setuidgid.html',
    ],
  },
  {
    names: ['setpriv', 'chpst', 'prlimit', 'softlimit'],
    options: {
      short: 'urlpPmdofcnt',
      long: [
        'reuid',
        'regid',
        'groups',
        'inh-caps',
        'ambient-caps',
        'bounding-set',
        'securebits',
        'selinux-label',
        'apparmor-profile',
        'landlock-access',
        'landlock-rule',
        'pid',
      ],
    },
    sources: [
      'https://man7.org/linux/man-pages/man1/setpriv.1.html',
      'https://man7.org/linux/man-pages/man1/prlimit.1.html',
      'http://smarden.org/runit/chpst.8.html',
    ],
  },
  {
    names: ['numactl'],
    options: { short: 'NmCpiP', long: ['cpunodebind', 'membind', 'physcpubind', 'preferred', 'interleave'] },
    noCommand: ['s', 'show', 'H', 'hardware'],
    sources: ['https://man7.org/linux/man-pages/man8/numactl.8.html'],
  },
  {
    names: ['cpulimit'],
    options: { short: 'lpe', long: ['limit', 'pid', 'exe'] },
    noCommand: ['p', 'pid', 'e', 'exe'],
    sources: ['https://manpages.debian.org/cpulimit'],
  },
  {
    names: ['tini', 'dumb-init', 'catatonit'],
    options: { short: 'peg', long: ['rewrite'] },
    sources: ['https://github.com/krallin/tini', 'https://github.com/Yelp/dumb-init'],
  },
  {
    names: [
      'eatmydata',
      'nocache',
      'chronic',
      'ifne',
      'rlwrap',
      'torsocks',
      'tsocks',
      'catchsegv',
      'ltrace',
      'valgrind',
    ],
    options: { short: 'oseu', long: ['log-file'] },
    sources: [
      'https://manpages.debian.org/eatmydata',
      'https://manpages.debian.org/moreutils',
      'https://gtfobins.github.io/gtfobins/rlwrap/',
      'https://gtfobins.github.io/gtfobins/ltrace/',
      'https://gtfobins.github.io/gtfobins/valgrind/',
    ],
  },
  {
    names: ['proxychains', 'proxychains4'],
    options: { short: 'f' },
    sources: ['https://github.com/rofl0r/proxychains-ng'],
  },
  {
    names: ['xvfb-run'],
    options: {
      short: 'efnpswl',
      long: ['error-file', 'auth-file', 'server-num', 'xauth-protocol', 'server-args', 'wait'],
    },
    sources: ['https://manpages.debian.org/xvfb-run'],
  },
  {
    names: ['ssh-agent'],
    options: { short: 'aEPt' },
    noCommand: ['k', 'c', 's', 'D', 'd'],
    sources: ['https://man.openbsd.org/ssh-agent.1'],
  },
  {
    names: ['sg'],
    operands: 1,
    textOptions: ['c'],
    options: { short: 'c' },
    optionsAfterOperands: true,
    viaShell: true,
    sources: ['https://man7.org/linux/man-pages/man1/sg.1.html'],
  },
  {
    names: ['parallel', 'sem'],
    options: {
      short: 'jSadEInNLCsX',
      long: [
        'jobs',
        'sshlogin',
        'arg-file',
        'delimiter',
        'eof',
        'replace',
        'max-args',
        'max-lines',
        'colsep',
        'joblog',
        'results',
        'tmpdir',
        'timeout',
        'delay',
        'retries',
        'env',
        'workdir',
        'wd',
        'basefile',
        'return',
        'transfer-file',
        'tag-string',
        'id',
        'semaphorename',
        'load',
        'memfree',
      ],
    },
    viaShell: true,
    sources: [
      'https://www.gnu.org/software/parallel/man.html',
      'https://manpages.debian.org/moreutils/parallel.moreutils.1.en.html',
      'https://gtfobins.github.io/gtfobins/parallel/',
    ],
  },
  {
    names: ['aws-vault'],
    verb: ['exec'],
    after: '--',
    sources: ['https://github.com/99designs/aws-vault/blob/master/USAGE.md#exec'],
  },
  {
    names: ['op', 'doppler', 'dotenvx', 'infisical'],
    verb: ['run'],
    after: '--',
    sources: [
      'https://developer.1password.com/docs/cli/reference/commands/run/',
      'https://docs.doppler.com/docs/cli',
      'https://dotenvx.com/docs/',
      'https://infisical.com/docs/cli/commands/run',
    ],
  },
  {
    names: ['dotenv', 'env-cmd', 'cross-env'],
    after: '--',
    sources: ['https://www.npmjs.com/package/dotenv-cli', 'https://www.npmjs.com/package/env-cmd'],
  },
  {
    names: ['direnv'],
    verb: ['exec'],
    operands: 1,
    sources: ['https://direnv.net/man/direnv.1.html'],
  },
  {
    names: ['nix-shell'],
    options: { short: 'pIA', long: ['run', 'command', 'packages', 'arg', 'argstr', 'attr'] },
    textOptions: ['run', 'command'],
    operands: Number.POSITIVE_INFINITY,
    sources: ['https://nix.dev/manual/nix/stable/command-ref/nix-shell.html'],
  },
  {
    names: ['strace'],
    options: {
      short: 'abeEIoOpPsSuUX',
      long: ['output', 'attach', 'signal', 'string-limit', 'user', 'env', 'trace'],
    },
    noCommand: ['p', 'attach'],
    sources: [
      'https://man7.org/linux/man-pages/man1/strace.1.html',
      'https://gtfobins.github.io/gtfobins/strace/',
    ],
  },
  {
    names: ['screen'],
    options: { short: 'SceEhpTtR', long: [] },
    noCommand: ['r', 'R', 'x', 'X', 'ls', 'list', 'wipe', 'Q'],
    sources: [
      'https://www.gnu.org/software/screen/manual/screen.html#Invoking-Screen',
      'https://gtfobins.github.io/gtfobins/screen/',
    ],
  },
  {
    names: ['cgexec'],
    options: { short: 'g' },
    sources: ['https://manpages.debian.org/cgroup-tools/cgexec.1.en.html'],
  },
  {
    names: ['lxc-attach', 'schroot'],
    after: '--',
    sources: [
      'https://linuxcontainers.org/lxc/manpages/man1/lxc-attach.1.html',
      'https://manpages.debian.org/schroot',
    ],
  },
  {
    names: ['sandbox-exec'],
    options: { short: 'fpD' },
    sources: ['https://keith.github.io/xcode-man-pages/sandbox-exec.1.html'],
  },
  {
    names: ['setarch'],
    operands: 1,
    optionsAfterOperands: true,
    sources: [
      'https://man7.org/linux/man-pages/man8/setarch.8.html',
      'https://gtfobins.github.io/gtfobins/setarch/',
    ],
  },
  {
    names: ['linux32', 'linux64'],
    sources: [
      'https://man7.org/linux/man-pages/man8/setarch.8.html',
      'https://gtfobins.github.io/gtfobins/setarch/',
    ],
  },
  {
    names: ['arch'],
    sources: ['https://keith.github.io/xcode-man-pages/arch.1.html'],
  },
  {
    names: ['faketime'],
    options: { short: 'm', long: [] },
    operands: 1,
    sources: ['https://github.com/wolfcw/libfaketime'],
  },
  {
    names: ['hyperfine'],
    options: {
      short: 'wrmMpcsSnPuLDNo',
      long: [
        'warmup',
        'runs',
        'min-runs',
        'max-runs',
        'prepare',
        'cleanup',
        'setup',
        'shell',
        'command-name',
        'parameter-scan',
        'parameter-step-size',
        'parameter-list',
        'export-json',
        'export-csv',
        'export-markdown',
        'time-unit',
        'output',
        'input',
        'style',
        'sort',
      ],
    },
    textOptions: ['p', 'prepare', 'c', 'cleanup', 's', 'setup', 'conclude'],
    eachOperand: true,
    sources: ['https://github.com/sharkdp/hyperfine#usage'],
  },
  {
    names: ['entr'],
    textOptions: ['s'],
    options: { short: 's' },
    sources: ['https://eradman.com/entrproject/entr.1.html'],
  },
  {
    names: ['nodemon'],
    options: { short: 'xwei', long: ['exec', 'watch', 'ext', 'ignore', 'delay', 'signal', 'config'] },
    textOptions: ['x', 'exec'],
    operands: Number.POSITIVE_INFINITY,
    sources: ['https://github.com/remy/nodemon#running-non-node-scripts'],
  },
  {
    names: ['watchexec'],
    options: {
      short: 'wefd',
      long: [
        'watch',
        'exts',
        'filter',
        'ignore',
        'debounce',
        'delay-run',
        'signal',
        'shell',
        'project-origin',
        'workdir',
        'env',
      ],
    },
    viaShell: true,
    sources: ['https://watchexec.github.io/docs/'],
  },
];

/** A runner entry as an {@link Unwrapper}. */
function runnerUnwrapper(r: Runner): Unwrapper {
  return (cmd) => {
    const name = cmd.name ?? r.names[0] ?? '';
    let i = 1;
    for (const v of r.verb ?? []) {
      if (cmd.argv[i]?.value !== v) return undefined;
      i++;
    }
    const first = readOptions(cmd.argv, i, r.options ?? {});
    const options = [...first.options];
    let start = first.next + (Number.isFinite(r.operands) ? (r.operands ?? 0) : 0);
    if (r.optionsAfterOperands && start < cmd.argv.length) {
      const again = readOptions(cmd.argv, start, r.options ?? {});
      options.push(...again.options);
      start = again.next;
    }
    if (options.some((o) => r.noCommand?.includes(o.name))) return undefined;
    const texts = options.filter((o) => r.textOptions?.includes(o.name));
    const fromOptions = texts.flatMap((text): Unwrapped[] => {
      const word = optionValueWord(text);
      if (!word) return [];
      const wrapper = `${name} -${text.name.length > 1 ? '-' : ''}${text.name}`;
      return [{ kind: 'text', wrapper, words: [word], reportDynamic: name }];
    });
    if (r.eachOperand) {
      const operands = cmd.argv.slice(start).filter((w) => !w.value?.startsWith('-'));
      return [
        ...fromOptions,
        ...operands.map((w): Unwrapped => ({ kind: 'text', wrapper: name, words: [w], reportDynamic: name })),
      ];
    }
    if (fromOptions.length > 0) return fromOptions;
    if (r.operands === Number.POSITIVE_INFINITY) return undefined;
    if (r.after !== undefined) {
      const sep = cmd.argv.findIndex((w, k) => k >= i && w.value === r.after);
      if (sep < 0) return undefined;
      start = sep + 1;
    }
    if (start >= cmd.argv.length) return undefined;
    if (r.names.includes('busybox') && cmd.argv[start]?.value?.startsWith('-')) return undefined;
    if (r.viaShell) return viaShell(cmd.argv, start, name);
    return [{ kind: 'argv', wrapper: name, start }];
  };
}

/** Input separators of GNU parallel (`:::`, `::::`, `:::+`, `::::+`). */
const PARALLEL_INPUTS = /^:{3,4}\+?$/;

/**
 * Text a runner hands to `sh -c`: its command words joined by spaces up to GNU parallel's input
 * separators; without command words, GNU parallel runs each input argument as a command.
 */
function viaShell(argv: readonly ShellWord[], start: number, name: string): Unwrapped[] | undefined {
  const stop = argv.findIndex(
    (w, k) => k >= start && (PARALLEL_INPUTS.test(w.value ?? '') || w.value === '--'),
  );
  const words = argv.slice(start, stop < 0 ? undefined : stop);
  const inputs =
    stop >= 0 && argv[stop]?.value === ':::'
      ? argv.slice(stop + 1).filter((w) => !PARALLEL_INPUTS.test(w.value ?? ''))
      : [];
  if (words.length === 0)
    return inputs.map((w): Unwrapped => ({ kind: 'text', wrapper: name, words: [w], reportDynamic: name }));
  const first = words[0] as ShellWord;
  const dynamic = words.find((w) => w.value === undefined);
  if (dynamic || inputs.length === 0) return [{ kind: 'text', wrapper: name, words, reportDynamic: name }];
  // Each input fills `{}` in the command, or is appended to it (GNU parallel, "REPLACEMENT STRINGS").
  const template = words.map((w) => w.value ?? '').join(' ');
  return inputs.slice(0, MAX_PARALLEL_INPUTS).map((input): Unwrapped => {
    const arg = input.value;
    if (arg === undefined) return { kind: 'text', wrapper: name, words: [input], reportDynamic: name };
    const text = template.includes('{}') ? template.split('{}').join(arg) : `${template} ${arg}`;
    const span = {
      ...first.span,
      end: input.span.end,
      endLine: input.span.endLine,
      endColumn: input.span.endColumn,
    };
    return { kind: 'text', wrapper: name, words: [{ value: text, raw: text, span }], reportDynamic: name };
  });
}

/** Most GNU parallel inputs expanded into commands (each is judged; the rest are alike). */
const MAX_PARALLEL_INPUTS = 16;

/** The runners by program name, as wrappers. */
export const RUNNER_WRAPPERS: Record<string, Unwrapper> = Object.fromEntries(
  RUNNERS.flatMap((r) => r.names.map((n) => [n, runnerUnwrapper(r)] as const)),
);
