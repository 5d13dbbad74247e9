# Railguard shell hook for fish (printed by `railguard shell-init fish`; see server/src/hooks/README.md).
# Enter (in the emacs and vi modes) is bound to __railguard_enter, which judges the whole command
# line before `execute`.
# fish has no /dev/tcp: the daemon is asked with `curl --unix-socket`, after one sha256sum run for
# the token proofs (two processes per command).
if set -q __railguard_loaded
    return 0
end
set -g __railguard_loaded 1
set -q RAILGUARD_RUNTIME_DIR; or set -gx RAILGUARD_RUNTIME_DIR "@RUNTIME_DIR@"
set -q RAILGUARD_TIMEOUT; or set -g RAILGUARD_TIMEOUT 2
set -q RAILGUARD_APPROVAL_TIMEOUT; or set -g RAILGUARD_APPROVAL_TIMEOUT 130
set -q RAILGUARD_TTY_TIMEOUT; or set -g RAILGUARD_TTY_TIMEOUT 30

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

# The external programs the hook runs, by absolute path from the system's folders, resolved once:
# a program of the same name planted earlier on PATH (a `dd` that answers `y`, a `curl` that
# forges the daemon's answer) cannot stand in for them. Empty when there is none (the step that
# needs it then fails closed). $__rg_sha computes the daemon proofs (server/src/daemon/proof.ts).
function __railguard_tool --argument-names name
    for dir in /usr/bin /bin /usr/local/bin /opt/homebrew/bin
        if test -x $dir/$name
            echo $dir/$name
            return 0
        end
    end
    echo ''
end
set -g __rg_sha (__railguard_tool sha256sum)
set -g __rg_curl (__railguard_tool curl)
set -g __rg_stty (__railguard_tool stty)
set -g __rg_dd (__railguard_tool dd)

# Prints the SHA-256 (hex) of each argument's bytes followed by a newline, one a line, with one
# run of $__rg_sha (the bash hook's protocol). The texts hold the token, and fish can open no pipe
# but stdin: they are written by builtins (umask 077) to files of this shell, never to argv, in a
# folder only the user can write: the runtime folder, else (the separate-user deployment, where it
# is the daemon's) $XDG_RUNTIME_DIR, else ~/.cache/railguard (made 0700); they are emptied after
# the run and removed when the shell exits. Status 1 when it cannot.
function __railguard_sha256
    test -n "$__rg_sha"; or return 1
    set -l dir $RAILGUARD_RUNTIME_DIR
    if not test -w "$dir"
        set dir $XDG_RUNTIME_DIR
        if test -z "$dir"; or not test -w "$dir"
            set dir $HOME/.cache/railguard
            test -d $dir; or command mkdir -p -m 700 $dir 2>/dev/null; or return 1
        end
    end
    set -l um (umask)
    umask 077
    set -l files
    for i in (seq (count $argv))
        set -l f $dir/.fish-proof-$fish_pid-$i
        contains -- $f $__rg_proof_files; or set -g -a __rg_proof_files $f
        if not printf '%s\n' $argv[$i] >$f
            umask $um
            return 1
        end
        set -a files $f
    end
    umask $um
    set -l sums ($__rg_sha $files 2>/dev/null | string sub -l 64)
    set -l rc $status
    for f in $files
        true >$f
    end
    test $rc -eq 0 -a (count $sums) -eq (count $argv); or return 1
    printf '%s\n' $sums
end
set -g __rg_proof_files
function __railguard_proof_cleanup --on-event fish_exit
    test (count $__rg_proof_files) -gt 0; and command rm -f -- $__rg_proof_files 2>/dev/null
end

# Asks the human at this terminal, like sudo, whether to run a command the policy asks about
# (environment, rules, reason, command; texts masked by the daemon). Reads one key on /dev/tty
# within $RAILGUARD_TTY_TIMEOUT seconds after discarding what was typed ahead (keys sent before the
# question was shown cannot answer it). fish's `read` has no timeout: the terminal is put in
# non-canonical mode with a read timeout (`stty min 0 time 10`: one second) and `dd` reads one key
# per second at most (POSIX stty and dd). Prints yes (y/Y), no (any other key) or timeout.
function __railguard_tty_ask --argument-names env rules reason cmd
    set -l saved ($__rg_stty -g </dev/tty 2>/dev/null)
    if test -z "$saved"; or not $__rg_stty -icanon -echo min 0 time 0 </dev/tty 2>/dev/null
        echo no
        return 1
    end
    for i in (seq 256)
        $__rg_dd bs=256 count=1 </dev/tty 2>/dev/null | string length -q; or break
    end
    printf '\nrailguard: this command needs your approval (%s)\n  command: %s\n  rules:   %s\n  reason:  %s\nRun it? [y/N] (%ss) ' \
        $env $cmd (string replace -a , ', ' -- $rules) $reason $RAILGUARD_TTY_TIMEOUT >/dev/tty
    $__rg_stty min 0 time 10 </dev/tty 2>/dev/null
    set -l answer timeout
    for i in (seq $RAILGUARD_TTY_TIMEOUT)
        set -l key ($__rg_dd bs=1 count=1 </dev/tty 2>/dev/null | string collect -N)
        if test -n "$key"
            set answer no
            string match -qr '^[yY]$' -- $key; and set answer yes
            break
        end
    end
    if test $answer = timeout
        printf 'no answer within %ss\n' $RAILGUARD_TTY_TIMEOUT >/dev/tty
    else
        printf '%s\n' $answer >/dev/tty
    end
    $__rg_stty $saved </dev/tty 2>/dev/null
    echo $answer
