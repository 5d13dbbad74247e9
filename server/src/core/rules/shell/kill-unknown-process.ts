import type { ShellAnalysis, ShellCommand, ShellWord } from '../../shell/model';
import { defineShellRule } from '../rule';
import { parseOptions } from './util/options';
import { killTargets } from './control-process-kill';
import { commandNamesRailguard, commandsInside, controlEffect, namesRailguard } from './util/control';

/**
 * Targets that are the shell itself, its parent or its own jobs (`%1`, `$!`, `$$`, `$PPID`,
 * `$(jobs -p)`): never Railguard's daemon, which no agent shell starts.
 */
function ownJob(word: ShellWord, analysis: ShellAnalysis): boolean {
  if (/^%/.test(word.value ?? '')) return true;
  const bare = word.raw.replace(/^"(.*)"$/, '$1');
  if (/^\$(!|\$|\{!\}|\{\$\}|PPID|\{PPID\}|BASHPID)$/.test(bare)) return true;
  const inner = commandsInside(word, analysis);
  return inner.length > 0 && inner.every((c) => c.name === 'jobs');
}

/** Programs whose name or command line Railguard's daemon has (`node …/railguard.js daemon`). */
const DAEMON_NAMES = new Set(['node', 'nodejs', 'railguard', 'electron', 'code', 'code-insiders', 'cursor']);
/** What `pgrep -f` / `pkill -f` sees of the daemon: its full command line. */
const DAEMON_CMDLINE = 'node /home/user/.vscode/extensions/railguard/dist/railguard-cli.js daemon';

/**
 * Whether a pid substitution selects processes by a name that cannot be Railguard's daemon
 * (`$(pgrep amarok)`, `$(pidof firefox)`): the pattern, as an extended regular expression, does
 * not match the daemon's name or command line. Any other pipeline or file (`$(lsof -t -i:3000)`,
 * `$(cat app.pid)`) stays unknown.
 */
function namedOtherProcess(word: ShellWord, analysis: ShellAnalysis): boolean {
  const inner = commandsInside(word, analysis);
  if (inner.length !== 1) return false;
  const c = inner[0] as ShellCommand;
  const args = c.argv.slice(1).filter((w) => !w.value?.startsWith('-'));
  if (c.name === 'pidof')
    return args.length > 0 && args.every((w) => w.value !== undefined && !DAEMON_NAMES.has(w.value));
  if (
    c.name !== 'pgrep' ||
    args.length !== 1 ||
    c.argv.some((w) => /^-[a-zA-Z]*[uUgGPst]/.test(w.value ?? ''))
  )
    return false;
  const pattern = args[0]?.value;
  return pattern !== undefined && !patternMatchesDaemon(pattern, true);
}

/**
 * Whether a `pgrep`/`pkill` pattern (an extended regular expression; `full`: matched against the
 * whole command line) can select the daemon. A pattern JavaScript cannot compile counts as a match.
 */
function patternMatchesDaemon(pattern: string, full: boolean): boolean {
  try {
    const re = new RegExp(pattern);
    return [...DAEMON_NAMES].some((n) => re.test(n)) || (full && re.test(DAEMON_CMDLINE));
  } catch {
    return true;
  }
}

/**
 * `kill` of a process the command does not name: a literal pid or one computed at run time
 * (`kill $(lsof -t -i:3000)`). Whether it is Railguard's daemon is only known when it runs, so
 * it is an `opaque` finding: policy asks in production and allows it elsewhere. Pids that are
 * provably Railguard's, or every process (`kill -1`), are `control-process-kill`.
 */
export default defineShellRule({
  meta: {
    id: 'kill-unknown-process',
    title: 'Killing a process that may be Railguard',
    category: 'opaque',
    severity: 'info',
    docs: {
      description: 'Flags `kill` of a pid the command does not name (a number, or computed at run time).',
      problem:
        'A pid says nothing about the process: `kill 4242` or `kill $(lsof -t -i:7777)` may be ' +
        "Railguard's daemon as well as a stuck dev server. An agent that can kill by pid can stop " +
        'the guard with a spelling no name-based rule recognises.',
      solution:
        'Kill by something that names the process (`pkill -f "node server.js"`, `kill %1` for a ' +
        'job of this shell, `kill $!` for the last background child). In production, a human ' +
        'confirms other kills.',
    },
    messages: {
      unknownPid: '`kill {{target}}`: which process this pid is is only known at run time.',
      mayBeDaemon:
        "`{{tool}} {{target}}` also matches the process Railguard's daemon runs as (`node …/railguard.js daemon`).",
    },
    controls: ['NIST:SI-4', 'NIST:CM-5'],
    sources: ['https://pubs.opengroup.org/onlinepubs/9799919799/utilities/kill.html', 'railguard issue 10'],
    examples: {
      valid: ['kill %1', 'kill $!', 'kill -0 4242', 'kill -l', 'kill -9 -1', 'kill `pgrep myserver`'],
      invalid: [
        'kill 4242',
        'kill -9 $(lsof -t -i:3000)',
        'kill `pgrep -f node`',
        'pkill node',
        'killall node',
      ],
    },
  },
  check(cmd, analysis, report) {
    if (cmd.name === 'pkill' || cmd.name === 'killall') {
      const full = cmd.argv.some((w) => /^-[a-zA-Z]*f/.test(w.value ?? '') || w.value === '--full');
      const args = parseOptions(cmd.argv.slice(1), {
        shortWithValue: cmd.name === 'pkill' ? 'sgGPtuUF' : 'sugo',
        longWithValue: ['signal', 'user', 'group', 'older-than', 'younger-than', 'context'],
      });
      for (const w of args.positionals) {
        const v = w.value;
        if (v === undefined || namesRailguard(v)) continue;
        if (cmd.name === 'killall' ? DAEMON_NAMES.has(v) : patternMatchesDaemon(v, full))
          report({
            messageId: 'mayBeDaemon',
            data: { tool: cmd.name, target: v },
            span: w.span,
            effects: [controlEffect('destroy', 'process', v, cmd.name)],
          });
      }
      return;
    }
    if (cmd.name !== 'kill') return;
    const targets = killTargets(cmd);
    if (!targets) return;
    for (const t of targets) {
      if (ownJob(t, analysis) || namedOtherProcess(t, analysis) || t.value === '-1' || t.value === '0')
        continue;
      if (namesRailguard(t.value ?? t.raw) || commandsInside(t, analysis).some(commandNamesRailguard))
        continue;
      report({
        messageId: 'unknownPid',
        data: { target: t.raw },
        span: t.span,
        effects: [controlEffect('destroy', 'process', t.value, 'kill')],
      });
    }
  },
});
