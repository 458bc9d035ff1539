#!/usr/bin/env bash
# scripts/check-layers on a copy of the library with one planted upward include (a core header reaching up to the
# Session): the check must fail and name the file, the line and both layers. The real tree's check is its own test.
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp -r "$source_dir/orm" "$source_dir/dialect" "$source_dir/scripts" "$copy/"

"$copy/scripts/check-layers" "$copy" >/dev/null # the unchanged copy passes

sed -i '0,/^#include <roachorm/s//#include <roachorm\/orm\/session\/session.hpp>\n#include <roachorm/' \
    "$copy/orm/core/types.hpp"
line=$(grep -n 'session/session.hpp' "$copy/orm/core/types.hpp" | cut -d: -f1)
if output=$("$copy/scripts/check-layers" "$copy" 2>&1); then
    echo "check-layers passed a tree where orm/core/types.hpp includes the Session" >&2
    exit 1
fi
expected="orm/core/types.hpp:$line: orm/core includes orm/session/session.hpp from orm/session, a higher layer"
grep -qF "$expected" <<<"$output" || {
    printf 'check-layers failed without the expected line\n  %s\nIt said:\n%s\n' "$expected" "$output" >&2
    exit 1
}
echo "check-layers refused the planted include: $expected"
