#!/usr/bin/env bash
# Installs the shells the shell-hook tests run in (bash and tmux are expected; zsh and fish are
# added when missing). Idempotent; does nothing when they are present or apt-get is unavailable.
set -euo pipefail
missing=()
for s in zsh fish tmux; do command -v "$s" >/dev/null 2>&1 || missing+=("$s"); done
((${#missing[@]} == 0)) && exit 0
if ! command -v apt-get >/dev/null 2>&1 || [[ $(id -u) != 0 ]]; then
  echo "shell setup: missing ${missing[*]} and cannot apt-get install them; those tests will be skipped" >&2
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
