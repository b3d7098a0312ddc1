#!/usr/bin/env bash
# Load benchmark of the rendezvous (issue 5): GET /lookup and POST /publish throughput and p99
# latency with wrk, for
#   bare    — Kestrel + routing with fixed answers (bench/load/LoadBench), the ceiling;
#   memory  — the rendezvous on its embedded in-memory store;
#   redis   — the rendezvous on a redis-server this script starts.
# Everything on loopback; the per-client rate limit is raised for the run (all requests come from
# 127.0.0.1). Writes the "## Rendezvous load" section of docs/benchmarks.md.
#
# Usage: bench/load/run.sh            (DURATION=10s CONNECTIONS=64 THREADS=2 WARMUP=3s)
# It saturates the machine: run it alone.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
out="$root/.artifacts/bench-load"
report="$out/section.md"

for bin in wrk redis-server dotnet curl; do
  command -v "$bin" >/dev/null || { echo "Missing: $bin (Debian: sudo apt-get install ${bin/redis-server/redis-server})." >&2; exit 1; }
done

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

echo "== Building (Release)"
rm -rf "$out" && mkdir -p "$out"
dotnet publish src/PeerLink.Server -c Release -o "$out/server" -p:PeerLinkSkipWebBuild=true --nologo -v quiet >/dev/null
dotnet publish bench/load/LoadBench -c Release -o "$out/loadbench" --nologo -v quiet >/dev/null
loadbench() { dotnet "$out/loadbench/LoadBench.dll" "$@"; }

wait_healthy() { # url pid
  for _ in $(seq 1 100); do
    curl -fsS "$1/health" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "server exited" >&2; return 1; }
    sleep 0.1
  done
  echo "server at $1 did not become healthy" >&2; return 1
}

# Server settings for every rendezvous run: no request logging, rate limit out of the way.
export Logging__LogLevel__Default=Warning
export PeerLink__RateLimits__PermitsPerWindow=1000000
export PeerLink__RateLimits__Window=00:00:01

start() { # mode port -> sets server_pid
  local mode=$1 port=$2
  case $mode in
    bare) dotnet "$out/loadbench/LoadBench.dll" bare --urls "http://127.0.0.1:$port" >"$out/$mode.log" 2>&1 & ;;
    memory) PeerLink__Store__Provider=InMemory dotnet "$out/server/PeerLink.Server.dll" --urls "http://127.0.0.1:$port" >"$out/$mode.log" 2>&1 & ;;
    redis) PeerLink__Store__Provider=Redis PeerLink__Store__Redis="127.0.0.1:$redis_port" \
             dotnet "$out/server/PeerLink.Server.dll" --urls "http://127.0.0.1:$port" >"$out/$mode.log" 2>&1 & ;;
  esac
  server_pid=$!
  pids+=("$server_pid")
  wait_healthy "http://127.0.0.1:$port" "$server_pid"
}

# wrk output -> "req/s|p50|p99|non2xx|requests"
parse() {
  awk '
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx or 3xx responses:/ { non = $5 }
    /requests in/ { total = $1 }
    /Socket errors:/ { err = $0 }
    END { printf "%s|%s|%s|%s|%s\n", rps, p50, p99, (non == "" ? 0 : non), total }' "$1"
}

