#!/usr/bin/env bash
# The test command: installs what the tests need and is missing (Debian packages), then runs
# `dotnet test` with any arguments given (e.g. --filter). CI runs exactly this through .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use, each with a program that shows it is there.
needed=()
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || needed+=(postgresql)
command -v systemd-analyze >/dev/null 2>&1 || needed+=(systemd)
# The dashboard specs drive Debian's chromium through Playwright (its own browser download is not used).
[ -x /usr/bin/chromium ] || needed+=(chromium)

if [ ${#needed[@]} -gt 0 ]; then
  echo "Installing ${needed[*]} (Debian packages the tests need)"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
fi

exec dotnet test "$@"
