# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# sealtools — building and installing.  Tests, the demo, benchmarks,
# fuzzing, the cross build and the kernel VMs live in tests/tests.mk,
# included at the end.
#
#   make                 build libseal, sealctl, sealrun and the sealer
#   make install / uninstall  (DESTDIR PREFIX BINDIR LIBDIR MANDIR; see below)
#   make dist / distcheck  the release tarball, and its check (see below)
#   make check           install missing Debian packages, build, run every test
#   (tests/tests.mk lists the other targets)

# VERSION is the one source of the version: the tools' --version, libseal.pc,
# the shared library's file name; the man pages' headers must say the same
# (tests/bats/docs.bats checks).
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


# ---- flags --------------------------------------------------------------------
#
# CFLAGS, CPPFLAGS and LDFLAGS are the user's (or dpkg-buildflags'), added
# after ours.  WERROR=1 turns warnings into errors (CI sets it; a user's
# newer compiler should not stop a build).

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	$(if $(filter 1,$(WERROR)),-Werror)
# _FORTIFY_SOURCE=3 unless the user's flags choose a level.
FORTIFY := $(if $(findstring _FORTIFY_SOURCE,$(CPPFLAGS) $(CFLAGS)),,-D_FORTIFY_SOURCE=3)
CFLAGS ?= -O2 -g
BASE_CPPFLAGS := -Iarch/$(ARCH) -DSEAL_VERSION='"$(VERSION)"' \
	$(if $(HAVE_LIBC_MSEAL),-DHAVE_LIBC_MSEAL)
ALL_CFLAGS := -std=gnu11 $(WARN) -fstack-protector-strong -fPIC $(CFLAGS)
ALL_LDFLAGS := -pie -Wl,-z,relro,-z,now -Wl,--as-needed $(LDFLAGS)
# Header dependencies, written next to each object.
DEPFLAGS = -MMD -MP

# ---- the rooms ------------------------------------------------------------------
#
#   lib/            libseal, the public library: seal.h and what implements
#                   it.  Installed.
#   common/         private code the products share (policy words, object
#                   spans, the ELF reader, the exec judge, the ptrace
#                   injector, the escaper).  Never installed: libseal takes
#                   the three pieces its API needs, the tools the rest
#                   through $(B)/libsealtools.a.
#   inside/         what runs inside a sealed program: the sealer
#                   (libsealrun.so) and the exec guard (libsealexec.so),
#                   and the environment protocol they share with sealrun.
#   cmd/sealctl/    cmd/sealrun/    the two commands.
#   arch/$(ARCH)/   every ISA difference.
#
# Each room is compiled with its own directory and those it depends on as
# include paths, and nothing else: a room that reaches for another's
# header fails to build.

ROOM_INC_lib := -Ilib -Icommon
ROOM_INC_common := -Icommon -Ilib
ROOM_INC_inside := -Iinside -Icommon
ROOM_INC_sealctl := -Icmd/sealctl -Ilib -Icommon -Iinside
ROOM_INC_sealrun := -Icmd/sealrun -Ilib -Icommon -Iinside

