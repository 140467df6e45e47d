#!/bin/sh
# smtplog-daily.sh: ingest the mail log (the current file and the one
# logrotate just moved aside: smtplog knows each by its first line, so
# nothing is counted twice), then mail or write yesterday's report.
#
# A report is written once per day to $REPORTS/YYYY-MM-DD.txt; running the
# job again the same day sends that same file, never a second, different
# one. Exit status: 0, or 3 when a --fail-on condition held (the report is
# still sent, with "ALERT" in the subject), or 1/2 on failure.
#
# Settings (environment, or edit here):
#   LOGS      the log files            (default: /var/log/mail.log.1 /var/log/mail.log)
#   MAILTO    who gets the report      (default: postmaster; empty: only write it)
#   REPORTS   where reports are kept   (default: /var/lib/smtplog/reports)
#   FAIL_ON   --fail-on conditions     (default: 5xx>=25%,remote:5.7.26>=1)
#   SMTPLOG_DB                         (default: /var/lib/smtplog/smtplog.db as root)
set -u

LOGS=${LOGS:-"/var/log/mail.log.1 /var/log/mail.log"}
MAILTO=${MAILTO-postmaster}
REPORTS=${REPORTS:-/var/lib/smtplog/reports}
FAIL_ON=${FAIL_ON:-"5xx>=25%,remote:5.7.26>=1"}
SMTPLOG=${SMTPLOG:-smtplog}

day=$(date -d yesterday +%F 2>/dev/null || date -v-1d +%F)
out=$REPORTS/$day.txt
status=$REPORTS/$day.status
mkdir -p "$REPORTS" || exit 1

if [ ! -s "$out" ]; then
	files=
	for f in $LOGS; do
		[ -r "$f" ] && files="$files $f"
	done
	# shellcheck disable=SC2086 # word splitting of the file list is meant
	"$SMTPLOG" ingest -q $files || exit 1
	"$SMTPLOG" report --period yesterday --fail-on "$FAIL_ON" \
	    -o "$out.tmp" 2>"$out.err"
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
		cat "$out.err" >&2
		rm -f "$out.tmp" "$out.err"
		exit "$rc"
	fi
	mv "$out.tmp" "$out"
	echo "$rc" >"$status"
	rm -f "$out.err"
fi

rc=$(cat "$status" 2>/dev/null || echo 0)
subject="smtplog report for $day on $(hostname)"
[ "$rc" -eq 3 ] && subject="ALERT: $subject"
if [ -n "$MAILTO" ]; then
	mail -s "$subject" "$MAILTO" <"$out" || exit 1
fi
exit "$rc"
