# Railguard shell hook for bash (printed by `railguard shell-init bash`; see server/src/hooks/README.md).
# Interactive shells: Enter (C-m, C-j; emacs, vi insert and vi command keymaps) first runs
#   __railguard_accept through `bind -x`, which judges the whole line (READLINE_LINE) before
#   readline's accept-line runs it. No DEBUG trap is set: VS Code's shell integration owns it (see
#   __railguard_vscode for how the two fit together).
# Non-interactive shells (BASH_ENV=this file): `bash -c STRING` (VS Code shell tasks) has the whole
#   string judged once before any of it runs (denied: exit 126); a script file gets an extdebug
#   DEBUG trap that judges each external command (a trap returning 1 makes bash skip it).
#   $RAILGUARD_CHAINED_BASH_ENV, the BASH_ENV this one replaced, is sourced after the judgement.
# RAILGUARD_HOOK_MODE=lib only defines the functions (PATH shims source it that way).
# The daemon is reached with bash's /dev/tcp (no process is started per command).
[[ -n ${__railguard_loaded-} ]] && return 0
__railguard_loaded=1
: "${RAILGUARD_RUNTIME_DIR:=@RUNTIME_DIR@}"
: "${RAILGUARD_TIMEOUT:=2}"
: "${RAILGUARD_APPROVAL_TIMEOUT:=130}"
: "${RAILGUARD_TTY_TIMEOUT:=30}"

