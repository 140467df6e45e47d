#!/bin/sh
# make fuzz: build each libFuzzer target with clang and run it for
# FUZZ_SECONDS (default 60) seconds, seeded from tests/data and, when
# present, ../shared/corpus. New crashes are written to build-fuzz/crashes/;
# copy one into tests/fuzz/regress/ to keep it as a regression input.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$here/../..
out=$top/build-fuzz
secs=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-envelope match escape reader patterns reason msgline report}
CC=${FUZZ_CC:-clang}
mkdir -p "$out/obj" "$out/crashes"
flags="-g -O1 -fsanitize=fuzzer-no-link,address,undefined -std=c11 -D_GNU_SOURCE -I$top/include -I$out $(pkg-config --cflags libpq)"
libs="$(pkg-config --libs libpcre2-8 zlib sqlite3 libpq) -pthread -lm"
sh "$top/tests/embed.sh" "$top"/patterns/*.pat > "$out/patterns_embed.c"
objs=""
for src in "$top"/src/*.c "$out/patterns_embed.c"; do
	case $src in */main.c|*/cmd_*.c|*/cli_*.c) continue ;; esac
	o=$out/obj/$(basename "$src" .c).o
	$CC $flags -c -o "$o" "$src"
	objs="$objs $o"
done
status=0
for t in $targets; do
	$CC $flags -fsanitize=fuzzer -o "$out/fuzz_$t" "$here/fuzz_$t.c" $objs $libs
	seeds=$out/seeds_$t
	mkdir -p "$seeds"
	cp "$top"/tests/data/* "$seeds"/ 2>/dev/null || true
	[ -d "$here/regress" ] && cp "$here"/regress/* "$seeds"/ 2>/dev/null || true
	if [ -d "$top/../shared/corpus" ]; then
		for f in "$top"/../shared/corpus/*/*.log; do
			# One seed per line for the line-level targets keeps inputs small.
			case $t in
			envelope|escape|reason|msgline) split -l 1 -a 5 "$f" "$seeds/$(basename "$f")." ;;
			report) ;;	# its own seeds below
			*) cp "$f" "$seeds/" ;;
			esac
		done
	fi
	[ "$t" = patterns ] && cp "$top"/patterns/*.pat "$seeds"/
	if [ "$t" = reader ]; then
		# Seeds past every reader buffer: plain over 1 MiB, gzip whose
		# packed size is over 128 KiB.
		cc -O2 -std=c11 -D_GNU_SOURCE -o "$out/gen" "$top/bench/gen.c"
		"$out/gen" --mta postfix 1.2 > "$seeds/big-plain.log"
		"$out/gen" --mta exim 2 | gzip -c > "$seeds/big.log.gz"
	fi
	[ "$t" = report ] && cp "$here"/seeds_report/* "$seeds"/
	mkdir -p "$out/corpus_$t"
	echo "fuzz: $t for ${secs}s"
	# The report target keeps one database open, whose caches grow by
	# design: a leak scan after every such input would cost 90% of the run
	# (leaks in the writers are valgrind's job: make valgrind).
	extra=
	[ "$t" = report ] && extra=-detect_leaks=0
	# The reader spends half its time on inputs larger than its buffers.
	lens=65536
	[ "$t" = reader ] && lens="65536 4194304"
	for len in $lens; do
		s=$secs
		[ "$t" = reader ] && s=$(( (secs + 1) / 2 ))
		if ! "$out/fuzz_$t" -max_total_time="$s" -max_len="$len" -timeout=20 $extra \
		    -rss_limit_mb=4096 -artifact_prefix="$out/crashes/$t-" -print_final_stats=1 \
		    "$out/corpus_$t" "$seeds" 2> "$out/fuzz_$t.log"; then
			echo "fuzz: $t FOUND A PROBLEM: see $out/fuzz_$t.log and $out/crashes/" >&2
			tail -30 "$out/fuzz_$t.log" >&2
			status=1
		fi
		grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$out/fuzz_$t.log" |
		    sed "s/^/fuzz: $t (max_len $len): /"
	done
done
exit $status
