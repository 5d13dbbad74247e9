#!/usr/bin/env bash
# railguard-shim: @TOOL@ (written by `railguard shell-init shims`; see server/src/hooks/README.md)
# Judges `@TOOL@ ARGS...` against policy, then runs the real @TOOL@ found on PATH after this folder.
__rg_tool='@TOOL@'
__rg_self=${BASH_SOURCE[0]}
[[ $__rg_self == */* ]] || __rg_self=./$__rg_self
__rg_dir=$(cd -P -- "${__rg_self%/*}" && pwd -P)
RAILGUARD_HOOK_MODE=lib source "$__rg_dir/railguard.bash" || exit 126
__rg_line=$__rg_tool
for __rg_a in "$@"; do
  printf -v __rg_q '%q' "$__rg_a"
  __rg_line+=" $__rg_q"
done
__railguard_judge "$__rg_line" || exit 126
IFS=: read -r -a __rg_path <<<"$PATH"
for __rg_d in "${__rg_path[@]}"; do
  [[ -n $__rg_d && -f $__rg_d/$__rg_tool && -x $__rg_d/$__rg_tool ]] || continue
  [[ $(cd -P -- "$__rg_d" 2>/dev/null && pwd -P) == "$__rg_dir" ]] && continue
  { IFS= read -r __rg_l1 && IFS= read -r __rg_l2; } <"$__rg_d/$__rg_tool" 2>/dev/null
  [[ ${__rg_l2-} == '# railguard-shim:'* ]] && continue
  exec -- "$__rg_d/$__rg_tool" "$@"
done
printf 'railguard: %s: no real %s on PATH after the shim folder %s\n' "$__rg_tool" "$__rg_tool" "$__rg_dir" >&2
exit 127
