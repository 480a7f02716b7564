#!/usr/bin/env bash
# Fan-out benchmark: F followers of a member on H fake servers (127.0.1.1, 127.0.1.2, …), one public post through the
# API, then how fast and how correctly the node delivers it. Prints figures; it checks nothing (bench/README.md).
# Usage: bash bench/fanout.sh [followers] [hosts] [baseline-ref]
#   followers:    followers per scenario (default 10000)
#   hosts:        fake servers they are spread over (default 500)
#   baseline-ref: a git ref (e.g. HEAD~3 or main) to publish and run first, so before and after are measured
#                 back to back on the same machine (compare the ratios, not the absolute figures)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
followers="${1:-10000}"
hosts="${2:-500}"
baseline="${3:-}"
port=5080
remote_port=5081
work="$(mktemp -d)"
pid=""
stop_node() { [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; pid=""; }
trap 'stop_node; rm -rf "$work"' EXIT

# Linux answers on all of 127/8 for lo, but say so early if this machine does not.
if ! ip -4 addr show lo 2>/dev/null | grep -q '127.0.0.1/8'; then
    echo "note: lo does not carry 127.0.0.1/8 here; the fake servers need 127.0.1.x to be local"
fi

dotnet build "$root/bench/FanOut/FanOut.csproj" -c Release -o "$work/fanout" --nologo -v quiet >/dev/null
labels=()
apps=()
if [ -n "$baseline" ]; then
    mkdir -p "$work/base-src"
    git -C "$root" archive "$baseline" | tar -x -C "$work/base-src"
    dotnet publish "$work/base-src/src/OurSociety.Web/OurSociety.Web.csproj" -c Release -o "$work/base-app" --nologo -v quiet >/dev/null
    labels+=("before: $baseline ($(git -C "$root" rev-parse --short "$baseline"))")
    apps+=("$work/base-app")
fi
dotnet publish "$root/src/OurSociety.Web/OurSociety.Web.csproj" -c Release -o "$work/app" --nologo -v quiet >/dev/null
labels+=("after: this tree ($(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src || echo '+changes'))")
apps+=("$work/app")

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (before)"
openssl speed -seconds 2 rsa2048 2>/dev/null | awk '/^rsa 2048/ || /^rsa2048/ { sign = $(NF-1) }
    END { printf "openssl: RSA-2048 %s sign/s = %.0f µs each (one core): 10 000 signatures need %.1f s of one core\n", sign, 1e6 / sign, 10000 / sign }'
mkdir -p "${XDG_CACHE_HOME:-$HOME/.cache}"

for i in "${!apps[@]}"; do
    app="${apps[$i]}"
    node="$work/node$i"
    mkdir -p "$node"
    options=(--OurSociety:PublicUrl="http://127.0.0.1:$port"
        --OurSociety:RateLimits:RequestsPerMinute=1000000 --OurSociety:RateLimits:InboxPerMinute=1000000
        --OurSociety:Federation:AllowPrivateAddresses=true --Serilog:MinimumLevel:Default=Warning)
    echo "== ${labels[$i]}"
    # Two members, one per scenario, each with an API token (the CLI works on the same data directory).
    for member in fanshared fanpersonal; do
        (cd "$node" && echo "a-long-bench-password-$member" | dotnet "$app/oursociety.dll" admin create-user "$member" --role member --password-stdin "${options[@]}" >/dev/null 2>"$work/cli.txt") \
            || { echo "could not create $member:"; cat "$work/cli.txt"; exit 1; }
    done
    shared_token="$(cd "$node" && dotnet "$app/oursociety.dll" admin create-token fanshared "${options[@]}" 2>/dev/null | tail -1)"
    personal_token="$(cd "$node" && dotnet "$app/oursociety.dll" admin create-token fanpersonal "${options[@]}" 2>/dev/null | tail -1)"

    (cd "$node" && exec dotnet "$app/oursociety.dll" --urls "http://127.0.0.1:$port" "${options[@]}" >"$work/out$i.txt" 2>"$work/err$i.txt") &
    pid=$!
    for _ in $(seq 1 1200); do
        curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
        kill -0 "$pid" 2>/dev/null || { echo "the node did not start:"; cat "$work/out$i.txt" "$work/err$i.txt"; exit 1; }
        sleep 0.1
    done
    db="$(find "$node" -name oursociety.db | head -1)"
    dotnet "$work/fanout/FanOut.dll" --node "http://127.0.0.1:$port" --pid "$pid" --db "$db" \
        --followers "$followers" --hosts "$hosts" --port "$remote_port" --label "${labels[$i]%%:*}" \
        --shared-member fanshared --shared-token "$shared_token" --personal-member fanpersonal --personal-token "$personal_token" \
        --keys "${XDG_CACHE_HOME:-$HOME/.cache}/oursociety-fanout-key.pem"
    if grep -v 'PublicUrl is http' "$work/err$i.txt" | grep -q .; then
        echo "node log (first lines):"; grep -v 'PublicUrl is http' "$work/err$i.txt" | head -10
    fi
    stop_node
done
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) (after)"
