import type { ShellWord } from '../../shell/model';
import { HOOK_FUNCTION_PREFIX, HOOK_KEYS, HOOK_SIGNALS, HOOK_WIDGETS } from '../../shell/control-surface';
import { defineShellRule } from '../rule';
import { controlEffect } from './util/control';

/** `trap`'s signal operands (after the action), upper-cased, `SIG` prefix removed. */
function trapSignals(args: readonly ShellWord[]): { word: ShellWord; name: string }[] {
  const words = args[0]?.value === '--' ? args.slice(1) : args;
  if (words.length === 0 || words[0]?.value === '-p' || words[0]?.value === '-l') return [];
  // `trap SIGNAL…` alone (a single operand, or the first one an unsigned integer) resets to default.
  const first = words[0]?.value;
  const operands =
    words.length === 1 || (first !== undefined && /^\d+$/.test(first)) ? words : words.slice(1);
  return operands.map((word) => ({ word, name: (word.value ?? word.raw).toUpperCase().replace(/^SIG/, '') }));
}

/** Whether a bind/bindkey key spec is one of the keys the hooks own (Enter). */
function ownedKey(spec: string | undefined): boolean {
  return spec !== undefined && HOOK_KEYS.test(spec.trim());
}

/**
 * Switching Railguard's shell hooks off: replacing or removing bash's DEBUG trap (`trap - DEBUG`,
 * `trap '' DEBUG`, `trap 'cmd' DEBUG`), `set +T` / `shopt -u extdebug`, removing or redefining the
 * hook functions (`unset -f __railguard_judge`, `unfunction`, fish `functions -e`), re-binding
 * or removing Enter (`bind -r '\C-m'`, `bindkey '^M' accept-line`, fish `bind --erase`), zsh
 * widgets (`zle -N accept-line`, `zle -D`) and hook lists (`add-zsh-hook -d`).
 */
