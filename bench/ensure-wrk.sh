#!/usr/bin/env bash
# wrk (the HTTP load generator `make bench` drives): Debian's package, installed with apt-get
# when missing and we may (root, or password-less sudo), as scripts/ensure-test-tools.sh does.
set -euo pipefail

command -v wrk >/dev/null 2>&1 && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install wrk (https://github.com/wg/wrk) with your package manager." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "Please install wrk: sudo apt-get install wrk" >&2
  exit 1
fi
echo "Installing wrk with apt-get ..."
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends wrk >/dev/null
