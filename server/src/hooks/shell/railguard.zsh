# Railguard shell hook for zsh (printed by `railguard shell-init zsh`; see server/src/hooks/README.md).
# Replaces the widgets that run the buffer (accept-line and its variants): the whole buffer is
# judged before zsh runs it. The daemon is reached with the zsh/net/tcp module (ztcp); the only
# process started per command is one sha256sum run for the token proofs (see __railguard_query).
[[ -n ${__railguard_loaded-} ]] && return 0
typeset -g __railguard_loaded=1
: ${RAILGUARD_RUNTIME_DIR:="@RUNTIME_DIR@"}
: ${RAILGUARD_TIMEOUT:=2}
: ${RAILGUARD_APPROVAL_TIMEOUT:=130}
: ${RAILGUARD_TTY_TIMEOUT:=30}
zmodload zsh/net/tcp 2>/dev/null

# Asks the human at this terminal, like sudo, whether to run a command the policy asks about
# ($1 environment, $2 rules, $3 reason, $4 command; texts masked by the daemon). Reads one key on
# /dev/tty within $RAILGUARD_TTY_TIMEOUT seconds after discarding what was typed ahead (keys sent
# before the question was shown cannot answer it). Sets __rg_answer: yes (y/Y), timeout, or no.
__railguard_tty_ask() {
  emulate -L zsh
  local tfd key n=0 saved
  __rg_answer=no
  { exec {tfd}<>/dev/tty } 2>/dev/null || return 1
  # A widget runs with the terminal in canonical mode: one key is readable only without it (stty,
  # restored after), and `read` is pointed at the terminal's fd.
  saved=$(command stty -g <&$tfd 2>/dev/null)
  command stty -icanon -echo min 1 time 0 <&$tfd 2>/dev/null
  while (( n++ < 4096 )) && read -k 1 -t 0.05 -u $tfd key; do :; done
  print -rn -u $tfd -- $'\n'"railguard: this command needs your approval ($1)"$'\n'"  command: $4"$'\n'"  rules:   ${2//,/, }"$'\n'"  reason:  $3"$'\n'"Run it? [y/N] (${RAILGUARD_TTY_TIMEOUT}s) "
  if read -k 1 -t $RAILGUARD_TTY_TIMEOUT -u $tfd key; then
    [[ $key == [yY] ]] && __rg_answer=yes
    print -r -u $tfd -- $__rg_answer
  else
    __rg_answer=timeout
    print -r -u $tfd -- "no answer within ${RAILGUARD_TTY_TIMEOUT}s"
  fi
  [[ -n $saved ]] && command stty $saved <&$tfd 2>/dev/null
  exec {tfd}>&-
  return 0
}

# Reports answer $2 (yes/no/timeout) to the prompt of the request with nonce $1 (POST
# /v1/shell/answer), proven as __railguard_query proves its requests (its own nonce and proof;
# the helpers write this function's locals). Status 0 once the daemon took it.
__railguard_tty_answer() {
  emulate -L zsh
  setopt no_multibyte
  local port token fd body st __rg_nonce
  local -a __rg_sums
  { read -r port <$RAILGUARD_RUNTIME_DIR/port && read -r token <$RAILGUARD_RUNTIME_DIR/token } 2>/dev/null || return 1
  [[ $port == <-> && $token =~ '^[0-9a-f]{64}$' ]] || return 1
  body="request=$1"$'\n'"answer=$2"$'\n'
  __railguard_nonce && __railguard_sha256 "${token}:c:${__rg_nonce}:${body}" || return 1
  ztcp 127.0.0.1 $port 2>/dev/null || return 1
  fd=$REPLY
  print -rn -u $fd -- "POST /v1/shell/answer HTTP/1.0"$'\r\n'"X-Railguard-Nonce: $__rg_nonce"$'\r\n'"X-Railguard-Proof: ${__rg_sums[1]}"$'\r\n'"Content-Type: text/plain"$'\r\n'"Content-Length: ${#body}"$'\r\n\r\n'"$body" 2>/dev/null
  IFS= read -r -t $RAILGUARD_TIMEOUT -u $fd st
  ztcp -c $fd
  [[ $st == HTTP/1.?' 200'* ]]
}

