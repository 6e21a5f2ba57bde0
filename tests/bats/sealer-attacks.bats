#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Attacks on the in-target sealer: objects loaded in unusual
# ways, programs run in unusual ways, and correct programs that must
# behave as they do without sealrun.  Real processes; sealing read from
# /proc/PID/smaps with awk; each case has its control without sealrun.
#
# Each was found by an attack session; those that were bugs are fixed,
# and all are kept so that they keep holding.

load common

setup_file() {
	export SEALRUN=$SEALTOOLS_BUILD/sealrun H=$SEALTOOLS_BUILD/helpers
	export SEALER=$SEALTOOLS_BUILD/libsealrun.so PY=/usr/bin/python3
	export LDSO=/lib64/ld-linux-x86-64.so.2
	[ "$(uname -m)" = aarch64 ] && LDSO=/lib/ld-linux-aarch64.so.1
	PUB=$(mktemp -d /tmp/attack-bats.XXXXXX)
	chmod 755 "$PUB"
	export PUB
	mkdir -p "$PUB/lib"
	printf 'int inner_value(int x) { return x + 1; }\n' >"$PUB/inner.c"
	gcc -shared -fPIC -O2 -o "$PUB/lib/libinner.so" "$PUB/inner.c"
	printf 'int next_value(int x) { return x + 2; }\n' >"$PUB/next.c"
	gcc -shared -fPIC -O2 -o "$PUB/lib/libnext.so" "$PUB/next.c"
	# dlopen each argument, print the outcome, stop (SIGSTOP), exit 0.
	cat >"$PUB/dlp.c" <<-'EOF'
	#include <dlfcn.h>
	#include <signal.h>
	#include <stdio.h>
	#include <string.h>
	int main(int argc, char **argv)
	{
		int stop = argc > 1 && !strcmp(argv[1], "-s");
		for (int i = 1 + stop; i < argc; i++) {
			void *h = dlopen(argv[i], RTLD_NOW);
			printf("%s: %s\n", argv[i], h ? "ok" : dlerror());
		}
		fflush(stdout);
		if (stop)
			raise(SIGSTOP);
		return 0;
	}
	EOF
	gcc -O2 -o "$PUB/dlp" "$PUB/dlp.c" -ldl
}

teardown_file() {
	rm -rf "${PUB:?}"
}

setup() {
	"$H/sealcall" >/dev/null 2>&1 || skip "mseal not supported by this kernel"
}

teardown() {
	stop_helpers
}

# ---- silently unsealed ---------------------------------------------------------------

# A user's audit module is loaded into a namespace glibc marks as
# auditing (l_auditing): loads into it after start-up reach no auditor's
# la_objopen or la_activity, so what the module or its own libc copy
# loads then (here from its la_preinit; iconv or NSS alike) would stay
# unsealed.  sealrun refuses such modules; --best-effort runs them and
# says what stays open.
@test "a user's audit module that loads after start-up: refused, or run with a warning" {
	cat >"$PUB/ua.c" <<-'EOF'
	#define _GNU_SOURCE
	#include <dlfcn.h>
	#include <link.h>
	#include <stdio.h>
	#include <stdlib.h>
	unsigned int la_version(unsigned int v) { return v; }
	void la_preinit(uintptr_t *cookie)
	{
		(void)cookie;
		if (!dlopen(getenv("UA_LOAD"), RTLD_NOW))
			fprintf(stderr, "ua: %s\n", dlerror());
	}
	EOF
	gcc -shared -fPIC -O2 -o "$PUB/lib/libua.so" "$PUB/ua.c" -ldl
	run -125 env UA_LOAD="$PUB/lib/libinner.so" LD_AUDIT="$PUB/lib/libua.so" \
		"$SEALRUN" "$PUB/dlp" "$PUB/lib/libnext.so"
	assert_output --partial "LD_AUDIT names other audit modules ($PUB/lib/libua.so)"
	refute_output --partial 'libnext.so: ok'
	run_stopped env UA_LOAD="$PUB/lib/libinner.so" LD_AUDIT="$PUB/lib/libua.so" \
		"$SEALRUN" --best-effort "$PUB/dlp" -s "$PUB/lib/libnext.so" "$PUB/lib/libnext.so"
	run cat "$OUT"
	assert_line --partial "what the audit modules $PUB/lib/libua.so load after start-up stays unsealed"
	# The module itself, seen at start-up, is sealed.
	assert_all_sealed "$PID" '/libua\.so$'
}