declare -A results
commands=()
run_wrk() { # name mode url [script]
  local name=$1 mode=$2 url=$3 script=${4:-}
  local args=(-t"$THREADS" -c"$CONNECTIONS" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  PEERLINK_RUN="w$mode" wrk "${args[@]}" -d"$WARMUP" "$url" >/dev/null
  PEERLINK_RUN="m$mode" wrk "${args[@]}" -d"$DURATION" "$url" >"$out/$name-$mode.txt"
  results[$name-$mode]=$(parse "$out/$name-$mode.txt")
  echo "   $name/$mode: $(cat "$out/$name-$mode.txt" | grep -E 'Requests/sec|99%' | tr -s ' ' | tr '\n' ' ')"
}

redis_port=$(loadbench port)
redis_dir=$(mktemp -d)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$redis_dir" --logfile "$out/redis-server.log" --daemonize no &
pids+=("$!")

export PEERLINK_TOKEN
PEERLINK_TOKEN=$(loadbench token)

for mode in bare memory redis; do
  port=$(loadbench port)
  echo "== $mode on 127.0.0.1:$port"
  start "$mode" "$port"
  base="http://127.0.0.1:$port"
  if [ "$mode" != bare ]; then
    curl -fsS -o /dev/null -X POST "$base/publish" -H 'Content-Type: application/json' \
      -d "{\"username\":\"bench\",\"token\":\"$PEERLINK_TOKEN\",\"ttl\":900000}"
    curl -fsS -o /dev/null "$base/lookup?username=bench"
  fi
  run_wrk lookup "$mode" "$base/lookup?username=bench"
  run_wrk publish "$mode" "$base/publish" bench/load/publish.lua
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
done

# --- Report --------------------------------------------------------------------------------------
field() { echo "${results[$1]}" | cut -d'|' -f"$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", 100 * a / b }'; }
commit=$(git rev-parse --short HEAD)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
lookup_mem=$(field lookup-memory 1); lookup_bare=$(field lookup-bare 1); lookup_redis=$(field lookup-redis 1)

{
  echo "## Rendezvous load"
  echo
  echo "Command: \`bench/load/run.sh\` (commit $commit, $(date -u +%Y-%m-%d), $(nproc) cores: $cpu; wrk $(wrk --version 2>&1 | head -1 | awk '{print $2}'),"
  echo "$(redis-server --version | awk '{print $3}' | tr -d 'v='), .NET $(dotnet --version)). Release build, loopback, server and wrk on the same machine;"
  echo "each measurement follows a $WARMUP warm-up. Rate limit raised for the run"
  echo "(\`PeerLink__RateLimits__PermitsPerWindow=1000000\`, \`Window=00:00:01\`), logging at Warning."
  echo
  echo "| endpoint | server | req/s | p50 | p99 | non-2xx | requests |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for name in lookup publish; do
    for mode in bare memory redis; do
      label=$mode; [ "$mode" = bare ] && label="bare Kestrel (ceiling)"; [ "$mode" = memory ] && label="rendezvous, in-memory store"; [ "$mode" = redis ] && label="rendezvous, Redis store"
      echo "| \`$name\` | $label | **$(field "$name-$mode" 1)** | $(field "$name-$mode" 2) | $(field "$name-$mode" 3) | $(field "$name-$mode" 4) | $(field "$name-$mode" 5) |"
    done
  done
  echo
  echo "Command lines (PORT differs per server; \`PEERLINK_TOKEN\` is a fresh 15-minute token from \`LoadBench token\`):"
  echo
  echo '```'
  echo "wrk -t$THREADS -c$CONNECTIONS --latency -d$DURATION 'http://127.0.0.1:PORT/lookup?username=bench'"
  echo "PEERLINK_TOKEN=… PEERLINK_RUN=m wrk -t$THREADS -c$CONNECTIONS --latency -d$DURATION -s bench/load/publish.lua http://127.0.0.1:PORT/publish"
  echo '```'
  echo
  echo "Lookup goals: in-memory ≥ 25 000 req/s — measured **$lookup_mem**; ≥ 70 % of bare Kestrel —"
  echo "measured **$(ratio "$lookup_mem" "$lookup_bare") %** ($lookup_bare); Redis ≥ 10 000 req/s — measured **$lookup_redis**."
  if [ -f "$root/bench/load/notes.md" ]; then echo; cat "$root/bench/load/notes.md"; fi
} >"$report"

# Replace the section between its markers (or append it) in docs/benchmarks.md.
doc=docs/benchmarks.md
begin='<!-- bench/load/run.sh:begin (generated: edit the script, not this section) -->'
end='<!-- bench/load/run.sh:end -->'
if grep -qF "$begin" "$doc"; then
  awk -v b="$begin" -v e="$end" -v f="$report" '
    $0 == b { print; while ((getline line < f) > 0) print line; skip = 1; next }
    $0 == e { skip = 0 }
    !skip { print }' "$doc" >"$out/benchmarks.md"
  cp "$out/benchmarks.md" "$doc"
else
  { echo; echo "$begin"; cat "$report"; echo "$end"; } >>"$doc"
fi
echo
cat "$report"
