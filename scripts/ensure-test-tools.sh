#!/usr/bin/env bash
# Chromium (browser journeys), GNU gettext (catalogue check) and the certificates' fonts (the
# worker draws names in any script: core/pdftext.py) for `make test`.
# Installs Debian's packages when missing and we may (root, or password-less sudo).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
  || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium fonts-dejavu-core)
command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
fonts=/usr/share/fonts/truetype
[ -f $fonts/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ -f $fonts/droid/DroidSansFallbackFull.ttf ] || missing+=(fonts-droid-fallback)
[ -f $fonts/noto/NotoSansBatak-Regular.ttf ] || missing+=(fonts-noto-core)
[ ${#missing[@]} -eq 0 ] && exit 0
exec "$(dirname "$0")/apt-install.sh" "${missing[@]}"
