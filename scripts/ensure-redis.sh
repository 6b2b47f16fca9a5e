#!/usr/bin/env bash
# Ensure a Redis server answers on 127.0.0.1:PORT (default 6379), for `munisim sweep --redis` and
# `munisim worker`. Idempotent and quiet: installs Debian's redis-server with apt-get only when it is
# missing, and starts a throwaway server (no snapshots, no append-only file, daemonized) only when
# nothing answers `redis-cli -p PORT ping`. Needs root (or passwordless sudo) only to install.
#   usage: scripts/ensure-redis.sh [PORT]
set -euo pipefail

port=${1:-6379}
if ! [[ $port =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
  echo "ensure-redis: expected a port number from 1 to 65535, got '$port'" >&2
  exit 2
fi

if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  bash "$(dirname "$0")/apt-install.sh" ensure-redis redis-server
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "ensure-redis: apt-get finished but redis-server is still missing" >&2
    exit 1
  fi
fi

answers() { [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; }
answers && exit 0

# The package's own service (if any) listens on 6379 with its config; this one is separate and
# keeps nothing on disk. Its log goes to the temporary folder, named by port.
logfile="${TMPDIR:-/tmp}/munisim-redis-$port.log"
if ! redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "${TMPDIR:-/tmp}" --logfile "$logfile" --pidfile "${TMPDIR:-/tmp}/munisim-redis-$port.pid" >/dev/null; then
  echo "ensure-redis: redis-server failed to start on port $port (see $logfile)" >&2
  exit 1
fi
for _ in $(seq 50); do
  answers && exit 0
  sleep 0.1
done
echo "ensure-redis: started redis-server on port $port but it does not answer ping after 5 s (see $logfile)" >&2
tail -n 20 "$logfile" >&2 2>/dev/null || true
exit 1
