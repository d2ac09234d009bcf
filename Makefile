# SPDX-License-Identifier: BSD-2-Clause
# postino: top-level build. GNU make.
#
# Layout: lib/ is built into a static archive that every program links.
# Each program directory (authd, cli, pwchange) becomes one binary from all
# of its .c files; saslplugin/ becomes libpostino.so. A program's objects
# other than main.o also go into an archive of their own so that unit tests
# (tests/unit/test_*.c) can link and test them.
#
# Targets that need the system's dependencies (check, demo, bench, fuzz)
# first run scripts/install-deps and then re-enter make, because the
# pkg-config lookups below happen when this file is read.

VERSION   := 0.2.0
PREFIX    ?= /usr/local
SBINDIR   ?= $(PREFIX)/sbin
BINDIR    ?= $(PREFIX)/bin
SYSCONFDIR ?= /etc
LIBDIR    ?= $(PREFIX)/lib
DATADIR   ?= $(PREFIX)/share
MANDIR    ?= $(DATADIR)/man
# The plugin goes under PREFIX; libsasl2 looks only in its own directory
# (SYSTEM_SASLDIR), so a /usr/local install needs SASLDIR=$(SYSTEM_SASLDIR)
# or the application's plugin path (doc/install.md).
SYSTEM_SASLDIR := $(shell pkg-config --variable=libdir libsasl2 2>/dev/null || echo /usr/lib)/sasl2
SASLDIR   ?= $(LIBDIR)/sasl2
UNITDIR   ?= $(LIBDIR)/systemd/system
SYSUSERSDIR ?= $(LIBDIR)/sysusers.d
TMPFILESDIR ?= $(LIBDIR)/tmpfiles.d
DESTDIR   ?=

SANITIZE  ?= 0
ifeq ($(SANITIZE),1)
BUILD     ?= build-san
SANFLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
BUILD     ?= build
SANFLAGS  :=
HARDEN    := -D_FORTIFY_SOURCE=2
endif
FUZZ      ?= 0
ifeq ($(FUZZ),1)
SANFLAGS  := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
endif

PKGS      := ldap libsasl2 openssl libmicrohttpd libcrypt
HAVE_ARGON2 := $(shell pkg-config --exists libargon2 2>/dev/null && echo 1)
ifeq ($(HAVE_ARGON2),1)
PKGS      += libargon2
ARGON2_DEF := -DHAVE_ARGON2=1
endif

CFLAGS    ?= -O2 -g
WARN      := -Wall -Wextra -Werror -Wformat=2 -Wvla -Wshadow -Wstrict-prototypes
CPPFLAGS  += -D_GNU_SOURCE -DPOSTINO_VERSION='"$(VERSION)"' $(HARDEN) $(ARGON2_DEF) -Ilib $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
ALLCFLAGS := -std=c11 $(WARN) $(CFLAGS) -fPIC -fvisibility=hidden -fstack-protector-strong \
	     -pthread $(SANFLAGS) -MMD -MP
LDLIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -ldb -lpthread
ALLLDFLAGS := $(LDFLAGS) -pthread $(SANFLAGS) -Wl,-z,relro,-z,now

