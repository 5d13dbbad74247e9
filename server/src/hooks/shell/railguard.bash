# Railguard shell hook for bash (printed by `railguard shell-init bash`; see server/src/hooks/README.md).
# Interactive shells: Enter (C-m, C-j) first runs __railguard_accept through `bind -x`, which judges
#   the whole line (READLINE_LINE) before readline's accept-line runs it. No DEBUG trap is set, so
#   VS Code's shell integration keeps the DEBUG trap it owns.
# Non-interactive shells (BASH_ENV=this file): an extdebug DEBUG trap judges each external command;
#   a trap returning 1 makes bash skip the command.
# RAILGUARD_HOOK_MODE=lib only defines the functions (PATH shims source it that way).
# The daemon is reached with bash's /dev/tcp (no process is started per command).
[[ -n ${__railguard_loaded-} ]] && return 0
__railguard_loaded=1
: "${RAILGUARD_RUNTIME_DIR:=@RUNTIME_DIR@}"
: "${RAILGUARD_TIMEOUT:=2}"
: "${RAILGUARD_APPROVAL_TIMEOUT:=130}"

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

# POSTs $2 (text/plain: key=value lines, an empty line, the payload) to the daemon's route $1 over
# /dev/tcp (HTTP/1.0, the token from the runtime dir). Sets __rg_fd to the open connection, from
# which the caller reads the answer and which it closes. Status 1 when the daemon is unreachable.
__railguard_post() {
  local port token LC_ALL=C # ${#2} in bytes
  { read -r port <"$RAILGUARD_RUNTIME_DIR/port" && read -r token <"$RAILGUARD_RUNTIME_DIR/token"; } 2>/dev/null || return 1
  [[ $port =~ ^[0-9]+$ ]] || return 1
  { exec {__rg_fd}<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
  printf 'POST %s HTTP/1.0\r\nAuthorization: Bearer %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s' \
    "$1" "$token" "${#2}" "$2" >&"$__rg_fd" 2>/dev/null
}

# Asks the daemon about $1. Sets __rg_effect __rg_env __rg_rule __rg_reason.
# Status: 0 answered, 1 unreachable, 2 timed out, 3 refused (e.g. bad token).
__railguard_query() {
  local fd status line __rg_meta
  __railguard_meta
  __railguard_post /v1/shell "$__rg_meta"$'\n'"$1" || return 1
  fd=$__rg_fd
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
  if [[ $__rg_effect == pending ]]; then
    printf '\nrailguard: waiting for approval in the editor (%s, %s) [%s]...\n' "$__rg_env" "$__rg_reason" "$__rg_rule" >&2
    if ! IFS=$'\t' read -r -t "$RAILGUARD_APPROVAL_TIMEOUT" -u "$fd" __rg_effect __rg_env __rg_rule __rg_reason; then
      __rg_effect=deny __rg_reason='no answer to the approval request'
    fi
  fi
  exec {fd}>&-
  return 0
}

# Judges command line $1: status 0 = run it, 1 = do not. Messages go to stderr.
__railguard_judge() {
  local __rg_effect='' __rg_env='' __rg_rule='' __rg_reason='' rc why prod
  __railguard_query "$1"
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
  __railguard_accept() {
    local line=$READLINE_LINE
    [[ -z ${line//[[:space:]]/} ]] && return 0
    if ! __railguard_judge "$line"; then
      printf 'railguard: not run: %s\n' "$line" >&2
      history -s -- "$line"
      READLINE_LINE=''
      READLINE_POINT=0
    fi
  }
  for __rg_map in emacs vi-insert; do
    bind -m "$__rg_map" -x '"\C-x\C-y1": __railguard_accept'
    bind -m "$__rg_map" '"\C-x\C-y2": accept-line'
    bind -m "$__rg_map" '"\C-m": "\C-x\C-y1\C-x\C-y2"'
    bind -m "$__rg_map" '"\C-j": "\C-x\C-y1\C-x\C-y2"'
  done
  unset __rg_map
else
  # extdebug is turned on from the first trap run, not here: set in a startup file it would make
  # bash load the bashdb debugger profile.
  __railguard_debug() {
    local cmd=$BASH_COMMAND first
    [[ -n ${__railguard_in_trap-} ]] && return 0
    shopt -q extdebug || shopt -s extdebug
    first=${cmd%%[[:space:]]*}
    case $first in
      '' | *=* | '[' | '[[' | echo | printf | test | : | true | false | cd | local | declare | typeset | export | read | \
        return | shift | set | unset | let | shopt | trap | exit | break | continue | source | . | wait | __railguard_*) return 0 ;;
    esac
    declare -F "$first" >/dev/null && return 0
    local __railguard_in_trap=1
    __railguard_judge "$cmd"
  }
  trap '__railguard_debug' DEBUG
fi