# Prints why $1 looks like production (cached policy matchers, else *prod* / *prd*); status 1 if not.
__railguard_prod() {
  local kind a b w g hosts=() envs=() ws=()
  if [[ -r $RAILGUARD_RUNTIME_DIR/prod-matchers ]]; then
    while IFS=$'\t' read -r kind a b; do
      case $kind in
        host) hosts+=("$a") ;;
        env) envs+=("$a"$'\t'"$b") ;;
      esac
    done <"$RAILGUARD_RUNTIME_DIR/prod-matchers"
  fi
  ((${#hosts[@]})) || hosts=('*prod*' '*prd*')
  IFS=$' \t\n\'"@/:=,;|&()<>`' read -r -a ws <<<"$1 ${DATABASE_URL-} ${PGHOST-} ${MYSQL_HOST-} ${REDIS_URL-}"
  for w in "${ws[@]}"; do
    for g in "${hosts[@]}"; do
      # shellcheck disable=SC2053 # $g is a glob on purpose
      if [[ ${w,,} == ${g,,} ]]; then
        printf "'%s' matches production host '%s'" "$w" "$g"
        return 0
      fi
    done
  done
  for w in "${envs[@]}"; do
    a=${w%%$'\t'*} b=${w#*$'\t'}
    [[ $a =~ ^[A-Za-z_][A-Za-z0-9_]*$ && -n ${!a-} ]] || continue
    # shellcheck disable=SC2053
    if [[ $a == "$b" || -z $b || ${!a,,} == ${b,,} ]]; then
      printf '%s is set' "$a"
      return 0
    fi
  done
  return 1
}

# Sets __rg_meta to the request's key=value lines (the daemon's shell protocol, see
# server/src/daemon/protocol.ts): cwd, actor, and the environment variables that say which
# database, cluster or environment a command targets.
__railguard_meta() {
  local v
  __rg_meta="cwd=$PWD"$'\n'"actor=${RAILGUARD_ACTOR-}"$'\n'
  for v in USER DATABASE_URL PGHOST PGDATABASE PGSERVICE MYSQL_HOST MYSQL_DATABASE REDIS_URL AWS_PROFILE \
    AWS_DEFAULT_PROFILE KUBECONFIG RAILS_ENV NODE_ENV APP_ENV ENVIRONMENT RAILGUARD_ENV CLAUDECODE GEMINI_CLI CODEX_SANDBOX; do
    [[ -n ${!v-} ]] && __rg_meta+="env.$v=${!v//$'\n'/ }"$'\n'
  done
  return 0
}

# The SHA-256 tool the daemon proofs are computed with (see server/src/daemon/proof.ts), by
# absolute path so a PATH entry cannot stand in for it; empty when there is none.
__rg_sha=''
for __rg_t in /usr/bin/sha256sum /bin/sha256sum /usr/local/bin/sha256sum /opt/homebrew/bin/sha256sum; do
  [[ -x $__rg_t ]] && { __rg_sha=$__rg_t; break; }
done
unset __rg_t

# Sets __rg_sums to the SHA-256 (hex) of each argument's bytes followed by a newline, in order,
# with one run of $__rg_sha. The texts reach it on here-strings (no fork each; they add the
# newline) through fds 3.., never argv; a text over 60,000 bytes, which bash would spill to a
# temporary file, goes through a process substitution instead. The process substitution that
# reads the sums execs sha256sum in place (one fork per command, not two: `npm run bench -- proof`).
# Status 1 when it cannot.
__railguard_sha256() {
  local cmd='exec "$__rg_sha"' i line LC_ALL=C
  __rg_sums=()
  [[ -n $__rg_sha ]] || return 1
  for ((i = 1; i <= $#; i++)); do
    if ((${#i} < 60000)); then
      cmd+=" /dev/fd/$((i + 2))"
    else
      cmd+=" <(printf '%s\n' \"\${$i}\")"
    fi
  done
  for ((i = 1; i <= $#; i++)); do
    ((${#i} < 60000)) || continue
    cmd+=" $((i + 2))<<<\"\${$i}\""
  done
  while IFS= read -r line; do __rg_sums+=("${line:0:64}"); done < <(eval "$cmd" 2>/dev/null)
  ((${#__rg_sums[@]} == $#))
}

# POSTs $2 (text/plain: key=value lines, an empty line, the payload) to the daemon's route $1 over
# /dev/tcp (HTTP/1.0). The token is never sent: the request carries a fresh nonce and a proof of
# the token bound to nonce and body (server/src/daemon/proof.ts), so whatever listens on the port
# (the port file can be rewritten by any process of the user) learns nothing it could reuse.
# Sets __rg_fd to the open connection (the caller reads the answer and closes it), __rg_nonce,
# and __rg_expect[EFFECT] to the daemon's proof for each further argument EFFECT (an answer
# `EFFECT` is only obeyed with that proof). Status 1 when the daemon is unreachable or no proof
# can be made (no sha256sum, bash < 5.1).
__railguard_post() {
  local port token LC_ALL=C e i # ${#2} in bytes
  # (a last line without its newline still counts)
  { { read -r port || [[ -n $port ]]; } <"$RAILGUARD_RUNTIME_DIR/port" &&
    { read -r token || [[ -n $token ]]; } <"$RAILGUARD_RUNTIME_DIR/token"; } 2>/dev/null || return 1
  [[ $port =~ ^[0-9]+$ && $token =~ ^[0-9a-f]{64}$ && -n ${SRANDOM-} ]] || return 1
  printf -v __rg_nonce '%08x%08x%08x%08x' "$SRANDOM" "$SRANDOM" "$SRANDOM" "$SRANDOM"
  local proofs=("$token:c:$__rg_nonce:$2")
  for e in "${@:3}"; do proofs+=("$token:d:$__rg_nonce:$e"); done
  __railguard_sha256 "${proofs[@]}" || return 1
  declare -gA __rg_expect=()
  for ((i = 3; i <= $#; i++)); do __rg_expect[${!i}]=${__rg_sums[i - 2]}; done
  { exec {__rg_fd}<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
  # A daemon that closes before it has read the whole request (it refuses a wrong proof) can
  # make this write raise SIGPIPE, which kills bash, interactive or not: ignored for this write
  # only, then the shell's own disposition is restored; the reply tells what happened.
  trap '' PIPE
  printf 'POST %s HTTP/1.0\r\nX-Railguard-Nonce: %s\r\nX-Railguard-Proof: %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s' \
    "$1" "$__rg_nonce" "${__rg_sums[0]}" "${#2}" "$2" >&"$__rg_fd" 2>/dev/null
  eval "$__rg_pipe_trap"
}

# Status 0 when $2 is the daemon's proof of answer $1 for the last request (one sha256sum run).
__railguard_daemon_proves() {
  local token
  { read -r token || [[ -n $token ]]; } <"$RAILGUARD_RUNTIME_DIR/token" 2>/dev/null || return 1
  __railguard_sha256 "$token:d:$__rg_nonce:$1" && [[ -n $2 && ${__rg_sums[0]} == "$2" ]]
}

# The SIGPIPE disposition __railguard_post restores: an interactive shell's own (read once, when
# the hook loads); scripts and the agent hook client start with the default.
__rg_pipe_trap='trap - PIPE'
if [[ $- == *i* ]]; then
  __rg_pipe_trap=$(trap -p PIPE)
  : "${__rg_pipe_trap:=trap - PIPE}"
fi

# Asks the human at this terminal, like sudo, whether to run a command the policy asks about
# ($1 environment, $2 rules, $3 reason, $4 command; texts masked by the daemon). Reads one key on
# /dev/tty within $RAILGUARD_TTY_TIMEOUT seconds after discarding what was typed ahead (keys sent
# before the question was shown cannot answer it). Sets __rg_answer: yes (y/Y), timeout, or no.
__railguard_tty_ask() {
  local tfd key n=0
  __rg_answer=no
  { exec {tfd}<>/dev/tty; } 2>/dev/null || return 1
  while ((n++ < 4096)) && IFS= read -r -s -n 1 -t 0.05 -u "$tfd" key; do :; done
  printf '\nrailguard: this command needs your approval (%s)\n  command: %s\n  rules:   %s\n  reason:  %s\nRun it? [y/N] (%ss) ' \
    "$1" "$4" "${2//,/, }" "$3" "$RAILGUARD_TTY_TIMEOUT" >&"$tfd"
  if IFS= read -r -s -n 1 -t "$RAILGUARD_TTY_TIMEOUT" -u "$tfd" key; then
    [[ $key == [yY] ]] && __rg_answer=yes
    printf '%s\n' "${__rg_answer}" >&"$tfd"
  else
    __rg_answer=timeout
    printf 'no answer within %ss\n' "$RAILGUARD_TTY_TIMEOUT" >&"$tfd"
  fi
  exec {tfd}>&-
  return 0
}

# Reports the answer $2 (yes/no/timeout) to the prompt of the request with nonce $1
# (POST /v1/shell/answer, nonce-proof authenticated). Status 0 once the daemon took it.
__railguard_tty_answer() {
  local fd status
  __railguard_post /v1/shell/answer "request=$1"$'\n'"answer=$2"$'\n' || return 1
  fd=$__rg_fd
  IFS= read -r -t "$RAILGUARD_TIMEOUT" -u "$fd" status
  exec {fd}>&-
  [[ $status == HTTP/1.?' 200'* ]]
}

# Asks the daemon about $1 ($2 = tty: this terminal may answer a human's ask, see
# __railguard_tty_ask). Sets __rg_effect __rg_env __rg_rule __rg_reason.
# Status: 0 answered, 1 unreachable, 2 timed out, 3 refused (e.g. bad token), 4 not authentic.
__railguard_query() {
  local fd status line __rg_meta nonce tty_rules tty_text
  __railguard_meta
  [[ ${2-} == tty ]] && __rg_meta+=$'approve=tty\n'
  __railguard_post /v1/shell "$__rg_meta"$'\n'"$1" allow warn || return 1
  fd=$__rg_fd
  nonce=$__rg_nonce
  local -A expect=()
  expect[allow]=${__rg_expect[allow]-} expect[warn]=${__rg_expect[warn]-}
  if ! IFS= read -r -t "$RAILGUARD_TIMEOUT" -u "$fd" status; then
    exec {fd}>&-
    return 2
  fi
  if [[ $status != HTTP/1.?' 200'* ]]; then
    exec {fd}>&-
    __rg_reason="the daemon refused: ${status%$'\r'}"
    return 3
  fi
  while IFS= read -r -t "$RAILGUARD_TIMEOUT" -u "$fd" line && [[ -n ${line%$'\r'} ]]; do :; done
  if ! IFS=$'\t' read -r -t "$RAILGUARD_TIMEOUT" -u "$fd" __rg_effect __rg_env __rg_rule __rg_reason; then
    exec {fd}>&-
    return 2
  fi
  if [[ $__rg_effect == tty && ${2-} == tty ]]; then
    # The daemon waits for this terminal's answer: tty ENV RULES REASON COMMAND.
    tty_rules=$__rg_rule tty_text=${__rg_reason#*$'\t'}
    __rg_reason=${__rg_reason%%$'\t'*}
    __railguard_tty_ask "$__rg_env" "$tty_rules" "$__rg_reason" "$tty_text" || __rg_answer=no
    __railguard_tty_answer "$nonce" "$__rg_answer" || __rg_answer=unsent
    if ! IFS=$'\t' read -r -t "$RAILGUARD_TIMEOUT" -u "$fd" __rg_effect __rg_env __rg_rule __rg_reason; then
      __rg_effect=deny __rg_reason="the answer ($__rg_answer) was not confirmed by the daemon"
    fi
  elif [[ $__rg_effect == pending ]]; then
    printf '\nrailguard: waiting for approval in the editor or `railguard approvals` (%s, %s) [%s]...\n' "$__rg_env" "$__rg_reason" "$__rg_rule" >&2
    if ! IFS=$'\t' read -r -t "$RAILGUARD_APPROVAL_TIMEOUT" -u "$fd" __rg_effect __rg_env __rg_rule __rg_reason; then
      __rg_effect=deny __rg_reason='no answer to the approval request'
    fi
  fi
  exec {fd}>&-
  # The final line ends with the daemon's proof; an answer that lets the command run needs it.
  local proof=${__rg_reason##*$'\t'}
  [[ $__rg_reason == *$'\t'* ]] && __rg_reason=${__rg_reason%$'\t'*}
  if [[ $__rg_effect == allow || $__rg_effect == warn ]] && [[ $proof != "${expect[$__rg_effect]-}" ]]; then
    __rg_reason="the answer did not prove it came from the daemon (something else listens on its port?)"
    return 4
  fi
  return 0
}

# Judges command line $1 ($2 = tty: a human's ask may be answered at this terminal): status
# 0 = run it, 1 = do not. Messages go to stderr.
__railguard_judge() {
  local __rg_effect='' __rg_env='' __rg_rule='' __rg_reason='' __rg_answer='' rc why prod
  __railguard_query "$1" "${2-}"
  rc=$?
  if ((rc == 0)); then
    case $__rg_effect in
      allow) return 0 ;;
      warn)
        printf '\nrailguard: warning (%s): %s [%s]\n' "$__rg_env" "$__rg_reason" "$__rg_rule" >&2
        return 0
        ;;
      *)
        printf '\nrailguard: blocked (%s in %s): %s [%s]\n' "$__rg_effect" "$__rg_env" "$__rg_reason" "$__rg_rule" >&2
        return 1
        ;;
    esac
  fi
  if ((rc == 4)); then
    printf '\nrailguard: blocked: %s\n' "$__rg_reason" >&2
    return 1
  fi
  case $rc in
    1) why='the daemon is not running' ;;
    2) why="no answer within ${RAILGUARD_TIMEOUT}s" ;;
    *) why=$__rg_reason ;;
  esac
  if prod=$(__railguard_prod "$1"); then
    printf '\nrailguard: blocked: cannot judge this command (%s) and it looks like production (%s)\n' "$why" "$prod" >&2
    return 1
  fi
  printf '\nrailguard: warning: command not checked (%s)\n' "$why" >&2
  return 0
}

[[ ${RAILGUARD_HOOK_MODE-} == lib ]] && return 0

if [[ $- == *i* ]]; then
  # Runs before accept-line: a blocked line is cleared (so it is not executed), stays on screen
  # above the reason, and is kept in history (Up arrow brings it back).
  # History expansion (`!!`, `!-2`, `^old^new`) happens after readline returns the line, so the
  # command bash will run is judged: the expansion `history -p` prints (a blocked line is kept in
  # history; `!!` would otherwise run it). An expansion that fails makes bash run nothing.
  __railguard_accept() {
    local line=$READLINE_LINE text hc=${histchars-'!^#'}
    [[ -n ${__rg_vsc_wrapped-} ]] || __railguard_vscode
    [[ -n ${__rg_held-} ]] && __railguard_hold 0
    [[ -z ${line//[[:space:]]/} ]] && return 0
    # A command that goes on past this line (an open heredoc, quote or `$(`, a trailing `|`, `&&`
    # or backslash) is not accepted yet: the line break goes into the buffer and editing goes on,
    # so the whole command, heredoc body included, is judged once it is complete. Left to bash, the
    # continuation lines would be read at PS2 and judged one by one, a heredoc body as commands.
    if __railguard_incomplete "$line"; then
      READLINE_LINE+=$'\n'
      READLINE_POINT=${#READLINE_LINE}
      __railguard_hold 1
      return 0
    fi
    text=$line
    if [[ $- == *H* && -n $hc && ($line == *"${hc:0:1}"* || $line == "${hc:1:1}"*) ]]; then
      text=$(history -p -- "$line" 2>/dev/null) || text=$line
    fi
    if ! __railguard_judge "$text" tty; then
      printf 'railguard: not run: %s\n' "$text" >&2
      history -s -- "$text"
      READLINE_LINE=''
      READLINE_POINT=0
    fi
  }
  # Status 0 when command text $1 is incomplete: bash would read more lines to finish it. Lines
  # that cannot be (no `<<`, backquote or `$(`, balanced quote counts, no trailing `\\`, `|`, `&&`,
  # `||`) are answered here, without a process; the others by bash's own parser (`bash -n`, no
  # startup files, C messages): an unterminated heredoc, quote or command, never a syntax error.
  __railguard_incomplete() {
    local t=${1%"${1##*[![:space:]]}"} sq=${1//[^\']/} dq=${1//[^\"]/} bs out
    bs=${t##*[!\\]}
    ((${#bs} % 2)) && return 0
    if [[ $t != *'<<'* && $t != *'`'* && $t != *'$('* && $t != *'|' && $t != *'&&' ]] &&
      ((${#sq} % 2 == 0 && ${#dq} % 2 == 0)); then
      return 1
    fi
    out=$(BASH_ENV='' LC_ALL=C command bash --norc --noprofile -n 2>&1 <<<"$t")
    [[ $out == *'delimited by end-of-file'* || $out == *'unexpected EOF'* || $out == *'unexpected end of file'* ]]
  }
  # Makes the accept-line (and operate-and-get-next) step of every Enter macro do nothing ($1 = 1),
  # so an incomplete command keeps being edited, or accept again ($1 = 0, at the next Enter).
  __railguard_hold() {
    local map
    for map in emacs vi-insert vi-command; do
      if (($1)); then
        bind -m "$map" '"\C-x\C-y2": redraw-current-line'
        bind -m "$map" '"\C-x\C-y3": redraw-current-line'
      else
        bind -m "$map" '"\C-x\C-y2": accept-line'
        bind -m "$map" '"\C-x\C-y3": operate-and-get-next'
      fi
    done
    if (($1)); then __rg_held=1; else unset __rg_held; fi
  }
  # VS Code's bash shell integration reports a command (OSC 633 E with the command line, then C)
  # from its DEBUG trap, for the first command run after a prompt: its guard
  # __vsc_in_command_execution is 0 from the prompt until then. The `bind -x` call of
  # __railguard_accept on Enter runs before readline accepts the line and was that first command:
  # VS Code got the previous history line before the line was accepted, then saw the prompt
  # redrawn, and the typed line's execution came out with an empty command line. So, when VS
  # Code's integration (without bash-preexec) is loaded, the guard is set again after each of its
  # prompts (__vsc_precmd wrapped), and PS0, which bash expands once a complete command has been
  # read and before it runs (bash >= 4.4; not for an empty line), clears it: the trap then reports
  # the accepted line (from history). An empty or blocked line reports no start, only its end.
  # Loaded after the integration (the profile rc, the PROMPT_COMMAND loader) this applies from the
  # first line; loaded before it (~/.bashrc), from the second. Sets __rg_vsc_wrapped once done.
  __rg_ps0='${PS0:0:$((__vsc_in_command_execution=0))}'
  __railguard_vscode() {
    local body
    [[ -z ${bash_preexec_imported-} && -n ${__vsc_in_command_execution-} ]] || return 0
    body=$(declare -f __vsc_precmd) || return 0
    eval "__railguard_vsc_precmd${body#__vsc_precmd}" || return 0
    __vsc_precmd() {
      __railguard_vsc_precmd "$@"
      __vsc_in_command_execution=1
      [[ ${PS0-} == *"$__rg_ps0"* ]] || PS0=$__rg_ps0${PS0-}
    }
    [[ ${PS0-} == *"$__rg_ps0"* ]] || PS0=$__rg_ps0${PS0-}
    __rg_vsc_wrapped=1
  }
  __railguard_vscode
  # Every key that accepts the line (readline's accept-line: C-m and C-j by default;
  # operate-and-get-next: C-o in emacs), in every keymap: emacs, vi insert mode and vi command mode
  # (after ESC with `set -o vi`; readline's `vi-command`, also named `vi-move` and `vi`), becomes a
  # macro that runs __railguard_accept first. Keys the user bound to them (inputrc) are included.
  # Not covered: edit-and-execute-command (C-x C-e, vi `v`) runs what the editor saved without
  # readline, as `fc -s` and `eval` run text no hook sees.
  for __rg_map in emacs vi-insert vi-command; do
    bind -m "$__rg_map" -x '"\C-x\C-y1": __railguard_accept'
    bind -m "$__rg_map" '"\C-x\C-y2": accept-line'
    bind -m "$__rg_map" '"\C-x\C-y3": operate-and-get-next'
    while IFS= read -r __rg_key; do
      case $__rg_key in
        '"\C-x\C-y'*) ;; # the macros' own steps
        '"'*'": accept-line') bind -m "$__rg_map" "${__rg_key%: *}"': "\C-x\C-y1\C-x\C-y2"' ;;
        '"'*'": operate-and-get-next') bind -m "$__rg_map" "${__rg_key%: *}"': "\C-x\C-y1\C-x\C-y3"' ;;
      esac
    done < <(bind -m "$__rg_map" -p 2>/dev/null)
  done
  unset __rg_map __rg_key
else
  if [[ -n ${BASH_EXECUTION_STRING//[[:space:]]/} ]]; then
    # `bash -c STRING` (VS Code runs shell tasks as `bash -c COMMAND`): bash reads BASH_ENV before
    # it parses STRING, and BASH_EXECUTION_STRING already holds all of it, so it is judged once as
    # a whole; a denied string never starts (126: "found but not executable", as the shims).
    if ! __railguard_judge "$BASH_EXECUTION_STRING"; then
      printf 'railguard: not run: %s\n' "$BASH_EXECUTION_STRING" >&2
      exit 126
    fi
  fi
  # The BASH_ENV this one replaced (the extension keeps it here); sourced before the DEBUG trap
  # exists, so its own commands are not judged one by one.
  if [[ -n ${RAILGUARD_CHAINED_BASH_ENV-} && $RAILGUARD_CHAINED_BASH_ENV != "${BASH_SOURCE[0]}" &&
    -r $RAILGUARD_CHAINED_BASH_ENV ]]; then
    # shellcheck disable=SC1090 # the user's own file
    . "$RAILGUARD_CHAINED_BASH_ENV"
  fi
  # Status 0 when script $1 is a Railguard PATH shim (its second line says so): shims judge their
  # own tool once; a DEBUG trap in them would judge their internals.
  __railguard_is_shim() {
    local l1 l2
    [[ -f $1 && -r $1 ]] || return 1
    { IFS= read -r l1 && IFS= read -r l2; } <"$1" 2>/dev/null || return 1
    [[ $l2 == '# railguard-shim:'* ]]
  }
  # extdebug is turned on from the first trap run, not here: set in a startup file it would make
  # bash load the bashdb debugger profile.
  # Commands this script already ran with the same cwd and environment (see __railguard_meta):
  # allowed once, not asked again, so a loop costs one round trip and one warning, not one each.
  declare -A __railguard_allowed=()
  __railguard_debug() {
    local cmd=$BASH_COMMAND first key __rg_meta
    [[ -n ${__railguard_in_trap-} ]] && return 0
    shopt -q extdebug || shopt -s extdebug
    first=${cmd%%[[:space:]]*}
    # Builtins and assignments that can switch this hook off (the DEBUG trap, extdebug/functrace,
    # RAILGUARD_*, BASH_ENV, PATH, the __railguard_* functions) are judged like commands when they
    # name one of those (the control-* rules decide); the same builtins naming anything else are not.
    local control=
    case $first in
      trap | set | shopt | unset | export | declare | typeset | local | readonly | *=*)
        case $cmd in
          *DEBUG* | *RAILGUARD* | *BASH_ENV* | *PATH* | *extdebug* | *functrace* | *__railguard_* | \
            *PROMPT_COMMAND* | *ZDOTDIR* | *SHELLOPTS* | *BASH_FUNC* | *' +'*T* | ENV=* | *' ENV'*) control=1 ;;
        esac
        ;;
    esac
    if [[ -z $control ]]; then
      # Builtins, assignments and the headers of compound commands (BASH_COMMAND is the header
      # `for i in …` / `while …` at each turn of a loop; the commands inside come on their own).
      case $first in
        '' | *=* | '[' | '[[' | '((' | '{' | '(' | for | select | while | until | if | case | function | \
          echo | printf | test | : | true | false | cd | local | declare | typeset | export | read | \
          return | shift | set | unset | let | shopt | trap | exit | break | continue | source | . | wait | __railguard_*) return 0 ;;
      esac
      declare -F "$first" >/dev/null && return 0
    fi
    __railguard_meta
    key=$__rg_meta$cmd
    [[ -n ${__railguard_allowed[$key]-} ]] && return 0
    local __railguard_in_trap=1
    __railguard_judge "$cmd" || return 1
    __railguard_allowed[$key]=1
  }
  # A script cannot redefine or unset the hook's functions: a function definition is not a
  # command the DEBUG trap sees, so `__railguard_debug() { :; }` would otherwise switch it off.
  while read -r _ _ __rg_fn; do
    [[ $__rg_fn == __railguard_* ]] && readonly -f "$__rg_fn"
  done < <(declare -F)
  unset __rg_fn
  # A script file (no -c string): each external command is judged before it runs.
  if [[ -z ${BASH_EXECUTION_STRING-} ]] && ! __railguard_is_shim "$0"; then
    trap '__railguard_debug' DEBUG
  fi
fi
