import type { ShellCommand, ShellWord } from '../../shell/model';
import { controlEnvVar } from '../../shell/control-surface';
import type { Span } from '../../types';
import { defineShellRule } from '../rule';
import { controlEffect } from './util/control';

/** Whether a PATH value keeps the current PATH (`$PATH:~/bin`, `~/bin:${PATH}`). */
function keepsPath(value: string | undefined, raw: string | undefined): boolean {
  const text = raw ?? value ?? '';
  return /\$\{?PATH\b/.test(text);
}

/** The word of a declaration command that assigns `name` (`export NAME=…`), for its span. */
function assignmentWord(cmd: ShellCommand, name: string): ShellWord | undefined {
  return cmd.argv.find((w) => w.value?.startsWith(`${name}=`) || w.raw.startsWith(`${name}=`));
}

/** Shells whose startup (and Railguard's hook in `BASH_ENV`) `env -i` skips, and scripts run directly. */
function startsHooklessShell(program: string): boolean {
  return /^(ba|da|k|z|fi|mk|tc|c|y)?sh$/.test(program) || program.includes('/') || program.endsWith('.sh');
}

/** Options of `env` that take the next word as argument. */
const ENV_VALUE_OPTIONS = new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string', '-P']);

/**
 * Changing the environment Railguard and its shell hooks run in: setting, exporting or unsetting
 * `RAILGUARD_*`, `BASH_ENV`, `ENV`, `PROMPT_COMMAND`, `ZDOTDIR`, `BASH_FUNC_*`, `SHELLOPTS`
 * (the catalogue `CONTROL_ENV_VARS`), a `PATH` that no longer contains the current `PATH` (so the
 * shim folder is gone), `env -u NAME`, and `env -i` clearing all of them for the program it runs.
 */
export default defineShellRule({
  meta: {
    id: 'control-env-change',
    title: "Changing Railguard's environment",
    category: 'control',
    severity: 'error',
    docs: {
      description:
        'Flags setting or unsetting environment variables that steer Railguard and its shell hooks.',
      problem:
        "Railguard's hooks find the daemon, the token and the production matchers through " +
        '`RAILGUARD_RUNTIME_DIR`; non-interactive bash loads the hook from `BASH_ENV`; shims work ' +
        'because their folder is on `PATH`. An agent that points `RAILGUARD_RUNTIME_DIR` at a folder ' +
        'it controls, clears `BASH_ENV` for a script or replaces `PATH` runs the next commands ' +
        'with a guard that answers what the agent wants, or with none.',
      solution:
        'Leave these variables to Railguard and your shell startup files. To add a folder to ' +
        '`PATH`, append or prepend to the current value (`export PATH="$PATH:$HOME/bin"`).',
    },
    messages: {
      set: '`{{name}}` is changed: {{what}}.',
      unset: '`{{name}}` is removed: {{what}}.',
      pathReplaced: '`PATH` is replaced without the current `PATH`, dropping the Railguard shim folder.',
      cleared: '`env {{option}}` runs `{{program}}` without the environment Railguard is loaded from.',
    },
    controls: ['NIST:CM-5', 'NIST:SI-4', 'SOC2:CC6.8'],
    sources: [
      'https://www.gnu.org/software/bash/manual/bash.html#Bash-Variables',
      'https://pubs.opengroup.org/onlinepubs/9799919799/utilities/env.html',
      'railguard issue 10 (export RAILGUARD_RUNTIME_DIR=/x)',
    ],
    examples: {
      valid: [
        'export PATH=$PATH:~/bin',
        'export PATH="$HOME/.local/bin:$PATH"',
        'export NODE_ENV=production',
        'FOO=1 npm test',
        'unset FOO',
        'env | grep RAILGUARD',
      ],
      invalid: [
        'export RAILGUARD_RUNTIME_DIR=/x',
        'unset BASH_ENV',
        'BASH_ENV= bash deploy.sh',
        'env -u RAILGUARD_RUNTIME_DIR bash',
        'PATH=/usr/bin:/bin psql -h prod-db',
        'PROMPT_COMMAND=',
      ],
    },
  },
  check(cmd, _analysis, report) {
    const via = cmd.name ?? 'assignment';
    const reportSet = (name: string, span: Span | undefined, kind: 'set' | 'unset'): void => {
      const entry = controlEnvVar(name);
      if (!entry) return;
      report({
        messageId: kind,
        data: { name, what: entry.what },
        ...(span ? { span } : {}),
        effects: [controlEffect(kind === 'set' ? 'write' : 'disable', 'env', name, via)],
      });
    };
    // Assignments `env NAME=value` hands to the command it runs are reported on `env`'s own word.
    const fromEnv = cmd.wrappers[cmd.wrappers.length - 1] === 'env';
    for (const a of fromEnv ? [] : cmd.assignments) {
      const span = assignmentWord(cmd, a.name)?.span;
      if (a.name === 'PATH') {
        // A workspace script's run-time value (`PATH="${_OLD_VIRTUAL_PATH:-}"` in a virtualenv's
        // `activate`, read as empty or unknown) is not reported; a fixed one (`PATH=/usr/bin:/bin`) is.
        if (!keepsPath(a.value, a.raw) && !(cmd.fromFile && !a.value))
          report({
            messageId: 'pathReplaced',
            ...(span ? { span } : {}),
            effects: [controlEffect('disable', 'control', 'railguard:shims', via)],
          });
        continue;
      }
      reportSet(a.name, span, 'set');
    }
    const args = cmd.argv.slice(1);
    if (cmd.name === 'unset') {
      if (args.some((w) => w.value === '-f')) return;
      for (const w of args) {
        if (w.value === undefined || w.value.startsWith('-')) continue;
        if (w.value === 'PATH')
          report({
            messageId: 'pathReplaced',
            span: w.span,
            effects: [controlEffect('disable', 'control', 'railguard:shims', via)],
          });
        else reportSet(w.value, w.span, 'unset');
      }
      return;
    }
    if (
      (cmd.name === 'export' || cmd.name === 'declare' || cmd.name === 'typeset') &&
      args.some((w) => w.value === '-n' || w.value === '+x')
    ) {
      for (const w of args)
        if (w.value && !w.value.startsWith('-') && !w.value.startsWith('+'))
          reportSet(w.value.split('=')[0] ?? '', w.span, 'unset');
      return;
    }
    if (cmd.name === 'env') {
      for (let i = 0; i < args.length; i++) {
        const w = args[i] as ShellWord;
        const assign = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(w.value ?? w.raw);
        const v = w.value ?? (assign ? w.raw : undefined);
        if (v === undefined || (!v.startsWith('-') && !assign)) {
          const clear = args
            .slice(0, i)
            .find((o) => o.value === '-i' || o.value === '-' || o.value === '--ignore-environment');
          if (clear && v !== undefined && startsHooklessShell(v))
            report({
              messageId: 'cleared',
              data: { option: clear.value ?? '-i', program: v },
              span: clear.span,
              effects: [controlEffect('disable', 'env', 'BASH_ENV', via)],
            });
          break;
        }
        if (v === '-u' || v === '--unset') {
          const n = args[i + 1];
          if (n?.value) reportSet(n.value, n.span, 'unset');
          i++;
        } else if (v.startsWith('--unset=')) reportSet(v.slice(8), w.span, 'unset');
        else if (/^-u./.test(v)) reportSet(v.slice(2), w.span, 'unset');
        else if (ENV_VALUE_OPTIONS.has(v)) i++;
        else if (assign?.[1]) {
          const name = assign[1];
          if (name === 'PATH') {
            if (!keepsPath(undefined, w.raw.slice(w.raw.indexOf('=') + 1)))
              report({
                messageId: 'pathReplaced',
                span: w.span,
                effects: [controlEffect('disable', 'control', 'railguard:shims', via)],
              });
          } else reportSet(name, w.span, 'set');
        }
      }
    }
  },
});
