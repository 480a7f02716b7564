# Sourced by tests/*/setup.sh: installs a folder's npm packages exactly as its package-lock.json pins them, once.
#   npm_ci_once DIR CHECK NAME
# Returns at once when CHECK (a command) succeeds. Otherwise takes DIR/.install.lock (two test runs may start at once:
# one installs, the other waits for it), runs `npm ci` in DIR unless the other run just did, and stamps
# DIR/node_modules/.oursociety-installed with pinned_stamp DIR, which CHECK compares to decide "already installed".
# npm may run on an older Node than the packages want: --engine-strict=false (setup.sh says which Node runs them).

pinned_stamp() { cat "$1/package.json" "$1/package-lock.json" | sha256sum | cut -d ' ' -f 1; }

npm_ci_once() {
    local here="$1" check="$2" name="$3" out code
    "$check" && return 0
    command -v npm >/dev/null || { echo "setup.sh: npm is needed to install $name (apt-get install npm)" >&2; return 1; }
    exec 9>"$here/.install.lock"
    command -v flock >/dev/null && flock 9
    "$check" && return 0
    if ! out="$(cd "$here" && npm ci --no-audit --no-fund --loglevel=error --engine-strict=false 2>&1)"; then
        printf '%s\n' "$out" >&2
        code="$(printf '%s\n' "$out" | sed -n 's/^npm error code //p' | head -n 1)"
        echo "setup.sh: npm ci failed${code:+ ($code)}: is the npm registry reachable?" >&2
        return 1
    fi
    [ -n "$out" ] && printf '%s\n' "$out" >&2
    pinned_stamp "$here" > "$here/node_modules/.oursociety-installed"
}
