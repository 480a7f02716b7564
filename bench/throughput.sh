#!/usr/bin/env bash
# Anonymous page throughput: wrk against /healthz and a story page (signed out), in the same run, same concurrency.
# Prints both rates, the story's share of /healthz's rate (target: at least 40 %) and the story's p99 latency.
# It checks nothing (bench/README.md).
# Usage: bash bench/throughput.sh [seconds] [connections] [rounds] [baseline-ref]
#   seconds:      length of each wrk run (default 10)
#   connections:  wrk -c (default 32; two threads)
#   rounds:       healthz/story pairs, alternated so both see the same machine load (default 3)
#   baseline-ref: a git ref published and measured first (before and after, back to back)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/node.sh
source "$root/bench/node.sh"
seconds="${1:-10}"
connections="${2:-32}"
rounds="${3:-3}"
baseline="${4:-}"
port=5082
work="$(mktemp -d)"
node_pid=""
trap 'bench_stop; rm -rf "$work"' EXIT

if ! command -v wrk >/dev/null; then
    echo "installing wrk (Debian package)…"
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

labels=()
apps=()
if [ -n "$baseline" ]; then
    bench_publish "$work/base-app" "$baseline"
    labels+=("before: $baseline ($(git -C "$root" rev-parse --short "$baseline"))")
    apps+=("$work/base-app")
fi
bench_publish "$work/app"
labels+=("after: this tree ($(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src || echo '+changes'))")
apps+=("$work/app")

# wrk's summary: requests/s and the 99th percentile latency (in ms).
run_wrk() {
    wrk -t2 -c"$connections" -d"${seconds}s" --latency "$1" | awk '
        /Requests\/sec/ { rate = $2 }
        $1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; p99 = v }
        /Non-2xx/ { bad = $NF }
        END { printf "%.0f %.2f %s\n", rate, p99, (bad == "" ? 0 : bad) }'
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (before); wrk -t2 -c$connections, ${seconds}s per run"
for i in "${!apps[@]}"; do
    data="$work/node$i"
    bench_seed_member "${apps[$i]}" "$data" "$port"
    bench_start "${apps[$i]}" "$data" "$port"
    bench_seed_posts "$data" "$port"
    story="http://127.0.0.1:$port$story_path"
    curl -fs -o /dev/null "$story" || { echo "the story page does not answer: $story"; exit 1; }
    echo "== ${labels[$i]}: story $story_path ($(curl -fs "$story" | wc -c) bytes)"
    wrk -t2 -c"$connections" -d2s "$story" >/dev/null   # warm-up: JIT, caches
    wrk -t2 -c"$connections" -d2s "http://127.0.0.1:$port/healthz" >/dev/null
    for round in $(seq 1 "$rounds"); do
        read -r h_rate h_p99 h_bad < <(run_wrk "http://127.0.0.1:$port/healthz")
        read -r s_rate s_p99 s_bad < <(run_wrk "$story")
        awk -v r="$round" -v hr="$h_rate" -v hp="$h_p99" -v sr="$s_rate" -v sp="$s_p99" -v sb="$s_bad" -v hb="$h_bad" 'BEGIN {
            printf "round %d: /healthz %6d req/s (p99 %6.2f ms) · story %6d req/s (p99 %6.2f ms) · story/healthz %5.1f %%%s\n",
                r, hr, hp, sr, sp, 100 * sr / hr, (sb + hb > 0 ? sprintf(" · non-2xx: %d/%d", hb, sb) : "") }'
    done
    echo "node resident memory after the runs: $(bench_rss_mib "$node_pid") MiB"
    bench_stop
done
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) (after)"
