#!/usr/bin/env bash
# Starts and stops a throwaway Virtuoso (Debian's virtuoso-opensource 7.2.5,
# `apt-get install virtuoso-opensource`) on loopback, with unauthenticated
# writes open, for the tests of `edupol push` against a real triplestore.
#
#   scripts/virtuoso.sh start DIR HTTP_PORT SQL_PORT
#       creates DIR (empty, or one this script made before), writes
#       DIR/virtuoso.ini, starts the server in the background, waits until
#       the HTTP endpoints answer, opens them for writing, checks that they
#       take a write, and prints (KEY=VALUE, so `eval` works):
#         SPARQL_ENDPOINT=http://127.0.0.1:HTTP_PORT/sparql
#         GSP_ENDPOINT=http://127.0.0.1:HTTP_PORT/sparql-graph-crud
#   scripts/virtuoso.sh stop DIR
#       stops that server (no-op if it is not running) and deletes its
#       database files; DIR/virtuoso.ini and the logs virtuoso.log and
#       virtuoso.out stay.
#
# Environment: VIRTUOSO_START_TIMEOUT (seconds, default 120).
#
# Nothing here touches the system-wide instance of the Debian package
# (/etc/virtuoso-opensource-7, /var/lib/virtuoso-opensource-7, ports
# 1111/8890): the server gets its own files and the ports given.
#
# What the endpoints do differently from the RDF specs (learnt with this
# instance; the test has to allow for them when it compares graphs):
#   - language tags come back lowercased ("en-GB" -> "en-gb");
#   - numbers and booleans come back in canonical form ("007" -> "7",
#     "1.50" -> "1.5", "1.5E3"^^xsd:double -> "1500.0"; xsd:boolean is "1"/"0"
#     in JSON results, "true"/"false" in XML and str());
#   - xsd:double is written with 6 significant digits in every result format
#     ("3.141592653589793" -> "3.14159") although it is stored exactly: ask
#     for str(?o) to get 16 digits;
#   - xsd:decimal keeps at most 15 fractional digits;
#   - the Turtle loader (Graph Store) types "N"^^xsd:integer outside 32 bits
#     as xsd:decimal; SPARQL Update keeps xsd:integer but only to 64 bits;
#   - JSON results use the SPARQL 1.0 "typed-literal" type and
#     "nodeID://..." blank nodes;
#   - one INSERT DATA takes at most 4990 '.'-separated triple statements
#     (400, "SP030 ... memory exhausted"); a /sparql request body must stay
#     under 10,000,000 bytes (500, SR578; HT057 further up), while
#     /sparql-graph-crud took a 56 MB PUT;
#   - a Graph Store PUT/POST is not atomic: on a syntax error (500) the lines
#     before it are kept, and PUT has already emptied the graph;
#   - results are cut at [SPARQL] ResultSetMaxRows (header X-SPARQL-MaxRows);
#     the ini below sets it high.
set -euo pipefail

# Loopback only: the writes below are unauthenticated.
HOST=127.0.0.1
# virtuoso-t gives dba the password "dba" in a database it creates; the SQL
# port listens on loopback only, and the database lives as long as the test.
DBA_USER=dba
DBA_PASSWORD=dba
# Marks a directory this script made, the only kind it will wipe.
MARKER=.edupol-virtuoso
# The files a server writes; start deletes them so every start is a new,
# empty database, stop deletes them because nobody reads them afterwards.
DB_FILES=(virtuoso.db virtuoso.trx virtuoso.pxa virtuoso.lck virtuoso-temp.db
    virtuoso-temp.trx virtuoso.pid)

die() {
    echo "virtuoso.sh: $*" >&2
    exit 1
}

