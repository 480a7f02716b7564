#!/usr/bin/env bash
# Federation benchmark: signed-inbox throughput and Follow handling against a published node on loopback.
# Prints figures; it checks nothing (see bench/README.md for how to read them).
# Usage: bash bench/federation.sh [activities] [follows] [app-dir]
#   activities: pre-signed Create(Note)s replayed at the shared inbox (default 20000)
#   follows:    signed Follows of the hub from distinct actors on 127.0.0.2… (default 10000; 0 skips)
#   app-dir:    an already published node (run.sh passes its own); published here when absent
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
activities="${1:-20000}"
follows="${2:-10000}"
app="${3:-}"
port=5078
remote_port=5079
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"' EXIT

if [ -z "$app" ]; then
    app="$work/app"
    dotnet publish "$root/src/OurSociety.Web/OurSociety.Web.csproj" -c Release -o "$app" --nologo -v quiet >/dev/null
fi
dotnet build "$root/bench/FedBench/FedBench.csproj" -c Release -o "$work/fedbench" --nologo -v quiet >/dev/null

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (before)"
# The machine's own RSA-2048 cost, measured now: a signature check is the floor of an inbox POST.
openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048/ || /^rsa2048/ { sign = $(NF-1); verify = $NF }
    END { printf "openssl: RSA-2048 %s sign/s = %.0f µs each, %s verify/s = %.1f µs each (one core)\n", sign, 1e6 / sign, verify, 1e6 / verify }'

mkdir -p "$work/node"
(cd "$work/node" && exec dotnet "$app/oursociety.dll" --urls "http://127.0.0.1:$port" \
    --OurSociety:PublicUrl="http://127.0.0.1:$port" \
    --OurSociety:RateLimits:RequestsPerMinute=1000000 --OurSociety:RateLimits:InboxPerMinute=1000000 \
    --OurSociety:Federation:AllowPrivateAddresses=true \
    --Serilog:MinimumLevel:Default=Warning >"$work/out.txt" 2>"$work/err.txt") &
pid=$!
for _ in $(seq 1 1200); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { echo "the node did not start:"; cat "$work/out.txt" "$work/err.txt"; exit 1; }
    sleep 0.1
done

mkdir -p "${XDG_CACHE_HOME:-$HOME/.cache}"
db="$(find "$work/node" -name oursociety.db | head -1)"
dotnet "$work/fedbench/FedBench.dll" --node "http://127.0.0.1:$port" --pid "$pid" --db "$db" \
    --activities "$activities" --follows "$follows" --remote-port "$remote_port" --concurrency 64 \
    --keys "${XDG_CACHE_HOME:-$HOME/.cache}/oursociety-fedbench-keys.pem"
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) (after); node resident memory $(( $(awk '/VmRSS/ { print $2 }' "/proc/$pid/status") / 1024 )) MiB"
# Anything the node logged at Warning or above during the run (the PublicUrl hint at start-up is expected).
if grep -v 'PublicUrl is http' "$work/err.txt" | grep -q .; then
    echo "node log (first lines):"; grep -v 'PublicUrl is http' "$work/err.txt" | head -20
fi
