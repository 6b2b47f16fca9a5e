#!/usr/bin/env bash
# Ensure Debian's headless-capable Chromium and the DejaVu fonts are installed, for the report's
# browser tests. Idempotent and quiet: does nothing when both are present; installs only what is missing.
# Needs root (or passwordless sudo) for apt-get; exits non-zero with a clear message otherwise.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0

bash "$(dirname "$0")/apt-install.sh" ensure-chromium "${missing[@]}"

if [ ! -x /usr/bin/chromium ]; then
  echo "ensure-chromium: apt-get finished but /usr/bin/chromium is still missing" >&2
  exit 1
fi
