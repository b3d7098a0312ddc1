#!/usr/bin/env bash
# Load benchmark of the rendezvous (issue 5): GET /lookup and POST /publish throughput and p99
# latency with wrk, for
#   bare    — Kestrel + routing with fixed answers (bench/load/LoadBench), the ceiling;
#   memory  — the rendezvous on its embedded in-memory store;
#   redis   — the rendezvous on a redis-server this script starts.
# Everything on loopback; the per-client rate limit is raised for the run (all requests come from
# 127.0.0.1). The machine may be shared, so the three servers run side by side and are measured in
# interleaved rounds (bare, memory, redis, bare, …), and each server's CPU time per request is read
# from /proc — a figure other processes' load does not distort the way it distorts req/s.
# Writes the "## Rendezvous load" section of docs/benchmarks.md.
#
# Usage: bench/load/run.sh     (DURATION=10s ROUNDS=2 CONNECTIONS=64 THREADS=2 WARMUP=5s)
# It saturates the machine: run it alone.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
out="$root/.artifacts/bench-load"
report="$out/section.md"
modes=(bare memory redis)

for bin in wrk redis-server dotnet curl; do
  command -v "$bin" >/dev/null || { echo "Missing: $bin (Debian: sudo apt-get install $bin)." >&2; exit 1; }
done

pids=()
redis_dir=
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  [ -n "$redis_dir" ] && rm -rf "$redis_dir"
}
trap cleanup EXIT

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== Building (Release)"
rm -rf "$out" && mkdir -p "$out"
# OutDir keeps the build away from bin/Release, where other suites may be running the server from.
dotnet build src/PeerLink.Server -c Release -p:OutDir="$out/server/" -p:PeerLinkSkipWebBuild=true --nologo -v quiet >/dev/null
dotnet build bench/load/LoadBench -c Release -p:OutDir="$out/loadbench/" --nologo -v quiet >/dev/null
loadbench() { dotnet "$out/loadbench/LoadBench.dll" "$@"; }

wait_healthy() { # url pid
  for _ in $(seq 1 100); do
    curl -fsS "$1/health" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "server exited" >&2; return 1; }
    sleep 0.1
  done
  echo "server at $1 did not become healthy" >&2; return 1
}

# CPU time (user + system) of a process, in clock ticks.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# Server settings for every rendezvous run: no request logging, rate limit out of the way.
export Logging__LogLevel__Default=Warning
export PeerLink__RateLimits__PermitsPerWindow=1000000
export PeerLink__RateLimits__Window=00:00:01

redis_port=$(loadbench port)
redis_dir=$(mktemp -d)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$redis_dir" --logfile "$out/redis-server.log" --daemonize no &
redis_pid=$!
pids+=("$redis_pid")

declare -A port pid
for mode in "${modes[@]}"; do
  port[$mode]=$(loadbench port)
  case $mode in
    bare) dotnet "$out/loadbench/LoadBench.dll" bare --urls "http://127.0.0.1:${port[$mode]}" >"$out/$mode.log" 2>&1 & ;;
    memory) PeerLink__Store__Provider=InMemory dotnet "$out/server/PeerLink.Server.dll" --urls "http://127.0.0.1:${port[$mode]}" >"$out/$mode.log" 2>&1 & ;;
    redis) PeerLink__Store__Provider=Redis PeerLink__Store__Redis="127.0.0.1:$redis_port" \
             dotnet "$out/server/PeerLink.Server.dll" --urls "http://127.0.0.1:${port[$mode]}" >"$out/$mode.log" 2>&1 & ;;
  esac
  pid[$mode]=$!
  pids+=("${pid[$mode]}")
done

export PEERLINK_TOKEN
PEERLINK_TOKEN=$(loadbench token)
for mode in "${modes[@]}"; do
  base="http://127.0.0.1:${port[$mode]}"
  wait_healthy "$base" "${pid[$mode]}"
  echo "== $mode on $base"
  if [ "$mode" != bare ]; then
    curl -fsS -o /dev/null -X POST "$base/publish" -H 'Content-Type: application/json' \
      -d "{\"username\":\"bench\",\"token\":\"$PEERLINK_TOKEN\",\"ttl\":900000}"
    curl -fsS -o /dev/null "$base/lookup?username=bench"
  fi
done

url() { # endpoint mode
  if [ "$1" = lookup ]; then echo "http://127.0.0.1:${port[$2]}/lookup?username=bench"; else echo "http://127.0.0.1:${port[$2]}/publish"; fi
}
wrk_args() { # endpoint
  echo "-t$THREADS -c$CONNECTIONS --latency"
  [ "$1" = publish ] && echo "-s bench/load/publish.lua"
  return 0
}

# wrk output -> "req/s|p50|p99|non2xx|requests"
parse() {
  awk '
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx or 3xx responses:/ { non = $5 }
    /requests in/ { total = $1 }
    END { printf "%s|%s|%s|%s|%s\n", rps, p50, p99, (non == "" ? 0 : non), total }' "$1"
}

