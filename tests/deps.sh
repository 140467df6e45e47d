#!/bin/sh
# Installs, on Debian, the -dev packages that pkg-config cannot find (and
# groff, which checks the man page, and pflogsumm, whose totals the message
# tests compare with ours; and the PostgreSQL server along with them).
# Called by `make` when a dependency is missing; says what it installs.
set -u
need=""
command -v pkg-config >/dev/null 2>&1 || need="pkg-config"
for pair in libpcre2-8:libpcre2-dev sqlite3:libsqlite3-dev zlib:zlib1g-dev criterion:libcriterion-dev \
    libpq:libpq-dev; do
	mod=${pair%%:*}
	pkg=${pair#*:}
	if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$mod"; then
		need="$need $pkg"
	fi
done
# groff checks the man page in `make test`.
command -v groff >/dev/null 2>&1 || need="$need groff-base"
# pflogsumm: the tests compare smtplog's message totals with its own.
command -v pflogsumm >/dev/null 2>&1 || need="$need pflogsumm"
# The Prometheus text parser checks the openmetrics output (cli_hardening).
python3 -c 'import prometheus_client' 2>/dev/null ||
    /usr/bin/python3 -c 'import prometheus_client' 2>/dev/null ||
    need="$need python3-prometheus-client"
# The PostgreSQL store's tests start a throw-away server (tests/pg.sh);
# without one they are skipped, so the server alone is never a reason to fail.
want=""
[ -x "$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -n 1)" ] ||
    command -v initdb >/dev/null 2>&1 || want="postgresql"
[ -n "$need" ] || exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "smtplog: missing build dependencies:$need; install them with your package manager" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "smtplog: missing build dependencies:$need; run as root, or: sudo apt-get install$need" >&2
	exit 1
fi
echo "smtplog: installing build dependencies with apt-get:$need${want:+ $want}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && apt-get install -y -qq $need $want >/dev/null