# A file renamed over a library's path while the loader reads it (a
# package upgrade, a plugin rebuilt, or an attacker) must not change what
# is sealed: the sealer takes the headers the loader mapped, from memory,
# never the file on disk (it once re-read the file and trusted it).
# swap, a fanotify watcher, does the rename while the loader's first read
# of the file waits: deterministic, where the real race is a window of
# microseconds.
swap_setup() {
	cat >"$PUB/swap.c" <<-'EOF'
	#define _GNU_SOURCE
	#include <fcntl.h>
	#include <stdio.h>
	#include <sys/fanotify.h>
	#include <unistd.h>
	/* swap PATH NEW: at the first read of PATH's file, rename NEW over
	 * PATH, then let the read go on; allow everything after. */
	int main(int argc, char **argv)
	{
		int fd = fanotify_init(FAN_CLASS_CONTENT | FAN_CLOEXEC, O_RDONLY | O_LARGEFILE);
		int swapped = 0;
		if (argc != 3 || fd < 0 ||
		    fanotify_mark(fd, FAN_MARK_ADD, FAN_ACCESS_PERM, AT_FDCWD, argv[1]) < 0) {
			perror("fanotify");
			return 2;
		}
		puts("ready");
		fflush(stdout);
		for (;;) {
			char buf[4096];
			ssize_t n = read(fd, buf, sizeof(buf));
			if (n <= 0)
				return 1;
			for (struct fanotify_event_metadata *m = (void *)buf; FAN_EVENT_OK(m, n);
			     m = FAN_EVENT_NEXT(m, n)) {
				struct fanotify_response r = { .fd = m->fd, .response = FAN_ALLOW };
				if (!swapped && rename(argv[2], argv[1]) == 0)
					swapped = 1;
				if (write(fd, &r, sizeof(r)) < 0)
					return 1;
				close(m->fd);
			}
		}
	}
	EOF
	gcc -O2 -o "$PUB/swap" "$PUB/swap.c"
	mkdir -p "$PUB/sw"
	cp "$PUB/lib/libinner.so" "$PUB/sw/libsw.so"
}

# Start swap on PATH with NEW; wait until it is armed.
start_swap() { # PATH NEW
	local out=$BATS_TEST_TMPDIR/swap.out
	"$PUB/swap" "$1" "$2" >"$out" 2>&1 3>&- &
	HELPER_PIDS+=("$!")
	wait_for --while "$!" grep -qx ready "$out" && return 0
	alive "$!" || skip "no fanotify here: $(cat "$out")"
	fail "swap not ready"
}

@test "a library replaced on disk while it loads: sealed, or 125 (not silently open)" {
	swap_setup
	# The same file with every PT_LOAD made PT_NULL; PT_DYNAMIC kept.
	"$PY" -c 'import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
off, = struct.unpack_from("<Q", d, 0x20); num, = struct.unpack_from("<H", d, 0x38)
for i in range(num):
    if struct.unpack_from("<I", d, off + 56 * i)[0] == 1:
        struct.pack_into("<I", d, off + 56 * i, 0)
open(sys.argv[2], "wb").write(d)' "$PUB/sw/libsw.so" "$PUB/sw/new"
	start_swap "$PUB/sw/libsw.so" "$PUB/sw/new"
	run_stopped "$SEALRUN" "$PUB/dlp" -s "$PUB/sw/libsw.so" "$PUB/lib/libnext.so" "$PUB/lib/libnext.so"
	run cat "$OUT"
	assert_line "$PUB/sw/libsw.so: ok"
	# The swap happened: the path now names the crafted file.
	run cmp -s "$PUB/sw/libsw.so" "$PUB/lib/libinner.so"
	assert_failure
	assert_all_sealed "$PID" '/sw/libsw\.so$'
}

@test "a library upgraded on disk while it loads: the program runs, sealed (not 125)" {
	swap_setup
	# The next version, as a package upgrade installs it: another layout.
	printf 'static int t[4000] = { 1 };\nint inner_value(int x) { return x + t[x & 1]; }\n' >"$PUB/inner2.c"
	gcc -shared -fPIC -O2 -o "$PUB/sw/new" "$PUB/inner2.c"
	cp "$PUB/sw/new" "$PUB/sw/new.keep"
	# The control: without sealrun the program does not notice.
	start_swap "$PUB/sw/libsw.so" "$PUB/sw/new"
	run -0 "$PUB/dlp" "$PUB/sw/libsw.so"
	assert_output "$PUB/sw/libsw.so: ok"
	stop_helpers
	cp "$PUB/lib/libinner.so" "$PUB/sw/libsw.so"
	cp "$PUB/sw/new.keep" "$PUB/sw/new"
	start_swap "$PUB/sw/libsw.so" "$PUB/sw/new"
	run "$SEALRUN" "$PUB/dlp" "$PUB/sw/libsw.so"
	assert_output "$PUB/sw/libsw.so: ok"
	assert_success
}