export default defineShellRule({
  meta: {
    id: 'control-hook-disable',
    title: "Switching Railguard's shell hooks off",
    category: 'control',
    severity: 'error',
    docs: {
      description:
        "Flags traps, options, bindings and function changes that switch Railguard's shell hooks off.",
      problem:
        "Railguard's shell hooks judge each command from a DEBUG trap (bash scripts), from the Enter " +
        'key binding (interactive bash, zsh, fish) and from functions named `__railguard_*`. One ' +
        '`trap - DEBUG` at the top of a script, or `bind -r "\\C-m"` in an interactive shell, and ' +
        'every later command runs unjudged.',
      solution:
        'Leave the DEBUG trap, the Enter binding and the `__railguard_*` functions alone. Scripts ' +
        'that need their own DEBUG trap should not be run by an agent; to turn the hook off for ' +
        'yourself, remove it from your shell startup file in your own editor.',
    },
    messages: {
      trap: '`trap` on `{{signal}}` replaces the DEBUG trap that judges each command of a script.',
      option: '`{{tool}} {{option}}` turns off what the DEBUG trap needs.',
      hookFunction: '`{{tool}}` removes or replaces Railguard hook function `{{name}}`.',
      binding: '`{{tool}}` re-binds or removes the Enter key that Railguard judges each line on.',
      widget: '`zle` replaces or deletes the `{{name}}` widget that Railguard judges each line in.',
      zshHook: '`add-zsh-hook -d` removes a hook from `{{name}}`.',
    },
    controls: ['NIST:SI-4', 'NIST:CM-5', 'NIST:AU-9'],
    sources: [
      'https://www.gnu.org/software/bash/manual/bash.html#index-trap',
      'https://www.gnu.org/software/bash/manual/bash.html#index-bind',
      'https://zsh.sourceforge.io/Doc/Release/Zsh-Line-Editor.html#Zle-Builtins',
      'https://fishshell.com/docs/current/cmds/functions.html',
      'server/src/hooks/shell/railguard.bash',
      'railguard issue 10 (trap - DEBUG in a script)',
    ],
    examples: {
      valid: [
        "trap 'rm -f $tmp' EXIT",
        'trap - INT TERM',
        'trap -p',
        'set +e',
        'bind -x \'"\\C-t": fzf-file-widget\'',
        'unset -f my_helper',
        'add-zsh-hook precmd my_prompt',
      ],
      invalid: [
        'trap - DEBUG',
        "trap '' DEBUG",
        'set +T',
        'shopt -u extdebug',
        'unset -f __railguard_judge',
        "bind -r '\\C-m'",
        "bindkey '^M' accept-line",
        'functions -e __railguard_enter',
      ],
    },
  },
  check(cmd, _analysis, report) {
    const tool = cmd.name;
    if (!tool) return;
    const args = cmd.argv.slice(1);
    const effect = [controlEffect('disable', 'control', `railguard:shell-hook`, tool)];
    switch (tool) {
      case 'trap': {
        for (const s of trapSignals(args))
          if (HOOK_SIGNALS.includes(s.name) || s.word.value === undefined)
            report({ messageId: 'trap', data: { signal: s.word.raw }, span: s.word.span, effects: effect });
        return;
      }
      case 'set': {
        for (let i = 0; i < args.length; i++) {
          const v = args[i]?.value ?? '';
          const off =
            (/^\+[a-zA-Z]*T/.test(v) && v) ||
            (v === '+o' &&
              /^(functrace|errtrace)$/.test(args[i + 1]?.value ?? '') &&
              `+o ${args[i + 1]?.value}`);
          if (off)
            report({
              messageId: 'option',
              data: { tool, option: off },
              span: (args[i] as ShellWord).span,
              effects: effect,
            });
        }
        return;
      }
      case 'shopt': {
        if (!args.some((w) => w.value === '-u')) return;
        const w = args.find((x) => x.value === 'extdebug' || x.value === 'functrace');
        if (w)
          report({
            messageId: 'option',
            data: { tool, option: `-u ${w.value}` },
            span: w.span,
            effects: effect,
          });
        return;
      }
      case 'unset':
      case 'unfunction':
      case 'functions':
      case 'unalias': {
        if (
          tool === 'functions' &&
          !args.some(
            (w) => w.value === '-e' || w.value === '--erase' || w.value === '-c' || w.value === '--copy',
          )
        )
          return;
        for (const w of args)
          if (
            w.value?.startsWith(HOOK_FUNCTION_PREFIX) ||
            (w.value === undefined && w.raw.includes(HOOK_FUNCTION_PREFIX))
          )
            report({
              messageId: 'hookFunction',
              data: { tool, name: w.value ?? w.raw },
              span: w.span,
              effects: effect,
            });
        return;
      }
      case 'bind':
      case 'bindkey': {
        const removes = args.some((w) => ['-r', '-e', '--erase'].includes(w.value ?? ''));
        const words = args.filter((w) => w.value === undefined || !w.value.startsWith('-'));
        for (let i = 0; i < words.length; i++) {
          const w = words[i] as ShellWord;
          const text = w.raw.replace(/^['"]|['"]$/g, '');
          const colon = text.indexOf(':');
          const key = colon >= 0 ? text.slice(0, colon) : text;
          if (!ownedKey(key)) continue;
          const target = colon >= 0 ? text.slice(colon + 1) : (words[i + 1]?.raw ?? '');
          if (!removes && (target.trim() === '' || target.includes(HOOK_FUNCTION_PREFIX))) continue;
          report({ messageId: 'binding', data: { tool }, span: w.span, effects: effect });
          return;
        }
        return;
      }
      case 'zle': {
        const op = args[0]?.value;
        if (op !== '-N' && op !== '-D' && op !== '-A') return;
        const widget = args.find(
          (w) => w.value !== undefined && HOOK_WIDGETS.includes(w.value.replace(/^\./, '')),
        );
        const target = args[args.length - 1]?.value;
        if (widget && !(op === '-N' && target?.startsWith(HOOK_FUNCTION_PREFIX)))
          report({
            messageId: 'widget',
            data: { name: widget.value ?? '' },
            span: widget.span,
            effects: effect,
          });
        return;
      }
      case 'add-zsh-hook': {
        if (!args.some((w) => w.value === '-d' || w.value === '-D')) return;
        const hook = args.find((w) => w.value === 'preexec' || w.value === 'precmd');
        const fn = args[args.length - 1];
        const named =
          fn !== hook &&
          (fn?.value === undefined || fn.value.startsWith(HOOK_FUNCTION_PREFIX) || /[*?]/.test(fn.value));
        if (hook && named)
          report({
            messageId: 'zshHook',
            data: { name: hook.value ?? '' },
            span: hook.span,
            effects: effect,
          });
        return;
      }
      default:
        return;
    }
  },
});
