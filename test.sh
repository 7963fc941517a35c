#!/usr/bin/env bash
# The README's test command: installs the Debian packages the tests need when they are missing, then runs the
# whole suite (arguments go to `dotnet test`, e.g. ./test.sh --filter FullyQualifiedName~Reports).
set -euo pipefail
cd "$(dirname "$0")"

need=()
# ScottPlot draws no text at all on a machine without fonts (see DESIGN.md); the chart tests check the pixels.
fc-list 2>/dev/null | grep -qi "DejaVu Sans" || need+=(fontconfig fonts-dejavu-core)
# The report's browser test opens index.html in headless Chromium, Debian's package.
[ -x /usr/bin/chromium ] || need+=(chromium)
# The read-only database test runs the app as "nobody" through setpriv.
command -v setpriv >/dev/null || need+=(util-linux)

if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

exec dotnet test "$@"
