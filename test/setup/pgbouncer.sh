#!/usr/bin/env bash
# Makes PgBouncer available for the gateway benchmark (test/bench/gateway.bench.ts): prints the
# path of the pgbouncer binary. Installs the Debian package `pgbouncer` with apt-get when it is
# missing and this runs as root; otherwise exits 1 with a reason on stderr (the bench then skips
# PgBouncer). The package's own service is not used (the bench runs pgbouncer with its own config).
set -euo pipefail
find_bin() {
  command -v pgbouncer 2>/dev/null || { [[ -x /usr/sbin/pgbouncer ]] && echo /usr/sbin/pgbouncer; } || true
}
BIN="$(find_bin)"
if [[ -z "$BIN" ]]; then
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
    echo "pgbouncer is not installed (install the Debian package pgbouncer as root)" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends pgbouncer >&2 ||
    { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends pgbouncer >&2; }
  # Debian starts the packaged service on install; the bench runs its own instance.
  if command -v service >/dev/null; then service pgbouncer stop >/dev/null 2>&1 || true; fi
  BIN="$(find_bin)"
fi
[[ -n "$BIN" ]] || { echo "pgbouncer could not be installed" >&2; exit 1; }
echo "$BIN"
