# smtplog: plain GNU make. `make` builds ./smtplog, `make test` runs every test,
# `make demo` analyzes the bundled sample logs, `make asan` runs the tests under
# AddressSanitizer and UndefinedBehaviorSanitizer.

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -std=c11 -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
           -Wshadow -Wpointer-arith -Wcast-qual -Wsign-compare
BUILD   ?= build
PKGS     = libpcre2-8 sqlite3 zlib $(PG_PKG)
# libpq, for the PostgreSQL store (--db postgresql://...).
PG_PKG   = libpq
PREFIX  ?= /usr/local
VERSION  = 0.1.0

# Checked before pkg-config is asked anything, so a fresh machine gets its -dev
# packages installed by the first `make` (see the deps target).
DEPS_OK := $(shell pkg-config --exists $(PKGS) criterion 2>/dev/null && \
	command -v groff >/dev/null 2>&1 && \
	{ python3 -c 'import prometheus_client' || \
	/usr/bin/python3 -c 'import prometheus_client'; } >/dev/null 2>&1 && echo yes)

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CR_CFLAGS  = $(shell pkg-config --cflags criterion 2>/dev/null)
CR_LIBS    = $(shell pkg-config --libs criterion 2>/dev/null)

ALL_CPPFLAGS = -D_GNU_SOURCE -DSL_VERSION='"$(VERSION)"' -Iinclude -I$(BUILD) $(CPPFLAGS)
ALL_CFLAGS   = $(WARN) $(CFLAGS) $(PKG_CFLAGS) -pthread

