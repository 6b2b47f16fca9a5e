#!/usr/bin/env bash
# Installs Debian packages for the project's scripts, quietly: as root, or with passwordless sudo;
# the package index is refreshed only when installing from the cached one fails (a fresh container).
#   usage: scripts/apt-install.sh CALLER PACKAGE...   (CALLER names the script in error messages)
set -euo pipefail
caller=$1
shift
[ $# -gt 0 ] || exit 0

if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run=(sudo -n)
else
  echo "$caller: need root to install $* with apt-get (run as root, or install them yourself)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "${run[@]}" apt-get install -y -qq --no-install-recommends "$@" >"$log" 2>&1; then
  if ! { "${run[@]}" apt-get update -qq && "${run[@]}" apt-get install -y -qq --no-install-recommends "$@"; } >"$log" 2>&1; then
    echo "$caller: apt-get install $* failed:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
fi
hash -r
