#!/usr/bin/env bash
# Install the Debian packages Puente needs for a purpose, when they are missing.
#   demo: nothing beyond Python (kept for symmetry)
#   test: Chromium for the browser tests, gettext for the translation check
#   ci:   test + PostgreSQL 15
set -euo pipefail
purpose="${1:-test}"
packages=()
need() { command -v "$1" >/dev/null 2>&1 || packages+=("$2"); }
case "$purpose" in
  demo) ;;
  test) need chromium chromium; need xgettext gettext ;;
  ci) need chromium chromium; need xgettext gettext; need pg_ctlcluster postgresql-15 ;;
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