LIB_SRCS  := $(wildcard lib/*.c)
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/%.o)
LIBA      := $(BUILD)/libpostino-common.a

# prog_template(dir, binary-name)
COMPONENTS := authd cli pwchange socketmap
authd_BIN    := postino-authd
cli_BIN      := postinoctl
pwchange_BIN := postino-pwchange
socketmap_BIN := postino-socketmap

define prog_template
$(1)_SRCS    := $$(wildcard $(1)/*.c)
$(1)_OBJS    := $$($(1)_SRCS:%.c=$$(BUILD)/%.o)
$(1)_LIBOBJS := $$(filter-out $$(BUILD)/$(1)/main.o,$$($(1)_OBJS))
$(1)_A       := $$(BUILD)/lib$(1).a
ifneq ($$($(1)_SRCS),)
PROGS        += $$(BUILD)/$$($(1)_BIN)
COMP_ARCHIVES += $$($(1)_A)
endif
$$($(1)_A): $$($(1)_LIBOBJS)
	@mkdir -p $$(dir $$@)
	rm -f $$@ && $$(AR) rcs $$@ $$^ $$(if $$^,,$$(BUILD)/empty.o)
$$(BUILD)/$$($(1)_BIN): $$($(1)_OBJS) $$(LIBA)
	$$(CC) $$(ALLLDFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
$(foreach c,$(COMPONENTS),$(eval $(call prog_template,$(c))))

PLUGIN_SRCS := $(wildcard saslplugin/*.c)
PLUGIN_OBJS := $(PLUGIN_SRCS:%.c=$(BUILD)/%.o)
PLUGIN      := $(BUILD)/sasl2/libpostino.so
ifneq ($(PLUGIN_SRCS),)
PROGS       += $(PLUGIN)
COMP_ARCHIVES += $(BUILD)/libsaslplugin.a
endif

UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(UNIT_SRCS:%.c=$(BUILD)/%)
TOOL_SRCS  := $(wildcard tests/tools/*.c)
TOOL_BINS  := $(TOOL_SRCS:%.c=$(BUILD)/%)
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(BENCH_SRCS:%.c=$(BUILD)/%)
FUZZ_SRCS  := $(wildcard tests/fuzz/fuzz_*.c)

.PHONY: all deps check check-run unit integration fuzz fuzz-build fuzz-smoke demo demo-stop \
	bench bench-run bench-1m bench-socketmap soak faults lint pkg-test pkg-lint programs install \
	uninstall clean e2e e2e-run

MAN_PAGES := $(patsubst doc/man/%.in,$(BUILD)/man/%,$(wildcard doc/man/*.in))
UNITS     := $(wildcard systemd/*.service.in)

all: $(PROGS) $(UNIT_BINS) $(TOOL_BINS) $(BENCH_BINS) $(MAN_PAGES)

deps:
	@./scripts/install-deps

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) -c -o $@ $<

$(BUILD)/empty.o:
	@mkdir -p $(dir $@)
	echo 'typedef int postino_empty_unit;' | $(CC) $(ALLCFLAGS) -x c -c -o $@ -

$(LIBA): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/libsaslplugin.a: $(PLUGIN_OBJS)
	rm -f $@ && $(AR) rcs $@ $^

# libsasl2 dlopen()s plugins with RTLD_NOW, so an unresolved symbol would
# only show as a plugin that silently fails to load: -z defs makes it a link
# error (not under the sanitizers, whose runtime the executable provides).
# --as-needed keeps libraries the plugin does not use out of every SASL host.
PLUGIN_LDFLAGS := -Wl,--as-needed $(if $(filter 1,$(SANITIZE) $(FUZZ)),,-Wl,-z,defs)
$(PLUGIN): $(PLUGIN_OBJS) $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(ALLLDFLAGS) $(PLUGIN_LDFLAGS) -shared -Wl,-soname,libpostino.so -o $@ $^ $(LDLIBS)

# Unit tests, test tools and benchmarks are one file each and may use any
# program's internals through the component archives.
$(UNIT_BINS): $(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(COMP_ARCHIVES) $(LIBA)
	$(CC) $(ALLLDFLAGS) -o $@ $^ $(LDLIBS)
$(TOOL_BINS): $(BUILD)/tests/tools/%: $(BUILD)/tests/tools/%.o $(COMP_ARCHIVES) $(LIBA)
	$(CC) $(ALLLDFLAGS) -o $@ $^ $(LDLIBS) -lsasl2
$(BENCH_BINS): $(BUILD)/bench/%: $(BUILD)/bench/%.o $(COMP_ARCHIVES) $(LIBA)
	$(CC) $(ALLLDFLAGS) -o $@ $^ $(LDLIBS)

# Manual pages: the settings sections come from the tables (mansettings).
$(BUILD)/doc/man/mansettings.o: CPPFLAGS += -Iauthd -Icli -Ipwchange -Isaslplugin -Isocketmap
$(BUILD)/mansettings: $(BUILD)/doc/man/mansettings.o $(COMP_ARCHIVES) $(LIBA)
	$(CC) $(ALLLDFLAGS) -o $@ $^ $(LDLIBS)
$(BUILD)/man/%: doc/man/%.in doc/man/render $(BUILD)/mansettings
	@mkdir -p $(dir $@)
	doc/man/render $< $(BUILD)/mansettings $(VERSION) >$@.tmp && mv $@.tmp $@

# ---------------------------------------------------------------- tests
check:
	@./scripts/install-deps
	@$(MAKE) --no-print-directory check-run

check-run: all
	@BUILD=$(BUILD) SANITIZE=$(SANITIZE) ./tests/run-tests

unit: all
	@BUILD=$(BUILD) ./tests/run-tests unit

integration: all
	@BUILD=$(BUILD) ./tests/run-tests integration

e2e:
	@./scripts/install-deps
	@POSTINO_E2E=1 ./scripts/install-deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) ./tests/run-tests e2e

# libFuzzer targets, built with clang in their own tree. `make fuzz` runs
# each target for FUZZ_TIME seconds, or FUZZ_RUNS executions when that is
# given (FUZZ_TARGETS picks targets); check runs a short smoke pass.
FUZZ_TIME ?=
FUZZ_RUNS ?=
fuzz:
	@./scripts/install-deps
	@$(MAKE) --no-print-directory FUZZ=1 CC=clang BUILD=build-fuzz fuzz-build
	@FUZZ_TIME=$(FUZZ_TIME) FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_TARGETS="$(FUZZ_TARGETS)" \
		./tests/run-fuzz build-fuzz

FUZZ_BINS := $(FUZZ_SRCS:%.c=$(BUILD)/%)
fuzz-build: $(LIBA) $(COMP_ARCHIVES) $(FUZZ_BINS)

$(FUZZ_BINS): $(BUILD)/tests/fuzz/%: $(BUILD)/tests/fuzz/%.o $(COMP_ARCHIVES) $(LIBA)
	$(CC) $(ALLLDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz-smoke:
	@$(MAKE) --no-print-directory FUZZ=1 CC=clang BUILD=build-fuzz fuzz-build
	@FUZZ_TIME=5 ./tests/run-fuzz build-fuzz

# Debian packages (tests/pkg/pkg-test): pkg-test builds them, runs lintian,
# installs them on a fresh Debian 12 chroot and runs authd from there
# (root; about 10 minutes); pkg-lint only builds and runs lintian.
pkg-test:
	@./scripts/install-deps
	@./tests/pkg/pkg-test

pkg-lint:
	@./scripts/install-deps
	@./tests/pkg/pkg-test --no-chroot

# ---------------------------------------------------------------- demo, bench
demo:
	@./scripts/install-deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) ./scripts/demo start

demo-stop:
	@./scripts/demo stop

bench:
	@./scripts/install-deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) ./bench/run-bench

# A million accounts against a thousand (bench/run-1m; about 2 GiB of disk)
bench-1m:
	@./scripts/install-deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) ./bench/run-1m

# postino-socketmap against sendmail's hash access map (short run)
bench-socketmap: all
	@BUILD=$(BUILD) ./bench/run-socketmap

# Long runs with figures (doc/hardening.md): SOAK_MINUTES (30) of mixed
# load with resources sampled each minute; faults under load.
soak:
	@./scripts/install-deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) ./bench/run-soak

faults:
	@./scripts/install-deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) ./bench/run-faults

# ---------------------------------------------------------------- lint
C_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
lint:
	clang-format --dry-run --Werror $(C_FILES)
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
		--inline-suppr --std=c11 -D_GNU_SOURCE -Ilib \
		--suppress=missingIncludeSystem $(C_FILES)

# ---------------------------------------------------------------- install
INSTALL_PROGS := $(filter-out $(PLUGIN),$(PROGS))
# What install needs (no tests or benchmarks): what a package build runs.
programs: $(PROGS) $(MAN_PAGES)
install: programs
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(DATADIR)/postino/schema \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR) \
		$(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR) \
		$(DESTDIR)$(DATADIR)/bash-completion/completions
	install -m 0755 $(INSTALL_PROGS) $(DESTDIR)$(SBINDIR)/
	if [ -f $(PLUGIN) ]; then install -d $(DESTDIR)$(SASLDIR) && \
		install -m 0644 $(PLUGIN) $(DESTDIR)$(SASLDIR)/; fi
	install -m 0644 schema/*.schema schema/*.ldif schema/*.conf \
		$(DESTDIR)$(DATADIR)/postino/schema/
	install -m 0644 $(filter %.5,$(MAN_PAGES)) $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 $(filter %.8,$(MAN_PAGES)) cli/postinoctl.8 $(DESTDIR)$(MANDIR)/man8/
	for u in $(UNITS); do sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
		$$u >$(DESTDIR)$(UNITDIR)/$$(basename $$u .in) && \
		chmod 0644 $(DESTDIR)$(UNITDIR)/$$(basename $$u .in); done
	install -m 0644 systemd/postino.sysusers $(DESTDIR)$(SYSUSERSDIR)/postino.conf
	install -m 0644 systemd/postino.tmpfiles $(DESTDIR)$(TMPFILESDIR)/postino.conf
	install -m 0644 cli/postinoctl.bash-completion \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/postinoctl

uninstall:
	rm -f $(addprefix $(DESTDIR)$(SBINDIR)/,$(notdir $(INSTALL_PROGS))) \
		$(DESTDIR)$(SASLDIR)/libpostino.so \
		$(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(filter %.5,$(MAN_PAGES)))) \
		$(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(filter %.8,$(MAN_PAGES))) postinoctl.8) \
		$(addprefix $(DESTDIR)$(UNITDIR)/,$(notdir $(UNITS:.in=))) \
		$(DESTDIR)$(SYSUSERSDIR)/postino.conf $(DESTDIR)$(TMPFILESDIR)/postino.conf \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/postinoctl
	rm -rf $(DESTDIR)$(DATADIR)/postino

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
