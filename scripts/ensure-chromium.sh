#!/usr/bin/env bash
# Ensure Debian's headless-capable Chromium and the DejaVu fonts are installed, for the report's
# browser tests. Idempotent and quiet: does nothing when both are present; installs only what is missing.
# Needs root (or passwordless sudo) for apt-get; exits non-zero with a clear message otherwise.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run=(sudo -n)
else
  echo "ensure-chromium: need root to install ${missing[*]} with apt-get (run as root, or install them yourself)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Refresh the index only when installing from the cached one fails (e.g. a fresh container).
if ! "${run[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
  if ! { "${run[@]}" apt-get update -qq && "${run[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    echo "ensure-chromium: apt-get install ${missing[*]} failed:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "ensure-chromium: apt-get finished but /usr/bin/chromium is still missing" >&2
  exit 1
fi
