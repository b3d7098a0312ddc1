#!/usr/bin/env bash
# Installs what the tests need (when it is missing) and runs every test suite of the repository.
# Usage: ./test.sh            everything
#        ./test.sh --no-e2e   skip the browser end-to-end suite (for a quick local loop only; CI runs all)
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

run_e2e=1
[ "${1:-}" = "--no-e2e" ] && run_e2e=0

step() { printf '\n== %s\n' "$*"; }

# Every suite's output is also kept in .artifacts/logs, and its counts added up for the last line.
logs="$root/.artifacts/logs"
rm -rf "$logs" && mkdir -p "$logs"
suite() { # name command...
  local name=$1; shift
  "$@" 2>&1 | tee "$logs/$name.log"
}

# --- 1. System packages -------------------------------------------------------------------------
# binary -> Debian package that provides it
declare -A packages=(
  [node]=nodejs [npm]=npm [chromium]=chromium [firefox-esr]=firefox-esr [turnserver]=coturn
  [redis-server]=redis-server [ffmpeg]=ffmpeg [unshare]=util-linux [ip]=iproute2
)
missing=()
for bin in "${!packages[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || missing+=("${packages[$bin]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "Installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    # coturn's package starts a system service on the default port; the tests start their own.
    { systemctl disable --now coturn || service coturn stop; } >/dev/null 2>&1 || true
    { systemctl disable --now redis-server || service redis-server stop; } >/dev/null 2>&1 || true
  else
    echo "Missing: ${missing[*]}. Install them (Debian: sudo apt-get install ${missing[*]}) and run again." >&2
    exit 1
  fi
fi
command -v dotnet >/dev/null || { echo "Missing: the .NET 10 SDK (https://dot.net). Install it and run again." >&2; exit 1; }

# --- 2. Restore and build (outside the network namespace: needs the registries) -----------------
step "npm ci (web)"
(cd web && npm ci --no-audit --no-fund --loglevel=error)

step "dotnet build"
dotnet build PeerLink.slnx -c Release --nologo -v quiet -clp:NoSummary

# --- 3. Unit and integration suites -------------------------------------------------------------
step "web: typecheck + vitest"
(cd web && npm run --silent check)
suite web npm --prefix web test --silent

step "web: the packed SDK installed into a fresh consumer project (types, bundle, publint, attw)"
suite package npm --prefix web run --silent test:package

step "dotnet test: protocol + server (in-memory and Redis stores)"
suite protocol dotnet test tests/PeerLink.Protocol.Tests -c Release --no-build --nologo
suite server dotnet test tests/PeerLink.Server.Tests -c Release --no-build --nologo

# --- 4. End-to-end: real browsers, coturn and the rendezvous in a loopback-only namespace --------
if [ "$run_e2e" = 1 ]; then
  step "end-to-end (loopback-only network namespace)"
  mkdir -p "$root/.artifacts/tmp"
  unshare_flags=-n
  [ "$(id -u)" = 0 ] || unshare_flags=-rn
  # The suite starts coturn, the rendezvous and the browsers itself (all children, killed by pid) and
  # refuses to run outside a loopback-only namespace. Detailed console output shows each scenario's
  # connection timing (docs/benchmarks.md summarises it).
  TMPDIR="$root/.artifacts/tmp" suite e2e unshare $unshare_flags bash -c 'ip link set lo up && exec "$@"' netns \
    dotnet test tests/PeerLink.EndToEnd.Tests -c Release --no-build --nologo --logger "console;verbosity=detailed"
fi

# vitest: "Tests  544 passed (544)"; node --test (TAP): "# pass 6"; dotnet test: "Passed!  - Failed: 0, Passed: 463, …" or, with the
# detailed console logger, "Total tests: 18" followed by "Passed: 18".
total=$(cat "$logs"/*.log | sed 's/\x1b\[[0-9;]*m//g' | awk '
  /^ *Tests +[0-9]+ passed/          { for (i = 1; i <= NF; i++) if ($(i+1) ~ /^passed/) p += $i }
  /Passed!|Failed!/                  { match($0, /Passed: +[0-9]+/); p += substr($0, RSTART + 7, RLENGTH - 7) + 0 }
  /^ +Passed: +[0-9]+$/              { p += $2 }
  /^# pass [0-9]+$/                  { p += $3 }
  END { print p + 0 }')
echo
[ "$run_e2e" = 1 ] && echo "All test suites passed." || echo "All test suites passed except end-to-end, which --no-e2e left out."
echo "$total passed, 0 failed"
