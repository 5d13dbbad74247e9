#!/usr/bin/env bash
# Installs what the real-VS-Code e2e tests need, idempotently (a no-op when already installed):
#   - Debian packages: chromium (headless browser for the web workbench), ripgrep, libkrb5-dev +
#     build-essential + python3 (to build code-server's native modules);
#   - code-server@$CS_VERSION from the npm registry into .vscode-test/code-server (a separate npm
#     prefix, never the project's node_modules). Its lib/vscode is the real VS Code server
#     (code-server 4.100.3 = VS Code 1.100.3, the newest that runs on Node 20).
# Recipe and pitfalls: ../shared/vscode-e2e/README.md. Prints VSCODE_SERVER_DIR=… on success.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TOOLS="${RAILGUARD_E2E_TOOLS:-$ROOT/.vscode-test/code-server}"
CS_VERSION="${CS_VERSION:-4.100.3}"
SERVER_DIR="$TOOLS/node_modules/code-server/lib/vscode"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
if [ ! -f "$SERVER_DIR/out/server-main.js" ]; then
  dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
  command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 || need_apt+=(build-essential)
  command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "e2e setup: apt-get install ${need_apt[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

installed_version() { node -p "require('$TOOLS/node_modules/code-server/package.json').version" 2>/dev/null || true; }
if [ -f "$SERVER_DIR/out/server-main.js" ] && [ "$(installed_version)" = "$CS_VERSION" ] \
  && [ -f "$SERVER_DIR/node_modules/node-pty/build/Release/pty.node" ]; then
  echo "VSCODE_SERVER_DIR=$SERVER_DIR"
  exit 0
fi

echo "e2e setup: installing code-server@$CS_VERSION into $TOOLS (a few minutes, once)" >&2
mkdir -p "$TOOLS/tmp"
cd "$TOOLS"
[ -f package.json ] || echo '{"name":"railguard-e2e-tools","private":true}' > package.json
# code-server 4.100.x pulls @vscode/ripgrep 1.15.11, whose postinstall downloads rg from GitHub
# (unreachable here): pre-seed its cache (os.tmpdir()/vscode-ripgrep-cache-<ver>/) with Debian's rg.
export TMPDIR="$TOOLS/tmp"
mkdir -p "$TMPDIR/vscode-ripgrep-cache-1.15.11"
tar czf "$TMPDIR/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" \
  -C "$(dirname "$(command -v rg)")" rg
# npm_config_yes: node-pty's postinstall runs `npx node-gyp`; --unsafe-perm: code-server's
# postinstall refuses to run as root without it. Install locally (not -g).
npm_config_yes=true npm install --no-audit --no-fund --no-save --unsafe-perm "code-server@$CS_VERSION" 2>&1 | tail -2
test -f "$SERVER_DIR/out/server-main.js"
test -f "$SERVER_DIR/node_modules/node-pty/build/Release/pty.node"
echo "VSCODE_SERVER_DIR=$SERVER_DIR"
