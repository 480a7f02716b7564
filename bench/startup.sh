#!/usr/bin/env bash
# Time to ready and idle memory: for each runtime setting below, starts the published node several times (each with
# a fresh data directory) and prints min/median/max of
#   ready:  milliseconds from launching the process to the first 200 from /readyz (includes creating the database)
#   cpu:    processor time the node used until then (user + system, ms): steadier than ready on a shared machine
#   idle:   resident memory 3 s after ready, nothing asked
#   pages:  resident memory 3 s after 60 page loads (home, a story, /local, /signin, /@hub: 12 each)
# Targets from issue 11: ready < 1 s, idle < 80 MB. It checks nothing (bench/README.md).
# Usage: bash bench/startup.sh [runs] [settings…]
#   runs:      starts per setting (default 5)
#   settings:  names from the list below (default: all of them)
# The shipped setting is "shipped" (what the csproj sets); the others override it with DOTNET_* variables, except
# "r2r-*", which publish again with ReadyToRun.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/node.sh
source "$root/bench/node.sh"
runs="${1:-5}"
shift || true
port=5083
work="$(mktemp -d)"
node_pid=""
trap 'bench_stop; rm -rf "$work"' EXIT

# name | environment | which publish
settings_all=(
    "shipped||app"
    "server-gc|DOTNET_gcServer=1 DOTNET_GCHeapAffinitizeMask=0|app"
    "server-gc-dynamic|DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=1|app"
    "workstation|DOTNET_gcServer=0 DOTNET_gcConcurrent=1|app"
    "workstation-nonconcurrent|DOTNET_gcServer=0 DOTNET_gcConcurrent=0|app"
    "workstation-conserve|DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_GCConserveMemory=5|app"
    "no-tieredpgo|DOTNET_TieredPGO=0|app"
    "no-tiered-compilation|DOTNET_TieredCompilation=0|app"
    "r2r|DOTNET_gcServer=0 DOTNET_gcConcurrent=0|r2r"
    "r2r-no-tieredpgo|DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_TieredPGO=0|r2r"
    "small-gen0|DOTNET_GCgen0size=0x400000|app"
    "r2r-small-gen0-no-tieredpgo|DOTNET_GCgen0size=0x400000 DOTNET_TieredPGO=0|r2r"
)
if [ $# -gt 0 ]; then
    settings=()
    for wanted in "$@"; do
        for s in "${settings_all[@]}"; do [ "${s%%|*}" = "$wanted" ] && settings+=("$s"); done
    done
else
    settings=("${settings_all[@]}")
fi

bench_publish "$work/app"
if printf '%s\n' "${settings[@]}" | grep -q '|r2r$'; then
    bench_publish "$work/r2r" "" -r linux-x64 --self-contained false -p:PublishReadyToRun=true
fi
echo "runtime config as shipped: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["runtimeOptions"].get("configProperties", {}))' "$work/app/oursociety.runtimeconfig.json")"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (before); $runs starts per setting"

# Weight of the published node's answers (the stylesheet is inside each page; the icon is fingerprinted, Brotli).
data="$work/weights"
bench_start "$work/app" "$data" "$port"
icon="$(curl -fs "http://127.0.0.1:$port/" | grep -o '/favicon\.[a-z0-9]*\.svg' | head -1 || true)"
for path in / /signin $icon; do
    plain=$(curl -fs "http://127.0.0.1:$port$path" | wc -c)
    br=$(curl -fs -H 'Accept-Encoding: br' "http://127.0.0.1:$port$path" | wc -c)
    headers="$(curl -fs -o /dev/null -D - -H 'Accept-Encoding: br' "http://127.0.0.1:$port$path" | tr -d '\r')"
    echo "weight $path: $plain bytes, $br with Brotli ($(echo "$headers" | awk -F': ' 'tolower($1) == "content-encoding" { print $2 }'); cache-control: $(echo "$headers" | awk -F': ' 'tolower($1) == "cache-control" { print $2 }'))"
done
bench_stop

stats() { sort -n | awk '{ a[NR] = $1 } END { printf "min %5d  median %5d  max %5d", a[1], a[int((NR + 1) / 2)], a[NR] }'; }

for setting in "${settings[@]}"; do
    name="${setting%%|*}"; rest="${setting#*|}"; env_vars="${rest%|*}"; app="$work/${rest##*|}"
    : >"$work/ready"; : >"$work/cpu"; : >"$work/idle"; : >"$work/pages"
    for run in $(seq 1 "$runs"); do
        data="$work/$name-$run"
        # shellcheck disable=SC2086
        export_list=($env_vars)
        for v in "${export_list[@]}"; do export "${v?}"; done
        bench_start "$app" "$data" "$port"
        for v in "${export_list[@]}"; do unset "${v%%=*}"; done
        echo "$ready_ms" >>"$work/ready"
        echo "$ready_cpu_ms" >>"$work/cpu"
        sleep 3
        bench_rss_mib "$node_pid" >>"$work/idle"; echo >>"$work/idle"
        for _ in $(seq 1 12); do
            for path in / /local /signin /@hub /stories/00000000-0000-0000-0000-000000000000; do
                curl -s -o /dev/null "http://127.0.0.1:$port$path"
            done
        done
        sleep 3
        bench_rss_mib "$node_pid" >>"$work/pages"; echo >>"$work/pages"
        bench_stop
    done
    printf "%-26s ready ms: %s · cpu ms: %s · idle MiB: %s · after pages MiB: %s\n" "$name" \
        "$(stats <"$work/ready")" "$(stats <"$work/cpu")" "$(grep . "$work/idle" | stats)" "$(grep . "$work/pages" | stats)"
done
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) (after)"
