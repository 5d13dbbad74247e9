import type { ShellAnalysis, ShellCommand, ShellWord } from '../../shell/model';
import { PROCESS_TOOLS } from '../../shell/control-surface';
import { serviceActions } from '../../shell/service-managers';
import { defineShellRule } from '../rule';
import {
  argumentSources,
  commandNamesRailguard,
  commandsInside,
  controlEffect,
  namesRailguard,
} from './util/control';
import { parseOptions } from './util/options';

/** `kill` targets that signal every process the user may signal (POSIX kill, "pid" operand). */
const EVERY_PROCESS = new Set(['-1', '0']);

/**
 * The pid operands of `kill ARGS` (signal options skipped), or `undefined` when the call only
 * lists signals or probes (`-l`, `-L`, signal 0).
 */
export function killTargets(cmd: ShellCommand): ShellWord[] | undefined {
  const words = cmd.argv.slice(1);
  const out: ShellWord[] = [];
  let signal: string | undefined;
  let optionsDone = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as ShellWord;
    const v = w.value;
    if (!optionsDone && v !== undefined && v.startsWith('-') && !/^-\d+$/.test(v) && v !== '-') {
      if (v === '--') {
        optionsDone = true;
        continue;
      }
      if (v === '-l' || v === '-L' || v === '--list' || v === '--table') return undefined;
      if (v === '-s' || v === '-n' || v === '--signal') {
        signal = words[i + 1]?.value;
        i++;
        continue;
      }
      signal = v.replace(/^-+/, '');
      continue;
    }
    if (!optionsDone && v !== undefined && /^-\d+$/.test(v) && out.length === 0 && signal === undefined) {
      // `kill -9 PID`: the first `-N` is a signal number; `kill -9 -1` then targets every process.
      signal = v.slice(1);
      continue;
    }
    out.push(w);
  }
  if (signal === '0') return undefined;
  return out;
}

/** Whether a pid operand is computed from something naming Railguard (its pid file, `pgrep railguard`). */
function railguardPid(word: ShellWord, analysis: ShellAnalysis): boolean {
  if (namesRailguard(word.value ?? word.raw)) return true;
  return commandsInside(word, analysis).some(commandNamesRailguard);
}

/**
 * Stopping Railguard's own processes: `kill` of the daemon's pid (read from its runtime folder or
 * found with `pgrep`/`pidof`), `kill -9 -1` / `kill 0` (every process of the user, the daemon
 * among them), `pkill -f railguard`, `killall railguard`, `pkill -u $USER`, `fuser -k` on its
 * socket, a service manager stopping a Railguard service, and a debugger, tracer or limit tool
 * pointed at a Railguard pid (`gdb -p $(pgrep railguard)`, `prlimit --pid …`; `PROCESS_TOOLS`).
 */
