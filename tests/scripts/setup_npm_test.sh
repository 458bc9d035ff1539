#!/usr/bin/env bash
# scripts/setup's npm step on a copy of the repository's scripts/ and tests/browser/, with an npm on PATH that only
# records its calls: npm ci runs when node_modules is missing or older than the lock file, and not otherwise.
# The Debian packages must already be installed (scripts/test runs scripts/setup before the tests).
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
mkdir -p "$copy/tests/browser" "$copy/bin"
cp -r "$source_dir/scripts" "$copy/"
cp "$source_dir/tests/browser/package.json" "$source_dir/tests/browser/package-lock.json" "$copy/tests/browser/"
# What a real npm ci leaves behind that setup looks at: node_modules/.package-lock.json, written last.
cat >"$copy/bin/npm" <<EOF
#!/bin/sh
echo "\$PWD: npm \$*" >>"$copy/npm.log"
[ "\$1" = ci ] && mkdir -p node_modules && touch node_modules/.package-lock.json
exit 0
EOF
chmod +x "$copy/bin/npm"

fail() {
    printf '%s\nsetup printed:\n%s\nnpm calls:\n%s\n' "$1" "$output" "$(cat "$copy/npm.log" 2>/dev/null)" >&2
    exit 1
}
run_setup() { # run_setup EXPECTED_NPM_CALLS
    rm -f "$copy/npm.log"
    output=$(PATH="$copy/bin:$PATH" "$copy/scripts/setup" 2>&1) || fail "setup failed"
    local calls
    calls=$(cat "$copy/npm.log" 2>/dev/null || true)
    [ "$calls" = "$1" ] || fail "npm calls: expected '$1'"
}

ci="$copy/tests/browser: npm ci --no-audit --no-fund"
run_setup "$ci" # no node_modules
[ "$output" = "setup: installing the browser test's npm packages (npm ci in tests/browser)" ] ||
    fail "setup should say in one line that it runs npm ci"
run_setup "" # installed and current
[ -z "$output" ] || fail "setup should print nothing when everything is present"
touch -d '-1 minute' "$copy/tests/browser/node_modules/.package-lock.json"
run_setup "$ci" # the lock file changed after the install
run_setup ""
echo "setup ran npm ci when node_modules was missing or older than the lock file, and only then"