LIB_SRCS  = $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJS  = $(LIB_SRCS:src/%.c=$(BUILD)/%.o) $(BUILD)/patterns_embed.o
TEST_SRCS = $(wildcard tests/test_*.c) tests/patcase.c
TEST_OBJS = $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%.o)
PATS      = $(sort $(wildcard patterns/*.pat))

.PHONY: all deps test unit cli corpus demo asan valgrind clean bench bench-pg fuzz install uninstall man-check

all: deps smtplog

# Copied through a temporary name so a running ./smtplog is not in the way.
smtplog: $(BUILD)/smtplog
	cp $< $@.tmp && mv -f $@.tmp $@

$(BUILD)/smtplog: $(BUILD)/main.o $(BUILD)/libsmtplog.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(BUILD)/libsmtplog.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: src/%.c | $(BUILD)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The pattern files are compiled into the binary so it works from any directory.
$(BUILD)/patterns_embed.c: $(PATS) tests/embed.sh | $(BUILD)
	sh tests/embed.sh $(PATS) > $@

$(BUILD)/patterns_embed.o: $(BUILD)/patterns_embed.c
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c | $(BUILD)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(CR_CFLAGS) -Wno-missing-prototypes -MMD -MP -c -o $@ $<

$(BUILD)/test_smtplog: $(TEST_OBJS) $(BUILD)/libsmtplog.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(CR_LIBS) $(PKG_LIBS) -lm

$(BUILD):
	mkdir -p $(BUILD)/tests

# Installs the missing -dev packages on Debian when pkg-config cannot find them.
deps:
ifneq ($(DEPS_OK),yes)
	@sh tests/deps.sh
endif

test: deps unit cli corpus man-check

unit: smtplog $(BUILD)/test_smtplog
	cd tests && SMTPLOG=$(CURDIR)/$(BUILD)/smtplog ../$(BUILD)/test_smtplog --jobs 2

cli: smtplog
	SMTPLOG=$(CURDIR)/$(BUILD)/smtplog sh tests/cli.sh

corpus: smtplog
	SMTPLOG=$(CURDIR)/$(BUILD)/smtplog sh tests/corpus.sh

demo: all
	@rm -f $(BUILD)/demo.db $(BUILD)/demo.db-wal $(BUILD)/demo.db-shm
	./smtplog analyze --db $(BUILD)/demo.db examples/*.log

# Installation under $(DESTDIR)$(PREFIX): the binary, the man page, the
# pattern files (to read and copy; the binary carries its own), bash
# completion, and the example cron and systemd files present in examples/.
BINDIR      = $(PREFIX)/bin
MAN1DIR     = $(PREFIX)/share/man/man1
PATDIR      = $(PREFIX)/share/smtplog/patterns
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
EXDIR       = $(PREFIX)/share/doc/smtplog/examples

install: $(BUILD)/smtplog
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MAN1DIR) $(DESTDIR)$(PATDIR) \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(EXDIR)
	install -m 755 $(BUILD)/smtplog $(DESTDIR)$(BINDIR)/smtplog
	install -m 644 man/smtplog.1 $(DESTDIR)$(MAN1DIR)/smtplog.1
	install -m 644 $(PATS) patterns/README.md $(DESTDIR)$(PATDIR)/
	install -m 644 examples/smtplog.bash-completion $(DESTDIR)$(BASHCOMPDIR)/smtplog
	for f in examples/*.cron examples/*.service examples/*.timer examples/*.sh \
	    examples/*.log; do \
		[ -f "$$f" ] || continue; \
		case $$f in *.sh) m=755 ;; *) m=644 ;; esac; \
		install -m $$m "$$f" $(DESTDIR)$(EXDIR)/ || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/smtplog $(DESTDIR)$(MAN1DIR)/smtplog.1 \
	    $(DESTDIR)$(BASHCOMPDIR)/smtplog
	rm -rf $(DESTDIR)$(PREFIX)/share/smtplog $(DESTDIR)$(PREFIX)/share/doc/smtplog

# The man page renders without a warning (tests/cli_help.sh checks that it
# agrees with --help).
man-check:
	@command -v groff > /dev/null || { echo "man-check: groff is missing (apt-get install groff-base)" >&2; exit 1; }
	@out=$$(groff -ww -z -man man/smtplog.1 2>&1); \
	if [ -n "$$out" ]; then echo "$$out" >&2; echo "man-check: groff warnings in man/smtplog.1" >&2; exit 1; fi; \
	echo "man-check: man/smtplog.1 renders without warnings"

# The flags are exported too, so a make run by a test (cli_install.sh) builds
# the same way.
ASAN_CFLAGS  = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ASAN_LDFLAGS = -fsanitize=address,undefined
asan:
	$(MAKE) BUILD=build-asan CFLAGS="$(ASAN_CFLAGS)" LDFLAGS="$(ASAN_LDFLAGS)" \
	    build-asan/smtplog build-asan/test_smtplog
	cd tests && ASAN_OPTIONS=detect_leaks=1 SMTPLOG=$(CURDIR)/build-asan/smtplog ../build-asan/test_smtplog --jobs 2
	CFLAGS="$(ASAN_CFLAGS)" LDFLAGS="$(ASAN_LDFLAGS)" SMTPLOG_ASAN=1 \
	    SMTPLOG=$(CURDIR)/build-asan/smtplog sh tests/cli.sh
	SMTPLOG=$(CURDIR)/build-asan/smtplog sh tests/corpus.sh

# Every command on the test inputs under valgrind: no leak, no error.
valgrind: all
	SMTPLOG=$(CURDIR)/$(BUILD)/smtplog sh tests/valgrind.sh

# libFuzzer targets (clang); FUZZ_SECONDS per target, default 60.
fuzz:
	sh tests/fuzz/run.sh

bench: all
	SMTPLOG=$(CURDIR)/$(BUILD)/smtplog sh bench/run.sh

# Ingest into PostgreSQL (1, 2, 4 writers) beside SQLite, on a throw-away cluster.
bench-pg: all
	SMTPLOG=$(CURDIR)/$(BUILD)/smtplog sh bench/pg.sh

clean:
	rm -rf build build-asan smtplog

-include $(wildcard $(BUILD)/*.d $(BUILD)/tests/*.d)
