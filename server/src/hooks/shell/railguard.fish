# Railguard shell hook for fish (printed by `railguard shell-init fish`; see server/src/hooks/README.md).
# Enter (in the emacs and vi modes) is bound to __railguard_enter, which judges the whole command
# line before `execute`.
# fish has no /dev/tcp: the daemon is asked with `curl --unix-socket` (one process per command).
if set -q __railguard_loaded
    return 0
end
set -g __railguard_loaded 1
set -q RAILGUARD_RUNTIME_DIR; or set -gx RAILGUARD_RUNTIME_DIR "@RUNTIME_DIR@"
set -q RAILGUARD_TIMEOUT; or set -g RAILGUARD_TIMEOUT 2
set -q RAILGUARD_APPROVAL_TIMEOUT; or set -g RAILGUARD_APPROVAL_TIMEOUT 130

function __railguard_prod --argument-names line
    set -l hosts
    if test -r $RAILGUARD_RUNTIME_DIR/prod-matchers
        while read -l -d \t kind glob rest
            test "$kind" = host; and set -a hosts $glob
        end <$RAILGUARD_RUNTIME_DIR/prod-matchers
    end
    test (count $hosts) -gt 0; or set hosts '*prod*' '*prd*'
    set -l words (string split -n ' ' -- (string replace -ra '[\'"@/:=,;|&()<>`\s]+' ' ' -- "$line $DATABASE_URL $PGHOST $MYSQL_HOST $REDIS_URL"))
    for w in $words
        for g in $hosts
            if string match -qi -- $g $w
                echo "'$w' matches production host '$g'"
                return 0
            end
        end
    end
    return 1
end

function __railguard_judge --argument-names line
    set -l token
    read -l token <$RAILGUARD_RUNTIME_DIR/token 2>/dev/null
    set -l meta "cwd=$PWD" "actor=$RAILGUARD_ACTOR"
    for v in USER DATABASE_URL PGHOST PGDATABASE MYSQL_HOST REDIS_URL AWS_PROFILE KUBECONFIG RAILGUARD_ENV CLAUDECODE GEMINI_CLI CODEX_SANDBOX
        set -q $v; and set -a meta "env.$v="(string replace -a \n ' ' -- $$v)
    end
    set -l why
    set -l out
    if test -n "$token"; and test -S $RAILGUARD_RUNTIME_DIR/daemon.sock
        set out (printf '%s\n' $meta '' "$line" | curl -sS --unix-socket $RAILGUARD_RUNTIME_DIR/daemon.sock \
            --connect-timeout $RAILGUARD_TIMEOUT -m $RAILGUARD_APPROVAL_TIMEOUT -H "Authorization: Bearer $token" \
            -H 'Content-Type: text/plain' --data-binary @- http://railguard/v1/shell 2>/dev/null)
        set -l rc $status
        test $rc -eq 28; and set why "no answer within $RAILGUARD_TIMEOUT s"
        test $rc -ne 0 -a $rc -ne 28; and set why 'the daemon is not running'
    else
        set why 'the daemon is not running'
    end
    if test -z "$why"; and test (count $out) -gt 0
        set -l f (string split \t -- $out[-1])
        switch $f[1]
            case allow
                return 0
            case warn
                printf '\nrailguard: warning (%s): %s [%s]\n' $f[2] $f[4] $f[3] >&2
                return 0
            case '*'
                printf '\nrailguard: blocked (%s in %s): %s [%s]\n' $f[1] $f[2] $f[4] $f[3] >&2
                return 1
        end
    end
    test -n "$why"; or set why 'no answer'
    set -l prod (__railguard_prod "$line")
    if test -n "$prod"
        printf '\nrailguard: blocked: cannot judge this command (%s) and it looks like production (%s)\n' "$why" "$prod" >&2
        return 1
    end
    printf '\nrailguard: warning: command not checked (%s)\n' "$why" >&2
    return 0
end

# A blocked line is cleared (not executed), stays on screen above the reason, and goes to history.
# With vi key bindings (fish's presets bind Enter in insert mode), Enter from another mode (normal,
# replace) ends in insert mode, as fish's own Enter binding there does (`bind -m insert`).
function __railguard_enter
    set -l line (commandline | string collect)
    if test "$fish_bind_mode" != insert; and bind --preset -M insert \r >/dev/null 2>&1
        set fish_bind_mode insert
        commandline -f repaint-mode
    end
    # An incomplete command (an open quote, block or pipe: `commandline --is-valid` says 2) is
    # handed to execute unjudged: fish then only inserts a line break and editing goes on, so the
    # whole command is judged once it is complete.
    commandline --is-valid
    if test $status -eq 2
        commandline -f execute
        return
    end
    # `string collect` keeps a multi-line command one argument (split, `test -n` failed and the
    # command ran unjudged).
    set -l trimmed (string trim -- "$line" | string collect)
    if test -n "$trimmed"; and not __railguard_judge "$line"
        builtin history append -- "$line" 2>/dev/null
        # The repaint goes back up as many rows as the command had lines: that many blank rows
        # keep the reason on screen under a command of several lines.
        for i in (seq 2 (count (string split \n -- "$line")))
            echo >&2
        end
        commandline -r ''
        commandline -f repaint
        return
    end
    commandline -f execute
end
# Every key fish's presets bind to `execute` (Enter as \r and \n; Ctrl+Enter and Shift+Enter as
# xterm's modifyOtherKeys and CSI u sequences), in every mode where they execute: `default` (the
# emacs bindings, and normal mode with fish_vi_key_bindings), vi `insert` and `replace`. User
# bindings win over presets and survive fish_vi_key_bindings / fish_default_key_bindings, which
# erase presets only.
for __rg_mode in default insert replace
    for __rg_key in \r \n \e\[27\;5\;13~ \e\[13\;5u \e\[27\;2\;13~ \e\[13\;2u
        bind -M $__rg_mode $__rg_key __railguard_enter
    end
end
set -e __rg_mode __rg_key
