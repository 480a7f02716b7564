#!/usr/bin/env bash
# Runs every test of Our Society on a fresh machine: installs what the tests need, restores, builds with warnings
# as errors, checks formatting, runs all test projects, and ends with one line: "N passed, N failed[, N skipped]".
# Exit status is non-zero when anything failed. `.ci/run` calls exactly this.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/.test-results"
rm -rf "$results" && mkdir -p "$results"
extra_failed=0

step() { printf '\n== %s\n' "$*"; }
problem() { printf 'PROBLEM: %s\n' "$*"; extra_failed=$((extra_failed + 1)); }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step "Installing what the tests need"
# Page tests drive Debian's Chromium (never a downloaded browser).
if [ ! -x /usr/bin/chromium ]; then
    if command -v apt-get >/dev/null; then
        SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        $SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null \
            || problem "could not install Debian's chromium package (page tests need /usr/bin/chromium)"
    else
        problem "no apt-get: install Chromium at /usr/bin/chromium for the page tests"
    fi
fi
[ -x /usr/bin/chromium ] && echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"

# The real, independent ActivityPub peer (Fedify) used by federation interop tests.
interop="$root/../shared/interop"
if [ -x "$interop/setup.sh" ] || [ -f "$interop/setup.sh" ]; then
    if node22="$(bash "$interop/setup.sh" "$root/.interop-peer" 2>"$results/interop-setup.log" | tail -n 1)" && [ -x "$node22" ]; then
        export OURSOCIETY_INTEROP_NODE="$node22" OURSOCIETY_INTEROP_DEPS="$root/.interop-peer" OURSOCIETY_INTEROP_PEER="$interop/peer.mjs"
        echo "interop peer: installed ($node22)"
    else
        problem "the interop peer did not install (see .test-results/interop-setup.log)"
    fi
else
    problem "../shared/interop is missing: the interop peer cannot be installed"
fi

step "Restoring"
if ! dotnet restore OurSociety.sln > "$results/restore.log" 2>&1; then
    tail -n 30 "$results/restore.log"
    problem "dotnet restore failed"
fi

step "Building (warnings are errors)"
if ! dotnet build OurSociety.sln --no-restore -c Release -warnaserror > "$results/build.log" 2>&1; then
    grep -E "error|warning" "$results/build.log" | sort -u | head -n 40
    problem "the build failed"
    echo "0 passed, $extra_failed failed"
    exit 1
fi
echo "build: ok"

step "Checking formatting"
if ! dotnet format OurSociety.sln --verify-no-changes --no-restore > "$results/format.log" 2>&1; then
    head -n 40 "$results/format.log"
    problem "code is not formatted: run 'dotnet format'"
fi
[ -f "$results/format.log" ] && ! grep -q . "$results/format.log" && echo "format: ok"

step "Running the tests"
dotnet test --solution OurSociety.sln --no-build -c Release --report-trx --results-directory "$results" 2>&1 | tee "$results/test.log"
test_status=${PIPESTATUS[0]}

# Count from the TRX reports, one per test project run.
command -v python3 >/dev/null || problem "python3 is needed to count the results (apt-get install python3)"
read -r passed failed skipped < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    if c is None:
        continue
    p += int(c.get("passed", 0))
    f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    s += int(c.get("notExecuted", 0))
print(p, f, s)
PY
)
passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
    problem "no test results were found in $results"
fi
if [ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    problem "the test run exited with status $test_status (a test project crashed or ran no tests)"
fi
failed=$((failed + extra_failed))

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo
echo "$summary"
[ "$failed" -eq 0 ]
