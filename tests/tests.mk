# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# sealtools — tests, demo, benchmarks, fuzzing, the cross build and the
# kernel VMs.  Included by the Makefile, whose variables (B, ARCH, CC,
# ALL_CFLAGS, LIB_SRC, PROGS, ...) it uses.
#
#   make test            the quick tier, for developers: unit tests, lint and
#                        this machine's bats files (a few minutes)
#   make check           install missing Debian packages, build, run every test
#                        (make test's, then the cross build, glibc 2.43, the
#                        sanitizers, fuzzing and the kernel VMs)
#   make check-programs  build the test programs (unit tests, helpers, examples)
#   make matrix          write the README's platform matrix from the results of
#                        the last make check (build/vm/results/)
#   make compat          write the README's services compatibility table from the
#                        last services.bats runs (build/compat/)
#   make demo            build and show a real process's sealing
#   make bench           benchmarks (see tests/bench/)
#   make fuzz [FUZZ_SECONDS=N]  each libFuzzer target N seconds (tests/fuzz/)
#   make asan            sealctl, sealrun and unit tests with ASan+UBSan
#   make cross           cross-build with Debian's aarch64 toolchain (ARCH=aarch64)
#   make check-cross     run the aarch64 unit tests and syscall checks under qemu
#   make check-glibc     the sealer's tests against glibc 2.43 in a Debian testing
#                        root (made once with debootstrap, cached in build/roots/)
#   make check-debian13  Debian 13's daemons sealed: the services, nginx and
#                        verify bats files built and run in the Debian 13 root
#   make check-kernels   the kernel-dependent tests on real kernels under qemu-system
#   make check-deb       build the Debian packages in a Debian 13 root (cached in
#                        build/roots/), lintian, blhc, hardening-check, install
#                        them in a snapshot of it and run them
#   make lint            mandoc/groff on the man pages, shellcheck on the scripts,
#                        reuse lint on every file's licence (tests/lint-reuse.sh)

