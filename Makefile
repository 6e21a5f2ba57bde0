# sealtools — one Makefile for everything.
#
#   make                 build libseal, sealctl, sealrun and the sealer
#   make check           install missing Debian packages, build, run every test
#   make demo            build and show a real process's sealing
#   make bench           benchmarks (see tests/bench/)
#   make fuzz [FUZZ_SECONDS=N]  each libFuzzer target N seconds (tests/fuzz/)
#   make asan            sealctl, sealrun and unit tests with ASan+UBSan
#   make cross ARCH=aarch64   cross-build with Debian's aarch64 toolchain
#   make check-cross     run the aarch64 unit tests and syscall checks under qemu
#   make check-glibc     the sealer's tests against glibc 2.43 in a Debian testing
#                        chroot (made once with debootstrap, cached in build/glibc/)
#   make install / uninstall  (DESTDIR PREFIX BINDIR LIBDIR MANDIR; see below)
#   make lint            mandoc/groff on the man pages, shellcheck on the scripts

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
# (\043 is '#': make 4.3 and 4.4 disagree on how '\#' reaches the shell.)
HAVE_LIBC_MSEAL := $(shell printf '\043include <sys/mman.h>\nint main(void){return mseal(0,0,0);}\n' | \
	$(CC) -D_GNU_SOURCE -Werror=implicit-function-declaration -x c - -o /dev/null 2>/dev/null && echo 1)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
HARDEN := -fstack-protector-strong -D_FORTIFY_SOURCE=3 -fPIE
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=gnu11 $(WARN) $(HARDEN) $(CFLAGS) \
	-Iarch/$(ARCH) -Ilib -Isealer -DSEAL_VERSION='"$(VERSION)"' \
	$(if $(HAVE_LIBC_MSEAL),-DHAVE_LIBC_MSEAL)
ALL_LDFLAGS := -pie -Wl,-z,relro,-z,now -Wl,--as-needed $(LDFLAGS)