end

# Reports answer $2 (yes/no/timeout) to the prompt of the request with nonce $1 (POST
# /v1/shell/answer), proven as __railguard_judge proves its requests (a nonce and proof of its
# own). Status 0 once the daemon took it.
function __railguard_tty_answer --argument-names request answer
    set -l token
    read -l token <$RAILGUARD_RUNTIME_DIR/token 2>/dev/null
    string match -qr '^[0-9a-f]{64}$' -- "$token"; or return 1
    set -l body (printf 'request=%s\nanswer=%s\n' $request $answer | string collect -N)
    set -l nonce (printf '%08x' (random 0 4294967295) (random 0 4294967295) (random 0 4294967295) (random 0 4294967295) | string join '')
    set -l sums (__railguard_sha256 "$token:c:$nonce:$body"); or return 1
    set -l code (printf '%s' "$body" | $__rg_curl -sS --unix-socket $RAILGUARD_RUNTIME_DIR/daemon.sock \
        --connect-timeout $RAILGUARD_TIMEOUT -m $RAILGUARD_TIMEOUT -H "X-Railguard-Nonce: $nonce" \
        -H "X-Railguard-Proof: $sums[1]" -H 'Content-Type: text/plain' --data-binary @- \
        -o /dev/null -w '%{http_code}' http://railguard/v1/shell/answer 2>/dev/null)
    test "$code" = 200
end

# Judges command line $1: status 0 = run it, 1 = do not. Messages go to stderr.
# The token is never sent: the request carries a fresh nonce and a proof of the token bound to
# nonce and body, and an `allow` or `warn` is only obeyed with the daemon's proof for this nonce
# (server/src/daemon/proof.ts; one sha256sum run computes all three).
function __railguard_judge --argument-names line
    set -l token
    read -l token <$RAILGUARD_RUNTIME_DIR/token 2>/dev/null
    set -l meta "cwd=$PWD" "actor=$RAILGUARD_ACTOR"
    # This terminal may answer a human's ask (the daemon never asks it for an agent).
    test -r /dev/tty -a -w /dev/tty; and set -a meta approve=tty
    for v in USER DATABASE_URL PGHOST PGDATABASE MYSQL_HOST REDIS_URL AWS_PROFILE KUBECONFIG RAILGUARD_ENV CLAUDECODE GEMINI_CLI CODEX_SANDBOX
        set -q $v; and set -a meta "env.$v="(string replace -a \n ' ' -- $$v)
    end
    set -l body (string join \n -- $meta '' "$line" | string collect)
    set -l nonce (printf '%08x' (random 0 4294967295) (random 0 4294967295) (random 0 4294967295) (random 0 4294967295) | string join '')
    set -l why
    set -l out
    set -l sums
    if not string match -qr '^[0-9a-f]{64}$' -- "$token"; or not test -S $RAILGUARD_RUNTIME_DIR/daemon.sock
        set why 'the daemon is not running'
    else if not set sums (__railguard_sha256 "$token:c:$nonce:$body" "$token:d:$nonce:allow" "$token:d:$nonce:warn")
        set why 'no proof of the token can be made (sha256sum missing?)'
    else
        # The answer streams: a `tty` line (this terminal is asked; the daemon waits for the
        # answer) or a `pending` line (the editor or `railguard approvals` is asked) may come
        # before the verdict. The loop runs in this shell, so it can ask and set $out.
        printf '%s' "$body" | $__rg_curl -sS -N --unix-socket $RAILGUARD_RUNTIME_DIR/daemon.sock \
            --connect-timeout $RAILGUARD_TIMEOUT -m $RAILGUARD_APPROVAL_TIMEOUT -H "X-Railguard-Nonce: $nonce" \
            -H "X-Railguard-Proof: $sums[1]" -H 'Content-Type: text/plain' --data-binary @- \
            -w '\n%{http_code}' http://railguard/v1/shell 2>/dev/null | while read -l line
            test -n "$line"; or continue
            set -a out $line
            set -l f (string split \t -- $line)
            switch $f[1]
                case tty
                    set -l answer (__railguard_tty_ask $f[2] $f[3] $f[4] $f[5])
                    __railguard_tty_answer $nonce $answer; or set answer unsent
                    set -a out "deny"\t$f[2]\t$f[3]\t"the answer ($answer) was not confirmed by the daemon"
                case pending
                    printf '\nrailguard: waiting for approval in the editor or railguard approvals (%s, %s) [%s]...\n' $f[2] $f[4] $f[3] >&2
            end
        end
        set -l rc $pipestatus[2]
        test $rc -eq 28; and set why "no answer within $RAILGUARD_APPROVAL_TIMEOUT s"
        test $rc -ne 0 -a $rc -ne 28; and set why 'the daemon is not running'
        if test -z "$why"; and test "$out[-1]" != 200
            set why "the daemon refused: HTTP $out[-1]"
        end
    end
    if test -z "$why"; and test (count $out) -gt 1
        # The final line: EFFECT, ENVIRONMENT, RULE, REASON and the daemon's proof.
        set -l f (string split \t -- $out[-2])
        switch $f[1]
            case allow warn
                set -l expect $sums[2]
                test $f[1] = warn; and set expect $sums[3]
                if test (count $f) -lt 5; or test "$f[-1]" != "$expect"
                    printf '\nrailguard: blocked: the answer did not prove it came from the daemon (something else listens on its socket?)\n' >&2
                    return 1
                end
                test $f[1] = allow; and return 0
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