@test "control: the same library dlopen'd by the program itself is sealed" {
	run_stopped "$SEALRUN" "$PUB/dlp" -s "$PUB/lib/libinner.so" "$PUB/lib/libnext.so"
	assert_all_sealed "$PID" '/libinner\.so$'
}

# ---- correct programs that must behave as without sealrun ---------------------------

# Run explicitly, ld.so is the program (AT_BASE 0) and the real program's
# link map has the empty name: take_file() opens "" and fails closed.
# ldd(1) runs the loader so; so do wrappers like "ld.so --library-path".
# The exec guard is a preload, and ldd lists preloads: one line more.
@test "ldd under sealrun prints what it prints without, and the exec guard" {
	run -0 ldd /bin/true
	local plain
	plain=$(printf '%s\n' "$output" | sed 's/ (0x[0-9a-f]*)//')
	run "$SEALRUN" ldd /bin/true
	refute_output --partial 'sealrun:'
	assert_success
	assert_equal "$(printf '%s\n' "$output" | sed 's/ (0x[0-9a-f]*)//' | grep -v '/libsealexec\.so$')" "$plain"
	assert_equal "$(printf '%s\n' "$output" | sed 's/ (0x[0-9a-f]*)//' | grep -c '/libsealexec\.so$')" 1
}

@test "a sealed program that runs ld.so explicitly: runs, and the program is sealed" {
	run -0 "$LDSO" /bin/echo hi
	assert_output hi
	# shellcheck disable=SC2016 # expanded by the inner shell
	run "$SEALRUN" sh -c 'exec "$0" /bin/echo hi' "$LDSO"
	assert_output hi
	assert_success
	# shellcheck disable=SC2016 # expanded by the inner shell
	run_stopped "$SEALRUN" sh -c 'exec "$0" "$1" -s' "$LDSO" "$PUB/dlp"
	assert_all_sealed "$PID" '/dlp$'
	assert_all_sealed "$PID" '/libc\.so\.6$'
}

