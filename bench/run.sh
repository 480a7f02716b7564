#!/usr/bin/env bash
# Benchmarks for a node on this machine: start-up time, page weight, request latency and memory.
# Prints figures; it checks nothing (these machines are noisy: compare runs side by side, not against a fixed number).
# Usage: bash bench/run.sh [requests] [activities] [follows]   (300 requests per page, then bench/federation.sh; loopback only)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requests="${1:-300}"
port=5077
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet publish "$root/src/OurSociety.Web/OurSociety.Web.csproj" -c Release -o "$work/app" --nologo -v quiet >/dev/null

start=$(date +%s%N)
(cd "$work" && exec dotnet app/oursociety.dll --urls "http://127.0.0.1:$port" \
    --OurSociety:PublicUrl="http://127.0.0.1:$port" --OurSociety:RateLimits:RequestsPerMinute=1000000 \
    --Serilog:MinimumLevel:Default=Warning >"$work/out.txt" 2>"$work/err.txt") &
pid=$!
for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.05
done
ready=$(( ($(date +%s%N) - start) / 1000000 ))
echo "start-up to /readyz: ${ready} ms (fresh data directory, includes migrations)"

for path in / /signin /signup /site.css; do
    bytes=$(curl -fs "http://127.0.0.1:$port$path" | wc -c)
    gz=$(curl -fs -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port$path" | gzip -c | wc -c)
    echo "weight $path: ${bytes} bytes (${gz} gzipped)"
done

for path in / /signin /readyz; do
    times="$work/times.txt"; : > "$times"
    for _ in $(seq 1 "$requests"); do
        curl -fs -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$path" >> "$times"
    done
    sort -n "$times" | awk -v p="$path" -v n="$requests" '{ a[NR] = $1 * 1000 } END {
        printf "latency %s over %d sequential requests: median %.2f ms, p95 %.2f ms, max %.2f ms\n", p, n, a[int(NR*0.5)+1], a[int(NR*0.95)], a[NR] }'
done

rss=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")
echo "memory after the run: $((rss / 1024)) MiB resident"

# Federation: signed-inbox throughput and Follow handling (bench/federation.sh; README.md explains the figures).
# Second and third arguments: activities and follows (defaults 20000 and 10000; "0" follows skips that part).
bash "$root/bench/federation.sh" "${2:-20000}" "${3:-10000}" "$work/app"
