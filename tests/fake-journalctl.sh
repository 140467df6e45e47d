#!/bin/sh
# A stand-in for journalctl in the tests (installed as "journalctl" first in
# PATH). It prints the entries of $FAKE_JOURNAL (one a line: CURSOR, a tab,
# the short-iso line) after --after-cursor, then "-- cursor: LAST" when it
# printed any, as journalctl --show-cursor does, else "-- No entries --". With --directory=DIR or
# --file=FILE it reads DIR/entries or FILE instead. Its arguments are
# appended, one a line, to $FAKE_JOURNAL_ARGS. FAKE_JOURNAL_FAIL=1 prints
# the entries, then fails as journalctl does when it cannot read a file;
# FAKE_JOURNAL_PAUSE=N sleeps 3 s after the Nth entry; FAKE_JOURNAL_WARN=TEXT
# is written on stderr (a successful run's warning).
set -u
src=${FAKE_JOURNAL:-/nonexistent}
after=
for a in "$@"; do
	[ -n "${FAKE_JOURNAL_ARGS:-}" ] && printf '%s\n' "$a" >> "$FAKE_JOURNAL_ARGS"
	case $a in
	--after-cursor=*) after=${a#--after-cursor=} ;;
	--directory=*) src=${a#--directory=}/entries ;;
	--file=*) src=${a#--file=} ;;
	--facility=mail|--output=short-iso|--no-pager|--show-cursor|--quiet|--all) ;;
	*) echo "journalctl: unrecognized option '$a'" >&2; exit 1 ;;
	esac
done
[ -n "${FAKE_JOURNAL_ARGS:-}" ] && echo "--end--" >> "$FAKE_JOURNAL_ARGS"
if [ ! -f "$src" ]; then
	echo "No journal files were found." >&2
	exit 1
fi
awk -F '\t' -v after="$after" -v pause="${FAKE_JOURNAL_PAUSE:-}" '
	BEGIN { seen = (after == "") }
	!seen { if ($1 == after) seen = 1; next }
	{ c = $1; line = $0; sub(/^[^\t]*\t/, "", line); print line; last = c }
	pause != "" && ++n == pause { fflush(); system("sleep 3") }
	END { if (last != "") print "-- cursor: " last; else print "-- No entries --" }' "$src"
[ -n "${FAKE_JOURNAL_WARN:-}" ] && printf '%s\n' "$FAKE_JOURNAL_WARN" >&2
if [ -n "${FAKE_JOURNAL_FAIL:-}" ]; then
	echo "Failed to iterate through journal: Bad message" >&2
	exit 1
fi
exit 0
