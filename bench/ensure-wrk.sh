#!/usr/bin/env bash
# wrk (the HTTP load generator `make bench` drives): Debian's package, installed when missing.
set -euo pipefail

command -v wrk >/dev/null 2>&1 && exit 0
exec "$(dirname "$0")/../scripts/apt-install.sh" wrk
