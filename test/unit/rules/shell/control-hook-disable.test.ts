import rule from '../../../../server/src/core/rules/shell/control-hook-disable';
import { testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'trap cleanup EXIT INT',
    "trap 'echo $?' ERR",
    'set -T',
    'set +x',
    'shopt -s extdebug',
    'shopt -u nullglob',
    'bind -p',
    'bind \'"\\C-r": reverse-search-history\'',
    "bindkey '^R' history-incremental-search-backward",
    'functions -e my_fn',
    'zle -N my-widget',
    'add-zsh-hook -d precmd my_prompt',
  ],
  invalid: [
    { code: 'trap - DEBUG', errors: [{ messageId: 'trap', line: 1, column: 8 }] },
    { code: "trap '' DEBUG", errors: [{ messageId: 'trap', line: 1, column: 9 }] },
    { code: "trap 'echo hi' SIGDEBUG EXIT", errors: [{ messageId: 'trap', line: 1, column: 16 }] },
    { code: 'trap DEBUG', errors: [{ messageId: 'trap', line: 1, column: 6 }] },
    { code: 'set +eT', errors: [{ messageId: 'option', line: 1, column: 5 }] },
    { code: 'set +o functrace', errors: [{ messageId: 'option', line: 1, column: 5 }] },
    { code: 'shopt -u extdebug', errors: [{ messageId: 'option', line: 1, column: 10 }] },
    {
      code: 'unset -f __railguard_debug __railguard_judge',
      errors: [
        { messageId: 'hookFunction', column: 10 },
        { messageId: 'hookFunction', column: 28 },
      ],
    },
    {
      code: 'unfunction __railguard_accept_line',
      errors: [{ messageId: 'hookFunction', line: 1, column: 12 }],
    },
    {
      code: 'functions --erase __railguard_enter',
      errors: [{ messageId: 'hookFunction', line: 1, column: 19 }],
    },
    { code: "bind -r '\\C-m'", errors: [{ messageId: 'binding', line: 1, column: 9 }] },
    { code: 'bind \'"\\C-m": accept-line\'', errors: [{ messageId: 'binding', line: 1, column: 6 }] },
    { code: "bindkey '^M' accept-line", errors: [{ messageId: 'binding', line: 1, column: 9 }] },
    { code: 'bind --erase \\r', errors: [{ messageId: 'binding', line: 1, column: 14 }] },
    { code: 'zle -N accept-line my_accept', errors: [{ messageId: 'widget', line: 1, column: 8 }] },
    { code: 'zle -A .accept-line accept-line', errors: [{ messageId: 'widget', line: 1, column: 8 }] },
    {
      code: 'add-zsh-hook -d preexec __railguard_preexec',
      errors: [{ messageId: 'zshHook', line: 1, column: 17 }],
    },
  ],
});
