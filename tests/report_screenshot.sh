#!/bin/sh
# report_screenshot.sh: render the HTML report of tests/data/report-*.log in
# headless Chromium and check the screenshot: it must exist, be a PNG of the
# expected size and not be blank. The image is left in $OUT (default
# build-rp/report.png; a phone-width one beside it) for a person to look at.
#
# Usage: SMTPLOG=build/smtplog sh tests/report_screenshot.sh
# Needs Debian's chromium (apt-get install chromium); skipped (exit 0, says
# so) without it unless CI=true. As root chromium needs --no-sandbox.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
SMTPLOG=${SMTPLOG:-$root/build/smtplog}
OUT=${OUT:-$root/build-rp/report.png}
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }

browser=
for b in chromium chromium-browser google-chrome; do
	if command -v "$b" >/dev/null 2>&1; then
		browser=$b
		break
	fi
done
if [ -z "$browser" ]; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: chromium not installed"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "skipped: chromium not installed (apt-get install chromium)"
	echo "0 passed, 0 failed"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$(dirname "$OUT")"
db=$tmp/r.db
html=$tmp/report.html

TZ=Europe/Berlin "$SMTPLOG" ingest -q --db "$db" "$root"/tests/data/report-*.log \
    >/dev/null 2>&1 || bad "ingest failed"
TZ=Europe/Berlin "$SMTPLOG" report --db "$db" --format html -o "$html" 2>/dev/null ||
    bad "report --format html failed"
cp "$html" "$(dirname "$OUT")/report.html"

sandbox=
[ "$(id -u)" = 0 ] && sandbox=--no-sandbox

shot() {	# width height file
	rm -f "$3"
	timeout 120 "$browser" $sandbox --headless --disable-gpu --no-first-run \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --user-data-dir="$tmp/profile-$1" --hide-scrollbars \
	    --window-size="$1,$2" --screenshot="$3" "file://$html" \
	    >"$tmp/chromium.log" 2>&1
}

# PNG signature, then width and height from the IHDR chunk.
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%d %d\n",
	    $1 * 16777216 + $2 * 65536 + $3 * 256 + $4,
	    $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
}

check() {	# file width height what
	if [ ! -s "$1" ]; then
		bad "$4: no screenshot (see chromium output below)"
		cat "$tmp/chromium.log"
		return
	fi
	sig=$(od -An -c -N4 "$1" | tr -d ' ')
	[ "$sig" = '211PNG' ] && ok "$4: a PNG" || bad "$4: not a PNG ($sig)"
	[ "$(png_size "$1")" = "$2 $3" ] && ok "$4: ${2}x$3" ||
	    bad "$4: size $(png_size "$1"), expected ${2}x$3"
	# A blank page compresses to almost nothing; a report is tens of KB.
	size=$(wc -c < "$1")
	[ "$size" -gt 20000 ] && ok "$4: not blank ($size bytes)" ||
	    bad "$4: looks blank ($size bytes)"
}

shot 1280 2400 "$OUT"
check "$OUT" 1280 2400 "desktop"
phone=$(dirname "$OUT")/report-phone.png
shot 390 2400 "$phone"
check "$phone" 390 2400 "phone"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
