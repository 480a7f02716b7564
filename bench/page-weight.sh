#!/usr/bin/env bash
# Page weight with a photo (issue 11): publishes the node, starts it with a fresh data directory, posts a story with a
# 2400×1600 photo-like picture (bench/PageWeight makes it) and loads / in Debian's Chromium on a 360 px wide screen at
# device pixel ratios 1 and 2. Prints the bytes transferred per ratio, each response, the picture chosen, and the
# figures with text compressed and with the whole picture (as before issue 11). It checks nothing (bench/README.md).
# Usage: bash bench/page-weight.sh [chromium]   (default /usr/bin/chromium; loopback only)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
chromium="${1:-/usr/bin/chromium}"
port=5082
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"' EXIT

[ -x "$chromium" ] || { echo "$chromium is not installed (apt-get install chromium)"; exit 1; }
dotnet publish "$root/src/OurSociety.Web/OurSociety.Web.csproj" -c Release -o "$work/app" --nologo -v quiet >/dev/null
dotnet build "$root/bench/PageWeight/PageWeight.csproj" -c Release -o "$work/pageweight" --nologo -v quiet >/dev/null

mkdir -p "$work/node"
options=(--OurSociety:PublicUrl="http://127.0.0.1:$port" --OurSociety:RateLimits:RequestsPerMinute=1000000
    --Serilog:MinimumLevel:Default=Warning --Serilog:MinimumLevel:Override:OurSociety.Content.MediaVersions=Debug)
(cd "$work/node" && echo "a-long-bench-password" | dotnet "$work/app/oursociety.dll" admin create-user pagewriter --role member --password-stdin "${options[@]}" >/dev/null 2>"$work/cli.txt") \
    || { echo "could not create the member:"; cat "$work/cli.txt"; exit 1; }
token="$(cd "$work/node" && dotnet "$work/app/oursociety.dll" admin create-token pagewriter "${options[@]}" 2>/dev/null | tail -1)"

(cd "$work/node" && exec dotnet "$work/app/oursociety.dll" --urls "http://127.0.0.1:$port" "${options[@]}" >"$work/out.txt" 2>"$work/err.txt") &
pid=$!
for _ in $(seq 1 1200); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { echo "the node did not start:"; cat "$work/out.txt" "$work/err.txt"; exit 1; }
    sleep 0.1
done

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$work/pageweight/PageWeight.dll" --node "http://127.0.0.1:$port" --token "$token" --chromium "$chromium"
# The share of the upload's time spent on the versions, as the node logged it (MediaVersions, level Debug).
grep -ho 'Made [0-9]* versions of picture [^ ]* ([0-9]* bytes) in [0-9]* ms' "$work/out.txt" "$work/err.txt" | sed 's/^/versions: /' || true
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) (after; times above stretch with it)"
echo "targets (issue 11): ≤ 60 KB at DPR 1, ≤ 120 KB at DPR 2 (before: 475 KB)"
