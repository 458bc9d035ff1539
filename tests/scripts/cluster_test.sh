#!/usr/bin/env bash
# scripts/cluster's PostgreSQL pair on a real server: start prints a URL of both nodes, the standby is synchronous and
# has every acknowledged commit, kill ends the primary, promote makes the standby take writes, and stop leaves no
# server process and no directory behind (and may run again).
set -euo pipefail
cluster=$(cd "$(dirname "$0")/../.." && pwd)/scripts/cluster
tmp_root=/tmp
[ -d /dev/shm ] && [ -w /dev/shm ] && tmp_root=/dev/shm
dir=$(mktemp -d "${TMPDIR:-$tmp_root}/roachorm-cluster-test.XXXXXX")
trap '"$cluster" postgresql stop "$dir" || true' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# The first row of the answer to `sql` from the node (or nodes) the URL names.
query() { psql "$1" --no-psqlrc --quiet -XAtc "$2"; }

output=$("$cluster" postgresql start "$dir")
value() { sed -n "s/^$1=//p" <<<"$output"; }
url=$(value url)
node1_url=$(value node1_url)
node2_url=$(value node2_url)
[[ $url == postgresql://roachorm:*@$(value node1),$(value node2)/roachorm_test\?target_session_attrs=read-write* ]] ||
    fail "start printed no URL of both nodes:"$'\n'"$output"

[ "$(query "$node1_url" "SELECT application_name || ' ' || sync_state FROM pg_stat_replication")" = "node2 sync" ] ||
    fail "the standby is not listed as synchronous on the primary"
[ "$(query "$node2_url" "SELECT pg_is_in_recovery()")" = t ] || fail "node 2 is not a standby"
[ "$(query "$url" "SELECT pg_is_in_recovery()")" = f ] || fail "the URL did not lead to the primary"
postmasters=$(head -q -n 1 "$dir"/node*/postmaster.pid)

# A commit the primary acknowledged is on the standby when the primary dies.
query "$url" "CREATE TABLE acknowledged (id INT PRIMARY KEY); INSERT INTO acknowledged VALUES (1)" >/dev/null
"$cluster" postgresql kill "$dir" 1
if query "$node1_url" "SELECT 1" >/dev/null 2>&1; then fail "node 1 still answers after kill"; fi
"$cluster" postgresql promote "$dir" 2
[ "$(query "$node2_url" "SELECT pg_is_in_recovery()")" = f ] || fail "node 2 is still in recovery after promote"
[ "$(query "$url" "INSERT INTO acknowledged VALUES (2); SELECT string_agg(id::text, ',' ORDER BY id) FROM acknowledged")" \
    = "1,2" ] || fail "the promoted standby did not take a write through the URL next to the commit made on node 1"

"$cluster" postgresql stop "$dir"
[ ! -e "$dir" ] || fail "stop left $dir behind"
# A process that has exited but not yet been reaped by its parent (init) is a zombie: gone for this purpose.
running() {
    local state
    state=$(ps -o stat= -p "$1") && [[ $state != Z* ]]
}
for pid in $postmasters; do
    for ((i = 0; i < 50; i++)); do running "$pid" || continue 2; sleep 0.1; done
    fail "stop left postmaster $pid running"
done
"$cluster" postgresql stop "$dir" || fail "a second stop failed"
echo "scripts/cluster: started a synchronous pair, killed the primary, promoted the standby, stopped it all"
