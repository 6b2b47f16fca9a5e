#!/usr/bin/env bash
# Installs what the benchmark's SimPy peer needs: SimPy 3 from Debian (python3-simpy3), into the
# system Python. Called by bench/bench.ts when no python3 on the machine can import simpy.
set -euo pipefail
if /usr/bin/python3 -c 'import simpy' 2>/dev/null; then exit 0; fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
$sudo apt-get install -y -qq python3-simpy3
