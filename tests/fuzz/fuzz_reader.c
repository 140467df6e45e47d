/* libFuzzer target: the reader (plain and gzip, chosen by the input's
 * magic bytes) on a file holding the input; then a seek to line 2. Run
 * also with -max_len above the reader's 1 MiB buffer (tests/fuzz/run.sh). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "smtplog/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct sl_reader *r;
	struct sl_line l;
	char err[256];
	uint64_t mid = 0, total = 0, lines = 0;
	FILE *f;

	if (path[0] == '\0')
		snprintf(path, sizeof(path), "/tmp/smtplog-fuzz-reader.%d", (int)getpid());
	if ((f = fopen(path, "wb")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	if ((r = sl_reader_open(path, err, sizeof(err))) == NULL)
		return 0;
	while (sl_reader_next(r, &l) == 1) {
		if (l.len > SL_LINE_MAX)
			__builtin_trap();
		if (++lines == 2)
			mid = l.offset;
		total += l.len;
	}
	sl_reader_free(r);
	/* Line 2's start, as the reader gave it, is a position it accepts:
	 * what ingest stores, the next run must take back. */
	if (mid > 0 && (r = sl_reader_open(path, err, sizeof(err))) != NULL) {
		int rc = sl_reader_seek(r, mid, 1);

		if (rc == SL_READER_SEEK_DAMAGED)
			__builtin_trap();
		if (rc == 0)
			while (sl_reader_next(r, &l) == 1)
				;
		sl_reader_free(r);
	}
	(void)total;
	return 0;
}
