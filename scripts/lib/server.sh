# What the throwaway-server launchers (scripts/db, scripts/cluster) share: their messages, free loopback ports,
# stopping processes, and finding PostgreSQL's server binaries and the account that must run them.
# Sourced, not run: the launcher sets `launcher` (its name, the prefix of its messages) first.
# shellcheck shell=bash disable=SC2154 # launcher, and the variables the functions set, belong to the launcher

say() { echo "$launcher: $*" >&2; }

fail_with_log() {
    say "$1"
    local file
    for file in "${@:2}"; do
        [ -s "$file" ] || continue
        echo "--- last lines of $file ---" >&2
        tail -n 40 "$file" >&2
    done
    exit 1
}

# Random loopback port below Linux's ephemeral range (32768+), so outgoing connections never hold it. A port
# that accepts a connection is taken; one that does not may still be lost to a race, which the callers retry.
pick_port() {
    local candidate
    while :; do
        candidate=$((15000 + RANDOM % 17000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
            echo "$candidate"
            return
        fi
    done
}

# TERM, a bounded wait, then KILL: nothing here may outlive the launcher.
stop_process() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# Sets pg_bin to the directory of the PostgreSQL server binaries (initdb, pg_ctl, postgres, ...).
find_pg_bin() {
    if command -v initdb >/dev/null 2>&1; then
        pg_bin=$(dirname "$(readlink -f "$(command -v initdb)")") # a symlink on PATH need not have siblings
    else
        # Debian keeps the server binaries off PATH, one directory per major version; take the newest.
        pg_bin=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null |
            sort -V | tail -n 1 | xargs -r dirname)
    fi
    [ -n "$pg_bin" ] || fail_with_log "no PostgreSQL server binaries (initdb) found; run scripts/setup"
}

# initdb and postgres refuse to run as root, so root hands the server's directory `dir` to the postgres account and
# runs the PostgreSQL tools as it (as_db_user is the command prefix that does so; empty for other users).
hand_to_db_user() {
    local dir=$1
    as_db_user=()
    [ "$(id -u)" -eq 0 ] || return 0
    id postgres >/dev/null 2>&1 || fail_with_log "running as root needs a 'postgres' account to own the server"
    as_db_user=(runuser -u postgres --)
    chown postgres: "$dir"
    "${as_db_user[@]}" test -w "$dir" ||
        fail_with_log "user postgres cannot reach $dir; point TMPDIR at a directory it can (e.g. /tmp)"
}

# A real password, so that clients exercise SCRAM authentication over TCP like production ones.
new_password() {
    local password
    password=$(head -c 4096 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')
    echo "${password:0:32}"
}
