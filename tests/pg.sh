# tests/pg.sh: a throw-away PostgreSQL cluster for the tests. Source it, then
#
#	pg_available || exit 0		# prints SKIP (fails instead under CI=true)
#	pg_start || exit 1
#	trap pg_stop EXIT INT TERM
#	... "$SMTPLOG" ingest --db "$SMTPLOG_TEST_PG" ...; "$PG_PSQL" -c '...'
#
# pg_start makes a cluster in a new directory under /tmp (initdb as the
# postgres user when run as root, since the server refuses to run as root),
# listening on no TCP port, only on a Unix socket in that directory, so
# clusters of tests run at once never meet. It exports SMTPLOG_TEST_PG (a
# libpq URI to the database `smtplog`), PGHOST, PGPORT, PGUSER, PGDATABASE
# (for psql) and PG_PSQL (the psql of the same version). Durability is
# turned off (fsync, full_page_writes, synchronous_commit): a test cluster
# is thrown away, not recovered after a power cut. pg_stop stops the server
# and removes the directory; it may be called more than once.
#
# pg_restart restarts the server (fast shutdown: sessions are cut, which is
# what a client sees when the server restarts); pg_down [fast|immediate]
# stops it and pg_up starts it again, for a test that needs the server away
# for a while (an ingest that must fail cleanly, then rerun).

PG_DIR=
PG_BINDIR=${PG_BINDIR:-}
PG_OWNER=

# Where initdb and pg_ctl live: $PG_BINDIR if set, else the newest
# $PG_SEARCH/N/bin (Debian's layout), else $PATH.
PG_SEARCH=${PG_SEARCH:-/usr/lib/postgresql}
pg_find_bindir()
{
	if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ]; then
		return 0
	fi
	PG_BINDIR=
	for d in $(ls -d "$PG_SEARCH"/*/bin 2>/dev/null | sort -V); do
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && PG_BINDIR=$d
	done
	if [ -z "$PG_BINDIR" ] && command -v initdb >/dev/null 2>&1 &&
	    command -v pg_ctl >/dev/null 2>&1; then
		PG_BINDIR=$(dirname "$(command -v initdb)")
	fi
	[ -n "$PG_BINDIR" ]
}

# 0 when a cluster can be made. Otherwise prints SKIP and returns 1, or,
# under CI=true (where PostgreSQL must be there), fails the test at once.
pg_available()
{
	if pg_find_bindir; then
		if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
			pg_unavailable "running as root but there is no postgres user to run the server as"
			return 1
		fi
		return 0
	fi
	pg_unavailable "initdb and pg_ctl not found"
	return 1
}

pg_unavailable()
{
	if [ "${CI:-}" = true ]; then
		echo "FAIL: PostgreSQL is needed under CI=true: $1 (apt-get install postgresql)" >&2
		exit 1
	fi
	echo "SKIP: PostgreSQL not installed (apt-get install postgresql): $1"
}

# Runs a command as the cluster's owner, from / (the postgres user may not
# read the current directory).
pg_as_owner()
{
	if [ "$(id -u)" = 0 ]; then
		(cd / && runuser -u "$PG_OWNER" -- "$@")
	else
		(cd / && "$@")
	fi
}

pg_start()
{
	pg_find_bindir || { echo "pg_start: PostgreSQL not found" >&2; return 1; }
	if [ "$(id -u)" = 0 ]; then
		PG_OWNER=postgres
	else
		PG_OWNER=$(id -un)
	fi
	# Under /tmp, not $TMPDIR: a socket path must stay under 108 bytes.
	PG_DIR=$(mktemp -d /tmp/smtplog-pg.XXXXXX) || return 1
	# The port only names the socket file (.s.PGSQL.PORT): no TCP is opened.
	PGPORT=$((20000 + $$ % 30000))
	[ "$(id -u)" = 0 ] && chown "$PG_OWNER" "$PG_DIR"
	if ! pg_as_owner "$PG_BINDIR/initdb" -D "$PG_DIR/data" -U "$PG_OWNER" \
	    -A trust -E UTF8 --locale=C --no-sync --no-instructions \
	    > "$PG_DIR/initdb.log" 2>&1; then
		echo "pg_start: initdb failed:" >&2
		cat "$PG_DIR/initdb.log" >&2
		return 1
	fi
	cat >> "$PG_DIR/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$PG_DIR'
port = $PGPORT
fsync = off
full_page_writes = off
synchronous_commit = off
shared_buffers = 16MB
max_connections = 30
max_wal_size = 256MB
log_min_messages = warning
EOF
	pg_up || return 1
	PGHOST=$PG_DIR
	PGUSER=$PG_OWNER
	PGDATABASE=smtplog
	PG_PSQL=$PG_BINDIR/psql
	export PGHOST PGPORT PGUSER PGDATABASE PG_PSQL
	if ! "$PG_BINDIR/createdb" -T template0 smtplog >"$PG_DIR/createdb.log" 2>&1; then
		echo "pg_start: createdb failed:" >&2
		cat "$PG_DIR/createdb.log" >&2
		return 1
	fi
	SMTPLOG_TEST_PG="postgresql:///smtplog?host=$PG_DIR&port=$PGPORT&user=$PG_OWNER"
	export SMTPLOG_TEST_PG
}

# Starts the server of the cluster made by pg_start (again).
pg_up()
{
	if ! pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
	    -w -t 60 start > /dev/null; then
		echo "pg_up: the server did not start; its log:" >&2
		cat "$PG_DIR/server.log" >&2
		return 1
	fi
}

# Stops the server, keeping the cluster: fast (the default) cuts the
# sessions and shuts down cleanly; immediate is a crash, recovered at pg_up.
pg_down()
{
	pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m "${1:-fast}" -w -t 60 \
	    stop > /dev/null
}

pg_restart()
{
	pg_down fast && pg_up
}

# Stops the server and removes the cluster; a no-op without one.
pg_stop()
{
	[ -n "$PG_DIR" ] || return 0
	if [ -f "$PG_DIR/data/postmaster.pid" ]; then
		pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m immediate -w \
		    stop > /dev/null 2>&1
	fi
	rm -rf "$PG_DIR"
	PG_DIR=
}
