#!/usr/bin/env bash
# Railguard's agent hook client: the command an agent's pre-tool-use hook runs (written by
# `railguard hooks install`; see server/src/hooks/README.md).
#
#   agent-hook.bash [FALLBACK COMMAND…] AGENT
#
# Reads the agent's hook JSON on stdin and asks the running daemon (`POST /v1/hooks/AGENT`,
# text/plain framing, see server/src/daemon/server.ts) over bash's /dev/tcp, with the caller's
# cwd, OS user and environment: no Node process starts per call (`npm run bench daemon`). Prints
# the agent's answer on stdout and exits with the agent's exit code.
# Bounded waits: the daemon must acknowledge within RAILGUARD_TIMEOUT s of the call (its status,
# headers and first line: the answer, or `pending` for an ask waiting for the editor; a daemon
# trickling bytes gains nothing, the deadline is for all of it); only an acknowledged ask then
# waits up to RAILGUARD_APPROVAL_TIMEOUT s (the daemon expires it first). A daemon that is up but
# silent, slow or saturated (503) gets the fail rule at once, answered here in the agent's own
# format (__rg_fail): production-looking ⇒ deny, else warn. When the daemon is unreachable or
# refuses the call (e.g. a stale token), the hook JSON goes on stdin to FALLBACK (default:
# `railguard hook AGENT`), which judges in its own process and, failing that, applies the fail rule.
__rg_agent=${!#}
if (($# > 1)); then __rg_fallback=("$@"); else __rg_fallback=(railguard hook "$__rg_agent"); fi
if [[ -z ${RAILGUARD_RUNTIME_DIR-} ]]; then # as runtimePaths() in server/src/daemon/paths.ts
  RAILGUARD_RUNTIME_DIR=${XDG_RUNTIME_DIR:+$XDG_RUNTIME_DIR/railguard}
  : "${RAILGUARD_RUNTIME_DIR:=$HOME/.railguard/run}"
fi
__rg_src=${BASH_SOURCE[0]}
[[ -L $__rg_src ]] && __rg_src=$(readlink -f -- "$__rg_src")
[[ $__rg_src == */* ]] || __rg_src=./$__rg_src
RAILGUARD_HOOK_MODE=lib
# shellcheck source=railguard.bash
source "${__rg_src%/*}/railguard.bash" 2>/dev/null || exec "${__rg_fallback[@]}"

IFS= read -r -d '' __rg_input # the whole hook JSON (status 1 at end of input is expected)

# The fail rule's answers, per agent and decision, as server/src/hooks/agents.ts writes them for
# the verdict { decision, reason: "@R@" } (test/unit/hooks/agent-hook-fail.test.ts keeps them equal).
__rg_fail_template() {
  case $__rg_agent:$1 in
    claude-code:deny | vscode:deny | codex:deny)
      __rg_t='{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"@R@"}}' ;;
    claude-code:warn | vscode:warn | gemini:warn | codex:warn) __rg_t='{"systemMessage":"railguard: @R@"}' ;;
    copilot-cli:deny) __rg_t='{"permissionDecision":"deny","permissionDecisionReason":"@R@"}' ;;
    copilot-cli:warn) __rg_t='{}' ;;
    cursor:deny) __rg_t='{"permission":"deny","userMessage":"railguard: @R@","agentMessage":"@R@"}' ;;
    cursor:warn) __rg_t='{"permission":"allow","userMessage":"railguard: @R@","agentMessage":"@R@"}' ;;
    gemini:deny) __rg_t='{"decision":"deny","reason":"@R@"}' ;;
    *) return 1 ;;
  esac
}

# The fail rule, answered here: $1 says why the daemon gave no decision; $2=deny forces a deny.
# Production-looking input (the whole hook JSON, read as the fail rule reads a command) ⇒ deny,
# else warn; an agent this client has no template for goes to FALLBACK.
__rg_fail() {
  local prod decision=warn reason
  if prod=$(__railguard_prod "$__rg_input"); then
    decision=deny reason="railguard cannot judge this command ($1) and it looks like production ($prod): blocked"
  elif [[ ${2-} == deny ]]; then
    decision=deny reason="railguard cannot judge this command ($1): blocked"
  else
    reason="railguard cannot judge this command ($1); running it unchecked"
  fi
  __rg_fail_template "$decision" || exec "${__rg_fallback[@]}" <<<"$__rg_input"
  reason=${reason//[$'\001'-$'\037']/ } # JSON string content: no control characters,
  reason=${reason//\\/\\\\}             # backslashes and quotes escaped
  reason=${reason//\"/\\\"}
  printf '%s\n' "${__rg_t//@R@/"$reason"}"
  exit 0
}

# Sets __rg_left to the seconds left before __rg_deadline (microseconds, EPOCHREALTIME, bash >= 5)
# as `read -t` takes them; status 1 when none are left. Without EPOCHREALTIME each read gets
# RAILGUARD_TIMEOUT.
__rg_deadline=''
if [[ -n ${EPOCHREALTIME-} ]] && printf -v __rg_us '%.0f' "${RAILGUARD_TIMEOUT}e6" 2>/dev/null; then
  __rg_deadline=$((${EPOCHREALTIME/[.,]/} + __rg_us))
fi
__rg_time_left() {
  [[ -n $__rg_deadline ]] || { __rg_left=$RAILGUARD_TIMEOUT; return 0; }
  local us=$((__rg_deadline - ${EPOCHREALTIME/[.,]/}))
  ((us > 0)) || return 1
  printf -v __rg_left '%d.%06d' $((us / 1000000)) $((us % 1000000))
}
# One line from the daemon within the time left: `__rg_readline VAR`.
__rg_readline() {
  __rg_time_left && IFS= read -r -t "$__rg_left" -u "$__rg_fd" "$1"
}

if [[ $__rg_agent =~ ^[a-z0-9-]+$ ]] && __railguard_meta &&
  __railguard_post "/v1/hooks/$__rg_agent" "$__rg_meta"$'\n'"$__rg_input"; then
  __rg_line=''
  __rg_readline __rg_line || __rg_fail "the daemon did not answer within ${RAILGUARD_TIMEOUT}s"
  if [[ $__rg_line == HTTP/1.?' 503'* ]]; then
    __rg_fail 'the daemon is saturated'
  elif [[ $__rg_line == HTTP/1.?' 200'* ]]; then
    while __rg_readline __rg_line && [[ -n ${__rg_line%$'\r'} ]]; do :; done
    [[ -z ${__rg_line%$'\r'} ]] || __rg_fail "the daemon did not answer within ${RAILGUARD_TIMEOUT}s"
    __rg_readline __rg_line || __rg_fail "the daemon did not answer within ${RAILGUARD_TIMEOUT}s"
    if [[ $__rg_line == pending$'\t'* ]]; then
      # Acknowledged: only now may the wait last as long as the approval.
      printf 'railguard: waiting for approval in the editor or `railguard approvals`: %s\n' "${__rg_line#*$'\t'}" >&2
      IFS= read -r -t "$RAILGUARD_APPROVAL_TIMEOUT" -u "$__rg_fd" __rg_line ||
        __rg_fail 'no answer to the approval request' deny
      __rg_deadline=''
      [[ -z ${EPOCHREALTIME-} ]] || __rg_deadline=$((${EPOCHREALTIME/[.,]/} + __rg_us))
    fi
    __rg_forged='the answer did not prove it came from the daemon (something else listens on its port?)'
    [[ $__rg_line =~ ^[0-9]+ ]] || __rg_fail 'the daemon sent no decision'
    [[ $__rg_line =~ ^([0-9]+)$'\t'([0-9a-f]{64})$ ]] || __rg_fail "$__rg_forged" deny
    __rg_exit=${BASH_REMATCH[1]} __rg_proof=${BASH_REMATCH[2]}
    __rg_time_left || __rg_fail "the daemon did not answer within ${RAILGUARD_TIMEOUT}s"
    __rg_out=''
    IFS= read -r -d '' -t "$__rg_left" -u "$__rg_fd" __rg_out
    (($? > 128)) && __rg_fail "the daemon did not answer within ${RAILGUARD_TIMEOUT}s"
    # Obeyed only when the daemon proves it made this answer for this request (proof.ts).
    __railguard_daemon_proves "$__rg_exit:$__rg_out" "$__rg_proof" ||
      __rg_fail "$__rg_forged" deny
    printf '%s' "$__rg_out"
    exit "$__rg_exit"
  fi
  exec {__rg_fd}>&-
fi
exec "${__rg_fallback[@]}" <<<"$__rg_input"