# Prints why $1 looks like production (cached policy matchers, else *prod* / *prd*); status 1 if not.
__railguard_prod() {
  emulate -L zsh
  local kind a b w g
  local -a hosts envs ws
  if [[ -r $RAILGUARD_RUNTIME_DIR/prod-matchers ]]; then
    while IFS=$'\t' read -r kind a b; do
      case $kind in
        host) hosts+=("$a") ;;
        env) envs+=("$a"$'\t'"$b") ;;
      esac
    done <$RAILGUARD_RUNTIME_DIR/prod-matchers
  fi
  (( $#hosts )) || hosts=('*prod*' '*prd*')
  local text="$1 ${DATABASE_URL-} ${PGHOST-} ${MYSQL_HOST-} ${REDIS_URL-}"
  ws=(${=text//[\'\"@\/:=,;|&()<>\`]/ })
  for w in $ws; do
    for g in $hosts; do
      if [[ ${w:l} == ${~g:l} ]]; then
        print -rn -- "'$w' matches production host '$g'"
        return 0
      fi
    done
  done
  for w in $envs; do
    a=${w%%$'\t'*} b=${w#*$'\t'}
    [[ -n ${(P)a-} ]] || continue
    if [[ -z $b || $a == $b || ${(P)a:l} == ${~b:l} ]]; then
      print -rn -- "$a is set"
      return 0
    fi
  done
  return 1
}

# The SHA-256 tool the daemon proofs are computed with (see server/src/daemon/proof.ts), by
# absolute path so a PATH entry cannot stand in for it; empty when there is none.
typeset -g __rg_sha=
for __rg_t in /usr/bin/sha256sum /bin/sha256sum /usr/local/bin/sha256sum /opt/homebrew/bin/sha256sum; do
  [[ -x $__rg_t ]] && { __rg_sha=$__rg_t; break }
done
unset __rg_t
zmodload zsh/system 2>/dev/null

# Sets __rg_nonce to 16 bytes of /dev/urandom as 32 lowercase hex characters; status 1 when it cannot.
__railguard_nonce() {
  emulate -L zsh
  setopt no_multibyte
  local buf h i
  __rg_nonce=
  sysread -s 16 buf </dev/urandom 2>/dev/null && (( $#buf == 16 )) || return 1
  for (( i = 1; i <= 16; i++ )); do
    printf -v h '%02x' "'${buf[i]}"
    __rg_nonce+=$h
  done
}

# Sets __rg_sums to the SHA-256 (hex) of each argument's bytes followed by a newline, in order,
# with one run of $__rg_sha (the bash hook's protocol). The texts hold the token: they reach it on
# here-strings through fds 3.., never argv. zsh writes here-strings to temporary files (mode 0600,
# created exclusively, removed at once): in the runtime folder (where the token already is), else
# (the separate-user deployment, where it is the daemon's) in $XDG_RUNTIME_DIR, else zsh's
# default $TMPPREFIX. Status 1 when it cannot.
__railguard_sha256() {
  emulate -L zsh
  setopt no_multibyte
  local TMPPREFIX=$TMPPREFIX cmd='"$__rg_sha"' i line
  if [[ -w $RAILGUARD_RUNTIME_DIR ]]; then
    TMPPREFIX=$RAILGUARD_RUNTIME_DIR/.zsh-heredoc
  elif [[ -n ${XDG_RUNTIME_DIR-} && -w $XDG_RUNTIME_DIR ]]; then
    TMPPREFIX=$XDG_RUNTIME_DIR/.railguard-zsh-heredoc
  fi
  typeset -ga __rg_sums=()
  [[ -n $__rg_sha ]] && (( $# <= 6 )) || return 1
  for (( i = 1; i <= $#; i++ )); do cmd+=" /dev/fd/$((i + 2))"; done
  for (( i = 1; i <= $#; i++ )); do cmd+=" $((i + 2))<<<\"\${$i}\""; done
  eval "$cmd" 2>/dev/null | while IFS= read -r line; do __rg_sums+=("${line[1,64]}"); done
  (( ${#__rg_sums} == $# ))
}

# Asks the daemon about $1 ($2 = tty: this terminal may answer a human's ask, see
# __railguard_tty_ask); sets __rg_effect __rg_env __rg_rule __rg_reason.
# The token is never sent: the request carries a fresh nonce and a proof of the token bound to
# nonce and body, and an `allow` or `warn` is only obeyed with the daemon's proof for this nonce
# (server/src/daemon/proof.ts; one sha256sum run computes all three).
# Status: 0 answered, 1 unreachable, 2 timed out, 3 refused or no proof can be made, 4 not authentic.
__railguard_query() {
  emulate -L zsh
  setopt no_multibyte
  local port token fd v meta body st line proof __rg_nonce tty_rules tty_text
  local -a __rg_sums
  { read -r port <$RAILGUARD_RUNTIME_DIR/port && read -r token <$RAILGUARD_RUNTIME_DIR/token } 2>/dev/null || return 1
  [[ $port == <-> && $token =~ '^[0-9a-f]{64}$' ]] || return 1
  meta="cwd=$PWD"$'\n'"actor=${RAILGUARD_ACTOR-}"$'\n'
  for v in USER DATABASE_URL PGHOST PGDATABASE PGSERVICE MYSQL_HOST MYSQL_DATABASE REDIS_URL AWS_PROFILE \
    AWS_DEFAULT_PROFILE KUBECONFIG RAILS_ENV NODE_ENV APP_ENV ENVIRONMENT RAILGUARD_ENV CLAUDECODE GEMINI_CLI CODEX_SANDBOX; do
    [[ -n ${(P)v-} ]] && meta+="env.$v=${${(P)v}//$'\n'/ }"$'\n'
  done
  [[ ${2-} == tty ]] && meta+="approve=tty"$'\n'
  body="$meta"$'\n'"$1"
  # Braced: an unbraced `$token:c` would be zsh's `:c` modifier.
  if ! __railguard_nonce ||
    ! __railguard_sha256 "${token}:c:${__rg_nonce}:${body}" "${token}:d:${__rg_nonce}:allow" "${token}:d:${__rg_nonce}:warn"; then
    __rg_reason='no proof of the token can be made (sha256sum, /dev/urandom or a writable temporary folder missing?)'
    return 3
  fi
  ztcp 127.0.0.1 $port 2>/dev/null || return 1
  fd=$REPLY
  print -rn -u $fd -- "POST /v1/shell HTTP/1.0"$'\r\n'"X-Railguard-Nonce: $__rg_nonce"$'\r\n'"X-Railguard-Proof: ${__rg_sums[1]}"$'\r\n'"Content-Type: text/plain"$'\r\n'"Content-Length: ${#body}"$'\r\n\r\n'"$body" 2>/dev/null
  if ! IFS= read -r -t $RAILGUARD_TIMEOUT -u $fd st; then
    ztcp -c $fd
    return 2
  fi
  if [[ $st != HTTP/1.?' 200'* ]]; then
    ztcp -c $fd
    __rg_reason="the daemon refused: ${st%$'\r'}"
    return 3
  fi
  while IFS= read -r -t $RAILGUARD_TIMEOUT -u $fd line && [[ -n ${line%$'\r'} ]]; do :; done
  if ! IFS=$'\t' read -r -t $RAILGUARD_TIMEOUT -u $fd __rg_effect __rg_env __rg_rule __rg_reason; then
    ztcp -c $fd
    return 2
  fi
  if [[ $__rg_effect == tty && ${2-} == tty ]]; then
    # The daemon waits for this terminal's answer: tty ENV RULES REASON COMMAND.
    tty_rules=$__rg_rule tty_text=${__rg_reason#*$'\t'}
    __rg_reason=${__rg_reason%%$'\t'*}
    __railguard_tty_ask "$__rg_env" "$tty_rules" "$__rg_reason" "$tty_text" || __rg_answer=no
    __railguard_tty_answer $__rg_nonce $__rg_answer || __rg_answer=unsent
    IFS=$'\t' read -r -t $RAILGUARD_TIMEOUT -u $fd __rg_effect __rg_env __rg_rule __rg_reason ||
      { __rg_effect=deny; __rg_reason="the answer ($__rg_answer) was not confirmed by the daemon"; }
  elif [[ $__rg_effect == pending ]]; then
    print -ru2 -- $'\n'"railguard: waiting for approval in the editor or railguard approvals ($__rg_env, $__rg_reason) [$__rg_rule]..."
    IFS=$'\t' read -r -t $RAILGUARD_APPROVAL_TIMEOUT -u $fd __rg_effect __rg_env __rg_rule __rg_reason ||
      { __rg_effect=deny; __rg_reason='no answer to the approval request'; }
  fi
  ztcp -c $fd
  # The final line ends with the daemon's proof; an answer that lets the command run needs it.
  proof=${__rg_reason##*$'\t'}
  [[ $__rg_reason == *$'\t'* ]] && __rg_reason=${__rg_reason%$'\t'*}
  if [[ ( $__rg_effect == allow && $proof != ${__rg_sums[2]} ) || ( $__rg_effect == warn && $proof != ${__rg_sums[3]} ) ]]; then
    __rg_reason="the answer did not prove it came from the daemon (something else listens on its port?)"
    return 4
  fi
  return 0
}

# Judges command line $1 ($2 = tty: a human's ask may be answered at this terminal): status
# 0 = run it, 1 = do not. Messages go to stderr.
__railguard_judge() {
  local __rg_effect= __rg_env= __rg_rule= __rg_reason= __rg_answer= rc why prod
  __railguard_query "$1" "${2-}"
  rc=$?
  if (( rc == 0 )); then
    case $__rg_effect in
      allow) return 0 ;;
      warn) print -ru2 -- $'\n'"railguard: warning ($__rg_env): $__rg_reason [$__rg_rule]"; return 0 ;;
      *) print -ru2 -- $'\n'"railguard: blocked ($__rg_effect in $__rg_env): $__rg_reason [$__rg_rule]"; return 1 ;;
    esac
  fi
  if (( rc == 4 )); then
    print -ru2 -- $'\n'"railguard: blocked: $__rg_reason"
    return 1
  fi
  case $rc in
    1) why='the daemon is not running' ;;
    2) why="no answer within ${RAILGUARD_TIMEOUT}s" ;;
    *) why=$__rg_reason ;;
  esac
  if prod=$(__railguard_prod "$1"); then
    print -ru2 -- $'\n'"railguard: blocked: cannot judge this command ($why) and it looks like production ($prod)"
    return 1
  fi
  print -ru2 -- $'\n'"railguard: warning: command not checked ($why)"
  return 0
}

# Judges the buffer, then runs the builtin widget $1 (`.accept-line`, …). A blocked buffer is
# cleared and accepted empty (nothing runs), stays on screen above the reason, and goes to history.
# History expansion (`!!`, `^old^new`) happens after zle returns the line, so the command zsh will
# run is judged: the builtin expand-history widget's result on a copy of the buffer (a blocked line
# is in history; `!!` would otherwise run it). The buffer itself is left as typed.
# Status 0 when command text $1 is incomplete: the shell would read more lines to finish it.
# Text that cannot be (no `<<`, backquote or `$(`, balanced quote counts, no trailing `\`, `|` or
# `&&`) is answered here, without a process; the rest by bash's parser (`bash -n`, no startup
# files, C messages), whose heredoc, quoting and continuation rules zsh shares: an unterminated
# heredoc, quote or command, never a syntax error. Where zsh alone would read on (its own
# continuation, at PS2), the lines before are in $PREBUFFER and are judged with the last one.
__railguard_incomplete() {
  emulate -L zsh
  local t=$1 sq dq out
  while [[ $t == *[[:space:]] ]]; do t=${t%?}; done
  [[ $t =~ '\\+$' ]] && (( $#MATCH % 2 )) && return 0
  sq=${t//[^\']/} dq=${t//[^\"]/}
  if [[ $t != *'<<'* && $t != *'`'* && $t != *'$('* && $t != *'|' && $t != *'&&' ]] &&
    (( $#sq % 2 == 0 && $#dq % 2 == 0 )); then
    return 1
  fi
  out=$(BASH_ENV='' LC_ALL=C command bash --norc --noprofile -n 2>&1 <<<"$t")
  [[ $out == *'delimited by end-of-file'* || $out == *'unexpected EOF'* || $out == *'unexpected end of file'* ]]
}

__railguard_accept() {
  local text=$PREBUFFER$BUFFER typed=$BUFFER
  if [[ -n ${BUFFER//[[:space:]]/} ]]; then
    # An incomplete command is not accepted yet: the line break goes into the buffer and editing
    # goes on, so the whole command, heredoc body included, is judged once it is complete.
    if __railguard_incomplete "$PREBUFFER$BUFFER"; then
      BUFFER+=$'\n'
      CURSOR=$#BUFFER
      return
    fi
    if [[ -o bang_hist && ( $BUFFER == *${histchars[1]}* || $BUFFER == ${histchars[2]}* ) ]]; then
      zle .expand-history 2>/dev/null && text=$PREBUFFER$BUFFER
      BUFFER=$typed
    fi
    zle -I
    if ! __railguard_judge "$text" tty; then
      print -s -- "$text"
      BUFFER=''
      # Lines zsh already holds for a command it is still reading (PREBUFFER) go too.
      if [[ -n $PREBUFFER ]]; then
        zle .send-break
      else
        zle .accept-line
      fi
      return
    fi
  fi
  zle .$1
}
# Every builtin widget that runs the buffer is replaced, so every key bound to one is judged, in
# every keymap (emacs, viins, vicmd: `bindkey -a` binds ^M and ^J to accept-line as well):
# accept-line (Enter), accept-and-hold (ESC a), accept-line-and-down-history (^O),
# accept-and-infer-next-history. Wrappers (zsh-autosuggestions, zsh-syntax-highlighting) call
# these widgets by name and so reach the judgement too.
__railguard_accept_line() { __railguard_accept accept-line; }
__railguard_accept_and_hold() { __railguard_accept accept-and-hold; }
__railguard_accept_line_and_down_history() { __railguard_accept accept-line-and-down-history; }
__railguard_accept_and_infer_next_history() { __railguard_accept accept-and-infer-next-history; }
zle -N accept-line __railguard_accept_line
zle -N accept-and-hold __railguard_accept_and_hold
zle -N accept-line-and-down-history __railguard_accept_line_and_down_history
zle -N accept-and-infer-next-history __railguard_accept_and_infer_next_history