export default defineShellRule({
  meta: {
    id: 'control-process-kill',
    title: "Stopping Railguard's daemon or hooks",
    category: 'control',
    severity: 'error',
    docs: {
      description: "Flags commands that kill or stop Railguard's daemon and hook processes.",
      problem:
        'An agent runs as the same OS user as Railguard and can signal its processes. With the ' +
        'daemon gone, hooks fall back to the fail rule (commands outside production run with a ' +
        'warning) and in-process decisions are not audited: killing the guard is the shortest way ' +
        'around it. `kill -9 -1` and `kill 0` signal every process of the user, the daemon too.',
      solution:
        'Stop or restart Railguard yourself (the editor command, or `railguard daemon` in your own ' +
        'terminal). Kill the process you mean by its own pid or name. For a stronger guarantee, run ' +
        'the daemon as its own OS user (see docs/threat-model.md), where the agent cannot signal it.',
    },
    messages: {
      railguard: '`{{tool}}` stops Railguard (`{{target}}`).',
      everyProcess: '`{{tool}} {{target}}` signals every process of the user, Railguard among them.',
      service: '`{{tool}} {{verb}}` stops the Railguard service `{{target}}`.',
      process: "`{{tool}}` {{what}} Railguard's process (`{{target}}`).",
    },
    controls: ['NIST:SI-4', 'NIST:AU-9', 'NIST:CM-5', 'SOC2:CC7.2'],
    sources: [
      'https://pubs.opengroup.org/onlinepubs/9799919799/utilities/kill.html',
      'https://man7.org/linux/man-pages/man1/pkill.1.html',
      'railguard issue 10 (kill of the daemon)',
    ],
    examples: {
      valid: [
        'kill %1',
        'kill $!',
        'kill -0 1234',
        'kill -l',
        'pkill -f "python app.py"',
        'systemctl stop nginx',
        'strace -o railguard-trace.txt node app.js',
      ],
      invalid: [
        'kill $(cat ~/.railguard/run/daemon.pid)',
        'pkill -f railguard',
        'kill -9 -1',
        'kill 0',
        'killall railguard',
        'systemctl --user stop railguard',
        "gdb -p $(pgrep -f 'railguard daemon') -batch -ex 'call exit(0)'",
      ],
    },
  },
  check(cmd, analysis, report) {
    const tool = cmd.name;
    if (!tool) return;
    const via = tool;
    if (tool === 'kill') {
      const targets = killTargets(cmd);
      if (!targets) return;
      for (const t of targets) {
        if (t.value !== undefined && EVERY_PROCESS.has(t.value)) {
          report({
            messageId: 'everyProcess',
            data: { tool, target: t.value },
            span: t.span,
            effects: [controlEffect('destroy', 'process', '*', via)],
          });
        } else if (railguardPid(t, analysis)) {
          report({
            messageId: 'railguard',
            data: { tool, target: t.raw },
            span: t.span,
            effects: [controlEffect('disable', 'control', 'railguard:daemon', via)],
          });
        }
      }
      if (targets.length === 0 && argumentSources(cmd, analysis).some(commandNamesRailguard))
        report({
          messageId: 'railguard',
          data: { tool, target: 'pids from stdin' },
          effects: [controlEffect('disable', 'control', 'railguard:daemon', via)],
        });
      return;
    }
    if (tool === 'pkill' || tool === 'killall') {
      const args = parseOptions(cmd.argv.slice(1), {
        shortWithValue: tool === 'pkill' ? 'sgGPtuUF' : 'sugo',
        longWithValue: ['signal', 'user', 'group', 'older-than', 'younger-than', 'context'],
      });
      const pattern = args.positionals.find((w) => namesRailguard(w.value ?? w.raw));
      if (pattern) {
        report({
          messageId: 'railguard',
          data: { tool, target: pattern.value ?? pattern.raw },
          span: pattern.span,
          effects: [controlEffect('disable', 'control', 'railguard:daemon', via)],
        });
        return;
      }
      const user = args.all('u', 'U', 'user')[0];
      if (user && args.positionals.length === 0)
        report({
          messageId: 'everyProcess',
          data: { tool, target: `${user.word.raw} ${user.value ?? user.text ?? ''}`.trim() },
          span: user.word.span,
          effects: [controlEffect('destroy', 'process', '*', via)],
        });
      return;
    }
    const attach = PROCESS_TOOLS.find((t) => t.program === tool);
    if (attach) {
      // Only a pid computed from something naming Railguard counts (`$(pgrep railguard)`, `$(cat
      // ~/.railguard/run/daemon.pid)`); a word merely containing the name is a file or label.
      const pid = cmd.argv.slice(1).find((w) => commandsInside(w, analysis).some(commandNamesRailguard));
      if (pid)
        report({
          messageId: 'process',
          data: { tool, what: attach.what, target: pid.raw },
          span: pid.span,
          effects: [controlEffect('disable', 'control', 'railguard:daemon', via)],
        });
      return;
    }
    if (tool === 'fuser') {
      const args = parseOptions(cmd.argv.slice(1), { shortWithValue: 'n' });
      if (!args.has('k', 'kill')) return;
      const target = args.positionals.find((w) => namesRailguard(w.value ?? w.raw));
      if (target)
        report({
          messageId: 'railguard',
          data: { tool, target: target.value ?? target.raw },
          span: target.span,
          effects: [controlEffect('disable', 'control', 'railguard:daemon', via)],
        });
      return;
    }
    for (const a of serviceActions(cmd)) {
      if (a.verb.kind !== 'stop' && a.verb.kind !== 'disable') continue;
      const unit = a.names.find((w) => namesRailguard(w.value ?? w.raw));
      if (unit)
        report({
          messageId: 'service',
          data: { tool, verb: a.verbWord.value ?? '', target: unit.value ?? unit.raw },
          span: unit.span,
          effects: [controlEffect('disable', 'control', 'railguard:daemon', via)],
        });
    }
  },
});
