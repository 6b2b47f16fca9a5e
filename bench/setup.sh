#!/usr/bin/env bash
# Installs what the benchmark's SimPy peer needs: SimPy 3 from Debian (python3-simpy3), into the
# system Python. Called by bench/bench.ts when no python3 on the machine can import simpy.
set -euo pipefail
if /usr/bin/python3 -c 'import simpy' 2>/dev/null; then exit 0; fi
bash "$(dirname "$0")/../scripts/apt-install.sh" bench-setup python3-simpy3
