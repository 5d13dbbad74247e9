#!/usr/bin/env bash
# Installs squawk (the PostgreSQL migration linter we compare with) into .railguard-cache/squawk.
# Not a package.json dependency: its lock entries for other platforms' binary packages cannot be
# resolved from every registry, which breaks `npm ci`. Idempotent; prints the binary's path.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=2.66.0
PREFIX=.railguard-cache/squawk
BIN="$PREFIX/node_modules/.bin/squawk"
if [[ ! -x "$BIN" ]] || [[ "$("$BIN" --version 2>/dev/null)" != "squawk $VERSION" ]]; then
  mkdir -p "$PREFIX"
  npm install --prefix "$PREFIX" --no-save --no-package-lock --no-audit --no-fund "squawk-cli@$VERSION" >&2
fi
echo "$PWD/$BIN"
