#!/usr/bin/env bash
# Install the Debian packages Puente needs for a purpose, when they are missing.
#   demo: pango and a font for PDF rendering (WeasyPrint)
#   test: Chromium for the browser tests, gettext for the translation check
#   ci:   test + PostgreSQL 15
set -euo pipefail
purpose="${1:-test}"
packages=()
need() { command -v "$1" >/dev/null 2>&1 || packages+=("$2"); }
need_lib() { ldconfig -p 2>/dev/null | grep -q "$1" || packages+=("$2"); }
need_file() { [ -e "$1" ] || packages+=("$2"); }
pdf() { need_lib libpango-1.0.so libpango-1.0-0; need_lib libpangoft2-1.0.so libpangoft2-1.0-0;
        need_file /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core; }
case "$purpose" in
  demo) pdf ;;
  test) pdf; need chromium chromium; need xgettext gettext ;;
  ci) pdf; need chromium chromium; need xgettext gettext; need pg_ctlcluster postgresql-15 ;;
  *) echo "usage: $0 demo|test|ci" >&2; exit 2 ;;
esac
[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${packages[*]} (install them with your package manager)." >&2
  exit 0
fi
echo "Installing system packages: ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