LIB_SRC := $(wildcard lib/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(B)/%.o)
SEALCTL_SRC := $(wildcard cmd/sealctl/*.c)
SEALRUN_SRC := $(wildcard cmd/sealrun/*.c) sealer/envlist.c
SEALER_SRC := $(wildcard sealer/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
HELPER_SRC := $(wildcard tests/helpers/*.c)
EXAMPLE_SRC := $(wildcard examples/*.c)

PROGS := $(if $(SEALCTL_SRC),$(B)/sealctl) $(if $(SEALRUN_SRC),$(B)/sealrun)
SEALER := $(if $(SEALER_SRC),$(B)/libsealrun.so)
UNITS := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
HELPERS := $(HELPER_SRC:tests/helpers/%.c=$(B)/helpers/%)
EXAMPLES := $(EXAMPLE_SRC:examples/%.c=$(B)/examples/%)

.PHONY: all check demo bench cross check-cross check-glibc install uninstall clean deps test-deps
.DELETE_ON_ERROR:

all: $(B)/libseal.a $(PROGS) $(SEALER) $(UNITS) $(HELPERS) $(EXAMPLES)

$(B)/%.o: %.c lib/seal.h $(wildcard lib/*.h) $(wildcard cmd/*/*.h) $(wildcard sealer/*.h) Makefile
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SCOLS_CFLAGS) $(SECCOMP_CFLAGS) -fPIC -c $< -o $@

$(B)/libseal.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(B)/sealctl: $(SEALCTL_SRC:%.c=$(B)/%.o) $(B)/libseal.a
	$(CC) $(ALL_LDFLAGS) $^ $(SCOLS_LIBS) -o $@

$(B)/sealrun: $(SEALRUN_SRC:%.c=$(B)/%.o) $(B)/libseal.a
	$(CC) $(ALL_LDFLAGS) $^ $(SECCOMP_LIBS) -o $@

# The sealer (sealer/): an audit module that links no libc.  Its own
# sources and the libseal parsers it reuses are compiled apart, with no
# fortified or builtin string functions (sealer/sys.c has its own) and
# no loop turned into a memcpy call; -z defs proves nothing is left for
# a libc to resolve.  It needs one symbol of ld.so's, __libc_stack_end.
LDSO_x86_64 := ld-linux-x86-64.so.2
LDSO_aarch64 := ld-linux-aarch64.so.1
SEALER_LIB_SRC := lib/policy.c lib/span.c lib/elf.c
SEALER_OBJ := $(SEALER_SRC:%.c=$(B)/sealer-obj/%.o) $(SEALER_LIB_SRC:%.c=$(B)/sealer-obj/%.o)
SEALER_CFLAGS := $(filter-out -D_FORTIFY_SOURCE=%,$(ALL_CFLAGS)) -U_FORTIFY_SOURCE \
	-ffreestanding -fno-tree-loop-distribute-patterns -fvisibility=hidden -fPIC

$(B)/sealer-obj/%.o: %.c $(wildcard lib/*.h) $(wildcard sealer/*.h) $(wildcard arch/$(ARCH)/*.h) Makefile
	@mkdir -p $(@D)
	$(CC) $(SEALER_CFLAGS) -c $< -o $@

$(B)/libsealrun.so: $(SEALER_OBJ)
	$(CC) -shared -nostdlib -Wl,-z,defs -Wl,-z,relro,-z,now -Wl,-soname,libsealrun.so \
		$(LDFLAGS) $^ -l:$(LDSO_$(ARCH)) -lgcc -o $@

$(B)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(B)/libseal.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(ALL_LDFLAGS) $< $(B)/libseal.a -o $@

# seal_self's test: segments 64 KiB apart, so that the kernel maps the
# program with unmapped gaps inside its span.
$(B)/tests/test_self: ALL_LDFLAGS += -Wl,-z,max-page-size=0x10000 -Wl,-z,noseparate-code

$(B)/helpers/%: tests/helpers/%.c $(B)/libseal.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SECCOMP_CFLAGS) $(ALL_LDFLAGS) $< $(B)/libseal.a -ldl -lpthread $(HELPER_LIBS) -o $@

# The programs of examples/, as a user of libseal would build them.
$(B)/examples/%: examples/%.c lib/seal.h $(B)/libseal.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $< $(B)/libseal.a -o $@

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

check-glibc: test-deps
	tests/glibc/run.sh

# ---- fuzzing and sanitizers (tests/fuzz/, tests/sanitize.sh) ---------------
#
#   make fuzz [FUZZ_SECONDS=N]   run each libFuzzer target N seconds (default
#                                60); fails on any crash, leaving the input in
#                                $(B)/fuzz/crash-NAME-*
#   make asan                    sealctl, sealrun and the unit tests built with
#                                ASan+UBSan into $(ASAN_B)
# The fuzzers are built with clang; libseal is rebuilt for them with the
# same instrumentation, as an archive so each target links only what it uses.

FUZZ_CC ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Iarch/$(ARCH) -Ilib -Icmd/sealctl
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZERS := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(B)/fuzz/%.o) $(B)/fuzz/cmd/sealctl/columns.o

ASAN_B ?= build/asan-$(ARCH)
ASAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

.PHONY: fuzz fuzz-build asan sanitize-build

fuzz-build: $(FUZZERS)

fuzz: test-deps
	$(MAKE) fuzz-build all
	B=$(B) FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh

$(B)/fuzz/%.o: %.c $(wildcard lib/*.h) cmd/sealctl/sealctl.h Makefile
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(B)/fuzz/libseal.a: $(FUZZ_LIB_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/unit/memsrc.h $(B)/fuzz/libseal.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(B)/fuzz/libseal.a -o $@

asan:
	$(MAKE) B=$(ASAN_B) CFLAGS='$(ASAN_FLAGS)' LDFLAGS='-fsanitize=address,undefined' \
		sanitize-build

sanitize-build: $(B)/libseal.a $(PROGS) $(UNITS)

# ---- libseal as a shared library --------------------------------------------
#
# libseal.so.0: only the functions of lib/seal.h are exported (lib/libseal.map);
# the policy and ELF code stay internal.  SOMAJOR is the ABI version, apart
# from the package VERSION: bump it when a symbol of the map changes or goes.
# sealctl, sealrun and the sealer keep linking libseal.a statically: the
# sealer is preloaded into every sealed program and must not pull in a
# shared object of its own (one more object to map, and one the target's
# own libseal could interpose), and the tools then depend on no library
# of ours at run time, so a staged or moved tree runs as it is.

SOMAJOR := 0
SHLIB := $(B)/libseal.so.$(VERSION)
SHLIB_LINKS := $(B)/libseal.so.$(SOMAJOR) $(B)/libseal.so

all: $(SHLIB) $(SHLIB_LINKS) $(B)/libseal.pc

$(SHLIB): $(LIB_OBJ) lib/libseal.map
	$(CC) -shared -Wl,-soname,libseal.so.$(SOMAJOR) -Wl,--version-script=lib/libseal.map \
		-Wl,-z,relro,-z,now -Wl,--as-needed $(LDFLAGS) $(LIB_OBJ) -o $@

$(SHLIB_LINKS): $(SHLIB)
	ln -sf $(notdir $(SHLIB)) $@

# ${prefix}-relative where possible, so that pkg-config --define-prefix works.
PC_LIBDIR = $(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))
PC_INCLUDEDIR = $(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))

$(B)/libseal.pc: libseal.pc.in $(B)/paths.stamp
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(PC_LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(PC_INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' $< >$@

# sealrun finds its sealer relative to its own path: BINDIR/BIN_TO_LIB/sealtools
# (so a tree staged under DESTDIR, or with LIBDIR=/usr/lib/x86_64-linux-gnu,
# is consistent with itself), then in the absolute LIBDIR.  The stamp changes
# only when the paths do, so that "make install PREFIX=..." rebuilds what
# embeds them and nothing else.
BIN_TO_LIB := $(shell realpath -m --relative-to='$(BINDIR)' '$(LIBDIR)')
PATHS := $(PREFIX) $(BINDIR) $(LIBDIR) $(INCLUDEDIR) $(BIN_TO_LIB)

$(B)/cmd/sealrun/target.o: ALL_CFLAGS += -DSEAL_LIBDIR='"$(LIBDIR)"' -DSEAL_BIN_TO_LIB='"$(BIN_TO_LIB)"'
$(B)/cmd/sealrun/target.o: $(B)/paths.stamp
$(B)/cmd/sealrun/nss.o: ALL_CFLAGS += -DSEAL_MULTIARCH='"$(shell $(CC) -print-multiarch)"'

$(B)/paths.stamp: paths-force
	@mkdir -p $(@D)
	@echo '$(PATHS)' | cmp -s - $@ || echo '$(PATHS)' >$@

.PHONY: paths-force lint

# ---- lint (no fuzzing, no build needed) ----------------------------------------

lint:
	tests/lint-man.sh
	tests/lint-sh.sh

# ---- install -----------------------------------------------------------------
#
# DESTDIR PREFIX BINDIR LIBDIR INCLUDEDIR MANDIR DATADIR, and:
#   BASHCOMPDIR  bash-completion's completionsdir (pkg-config), rebased from
#                bash-completion's own prefix to PREFIX: /usr keeps
#                /usr/share/bash-completion/completions, /usr/local gets
#                /usr/local/share/bash-completion/completions (searched through
#                XDG_DATA_DIRS)
#   ZSHCOMPDIR   DATADIR/zsh/vendor-completions for PREFIX=/usr (Debian's place
#                for packaged completions), else DATADIR/zsh/site-functions
# uninstall removes exactly the files install adds, and the sealtools
# directory; other directories may be shared and stay.

BASHCOMP_PC_PREFIX = $(shell $(PKG_CONFIG) --variable=prefix bash-completion 2>/dev/null)
BASHCOMP_PC_DIR = $(shell $(PKG_CONFIG) --variable=completionsdir bash-completion 2>/dev/null)
BASHCOMPDIR ?= $(if $(BASHCOMP_PC_DIR),$(patsubst $(BASHCOMP_PC_PREFIX)/%,$(PREFIX)/%,$(BASHCOMP_PC_DIR)),$(DATADIR)/bash-completion/completions)
ZSHCOMPDIR ?= $(DATADIR)/zsh/$(if $(filter /usr,$(PREFIX)),vendor-completions,site-functions)

ZSHCOMP := completions/_sealctl completions/_sealrun completions/_sealtools_policy
MAN1 := $(wildcard man/*.1)
MAN3 := $(wildcard man/*.3)
MAN8 := $(wildcard man/*.8)
INSTALLED := $(PROGS:$(B)/%=$(BINDIR)/%) \
	$(if $(SEALER),$(LIBDIR)/sealtools/libsealrun.so) \
	$(LIBDIR)/libseal.a $(LIBDIR)/libseal.so.$(VERSION) $(LIBDIR)/libseal.so.$(SOMAJOR) \
	$(LIBDIR)/libseal.so $(LIBDIR)/pkgconfig/libseal.pc $(INCLUDEDIR)/seal.h \
	$(MAN1:man/%=$(MANDIR)/man1/%) $(MAN3:man/%=$(MANDIR)/man3/%) \
	$(MAN8:man/%=$(MANDIR)/man8/%) \
	$(BASHCOMPDIR)/sealctl $(BASHCOMPDIR)/sealrun $(ZSHCOMP:completions/%=$(ZSHCOMPDIR)/%)

install: $(PROGS) $(SEALER) $(B)/libseal.a $(SHLIB) $(B)/libseal.pc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/sealtools $(DESTDIR)$(LIBDIR)/pkgconfig \
		$(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(PROGS) $(DESTDIR)$(BINDIR)/
	$(if $(SEALER),install -m 644 $(SEALER) $(DESTDIR)$(LIBDIR)/sealtools/)
	install -m 644 $(B)/libseal.a $(SHLIB) $(DESTDIR)$(LIBDIR)/
	ln -sf libseal.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libseal.so.$(SOMAJOR)
	ln -sf libseal.so.$(SOMAJOR) $(DESTDIR)$(LIBDIR)/libseal.so
	install -m 644 $(B)/libseal.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 644 lib/seal.h $(DESTDIR)$(INCLUDEDIR)/
	$(if $(MAN1),install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/)
	$(if $(MAN3),install -m 644 $(MAN3) $(DESTDIR)$(MANDIR)/man3/)
	$(if $(MAN8),install -m 644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/)
	install -m 644 completions/sealtools.bash $(DESTDIR)$(BASHCOMPDIR)/sealctl
	ln -sf sealctl $(DESTDIR)$(BASHCOMPDIR)/sealrun
	install -m 644 $(ZSHCOMP) $(DESTDIR)$(ZSHCOMPDIR)/

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	-rmdir $(DESTDIR)$(LIBDIR)/sealtools 2>/dev/null

clean:
	rm -rf build