declare -A results best
for endpoint in lookup publish; do
  for mode in "${modes[@]}"; do
    # shellcheck disable=SC2046
    PEERLINK_RUN="w$mode" wrk $(wrk_args "$endpoint") -d"$WARMUP" "$(url "$endpoint" "$mode")" >/dev/null
  done
  for round in $(seq 1 "$ROUNDS"); do
    for mode in "${modes[@]}"; do
      file="$out/$endpoint-$mode-$round.txt"
      t0=$(ticks "${pid[$mode]}"); r0=$(ticks "$redis_pid")
      # shellcheck disable=SC2046
      PEERLINK_RUN="m$mode$round" wrk $(wrk_args "$endpoint") -d"$DURATION" "$(url "$endpoint" "$mode")" >"$file"
      t1=$(ticks "${pid[$mode]}"); r1=$(ticks "$redis_pid")
      line=$(parse "$file")
      requests=$(echo "$line" | cut -d'|' -f5)
      cpu=$(awk -v d=$((t1 - t0)) -v n="$requests" -v hz="$hz" 'BEGIN { printf "%.1f", d / hz / n * 1e6 }')
      rcpu=$(awk -v d=$((r1 - r0)) -v n="$requests" -v hz="$hz" 'BEGIN { printf "%.1f", d / hz / n * 1e6 }')
      [ "$mode" = redis ] || rcpu=-
      results[$endpoint-$mode-$round]="$line|$cpu|$rcpu"
      echo "   $endpoint/$mode round $round: $line | server CPU ${cpu} µs/req | redis-server ${rcpu} µs/req"
      rps=$(echo "$line" | cut -d'|' -f1)
      prev=${best[$endpoint-$mode]:-0}
      if awk -v a="$rps" -v b="$prev" 'BEGIN { exit !(a > b) }'; then best[$endpoint-$mode]=$rps; fi
    done
  done
done

# --- Report --------------------------------------------------------------------------------------
field() { echo "${results[$1]}" | cut -d'|' -f"$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", 100 * a / b }'; }
commit=$(git rev-parse --short HEAD)
cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
label() { case $1 in bare) echo "bare Kestrel (ceiling)";; memory) echo "rendezvous, in-memory store";; redis) echo "rendezvous, Redis store";; esac; }

{
  echo "## Rendezvous load"
  echo
  echo "Command: \`bench/load/run.sh\` (commit $commit, $(date -u '+%Y-%m-%d %H:%M') UTC; $(nproc) cores, $cpu_model;"
  echo "wrk $(wrk --version 2>&1 | head -1 | awk '{print $2}'), redis-server $(redis-server --version | awk '{print $3}' | tr -d 'v='), .NET SDK $(dotnet --version)). Release build, loopback; the"
  echo "three servers and wrk share the machine's cores, and **the machine was shared with other work**"
  echo "(load average $load_before before the run, $load_after after), so req/s moves with what else"
  echo "ran; the servers were measured in interleaved rounds, $DURATION each after a $WARMUP warm-up. \"CPU\" is the"
  echo "server process's user+system time per request (from \`/proc/<pid>/stat\`), which that noise"
  echo "distorts far less. Rate limit raised for the run (\`PeerLink__RateLimits__PermitsPerWindow=1000000\`,"
  echo "\`PeerLink__RateLimits__Window=00:00:01\`), logging at Warning. Publish: every request a fresh handle"
  echo "(a 201 claim) carrying one valid token."
  echo
  echo "| endpoint | server | round | req/s | p50 | p99 | non-2xx | requests | server CPU µs/req | redis-server CPU µs/req |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for endpoint in lookup publish; do
    for mode in "${modes[@]}"; do
      for round in $(seq 1 "$ROUNDS"); do
        k=$endpoint-$mode-$round
        echo "| \`$endpoint\` | $(label "$mode") | $round | **$(field "$k" 1)** | $(field "$k" 2) | $(field "$k" 3) | $(field "$k" 4) | $(field "$k" 5) | $(field "$k" 6) | $(field "$k" 7) |"
      done
    done
  done
  echo
  echo "Command lines (PORT differs per server; \`PEERLINK_TOKEN\` is a fresh 15-minute token from"
  echo "\`dotnet LoadBench.dll token\`):"
  echo
  echo '```'
  echo "wrk -t$THREADS -c$CONNECTIONS --latency -d$DURATION 'http://127.0.0.1:PORT/lookup?username=bench'"
  echo "PEERLINK_TOKEN=… PEERLINK_RUN=m1 wrk -t$THREADS -c$CONNECTIONS --latency -d$DURATION -s bench/load/publish.lua http://127.0.0.1:PORT/publish"
  echo '```'
  echo
  lm=${best[lookup-memory]}; lb=${best[lookup-bare]}; lr=${best[lookup-redis]}
  echo "Lookup goals (best round of each): in-memory ≥ 25 000 req/s — **$lm**; ≥ 70 % of bare"
  echo "Kestrel — **$(ratio "$lm" "$lb") %** of $lb; Redis ≥ 10 000 req/s — **$lr**."
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