UNIT_SRC := $(wildcard tests/unit/test_*.c)
HELPER_SRC := $(wildcard tests/helpers/*.c)
EXAMPLE_SRC := $(wildcard examples/*.c)
UNITS := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
HELPERS := $(HELPER_SRC:tests/helpers/%.c=$(B)/helpers/%)
EXAMPLES := $(EXAMPLE_SRC:examples/%.c=$(B)/examples/%)
# Tests reach into the library rooms.
TEST_INC := -Itests/unit -Ilib -Icommon -Iinside

# Compiled and linked in one step, so relinked (and so recompiled) whenever
# a library changes.
$(B)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(TOOLS_LIBS)
	@mkdir -p $(@D)
	$(CC) $(TEST_INC) $(BASE_CPPFLAGS) $(FORTIFY) $(CPPFLAGS) $(ALL_CFLAGS) \
		$(ALL_LDFLAGS) $< $(TOOLS_LIBS) -o $@

# seal_self's test: segments 64 KiB apart, so that the kernel maps the
# program with unmapped gaps inside its span.
$(B)/tests/test_self: ALL_LDFLAGS += -Wl,-z,max-page-size=0x10000 -Wl,-z,noseparate-code

$(B)/helpers/%: tests/helpers/%.c $(TOOLS_LIBS)
	@mkdir -p $(@D)
	$(CC) $(TEST_INC) $(BASE_CPPFLAGS) $(FORTIFY) $(CPPFLAGS) $(ALL_CFLAGS) $(SECCOMP_CFLAGS) \
		$(ALL_LDFLAGS) $< $(TOOLS_LIBS) -ldl -lpthread $(HELPER_LIBS) -o $@

# Helpers that need more than libc: one line each.
$(B)/helpers/denyseal: HELPER_LIBS = $(SECCOMP_LIBS)

# The programs of examples/, as a user of libseal would build them: the
# public header and libseal.a only.
$(B)/examples/%: examples/%.c lib/seal.h $(B)/libseal.a
	@mkdir -p $(@D)
	$(CC) -Ilib $(BASE_CPPFLAGS) $(FORTIFY) $(CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) \
		$< $(B)/libseal.a -o $@

# A static and a static-pie C program (tests/bats/static.bats), and a
# static one whose segments are 64 KiB apart, so that the kernel leaves
# unmapped gaps inside its span (as on AArch64) on every architecture.
STATIC_HELPERS := $(B)/helpers/staticprog $(B)/helpers/staticprog-pie \
		  $(B)/helpers/staticprog-64k
$(B)/helpers/staticprog-64k: tests/static/staticprog.c
	@mkdir -p $(@D)
	$(CC) -O2 -static -Wl,-z,max-page-size=0x10000 -Wl,-z,separate-code $< -o $@
$(B)/helpers/staticprog: tests/static/staticprog.c
	@mkdir -p $(@D)
	$(CC) -O2 -static $< -o $@
$(B)/helpers/staticprog-pie: tests/static/staticprog.c
	@mkdir -p $(@D)
	$(CC) -O2 -static-pie $< -o $@

.PHONY: check-programs

# What the tests run besides the products: unit tests, helper programs,
# static test programs and the examples.  Not part of "make".
check-programs: all $(UNITS) $(HELPERS) $(STATIC_HELPERS) $(EXAMPLES)

# ---- set-up, tests, demo ---------------------------------------------------

test-deps:
	@tests/deps.sh test

.PHONY: test check test-deps matrix

test: test-deps
	$(MAKE) check-programs
	B=$(B) tests/run --quick

check: test-deps
	$(MAKE) check-programs
	B=$(B) tests/run

demo: deps
	$(MAKE) check-programs
	B=$(B) tests/demo.sh

bench: test-deps
	$(MAKE) check-programs
	B=$(B) tests/bench/run.sh

cross:
	@tests/deps.sh cross
	$(MAKE) ARCH=aarch64 check-programs

check-cross: cross
	B=build/aarch64 tests/cross/run.sh

check-glibc: test-deps
	tests/glibc/run.sh

.PHONY: check-debian13
check-debian13: test-deps
	tests/debian13/run.sh

# The Debian packages (debian/) built, linted and installed in a Debian 13
# root (tests/deb/run.sh; make check runs it too).
.PHONY: check-deb
check-deb:
	tests/deb/run.sh

# ---- fuzzing and sanitizers (tests/fuzz/, tests/sanitize.sh) ---------------
#
#   make fuzz [FUZZ_SECONDS=N]   run each libFuzzer target N seconds (default
#                                60); fails on any crash, leaving the input in
#                                $(B)/fuzz/crash-NAME-*
#   make asan                    sealctl, sealrun, the exec guard and the unit
#                                tests built with ASan+UBSan into $(ASAN_B)
# The fuzzers are built with clang; libseal is rebuilt for them with the
# same instrumentation, as an archive so each target links only what it uses.

# clang: the release's own (clang-14 on Debian 12, clang-19 on 13).
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -std=gnu11 -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror) -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Iarch/$(ARCH) -Ilib -Icommon -Icmd/sealctl
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZERS := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(B)/fuzz/%.o) \
	$(patsubst %.c,$(B)/fuzz/%.o,$(filter-out %/inject.c,$(wildcard common/*.c))) \
	$(B)/fuzz/cmd/sealctl/columns.o

ASAN_B ?= build/asan-$(ARCH)
ASAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

.PHONY: fuzz fuzz-build asan sanitize-build

fuzz-build: $(FUZZERS)

fuzz: test-deps
	$(MAKE) fuzz-build check-programs
	B=$(B) FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh

$(B)/fuzz/%.o: %.c tests/tests.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(DEPFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(B)/fuzz/libseal.a: $(FUZZ_LIB_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/unit/*.h) $(B)/fuzz/libseal.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(B)/fuzz/libseal.a -o $@

asan:
	$(MAKE) B=$(ASAN_B) CFLAGS='$(ASAN_FLAGS)' LDFLAGS='-fsanitize=address,undefined' \
		sanitize-build

sanitize-build: $(B)/libseal.a $(PROGS) $(UNITS) $(B)/libsealexec.so

# ---- lint (no fuzzing, no build needed) ----------------------------------------

lint:
	tests/lint-man.sh
	tests/lint-sh.sh
	tests/lint-reuse.sh

# ---- real kernels under qemu-system (tests/vm/) ------------------------------
#
#   make check-kernels   boot each kernel of tests/vm/run.sh --list (Debian's
#                        6.1 without mseal, 6.12 for x86_64 and aarch64) and
#                        run the kernel-dependent tests inside; downloads are
#                        cached in build/vm.  make check runs them too.
#   make matrix          the README's platform matrix from build/vm/results/
#                        (this machine's line is written by make check): the
#                        one target that writes a tracked file, on request

.PHONY: check-kernels

check-kernels: test-deps
	$(MAKE) check-programs
	@rc=0; for k in $${VM_KERNELS-$$(tests/vm/run.sh --list)}; do \
		tests/vm/run.sh "$$k" || rc=1; done; exit $$rc

matrix:
	tests/vm/matrix.sh --update README.md

# The README's services compatibility table, from the last runs of
# services.bats (build/compat/, this machine's and make check-debian13's).
.PHONY: compat
compat:
	tests/compat.sh --update README.md
