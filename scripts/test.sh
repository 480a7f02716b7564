#!/usr/bin/env bash
# Runs every test of Our Society on a fresh machine: installs what the tests need, restores, builds with warnings
# as errors, publishes the node (the crash tests run it), checks formatting, runs all test projects, and ends with one
# line: "N passed, N failed[, N skipped]".
# Exit status is non-zero when anything failed. `.ci/run` calls exactly this. Needs nothing beside the repository.
#
# Problems (a missing browser, the interop peer not installing, a failed build…) count as failures. They are printed
# when found, again after the install step, and once more just above the last line, so test logs never bury them.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/.test-results"
rm -rf "$results" && mkdir -p "$results"
problems=()

step() { printf '\n== %s\n' "$*"; }
problem() { problems+=("$*"); printf 'PROBLEM: %s\n' "$*"; }
show_problems() {
    [ "${#problems[@]}" -eq 0 ] && return
    printf '\n== Problems (%d)\n' "${#problems[@]}"
    printf 'PROBLEM: %s\n' "${problems[@]}"
}
finish() {   # finish PASSED FAILED SKIPPED: the problems, then the summary as the very last line
    local failed=$(($2 + ${#problems[@]})) summary
    show_problems
    summary="$1 passed, $failed failed"
    [ "$3" -gt 0 ] && summary="$summary, $3 skipped"
    printf '\n%s\n' "$summary"
    [ "$failed" -eq 0 ]
    exit
}

# Every node a test starts logs to the one stderr of its test process, which the runner prints when a test failed, so
# the same log line can come dozens of times (with different timestamps). Show each log line once; test.log has all.
collapse_repeated_logs() {
    awk '
        {
            key = $0
            if (sub(/^[[:space:]]*(Error output:[[:space:]]*)?\[[0-9][0-9]:[0-9][0-9]:[0-9][0-9] [A-Z][A-Z][A-Z]\] /, "", key) && seen[key]++) {
                if ($0 ~ /Error output:/) print "  Error output:"
                left_out++
                next
            }
            print
            fflush()
        }
        END { if (left_out) printf "(%d repeats of log lines above left out; .test-results/test.log has them all)\n", left_out }'
}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step "Installing what the tests need"
# Page tests drive Debian's Chromium (never a downloaded browser).
if [ ! -x /usr/bin/chromium ]; then
    if command -v apt-get >/dev/null; then
        SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium; } >"$results/chromium-install.log" 2>&1 \
            || problem "could not install Debian's chromium package; the page tests need /usr/bin/chromium (see .test-results/chromium-install.log)"
    else
        problem "no apt-get: install Chromium at /usr/bin/chromium for the page tests"
    fi
fi
[ -x /usr/bin/chromium ] && echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"

# The real, independent ActivityPub server (Fedify) the interop tests federate with: tests/interop-peer, installed from
# the npm registry into tests/interop-peer/node_modules (at once when already there).
if node22="$(bash tests/interop-peer/setup.sh 2>"$results/interop-setup.log")"; then
    echo "interop peer: Fedify $(sed -n 's/^ *"version": "\(.*\)",$/\1/p' tests/interop-peer/node_modules/@fedify/fedify/package.json) on Node $("$node22" --version)"
else
    problem "the interop peer did not install: $(tail -n 1 "$results/interop-setup.log") (see .test-results/interop-setup.log)"
fi

# The HTML validator the tests run over every page (tests/OurSociety.Testing/HtmlValidator.cs): html-validate from npm,
# into tests/html-check/node_modules; after the interop peer, whose pinned Node 22 it prefers.
if html_node="$(bash tests/html-check/setup.sh 2>"$results/html-check-setup.log")"; then
    export OURSOCIETY_HTML_CHECK_NODE="$html_node"
    echo "html validator: $("$html_node" tests/html-check/node_modules/html-validate/bin/html-validate.mjs --version) on Node $("$html_node" --version)"
else
    problem "the HTML validator did not install: $(tail -n 1 "$results/html-check-setup.log") (see .test-results/html-check-setup.log)"
fi
# A node's program builds its host in seconds. Should one hang, the framework would wait five minutes for each test
# class that starts a node, longer than CI allows; a shorter wait ends the run, and the failure lists every thread's
# stack (tests/OurSociety.Testing/HangReport.cs) taken with the SDK's dotnet-stack tool from NuGet. Passing needs neither.
export DOTNET_HOST_FACTORY_RESOLVER_DEFAULT_TIMEOUT_IN_SECONDS=90
if dotnet tool install dotnet-stack --version 10.0.750501 --tool-path "$results/tools" >"$results/tools-install.log" 2>&1; then
    export OURSOCIETY_DOTNET_STACK="$results/tools/dotnet-stack"
else
    echo "note: dotnet-stack did not install (see .test-results/tools-install.log); a hang would be reported without thread stacks"
fi
show_problems

step "Restoring"
if ! dotnet restore OurSociety.sln > "$results/restore.log" 2>&1; then
    tail -n 30 "$results/restore.log"
    problem "dotnet restore failed (see .test-results/restore.log)"
fi

step "Building (warnings are errors)"
if ! dotnet build OurSociety.sln --no-restore -c Release -warnaserror > "$results/build.log" 2>&1; then
    grep -E "error|warning" "$results/build.log" | sort -u | head -n 40
    problem "the build failed (see .test-results/build.log)"
    finish 0 0 0
fi
echo "build: ok"

# The crash tests (tests/OurSociety.Web.Tests/Crash) kill and restart the node as it ships: the published program.
step "Publishing the node for the crash tests"
if dotnet publish src/OurSociety.Web/OurSociety.Web.csproj --no-restore -c Release -o "$results/app" > "$results/publish.log" 2>&1; then
    export OURSOCIETY_TEST_APP="$results/app"
    echo "publish: ok"
else
    tail -n 20 "$results/publish.log"
    problem "publishing the node failed (see .test-results/publish.log); the crash tests need it"
fi

step "Checking formatting"
if ! dotnet format OurSociety.sln --verify-no-changes --no-restore > "$results/format.log" 2>&1; then
    head -n 40 "$results/format.log"
    problem "code is not formatted: run 'dotnet format'"
fi
[ -f "$results/format.log" ] && ! grep -q . "$results/format.log" && echo "format: ok"

step "Running the tests"
dotnet test --solution OurSociety.sln --no-build -c Release --report-trx --results-directory "$results" 2>&1 \
    | tee "$results/test.log" | collapse_repeated_logs
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
finish "$passed" "$failed" "$skipped"