# The sealer's own audit namespace takes one of glibc's DL_NNS (16)
# link-map namespaces: a program that uses all it has gets one fewer
# (sealrun(1), WHAT REMAINS OPEN).
@test "the sealer takes one link-map namespace: a program gets one dlmopen namespace fewer" {
	cat >"$PUB/nns.c" <<-'EOF'
	#define _GNU_SOURCE
	#include <dlfcn.h>
	#include <stdio.h>
	int main(int argc, char **argv)
	{
		int n = 0;
		(void)argc;
		while (n < 64 && dlmopen(LM_ID_NEWLM, argv[1], RTLD_NOW))
			n++;
		printf("namespaces %d\n", n);
		return 0;
	}
	EOF
	gcc -O2 -o "$PUB/nns" "$PUB/nns.c" -ldl
	run -0 "$PUB/nns" "$PUB/lib/libinner.so"
	local plain=${output#namespaces }
	run -0 "$SEALRUN" "$PUB/nns" "$PUB/lib/libinner.so"
	assert_output "namespaces $((plain - 1))"
}

# ---- attacks that held up --------------------------------------------------------------

@test "held: main programs linked oddly (non-PIE, noseparate-code, 2 MiB pages, norelro, execstack) are sealed" {
	printf '#include <signal.h>\nint main(void) { raise(SIGSTOP); return 0; }\n' >"$PUB/stop.c"
	local flags
	for flags in "-no-pie" "-Wl,-z,noseparate-code" \
		"-Wl,-z,max-page-size=0x200000,-z,common-page-size=0x200000" \
		"-no-pie -Wl,-z,norelro" "-Wl,-z,execstack"; do
		# shellcheck disable=SC2086 # the flags are words
		gcc -O2 $flags -o "$PUB/stopv" "$PUB/stop.c"
		run_stopped "$SEALRUN" "$PUB/stopv"
		assert_all_sealed "$PID" '/stopv$'
		assert_all_sealed "$PID" '/(libc\.so\.6|ld-linux[^/]*)$'
		stop_helpers
	done
}

@test "held: a library with 2 MiB alignment, and a failed dlopen, leave nothing open" {
	printf 'int big_fn(void) { return 7; }\n' >"$PUB/big.c"
	gcc -shared -fPIC -O2 -o "$PUB/lib/libbig.so" "$PUB/big.c" \
		-Wl,-z,max-page-size=0x200000,-z,common-page-size=0x200000
	printf 'extern int nosuch(void);\nint und(void) { return nosuch(); }\n' >"$PUB/und.c"
	gcc -shared -fPIC -O2 -o "$PUB/lib/libund.so" "$PUB/und.c"
	run_stopped "$SEALRUN" "$PUB/dlp" -s "$PUB/lib/libund.so" "$PUB/lib/libbig.so" "$PUB/lib/libnext.so"
	run cat "$OUT"
	assert_line --partial 'undefined symbol: nosuch'
	assert_line "$PUB/lib/libbig.so: ok"
	# The failed load stays mapped (glibc cannot unmap it): sealed.
	assert_all_sealed "$PID" '/lib(und|big)\.so$'
}

@test "held: the sealer listed again under another path name: runs, all sealed" {
	run_stopped env LD_AUDIT="/$SEALER" "$SEALRUN" "$PUB/dlp" -s "$PUB/lib/libinner.so" "$PUB/lib/libnext.so"
	run cat "$OUT"
	assert_line "$PUB/lib/libinner.so: ok"
	assert_all_sealed "$PID" '/(libinner\.so|libc\.so\.6|dlp)$'
}

@test "held: a user's audit module that refuses (la_version 0): the rest is sealed" {
	printf '#include <link.h>\nunsigned int la_version(unsigned int v) { (void)v; return 0; }\n' >"$PUB/ua0.c"
	gcc -shared -fPIC -O2 -o "$PUB/lib/libua0.so" "$PUB/ua0.c"
	run_stopped env LD_AUDIT="$PUB/lib/libua0.so" "$SEALRUN" --best-effort "$PUB/dlp" -s "$PUB/lib/libinner.so" "$PUB/lib/libnext.so"
	assert_all_sealed "$PID" '/(libinner\.so|libc\.so\.6|dlp)$'
}

@test "held: a 16 KiB thread stack dlopens under sealrun as without" {
	cat >"$PUB/ts.c" <<-'EOF'
	#include <dlfcn.h>
	#include <pthread.h>
	#include <stdio.h>
	static const char *lib;
	static void *run(void *a) { (void)a; void *h = dlopen(lib, RTLD_NOW); return h ? dlsym(h, "inner_value") : NULL; }
	int main(int argc, char **argv)
	{
		pthread_attr_t at;
		pthread_t t;
		void *r;
		(void)argc;
		lib = argv[1];
		pthread_attr_init(&at);
		pthread_attr_setstacksize(&at, 16384);
		pthread_create(&t, &at, run, NULL);
		pthread_join(t, &r);
		puts(r ? "loaded" : "failed");
		return 0;
	}
	EOF
	gcc -O2 -o "$PUB/ts" "$PUB/ts.c" -ldl -lpthread
	run -0 "$PUB/ts" "$PUB/lib/libinner.so"
	assert_output loaded
	run -0 "$SEALRUN" "$PUB/ts" "$PUB/lib/libinner.so"
	assert_output loaded
}

@test "held: a library dlopen'd from a memfd through /proc/self/fd, the fd closed after: sealed" {
	cat >"$PUB/mfd.c" <<-'EOF2'
	#define _GNU_SOURCE
	#include <dlfcn.h>
	#include <fcntl.h>
	#include <signal.h>
	#include <stdio.h>
	#include <sys/mman.h>
	#include <unistd.h>
	int main(int argc, char **argv)
	{
		int in = open(argv[1], O_RDONLY), fd = memfd_create("plug", MFD_CLOEXEC);
		char b[65536], p[64];
		ssize_t n;
		(void)argc;
		while ((n = read(in, b, sizeof(b))) > 0)
			if (write(fd, b, (size_t)n) != n)
				return 1;
		snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
		void *h = dlopen(p, RTLD_NOW);
		close(fd);
		void *h2 = dlopen(argv[2], RTLD_NOW);	/* the next loader event */
		printf("%s %s\n", h ? "ok" : dlerror(), h2 ? "ok" : dlerror());
		fflush(stdout);
		raise(SIGSTOP);
		return 0;
	}
	EOF2
	gcc -O2 -o "$PUB/mfd" "$PUB/mfd.c" -ldl
	run_stopped "$SEALRUN" "$PUB/mfd" "$PUB/lib/libinner.so" "$PUB/lib/libnext.so"
	run cat "$OUT"
	assert_output 'ok ok'
	assert_all_sealed "$PID" '^/memfd:plug'
}

@test "sealrun given the loader itself as PROGRAM (ld.so PROGRAM): runs it, sealed" {
	run -0 "$SEALRUN" "$LDSO" /bin/echo hi
	assert_output hi
	run_stopped "$SEALRUN" "$LDSO" "$PUB/dlp" -s
	assert_all_sealed "$PID" '/(dlp|libc\.so\.6|ld-linux[-a-z0-9_]*\.so\.[12])$'
}