usage() {
    sed -n '6,18p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

need() {
    command -v "$1" >/dev/null 2>&1 ||
        die "$1 not found (apt-get install virtuoso-opensource curl)"
}

check_port() {
    # 10#: a leading zero must not make bash read the number as octal.
    if ! [[ "$1" =~ ^[0-9]{1,5}$ ]] || ((10#$1 < 1 || 10#$1 > 65535)); then
        die "not a TCP port: $1"
    fi
}

port_free() {
    # A port already taken would only show up as "Failed to start listening"
    # in the server's log after a few seconds; say so at once instead.
    if (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; then
        die "port $1 on $HOST is in use"
    fi
}

# The pid of the server of DIR, if it runs, else nothing. The lock file holds
# VIRT_PID=N while the server runs; virtuoso.pid is our copy, kept in case the
# lock file goes first. A pid is only trusted if that process is a virtuoso-t
# started with this DIR's ini (pids get reused) and is not a zombie (when the
# container's init does not reap, a dead server stays in the process table).
server_pid() {
    local dir=$1 pid
    for pid in "$(sed -n 's/^VIRT_PID=//p' "$dir/virtuoso.lck" 2>/dev/null)" \
        "$(cat "$dir/virtuoso.pid" 2>/dev/null)"; do
        [[ "$pid" =~ ^[0-9]+$ ]] || continue
        [ -r "/proc/$pid/cmdline" ] || continue
        tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$dir/virtuoso.ini" || continue
        [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ] || continue
        echo "$pid"
        return 0
    done
}

# Runs SQL as dba; isql-vt exits 0 even when a statement fails (only a failed
# login changes the status), so its error lines are what tell.
isql() {
    local port=$1 sql=$2 out
    out=$(isql-vt "$HOST:$port" "$DBA_USER" "$DBA_PASSWORD" VERBOSE=OFF BANNER=OFF \
        PROMPT=OFF ECHO=OFF ERRORS=STDOUT exec="$sql" 2>&1) ||
        die "isql-vt failed: $out"
    if grep -q '^\*\*\* Error' <<<"$out"; then
        die "SQL failed: $sql: $out"
    fi
}

write_ini() {
    local dir=$1 http=$2 sql=$3
    # Absolute paths everywhere: Virtuoso resolves relative ones against its
    # working directory, and the defaults point at the system instance.
    cat >"$dir/virtuoso.ini" <<EOF
; Written by scripts/virtuoso.sh: a throwaway server for tests.
[Database]
DatabaseFile       = $dir/virtuoso.db
ErrorLogFile       = $dir/virtuoso.log
LockFile           = $dir/virtuoso.lck
TransactionFile    = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $dir/virtuoso-temp.db
TransactionFile    = $dir/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
; host:port binds the SQL listener to loopback only.
ServerPort         = $HOST:$sql
DisableUnixSocket  = 1
CaseMode           = 2
; Debian's defaults: about 80 MB of page buffers, enough for tests.
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
MaxQueryMem        = 1G
CheckpointInterval = 60
DirsAllowed        = ., $dir
; ORDER BY ... LIMIT/OFFSET windows beyond this many rows fail (default 10000).
MaxSortedTopRows   = 1000000

[HTTPServer]
ServerPort            = $HOST:$http
ServerRoot            = $dir/www
; More than the default 10, so that parallel test requests do not queue.
ServerThreads         = 20
MaxClientConnections  = 20
MaxKeepAlives         = 20
KeepAliveTimeout      = 10
Charset               = UTF-8
EnabledDavVSP         = 0
HTTPProxyEnabled      = 0

[SPARQL]
; Answers are cut silently at this many rows (Debian's ini has 10000), which
; would make a read-back of a large graph look short.
ResultSetMaxRows           = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
EOF
}

# EXIT trap of start: stops the server when start fails after launching it.
on_start_exit() {
    local rc=$?
    if [ "$rc" != 0 ] && [ -n "${START_DIR:-}" ]; then
        cmd_stop "$START_DIR" || true
    fi
}

# The HTTP status of a request ("000" if none came); never fails, so that
# set -e does not end the script without saying why.
http_code() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 60 "$@" || true
}

cmd_start() {
    [ $# -eq 3 ] || usage
    local dir=$1 http=$2 sql=$3 timeout=${VIRTUOSO_START_TIMEOUT:-120}
    need virtuoso-t
    need isql-vt
    need curl
    check_port "$http"
    check_port "$sql"
    # Written as plain decimals: Virtuoso reads "08890" as 8890, curl not.
    http=$((10#$http))
    sql=$((10#$sql))
    [ "$http" != "$sql" ] || die "HTTP_PORT and SQL_PORT must differ"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd -P)
    if [ -n "$(server_pid "$dir")" ]; then
        die "a server already runs in $dir (scripts/virtuoso.sh stop $dir)"
    fi
    # Refuse to wipe a directory this script did not make.
    if [ ! -e "$dir/$MARKER" ] && [ -n "$(ls -A "$dir")" ]; then
        die "$dir is not empty and was not made by this script"
    fi
    port_free "$http"
    port_free "$sql"
    (cd "$dir" && rm -f "${DB_FILES[@]}" virtuoso.log)
    touch "$dir/$MARKER"
    mkdir -p "$dir/www"
    write_ini "$dir" "$http" "$sql"

    local t0=$SECONDS
    # From here on a failure must not leave a server running: whatever makes
    # start exit non-zero stops what it started.
    START_DIR=$dir
    trap on_start_exit EXIT
    # +wait makes virtuoso-t detach only once the database is created and
    # both listeners are up, and exit non-zero if that fails (e.g. 104 when a
    # port is taken), so its status is the readiness signal. It runs from
    # DIR so that anything relative lands there; stdio goes to the log so
    # that the caller's pipes are not held open by the daemon.
    if ! (cd "$dir" && timeout "$timeout" virtuoso-t +configfile "$dir/virtuoso.ini" +wait \
        </dev/null >>"$dir/virtuoso.out" 2>&1); then
        tail -n 20 "$dir/virtuoso.log" >&2 2>/dev/null || true
        die "virtuoso-t did not start (log: $dir/virtuoso.log)"
    fi
    local pid
    pid=$(server_pid "$dir")
    [ -n "$pid" ] || die "virtuoso-t started but no server process found (log: $dir/virtuoso.log)"
    echo "$pid" >"$dir/virtuoso.pid"

    # The HTTP listener is up once +wait returns, but the SPARQL handler is
    # asked anyway: "answers" means /sparql returns 200.
    local base="http://$HOST:$http"
    until [ "$(http_code "$base/sparql?query=ASK%7B%7D")" = 200 ]; do
        ((SECONDS - t0 < timeout)) || die "no answer from $base/sparql after ${timeout}s"
        sleep 0.2
    done

    # Unauthenticated requests to /sparql and /sparql-graph-crud run as the
    # SQL user "SPARQL", which may read but not write: the Graph Store answers
    # 403 ("Permission denied for delete from DB.DBA.RDF_QUAD") and an update
    # 500 ("SR186: No permission to execute procedure
    # DB.DBA.SPARQL_INSERT_DICT_CONTENT"). The role SPARQL_UPDATE is all it
    # takes. Graph-level security needs nothing: a new database gives
    # "nobody" 15 (read, write, sponge, list) on every graph, so
    # DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7) is not needed.
    isql "$sql" 'GRANT SPARQL_UPDATE TO "SPARQL";'

    # Prove both write paths before saying ready, on a graph no test uses.
    local g='urn:x-edupol:virtuoso-sh:probe' code
    code=$(http_code -X PUT \
        -H 'Content-Type: text/turtle; charset=utf-8' \
        --data-binary "<urn:x-edupol:s> <urn:x-edupol:p> \"探针\"@zh ." \
        "$base/sparql-graph-crud?graph=$g")
    [ "$code" = 201 ] || die "Graph Store PUT answered $code, not 201"
    code=$(http_code -X DELETE "$base/sparql-graph-crud?graph=$g")
    [ "$code" = 200 ] || die "Graph Store DELETE answered $code, not 200"
    code=$(http_code -X POST \
        -H 'Content-Type: application/sparql-update; charset=utf-8' \
        --data-binary "INSERT DATA { GRAPH <$g> { <urn:x-edupol:s> <urn:x-edupol:p> 1 } } ; DROP SILENT GRAPH <$g>" \
        "$base/sparql")
    [ "$code" = 200 ] || die "SPARQL Update answered $code, not 200"

    START_DIR=
    echo "virtuoso.sh: server pid $pid ready in $((SECONDS - t0)) s, files in $dir" >&2
    echo "SPARQL_ENDPOINT=$base/sparql"
    echo "GSP_ENDPOINT=$base/sparql-graph-crud"
}

cmd_stop() {
    [ $# -eq 1 ] || usage
    local dir=$1 pid
    [ -d "$dir" ] || return 0
    dir=$(cd "$dir" && pwd -P)
    [ -e "$dir/$MARKER" ] || die "$dir was not made by this script"
    pid=$(server_pid "$dir")
    if [ -n "$pid" ]; then
        # SIGTERM is Virtuoso's clean "quick shutdown": it finishes the
        # transaction log and exits, in about a second. SIGKILL only if it
        # hangs, since the database is thrown away anyway.
        kill -TERM "$pid" 2>/dev/null || true
        local i
        for ((i = 0; i < 300; i++)); do
            [ -n "$(server_pid "$dir")" ] || break
            sleep 0.1
        done
        if [ -n "$(server_pid "$dir")" ]; then
            echo "virtuoso.sh: pid $pid ignored SIGTERM for 30 s, killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
            for ((i = 0; i < 50; i++)); do
                [ -n "$(server_pid "$dir")" ] || break
                sleep 0.1
            done
            [ -z "$(server_pid "$dir")" ] || die "pid $pid survived SIGKILL"
        fi
        # The server daemonized, so init is its parent and reaps it a moment
        # later (about 2 s under this VM's init); wait for that so that a
        # check right after stop sees no process, but do not fail on an init
        # that never reaps: a zombie holds no port and no file.
        for ((i = 0; i < 50; i++)); do
            [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] || break
            sleep 0.1
        done
    fi
    (cd "$dir" && rm -f "${DB_FILES[@]}")
    rm -rf "$dir/www"
}

case "${1:-}" in
start)
    shift
    cmd_start "$@"
    ;;
stop)
    shift
    cmd_stop "$@"
    ;;
*) usage ;;
esac
