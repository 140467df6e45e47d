#!/bin/sh
# Runs every tests/cli_*.sh with $SMTPLOG set; fails when any of them fails.
set -u
here=$(cd "$(dirname "$0")" && pwd)
export SMTPLOG=${SMTPLOG:-$here/../smtplog}
pass=0
fail=0
for t in "$here"/cli_*.sh; do
	[ -f "$t" ] || continue
	if sh "$t"; then
		pass=$((pass + 1))
	else
		echo "cli: FAILED: $(basename "$t")" >&2
		fail=$((fail + 1))
	fi
done
echo "cli scripts: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
