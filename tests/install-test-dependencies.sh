#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing. `dotnet test` runs it before the tests (the
# target InstallTestDependencies in SmsBuyz.Analytics.Tests.csproj), so the README's test command is `dotnet test`
# alone; with everything present it only looks (well under a second).
set -euo pipefail

need=()
# ScottPlot draws no text at all on a machine without fonts (see docs/reports.md, How the numbers are made); the chart tests check the pixels.
fc-list 2>/dev/null | grep -qi "DejaVu Sans" || need+=(fontconfig fonts-dejavu-core)
# The report's browser test opens index.html in headless Chromium, Debian's package.
[ -x /usr/bin/chromium ] || need+=(chromium)
# The read-only database test runs the app as "nobody" through setpriv; the PostgreSQL test cluster is started as
# "postgres" through runuser and outlives the test host only by its watchdog (setsid).
command -v setpriv >/dev/null && command -v setsid >/dev/null || need+=(util-linux)
[ "$(id -u)" -ne 0 ] || command -v runuser >/dev/null || need+=(util-linux)
# The PostgreSQL tests start a throwaway cluster with Debian's server programs, which live outside PATH. Without them
# those tests are reported as skipped (with the reason), so a failed install warns instead of stopping the run.
pg=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || pg=(postgresql)

if [ ${#need[@]} -gt 0 ] || [ ${#pg[@]} -gt 0 ]; then
  all=("${need[@]}" "${pg[@]}")
  if ! command -v apt-get >/dev/null; then
    # Not Debian: say what is missing and let the tests run; the ones that need it fail or skip naming it.
    echo "install-test-dependencies: no apt-get here; install the equivalents of: ${all[*]}" >&2
    exit 0
  fi
  echo "install-test-dependencies: installing ${all[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  if [ ${#need[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  if [ ${#pg[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${pg[@]}" >/dev/null \
      || echo "install-test-dependencies: could not install ${pg[*]}: the PostgreSQL tests will be skipped" >&2
  fi
fi

