#!/usr/bin/env bash
# Install Debian packages with apt-get when we may (root, or password-less sudo); otherwise say
# what to install. Used by ensure-test-tools.sh (make test) and bench/ensure-wrk.sh (make bench).
set -euo pipefail
[ $# -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install: $* with your package manager." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "Please install: sudo apt-get install $*" >&2
  exit 1
fi
echo "Installing $* with apt-get ..."
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
