#!/usr/bin/env bash
# Lighthouse 12 on every public page of a seeded node, twice: simulated slow 3G (400 ms RTT, 400 kbit/s, 4× CPU)
# and Lighthouse's default mobile settings; simulated throttling, plain http on loopback. Prints per page First
# Contentful Paint, Cumulative Layout Shift and the accessibility, best-practices and SEO scores, and the id of every
# audit below full marks in those three. Targets from issue 11: FCP ≤ 1.8 s on slow 3G and < 1.0 s on default
# mobile, CLS 0, scores 100. It checks nothing (bench/README.md).
# Usage: bash bench/lighthouse.sh [profile…]   (profiles: slow3g, mobile; default both)
# Needs Debian's Chromium (CHROME_PATH, default /usr/bin/chromium); installs lighthouse@12 into bench/.tools.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/node.sh
source "$root/bench/node.sh"
profiles=("$@")
[ ${#profiles[@]} -gt 0 ] || profiles=(slow3g mobile)
port=5084
work="$(mktemp -d)"
node_pid=""
trap 'bench_stop; rm -rf "$work"' EXIT
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
[ -x "$CHROME_PATH" ] || { echo "no Chromium at $CHROME_PATH (apt-get install chromium)"; exit 1; }
tools="$root/bench/.tools"
if [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
    echo "installing lighthouse@12 into bench/.tools…"
    mkdir -p "$tools" && npm install --silent --no-audit --no-fund --prefix "$tools" lighthouse@12 >/dev/null
fi
lighthouse="$tools/node_modules/.bin/lighthouse"

bench_publish "$work/app"
data="$work/node"
bench_seed_member "$work/app" "$data" "$port"
bench_start "$work/app" "$data" "$port"
bench_photo "$work/photo.png"
bench_seed_posts "$data" "$port" "$work/photo.png"
base="http://127.0.0.1:$port"
pages=(/ /about /@hub /@amina "$story_path" "$lesson_path" /local /network "/tags/$topic" "/search?q=seed" /signin /signup)
echo "lighthouse $("$lighthouse" --version), $("$CHROME_PATH" --version 2>/dev/null | head -1)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (before)"

for profile in "${profiles[@]}"; do
    case "$profile" in
        slow3g) flags=(--throttling-method=simulate --throttling.rttMs=400 --throttling.throughputKbps=400 --throttling.cpuSlowdownMultiplier=4) ;;
        mobile) flags=(--throttling-method=simulate) ;;
        *) echo "unknown profile $profile"; exit 1 ;;
    esac
    echo "== $profile"
    printf "%-52s %7s %6s %5s %5s %5s  %s\n" page "FCP s" CLS a11y bp seo "below full marks"
    for page in "${pages[@]}"; do
        out="$work/$profile-$(echo "$page" | tr -c 'a-zA-Z0-9' '_').json"
        if ! "$lighthouse" "$base$page" "${flags[@]}" --only-categories=performance,accessibility,best-practices,seo \
            --output=json --output-path="$out" --quiet --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>"$work/lh.err"; then
            echo "$page: lighthouse failed: $(tail -2 "$work/lh.err")"; continue
        fi
        python3 - "$out" "$page" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
a, c = r["audits"], r["categories"]
score = lambda k: "-" if c.get(k, {}).get("score") is None else f'{c[k]["score"] * 100:.0f}'
low = sorted({ref["id"] for k in ("accessibility", "best-practices", "seo") for ref in c.get(k, {}).get("auditRefs", [])
              if ref.get("weight", 0) > 0 and a[ref["id"]].get("score") is not None and a[ref["id"]]["score"] < 1})
status = "" if r.get("runtimeError") is None else f' ERROR {r["runtimeError"]["code"]}'
print(f'{sys.argv[2][:52]:<52} {a["first-contentful-paint"]["numericValue"] / 1000:7.2f} {a["cumulative-layout-shift"]["numericValue"]:6.3f} '
      f'{score("accessibility"):>5} {score("best-practices"):>5} {score("seo"):>5}  {" ".join(low)}{status}')
PY
    done
done
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) (after)"
