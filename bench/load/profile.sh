#!/usr/bin/env bash
# Where the CPU goes under GET /lookup load: samples the server with perf while wrk runs, and
# groups the samples by component. Run after bench/load/run.sh (it reuses its Release build).
#
# Usage: bench/load/profile.sh [bare|memory|redis]   (default memory; needs perf and python3)
# Prints CPU ms per 1000 requests by component, so two modes can be compared line by line.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-memory}
out="$PWD/.artifacts/bench-load"
[ -f "$out/server/PeerLink.Server.dll" ] || { echo "Run bench/load/run.sh first (it builds into $out)." >&2; exit 1; }
prof="$out/profile-$mode"
mkdir -p "$prof"

port=$(dotnet "$out/loadbench/LoadBench.dll" port)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# perf resolves JIT-compiled frames through /tmp/perf-<pid>.map; W^X double mapping hides them.
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
export Logging__LogLevel__Default=Warning PeerLink__RateLimits__PermitsPerWindow=1000000 PeerLink__RateLimits__Window=00:00:01
if [ "$mode" = redis ]; then
  redis_port=$(dotnet "$out/loadbench/LoadBench.dll" port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$prof" --daemonize no >/dev/null &
  pids+=("$!")
  export PeerLink__Store__Provider=Redis PeerLink__Store__Redis="127.0.0.1:$redis_port"
fi
if [ "$mode" = bare ]; then
  dotnet "$out/loadbench/LoadBench.dll" bare --urls "http://127.0.0.1:$port" >"$prof/server.log" 2>&1 &
else
  dotnet "$out/server/PeerLink.Server.dll" --urls "http://127.0.0.1:$port" >"$prof/server.log" 2>&1 &
fi
pid=$!
pids+=("$pid")
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
if [ "$mode" != bare ]; then
  token=$(dotnet "$out/loadbench/LoadBench.dll" token)
  curl -fsS -o /dev/null -X POST "http://127.0.0.1:$port/publish" -H 'Content-Type: application/json' \
    -d "{\"username\":\"bench\",\"token\":\"$token\",\"ttl\":900000}"
fi
url="http://127.0.0.1:$port/lookup?username=bench"
wrk -t2 -c64 -d10s "$url" >/dev/null                      # warm-up: let tiered JIT settle
wrk -t2 -c64 -d12s "$url" >"$prof/wrk.txt" &
wrk_pid=$!
sleep 1
perf record -F 999 -g -p "$pid" -o "$prof/perf.data" -- sleep 10 2>/dev/null
wait "$wrk_pid"
rps=$(awk '/Requests\/sec:/ { print $2 }' "$prof/wrk.txt")
perf report -i "$prof/perf.data" -n --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep '%' >"$prof/symbols.txt" || true

python3 - "$prof/symbols.txt" "$rps" "$mode" <<'PY' | tee "$prof/summary.txt"
import re, sys
path, rps, mode = sys.argv[1], float(sys.argv[2]), sys.argv[3]
groups = [
    ("kernel (TCP, scheduler)", lambda d, s: d.startswith('[kernel')),
    ("JIT compiler (background tiering)", lambda d, s: 'libclrjit' in d),
    ("runtime native (GC, stubs, libc)", lambda d, s: not d.startswith('[JIT]')),
    ("OpenTelemetry metrics", lambda d, s: '[OpenTelemetry' in s),
    ("rate limiting", lambda d, s: 'RateLimit' in s),
    ("static files", lambda d, s: 'StaticFiles' in s or 'FileProviders' in s or 'System.IO.File' in s),
    ("hosting, diagnostics, metrics (ASP.NET Core)", lambda d, s: 'AspNetCore.Hosting' in s or 'Diagnostics' in s or 'System.Diagnostics.Metrics' in s),
    ("Kestrel, sockets, pipelines", lambda d, s: 'Kestrel' in s or 'System.Net' in s or 'Pipelines' in s or 'MemoryPool' in s),
    ("routing, minimal API, DI", lambda d, s: 'Routing' in s or 'Http.Extensions' in s or 'RequestDelegate' in s or 'DependencyInjection' in s or 'AspNetCore.Http' in s),
    ("JSON", lambda d, s: 'Text.Json' in s),
    ("PeerLink (endpoint + store)", lambda d, s: 'PeerLink' in s),
    ("StackExchange.Redis", lambda d, s: 'StackExchange' in s or 'Pipelines.Sockets' in s),
    ("other managed (threads, tasks, collections)", lambda d, s: True),
]
counts = {name: 0 for name, _ in groups}
n = 0
for line in open(path):
    m = re.match(r'\s*[\d.]+%\s+(\d+)\s+(\S+(?: tid \d+)?)\s+\[.\]\s+(.*)', line)
    if not m:
        continue
    count, dso, sym = int(m.group(1)), m.group(2), m.group(3)
    n += count
    for name, test in groups:
        if test(dso, sym):
            counts[name] += count
            break
totals = {name: 100.0 * c / n for name, c in counts.items()}
# perf samples at 999 Hz per CPU: samples/999 s of CPU over 10 s, at rps requests/s.
cpu_ms_per_k = n / 999 * 1000 / (rps * 10) * 1000
print(f"{mode}: {rps:.0f} req/s while sampled, {n:.0f} samples, {cpu_ms_per_k:.1f} CPU ms per 1000 lookups")
for name, _ in groups:
    print(f"  {totals[name]:5.1f} %  {totals[name] / 100 * cpu_ms_per_k:5.1f} ms/1000  {name}")
PY
