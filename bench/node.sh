# Shared by bench/throughput.sh, bench/startup.sh and bench/lighthouse.sh (sourced, not run): publish a node, start
# it on a loopback port with a fresh data directory, seed it through the CLI and the API, stop it.
# Each function prints nothing unless something fails; the callers print the figures.

# bench_publish DIR [REF] — publish this tree (or REF from git archive) into DIR. Extra msbuild arguments may follow.
bench_publish() {
    local out="$1" ref="${2:-}" src="$root"
    shift 2 || shift $#
    if [ -n "$ref" ]; then
        src="$out.src"
        mkdir -p "$src"
        git -C "$root" archive "$ref" | tar -x -C "$src"
    fi
    dotnet publish "$src/src/OurSociety.Web/OurSociety.Web.csproj" -c Release -o "$out" --nologo -v quiet "$@" >/dev/null
}

# bench_options PORT — the node's settings for a benchmark: loopback address, no rate limits, quiet logs.
bench_options() {
    echo --urls "http://127.0.0.1:$1" --OurSociety:PublicUrl="http://127.0.0.1:$1" \
        --OurSociety:RateLimits:RequestsPerMinute=1000000 --OurSociety:RateLimits:SignInPerMinute=10000 \
        --Serilog:MinimumLevel:Default=Warning
}

# bench_start APP DATA PORT — start the node in DATA (created if missing) and wait for /readyz. Sets node_pid and
# ready_ms (from the launch to the first 200) and ready_cpu_ms (processor time the node used until then: steadier
# than ready_ms on a machine shared with other work). Environment variables set by the caller (DOTNET_*) reach the node.
bench_start() {
    local app="$1" data="$2" port="$3" start
    mkdir -p "$data"
    start=$(date +%s%N)
    # shellcheck disable=SC2046
    (cd "$data" && exec dotnet "$app/oursociety.dll" $(bench_options "$port") >"$data/out.txt" 2>"$data/err.txt") &
    node_pid=$!
    for _ in $(seq 1 3000); do
        if curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; then
            ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
            ready_cpu_ms=$(bench_cpu_ms "$node_pid")
            return 0
        fi
        kill -0 "$node_pid" 2>/dev/null || { echo "the node did not start:"; cat "$data/out.txt" "$data/err.txt"; return 1; }
        sleep 0.01
    done
    echo "the node was not ready after 30 s"; return 1
}

bench_stop() {
    [ -n "${node_pid:-}" ] && { kill "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true; }
    node_pid=""
}

# bench_cpu_ms PID — user + system processor time of a process so far, in ms (clock ticks of /proc/PID/stat).
bench_cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }

# bench_rss_mib PID — resident memory of a process, in MiB.
bench_rss_mib() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# bench_photo FILE — a photo-like 2400×1600 PNG (smooth colour fields with grain), made here without image tools.
bench_photo() {
    python3 - "$1" <<'PY'
import math, random, struct, sys, zlib
w, h = 2400, 1600
random.seed(7)
rows = []
for y in range(h):
    row = bytearray(b"\x00")
    for x in range(w):
        r = 120 + 90 * math.sin(x / 210) * math.cos(y / 330) + random.randint(-12, 12)
        g = 140 + 70 * math.sin((x + y) / 400) + random.randint(-12, 12)
        b = 110 + 80 * math.cos(y / 150) + random.randint(-12, 12)
        row += bytes(max(0, min(255, int(v))) for v in (r, g, b))
    rows.append(bytes(row))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
}

# bench_seed APP DATA PORT — before the node starts: a member "amina" with an API token (in $DATA/token).
bench_seed_member() {
    local app="$1" data="$2" port="$3"
    mkdir -p "$data"
    # shellcheck disable=SC2046
    (cd "$data" && echo "a-long-bench-password-amina" | dotnet "$app/oursociety.dll" admin create-user amina --role member --password-stdin $(bench_options "$port") >/dev/null 2>"$data/cli.txt") \
        || { echo "could not create amina:"; cat "$data/cli.txt"; return 1; }
    # shellcheck disable=SC2046
    (cd "$data" && dotnet "$app/oursociety.dll" admin create-token amina $(bench_options "$port") 2>/dev/null | tail -1) >"$data/token"
}

# bench_seed_posts DATA PORT [PHOTO] — with the node running: a story (with the photo, if given), a lesson, a reply.
# Sets story_path, lesson_path and topic.
bench_seed_posts() {
    local data="$1" port="$2" photo="${3:-}" api="http://127.0.0.1:$2/api/oursociety/v1" token images="" media
    token="$(cat "$data/token")"
    if [ -n "$photo" ]; then
        media="$(curl -fs -H "Authorization: Bearer $token" -F "file=@$photo;type=image/png" "$api/media/" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
        images=", \"images\": [{\"mediaId\": \"$media\", \"alt\": \"Volunteers sorting seed packets at a long table\"}]"
    fi
    topic="seeds"
    story_path="$(curl -fs -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$api/stories" -d "{
        \"title\": \"Our seed swap at the library\",
        \"summary\": \"Forty neighbours swapped seeds and stories on a wet Saturday.\",
        \"body\": \"We set up three tables in the library's back room and asked everyone to bring a packet or two.\\n\\nBy noon, forty people had come; most stayed to talk about what grows well on our streets. **Next time** we will ask the school to join.\",
        \"topics\": [\"$topic\", \"gardening\"], \"locality\": \"Leeds\", \"visibility\": \"public\"$images }" \
        | python3 -c 'import json,sys,urllib.parse; print(urllib.parse.urlparse(json.load(sys.stdin)["url"]).path)')"
    lesson_path="$(curl -fs -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$api/lessons" -d "{
        \"title\": \"Start a seed swap with what you have\",
        \"situation\": \"A small library room and no budget.\", \"tried\": \"Three tables and a sign on the door.\",
        \"happened\": \"Forty people came, most stayed to talk.\", \"learned\": \"People come for the talk as much as the seeds.\",
        \"advice\": \"Ask a school to join: children bring their parents.\", \"topics\": [\"$topic\"], \"visibility\": \"public\" }" \
        | python3 -c 'import json,sys,urllib.parse; print(urllib.parse.urlparse(json.load(sys.stdin)["url"]).path)')"
    local story_id="${story_path##*/}"
    curl -fs -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$api/stories/$story_id/replies" \
        -d '{"body": "We did the same in Hull: the talk was the best part."}' || true
}
