#!/bin/sh
# cli_pg.sh: tests/pg.sh, the throw-away PostgreSQL of the store's tests:
# without PostgreSQL it says SKIP (and fails under CI=true); a cluster
# listens on its socket only, keeps its data across pg_restart and
# pg_down/pg_up (cutting the sessions open then), two run at once, and
# pg_stop removes it. POSIX sh; uses tests/pg.sh.
set -u

here=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
T=$(mktemp -d)
. "$here/pg.sh"
trap 'pg_stop; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_pg: FAIL: $1" >&2; }

# Without PostgreSQL (none in PG_SEARCH, none in PATH): SKIP, or under
# CI=true a failure that says why.
mkdir "$T/bin"
for c in id ls sort dirname; do ln -s "$(command -v "$c")" "$T/bin/$c"; done
nopg() {
	env PATH="$T/bin" PG_SEARCH="$T/none" PG_BINDIR= CI="$1" /bin/sh -c \
	    '. "$1"; pg_available; echo "rc=$?"' sh "$here/pg.sh" > "$T/out" 2> "$T/err"
}
nopg false; rc=$?
[ $rc = 0 ] && grep -q '^SKIP: PostgreSQL not installed (apt-get install postgresql)' "$T/out" &&
    grep -qx 'rc=1' "$T/out" && ok || bad "no PostgreSQL: $(cat "$T/out" "$T/err")"
nopg true; rc=$?
[ $rc = 1 ] && ! grep -q 'rc=' "$T/out" && grep -q 'FAIL: PostgreSQL is needed under CI=true' "$T/err" &&
    ok || bad "no PostgreSQL under CI=true: rc $rc, $(cat "$T/out" "$T/err")"

pg_available || exit 0
pg_start || { echo "cli_pg: FAIL: pg_start" >&2; exit 1; }
dir=$PG_DIR
[ -S "$dir/.s.PGSQL.$PGPORT" ] && ok || bad "no socket in $dir"
case $SMTPLOG_TEST_PG in
"postgresql:///smtplog?host=$dir&port=$PGPORT&user="?*) ok ;;
*) bad "SMTPLOG_TEST_PG is $SMTPLOG_TEST_PG" ;;
esac
[ "$("$PG_PSQL" -X -At -c 'SHOW listen_addresses')" = "" ] &&
    [ "$("$PG_PSQL" -X -At -c 'SHOW fsync')" = off ] && ok ||
    bad "the server listens on TCP or syncs"
"$PG_PSQL" "$SMTPLOG_TEST_PG" -X -q -c 'CREATE TABLE t(x int); INSERT INTO t VALUES (7)' &&
    ok || bad "the URI does not connect"

# A session open across a restart is cut; the data stays.
"$PG_PSQL" -X -At -c 'SELECT pg_sleep(30)' > /dev/null 2> "$T/cut" &
sleeper=$!
sleep 1
pg_restart || bad "pg_restart"
if wait "$sleeper"; then bad "a session survived the restart"; else ok; fi
[ "$("$PG_PSQL" -X -At -c 'SELECT x FROM t')" = 7 ] && ok || bad "data lost by pg_restart"

pg_down immediate || bad "pg_down immediate"
if "$PG_PSQL" -X -At -c 'SELECT 1' > /dev/null 2>&1; then
	bad "the server answers after pg_down"
else
	ok
fi
pg_up || bad "pg_up"
[ "$("$PG_PSQL" -X -At -c 'SELECT x FROM t')" = 7 ] && ok || bad "data lost by pg_down/pg_up"

# A second cluster at once, in a shell of its own.
/bin/sh -c '. "$1"; pg_start || exit 1; trap pg_stop EXIT
	[ "$PG_DIR" != "$2" ] || exit 2
	"$PG_PSQL" -X -At -c "SELECT count(*) FROM pg_tables WHERE tablename = '\''t'\''"' \
    sh "$here/pg.sh" "$dir" > "$T/second" 2>&1
[ "$(cat "$T/second")" = 0 ] && ok || bad "a second cluster: $(cat "$T/second")"
[ "$("$PG_PSQL" -X -At -c 'SELECT x FROM t')" = 7 ] && ok || bad "the first cluster after the second"

pg_stop
[ ! -e "$dir" ] && [ -z "$PG_DIR" ] && ok || bad "pg_stop left $dir"
pg_stop && ok || bad "pg_stop twice"

echo "cli_pg: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
