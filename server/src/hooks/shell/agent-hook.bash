#!/usr/bin/env bash
# Railguard's agent hook client: the command an agent's pre-tool-use hook runs (written by
# `railguard hooks install`; see server/src/hooks/README.md).
#
#   agent-hook.bash [FALLBACK COMMAND…] AGENT
#
# Reads the agent's hook JSON on stdin and asks the running daemon (`POST /v1/hooks/AGENT`,
# text/plain framing, see server/src/daemon/server.ts) over bash's /dev/tcp, with the caller's
# cwd, OS user and environment: no Node process starts per call (`npm run bench daemon`). Prints
# the agent's answer on stdout and exits with the agent's exit code. An `ask` waits for the
# editor's answer (up to RAILGUARD_APPROVAL_TIMEOUT s; the daemon expires it first).
# When the daemon is unreachable, refuses the call (e.g. a stale token) or does not answer within
# RAILGUARD_TIMEOUT s, the hook JSON goes on stdin to FALLBACK (default: `railguard hook AGENT`),
# which judges in its own process and, failing that, applies the fail rule.
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
if [[ $__rg_agent =~ ^[a-z0-9-]+$ ]] && __railguard_meta &&
  __railguard_post "/v1/hooks/$__rg_agent" "$__rg_meta"$'\n'"$__rg_input"; then
  __rg_line=''
  if IFS= read -r -t "$RAILGUARD_TIMEOUT" -u "$__rg_fd" __rg_line && [[ $__rg_line == HTTP/1.?' 200'* ]]; then
    while IFS= read -r -t "$RAILGUARD_TIMEOUT" -u "$__rg_fd" __rg_line && [[ -n ${__rg_line%$'\r'} ]]; do :; done
    IFS= read -r -t "$RAILGUARD_TIMEOUT" -u "$__rg_fd" __rg_line || __rg_line=''
    if [[ $__rg_line == pending$'\t'* ]]; then
      printf 'railguard: waiting for approval in the editor: %s\n' "${__rg_line#*$'\t'}" >&2
      IFS= read -r -t "$RAILGUARD_APPROVAL_TIMEOUT" -u "$__rg_fd" __rg_line || __rg_line=''
    fi
    if [[ $__rg_line =~ ^[0-9]+$ ]]; then
      IFS= read -r -d '' -t "$RAILGUARD_TIMEOUT" -u "$__rg_fd" __rg_out
      printf '%s' "$__rg_out"
      exit "$__rg_line"
    fi
  fi
  exec {__rg_fd}>&-
fi
exec "${__rg_fallback[@]}" <<<"$__rg_input"