LIB_SRC := $(wildcard lib/*.c)
# The private pieces libseal's API needs: seal_self's policy words and
# spans, seal_objects_read's program headers from a file and its opening of
# files inside another process's root, the maps line under
# seal_smaps_parse_header.
LIBSEAL_COMMON_SRC := common/policy.c common/span.c common/elf.c common/maps.c common/safeopen.c
TOOLS_COMMON_SRC := $(filter-out $(LIBSEAL_COMMON_SRC),$(wildcard common/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/%.o) $(LIBSEAL_COMMON_SRC:%.c=$(B)/%.o)
TOOLS_COMMON_OBJ := $(TOOLS_COMMON_SRC:%.c=$(B)/%.o)
SEALCTL_SRC := $(wildcard cmd/sealctl/*.c)
# sealrun builds the sealed program's environment with the guard's code.
SEALRUN_SRC := $(wildcard cmd/sealrun/*.c) inside/pathlist.c inside/envbuild.c

PROGS := $(B)/sealctl $(B)/sealrun
SEALER := $(B)/libsealrun.so $(B)/libsealexec.so
TOOLS_LIBS := $(B)/libsealtools.a $(B)/libseal.a

.PHONY: all install uninstall clean deps
.DELETE_ON_ERROR:

# The products only; the test programs are check-programs (tests/tests.mk).
all: $(B)/libseal.a $(PROGS) $(SEALER)

$(B)/lib/%.o: ROOM_INC = $(ROOM_INC_lib)
$(B)/common/%.o: ROOM_INC = $(ROOM_INC_common)
$(B)/inside/%.o: ROOM_INC = $(ROOM_INC_inside)
$(B)/cmd/sealctl/%.o: ROOM_INC = $(ROOM_INC_sealctl) $(SCOLS_CFLAGS)
$(B)/cmd/sealrun/%.o: ROOM_INC = $(ROOM_INC_sealrun) $(SECCOMP_CFLAGS)

$(B)/%.o: %.c Makefile
	@mkdir -p $(@D)
	$(CC) $(ROOM_INC) $(BASE_CPPFLAGS) $(FORTIFY) $(CPPFLAGS) $(ALL_CFLAGS) $(DEPFLAGS) -c $< -o $@

# What embeds the version is rebuilt when VERSION changes.
$(B)/cmd/sealctl/main.o $(B)/cmd/sealrun/sealrun.o $(B)/libseal.pc: VERSION

$(B)/libseal.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(B)/libsealtools.a: $(TOOLS_COMMON_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(B)/sealctl: $(SEALCTL_SRC:%.c=$(B)/%.o) $(TOOLS_LIBS)
	$(CC) $(ALL_LDFLAGS) $^ $(SCOLS_LIBS) -o $@

$(B)/sealrun: $(SEALRUN_SRC:%.c=$(B)/%.o) $(TOOLS_LIBS)
	$(CC) $(ALL_LDFLAGS) $^ $(SECCOMP_LIBS) -o $@

# The sealer (inside/): an audit module that links no libc.  Its own
# sources and the policy code it shares are compiled apart, with no
# fortified or builtin string functions (inside/sys.c has its own) and
# no loop turned into a memcpy call; -z defs proves nothing is left for
# a libc to resolve.  It needs one symbol of ld.so's, __libc_stack_end.
LDSO_x86_64 := ld-linux-x86-64.so.2
LDSO_aarch64 := ld-linux-aarch64.so.1
# Where programs' PT_INTERP puts the loader.  The sealer's one DT_NEEDED
# is the loader by that absolute path: found in the sealer's namespace
# with no search (a root with the loader at the PT_INTERP path alone, no
# ld.so.cache nor multiarch copy, loads it too).
LDSO_DIR_x86_64 := /lib64
LDSO_DIR_aarch64 := /lib
SEALER_SRC := inside/sealer.c inside/sys.c inside/pathlist.c common/policy.c common/span.c \
	common/msg.c common/escape.c common/maps.c
SEALER_OBJ := $(SEALER_SRC:%.c=$(B)/sealer-obj/%.o)
SEALER_CPPFLAGS := $(ROOM_INC_inside) $(BASE_CPPFLAGS) -U_FORTIFY_SOURCE \
	$(filter-out -D_FORTIFY_SOURCE%,$(CPPFLAGS))
SEALER_CFLAGS := $(ALL_CFLAGS) -ffreestanding -fno-tree-loop-distribute-patterns \
	-fvisibility=hidden

$(B)/sealer-obj/%.o: %.c Makefile
	@mkdir -p $(@D)
	$(CC) $(SEALER_CPPFLAGS) $(SEALER_CFLAGS) $(DEPFLAGS) -c $< -o $@

# With a bare name and a run path instead, the loader searched the run
# path's legacy hwcaps subdirectories first: 36 failed system calls at
# every exec (glibc 2.36).  A stub with that soname is linked against,
# with the loader's symbols the sealer uses (__stack_chk_guard: AArch64's
# canary), unversioned (bound to the loader's default version).
$(B)/ldso-stub.so: Makefile
	@mkdir -p $(@D)
	printf 'void *__libc_stack_end;\nunsigned long __stack_chk_guard;\n' | \
		$(CC) -shared -nostdlib -x c - $(LDFLAGS) -Wl,-z,relro,-z,now \
		-Wl,-soname,$(LDSO_DIR_$(ARCH))/$(LDSO_$(ARCH)) -o $@

$(B)/libsealrun.so: $(SEALER_OBJ) $(B)/ldso-stub.so
	$(CC) -shared -nostdlib -Wl,-z,defs -Wl,-z,relro,-z,now -Wl,-soname,libsealrun.so \
		$(LDFLAGS) $(SEALER_OBJ) $(B)/ldso-stub.so -lgcc -o $@

# The exec guard (inside/guard.c): preloaded into sealed programs, it
# gives each program they start sealrun's variables again (the judgement
# is the supervisor's).  It uses the C library of the program it is in;
# only the functions it stands in for are exported.
GUARD_SRC := inside/guard.c inside/envbuild.c inside/pathlist.c \
	common/msg.c common/say.c common/escape.c
GUARD_OBJ := $(GUARD_SRC:%.c=$(B)/guard-obj/%.o)

$(B)/guard-obj/%.o: %.c Makefile
	@mkdir -p $(@D)
	$(CC) $(ROOM_INC_inside) $(BASE_CPPFLAGS) $(FORTIFY) $(CPPFLAGS) $(ALL_CFLAGS) \
		-fvisibility=hidden $(DEPFLAGS) -c $< -o $@

$(B)/libsealexec.so: $(GUARD_OBJ)
	$(CC) -shared -Wl,-z,defs -Wl,-z,relro,-z,now -Wl,-soname,libsealexec.so \
		$(LDFLAGS) $^ -o $@

# The Debian packages the build needs (tests/deps.sh build).
deps:
	@tests/deps.sh build

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

all: $(SHLIB) $(SHLIB_LINKS) $(B)/libseal.pc $(B)/contrib/sealtools-metrics.service

$(SHLIB): $(LIB_OBJ) lib/libseal.map
	$(CC) -shared -Wl,-soname,libseal.so.$(SOMAJOR) -Wl,--version-script=lib/libseal.map \
		-Wl,-z,relro,-z,now -Wl,--as-needed $(LDFLAGS) $(LIB_OBJ) -o $@

$(SHLIB_LINKS): $(SHLIB)
	ln -sf $(notdir $(SHLIB)) $@

# ${prefix}-relative where possible, so that pkg-config --define-prefix works.
PC_LIBDIR = $(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))
PC_INCLUDEDIR = $(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))

$(B)/libseal.pc: lib/libseal.pc.in $(B)/paths.stamp
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(PC_LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(PC_INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' $< >$@

# The metrics service runs BINDIR/sealctl (contrib/).
$(B)/contrib/sealtools-metrics.service: contrib/sealtools-metrics.service.in $(B)/paths.stamp
	@mkdir -p $(@D)
	sed -e 's|@BINDIR@|$(BINDIR)|' $< >$@

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

.PHONY: paths-force

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
#   SYSTEMDUNITDIR  systemd's systemdsystemunitdir (pkg-config systemd),
#                with its prefix replaced by PREFIX: /usr gets
#                /usr/lib/systemd/system, /usr/local /usr/local/lib/systemd/system
#                (both searched by systemd); empty (no systemd.pc): the
#                metrics service and timer are not installed, and install says so
# uninstall removes exactly the files install adds, and the sealtools
# directory; other directories may be shared and stay.

BASHCOMP_PC_PREFIX = $(shell $(PKG_CONFIG) --variable=prefix bash-completion 2>/dev/null)
BASHCOMP_PC_DIR = $(shell $(PKG_CONFIG) --variable=completionsdir bash-completion 2>/dev/null)
BASHCOMPDIR ?= $(if $(BASHCOMP_PC_DIR),$(patsubst $(BASHCOMP_PC_PREFIX)/%,$(PREFIX)/%,$(BASHCOMP_PC_DIR)),$(DATADIR)/bash-completion/completions)
ZSHCOMPDIR ?= $(DATADIR)/zsh/$(if $(filter /usr,$(PREFIX)),vendor-completions,site-functions)

SYSTEMDUNITDIR ?= $(shell $(PKG_CONFIG) --define-variable=prefix=$(PREFIX) \
	--define-variable=root_prefix=$(PREFIX) --define-variable=rootprefix=$(PREFIX) \
	--variable=systemdsystemunitdir systemd 2>/dev/null)
UNITS_OUT := $(B)/contrib/sealtools-metrics.service contrib/sealtools-metrics.timer

ZSHCOMP := completions/_sealctl completions/_sealrun completions/_sealtools_policy
MAN1 := $(wildcard man/*.1)
MAN3 := $(wildcard man/*.3)
MAN8 := $(wildcard man/*.8)
INSTALLED := $(PROGS:$(B)/%=$(BINDIR)/%) \
	$(if $(SEALER),$(LIBDIR)/sealtools/libsealrun.so $(LIBDIR)/sealtools/libsealexec.so) \
	$(LIBDIR)/libseal.a $(LIBDIR)/libseal.so.$(VERSION) $(LIBDIR)/libseal.so.$(SOMAJOR) \
	$(LIBDIR)/libseal.so $(LIBDIR)/pkgconfig/libseal.pc $(INCLUDEDIR)/seal.h \
	$(MAN1:man/%=$(MANDIR)/man1/%) $(MAN3:man/%=$(MANDIR)/man3/%) \
	$(MAN8:man/%=$(MANDIR)/man8/%) \
	$(BASHCOMPDIR)/sealctl $(BASHCOMPDIR)/sealrun $(ZSHCOMP:completions/%=$(ZSHCOMPDIR)/%) \
	$(if $(SYSTEMDUNITDIR),$(addprefix $(SYSTEMDUNITDIR)/,$(notdir $(UNITS_OUT))))

install: $(PROGS) $(SEALER) $(B)/libseal.a $(SHLIB) $(B)/libseal.pc $(UNITS_OUT)
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
	$(if $(SYSTEMDUNITDIR),install -d $(DESTDIR)$(SYSTEMDUNITDIR) && \
		install -m 644 $(UNITS_OUT) $(DESTDIR)$(SYSTEMDUNITDIR)/,\
		@echo "make install: no SYSTEMDUNITDIR (no systemd.pc for pkg-config): the metrics service" \
		"and timer are not installed; set SYSTEMDUNITDIR to install them" >&2)

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	-rmdir $(DESTDIR)$(LIBDIR)/sealtools 2>/dev/null

clean:
	rm -rf build

# ---- the release tarball ----------------------------------------------------------
#
#   make dist   build/sealtools-X.Y.Z.tar.gz: the commit checked out (HEAD),
#               X.Y.Z from that commit's VERSION.  Reproducible: git archive
#               gives every file the commit's time, writes the files in the
#               tree's sorted order and the commit's ID in a pax header;
#               tar.umask and autocrlf are fixed here, gzip -n leaves out a
#               name and a time.  The same commit makes the same bytes.
#               Changes to tracked files are refused (the tarball would
#               silently lack them; untracked files are never in it):
#               commit them, or DIST_DIRTY=1 to make HEAD's tarball anyway,
#               with a warning.  A tag on HEAD must be vX.Y.Z.  What
#               .gitattributes marks export-ignore stays out (debian/: a
#               distribution's own, shipped in its source package).
#   make distcheck   tests/dist.sh: the tarball made twice (here and in a
#               fresh clone) is the same, holds the VERSION, builds and
#               passes "make test" outside git.

DIST_VERSION = $(shell git show HEAD:VERSION 2>/dev/null)
DIST_NAME = sealtools-$(DIST_VERSION)

.PHONY: dist distcheck

dist:
	@git rev-parse -q --verify HEAD >/dev/null || \
		{ echo "make dist: not a git checkout with a commit" >&2; exit 1; }
	@git update-index -q --refresh; git diff-index --quiet HEAD -- || \
		if [ "$(DIST_DIRTY)" = 1 ]; then \
			echo "make dist: warning: tracked files changed since HEAD; the tarball is HEAD's, without them" >&2; \
		else \
			echo "make dist: tracked files changed since HEAD (git status); commit them, or DIST_DIRTY=1 for HEAD's tarball" >&2; \
			exit 1; \
		fi
	@tag=$$(git describe --tags --exact-match HEAD 2>/dev/null); \
		[ -z "$$tag" ] || [ "$$tag" = "v$(DIST_VERSION)" ] || \
		{ echo "make dist: HEAD is tagged $$tag, but its VERSION says $(DIST_VERSION)" >&2; exit 1; }
	@mkdir -p build
	git -c tar.umask=0022 -c core.autocrlf=false archive --format=tar \
		--prefix=$(DIST_NAME)/ HEAD | gzip -n -9 >build/$(DIST_NAME).tar.gz.tmp
	@mv build/$(DIST_NAME).tar.gz.tmp build/$(DIST_NAME).tar.gz
	@echo "build/$(DIST_NAME).tar.gz"

distcheck:
	tests/dist.sh

# The header dependencies the compiler wrote (DEPFLAGS).
-include $(shell find $(B) -name '*.d' 2>/dev/null)

include tests/tests.mk
