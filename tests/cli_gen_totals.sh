#!/bin/sh
# The benchmark generator's Postfix log (multi-recipient messages, a
# content filter, retries ending in delivery, bounce or expiry) against
# what the generator says it wrote (gen --totals): smtplog's message
# totals equal it; pflogsumm's Grand Totals, when pflogsumm is installed,
# equal it plus the differences the README names (pflogsumm counts every
# content-filter hop as a message received again and its recipients as
# delivered; it never counts expiry).
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_gen_totals: FAIL: $*" >&2; }
unset SMTPLOG_DB
export TZ=UTC

${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -o "$T/gen" "$here/../bench/gen.c" ||
    { echo "cli_gen_totals: cannot build bench/gen.c" >&2; exit 1; }
"$T/gen" --totals 3 > "$T/log" 2> "$T/truth" || bad "gen failed"
truth() { awk -v k="$1" '$1 == k { print $2 }' "$T/truth"; }
[ "$(truth hops)" -gt 0 ] && [ "$(truth expired)" -gt 0 ] &&
    [ "$(truth deferrals)" -gt "$(truth deferred)" ] && ok ||
    bad "the generated log lacks hops, expiry or retries: $(tr '\n' ' ' < "$T/truth")"

"$S" ingest --quiet --db "$T/g.db" "$T/log" || bad "ingest"
"$S" report --db "$T/g.db" --format json 2>/dev/null | grep '^"messages": ' > "$T/m"
ours() { grep -o "\"$1\": [0-9]*" "$T/m" | head -1 | sed 's/.*: //'; }
for k in received delivered deferred deferrals bounced expired rejected \
    bytes_received; do
	[ "$(ours "$k")" = "$(truth "$k")" ] && ok ||
	    bad "smtplog $k $(ours "$k"), generated $(truth "$k")"
done
[ "$(ours notices)" = 0 ] && [ "$(ours forwarded)" = 0 ] && ok ||
    bad "no notices or forwards were generated"
# Health: every failed AUTH line is a notice; the warnings are those and
# the names that do not resolve.
"$S" report --db "$T/g.db" --format json 2>/dev/null | grep -o '"health": {[^[]*' > "$T/h"
health() { grep -o "\"$1\": [0-9]*" "$T/h" | head -1 | sed 's/.*: //'; }
[ "$(truth auth_failures)" -gt 0 ] && [ "$(truth warnings)" -gt 0 ] && ok ||
    bad "the generated log lacks health notices"
[ "$(health auth_failures)" = "$(truth auth_failures)" ] && ok ||
    bad "smtplog auth_failures $(health auth_failures), generated $(truth auth_failures)"
[ "$(health warnings)" = $(($(truth auth_failures) + $(truth warnings))) ] && ok ||
    bad "smtplog warnings $(health warnings), generated $(truth auth_failures) + $(truth warnings)"

if command -v pflogsumm >/dev/null 2>&1; then
	pflogsumm "$T/log" > "$T/pfl" 2>/dev/null
	pf() { sed -n -E "s/^ +([0-9]+[km]?) +$1.*/\1/p" "$T/pfl" | head -1; }
	[ "$(pf received)" = $(($(truth received) + $(truth hops))) ] && ok ||
	    bad "pflogsumm received $(pf received): want ours + hops"
	[ "$(pf delivered)" = $(($(truth delivered) + $(truth hop_deliveries))) ] && ok ||
	    bad "pflogsumm delivered $(pf delivered): want ours + hop deliveries"
	for k in deferred bounced rejected; do
		[ "$(pf "$k")" = "$(truth "$k")" ] && ok ||
		    bad "pflogsumm $k $(pf "$k"), generated $(truth "$k")"
	done
	d=$(sed -n -E 's/.*deferred +\(([0-9]+) +deferrals\).*/\1/p' "$T/pfl")
	[ "$d" = "$(truth deferrals)" ] && ok || bad "pflogsumm deferrals $d"
	# Bytes in KiB ("79185k"): ours plus the re-injected copies.
	want=$((($(truth bytes_received) + $(truth hop_bytes)) / 1024))
	got=$(pf 'bytes received' | tr -d k)
	[ "$got" = "$want" ] || [ "$got" = $((want + 1)) ] && ok ||
	    bad "pflogsumm bytes received ${got}k, want ${want}k"
else
	echo "cli_gen_totals: pflogsumm not installed: its comparison skipped" >&2
fi

echo "cli_gen_totals: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
