# sealtools — one Makefile for everything.
#
#   make                 build libseal, sealctl, sealrun and the sealer
#   make check           install missing Debian packages, build, run every test
#   make demo            build and show a real process's sealing
#   make bench           benchmarks (see tests/bench/)
#   make cross ARCH=aarch64   cross-build with Debian's aarch64 toolchain
#   make check-cross     run the aarch64 unit tests and syscall checks under qemu
#   make install / uninstall  (DESTDIR PREFIX BINDIR LIBDIR MANDIR)

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

HOST_ARCH := $(shell uname -m)
ARCH ?= $(HOST_ARCH)
ifeq ($(ARCH),arm64)
override ARCH := aarch64
endif

ifneq ($(ARCH),$(HOST_ARCH))
CROSS_COMPILE ?= $(ARCH)-linux-gnu-
PKG_CONFIG_LIBDIR ?= /usr/lib/$(ARCH)-linux-gnu/pkgconfig
export PKG_CONFIG_LIBDIR
endif

ifeq ($(wildcard arch/$(ARCH)/syscall_arch.h),)
$(error unsupported ARCH '$(ARCH)': sealtools supports x86_64 and aarch64)
endif

CC := $(CROSS_COMPILE)gcc
AR := $(CROSS_COMPILE)ar
PKG_CONFIG ?= pkg-config

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share

B ?= build/$(ARCH)

SCOLS_CFLAGS := $(shell $(PKG_CONFIG) --cflags smartcols 2>/dev/null)
SCOLS_LIBS := $(shell $(PKG_CONFIG) --libs smartcols 2>/dev/null || echo -lsmartcols)
SECCOMP_CFLAGS := $(shell $(PKG_CONFIG) --cflags libseccomp 2>/dev/null)
SECCOMP_LIBS := $(shell $(PKG_CONFIG) --libs libseccomp 2>/dev/null || echo -lseccomp)

# glibc 2.43+ declares mseal(); use it when this toolchain's libc has it.
HAVE_LIBC_MSEAL := $(shell printf '\#include <sys/mman.h>\nint main(void){return mseal(0,0,0);}\n' | \
	$(CC) -D_GNU_SOURCE -Werror=implicit-function-declaration -x c - -o /dev/null 2>/dev/null && echo 1)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
HARDEN := -fstack-protector-strong -D_FORTIFY_SOURCE=3 -fPIE
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=gnu11 $(WARN) $(HARDEN) $(CFLAGS) \
	-Iarch/$(ARCH) -Ilib -DSEAL_VERSION='"$(VERSION)"' -DSEAL_LIBDIR='"$(LIBDIR)"' \
	$(if $(HAVE_LIBC_MSEAL),-DHAVE_LIBC_MSEAL)
ALL_LDFLAGS := -pie -Wl,-z,relro,-z,now -Wl,--as-needed $(LDFLAGS)

LIB_SRC := $(filter-out lib/sealer%,$(wildcard lib/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/%.o)
SEALCTL_SRC := $(wildcard cmd/sealctl/*.c)
SEALRUN_SRC := $(wildcard cmd/sealrun/*.c)
SEALER_SRC := $(wildcard lib/sealer*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
HELPER_SRC := $(wildcard tests/helpers/*.c)

PROGS := $(if $(SEALCTL_SRC),$(B)/sealctl) $(if $(SEALRUN_SRC),$(B)/sealrun)
SEALER := $(if $(SEALER_SRC),$(B)/libsealrun.so)
UNITS := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
HELPERS := $(HELPER_SRC:tests/helpers/%.c=$(B)/helpers/%)

.PHONY: all check demo bench cross check-cross install uninstall clean deps test-deps
.DELETE_ON_ERROR:

all: $(B)/libseal.a $(PROGS) $(SEALER) $(UNITS) $(HELPERS)

$(B)/%.o: %.c lib/seal.h $(wildcard lib/*.h) $(wildcard cmd/*/*.h) Makefile
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SCOLS_CFLAGS) $(SECCOMP_CFLAGS) -fPIC -c $< -o $@

$(B)/libseal.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(B)/sealctl: $(SEALCTL_SRC:%.c=$(B)/%.o) $(B)/libseal.a
	$(CC) $(ALL_LDFLAGS) $^ $(SCOLS_LIBS) -o $@

$(B)/sealrun: $(SEALRUN_SRC:%.c=$(B)/%.o) $(B)/libseal.a
	$(CC) $(ALL_LDFLAGS) $^ $(SECCOMP_LIBS) -o $@

$(B)/libsealrun.so: $(SEALER_SRC:%.c=$(B)/%.o) $(B)/libseal.a
	$(CC) -shared -Wl,-z,relro,-z,now -Wl,-soname,libsealrun.so $(LDFLAGS) $^ -ldl -o $@

$(B)/tests/%: tests/unit/%.c tests/unit/tap.h $(B)/libseal.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(ALL_LDFLAGS) $< $(B)/libseal.a -o $@

$(B)/helpers/%: tests/helpers/%.c $(B)/libseal.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SECCOMP_CFLAGS) $(ALL_LDFLAGS) $< $(B)/libseal.a -ldl -lpthread $(HELPER_LIBS) -o $@

# Helpers that need more than libc: one line each.
$(B)/helpers/denyseal: HELPER_LIBS = $(SECCOMP_LIBS)

# ---- set-up, tests, demo ---------------------------------------------------

deps:
	@tests/deps.sh build

test-deps:
	@tests/deps.sh test

check: test-deps
	$(MAKE) all
	B=$(B) tests/run

demo: deps
	$(MAKE) all
	B=$(B) tests/demo.sh

bench: test-deps
	$(MAKE) all
	B=$(B) tests/bench/run.sh

cross:
	@tests/deps.sh cross
	$(MAKE) ARCH=aarch64 all

check-cross: cross
	B=build/aarch64 tests/cross/run.sh

# ---- install -----------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/sealtools $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8
	install -m 755 $(PROGS) $(DESTDIR)$(BINDIR)/
	$(if $(SEALER),install -m 644 $(SEALER) $(DESTDIR)$(LIBDIR)/sealtools/)
	for m in man/*.1; do [ -e "$$m" ] && install -m 644 "$$m" $(DESTDIR)$(MANDIR)/man1/ || :; done
	for m in man/*.8; do [ -e "$$m" ] && install -m 644 "$$m" $(DESTDIR)$(MANDIR)/man8/ || :; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sealctl $(DESTDIR)$(BINDIR)/sealrun
	rm -f $(DESTDIR)$(LIBDIR)/sealtools/libsealrun.so
	-rmdir $(DESTDIR)$(LIBDIR)/sealtools 2>/dev/null
	rm -f $(DESTDIR)$(MANDIR)/man1/sealrun.1 $(DESTDIR)$(MANDIR)/man8/sealctl.8

clean:
	rm -rf build
