#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Every object the loader maps is sealed, however it comes: dlmopen,
# RTLD_DEEPBIND, a user's audit module, glibc's own loads (gconv, libgcc_s,
# NSS), constructors, threads, churn.  Sealing is read from outside in
# /proc/PID/smaps with awk, and from inside with an mprotect the kernel
# must refuse.  Each case has its control: without sealrun it is open.

load common

setup_file() {
	export SEALRUN=$SEALTOOLS_BUILD/sealrun H=$SEALTOOLS_BUILD/helpers PY=/usr/bin/python3
	PUB=$(mktemp -d /tmp/loads-bats.XXXXXX)
	chmod 755 "$PUB"
	export PUB
	mkdir -p "$PUB/lib"
	printf 'int inner_value(int x) { return x + 1; }\n' >"$PUB/inner.c"
	gcc -shared -fPIC -O2 -o "$PUB/lib/libinner.so" "$PUB/inner.c"
	printf 'int next_value(int x) { return x + 2; }\n' >"$PUB/next.c"
	gcc -shared -fPIC -O2 -o "$PUB/lib/libnext.so" "$PUB/next.c"
	cat >"$PUB/outer.c" <<-'EOF'
	#include <dlfcn.h>
	#include <stdio.h>
	void probe_load(const char *inner)
	{
		void *h = dlopen(inner, RTLD_NOW);

		if (!h || !dlsym(h, "inner_value"))
			printf("inner: %s\n", dlerror());
	}
	EOF
	gcc -shared -fPIC -O2 -o "$PUB/lib/libouter.so" "$PUB/outer.c" -ldl
	# Asks the kernel, from its constructor, whether its own code and
	# RELRO are sealed yet: an mprotect to the protection they have.
	cat >"$PUB/ctor.c" <<-'EOF'
	#include <errno.h>
	#include <stdint.h>
	#include <stdio.h>
	#include <sys/mman.h>
	#include <unistd.h>
	static const char *const relro_ptr = "x";	/* .data.rel.ro */
	static const char *state(const void *p, int prot)
	{
		uintptr_t page = (uintptr_t)p & ~(uintptr_t)(sysconf(_SC_PAGESIZE) - 1);
		if (mprotect((void *)page, 1, prot) == 0)
			return "open";
		return errno == EPERM ? "sealed" : "error";
	}
	__attribute__((constructor)) static void ctor(void)
	{
		printf("ctor code=%s relro=%s\n", state((const void *)ctor, PROT_READ | PROT_EXEC),
		       state(&relro_ptr, PROT_READ));
		fflush(stdout);
	}
	int ctor_value(void) { return *relro_ptr; }
	EOF
	gcc -shared -fPIC -O2 -Wl,-z,relro,-z,now -o "$PUB/lib/libctor.so" "$PUB/ctor.c"
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

# ---- other namespaces, other bindings ------------------------------------------

@test "dlmopen(LM_ID_NEWLM) and what it dlopens there are sealed" {
	run_stopped "$SEALRUN" "$H/loadprobe" -n "$PUB/lib/libnext.so" dlmopen "$PUB/lib/libouter.so" "$PUB/lib/libinner.so"
	assert_all_sealed "$PID" '/lib(outer|inner)\.so$'
	# The new namespace has its own libc copy: sealed too.
	run awk '$6 ~ /\/libc\.so\.6$/ && $3 == "00000000" { n++ } END { print n }' "/proc/$PID/maps"
	assert_output 2
	assert_all_sealed "$PID" '/libc\.so\.6$'
}

@test "without sealrun the dlmopen namespace is open (the check can fail)" {
	run_stopped "$H/loadprobe" dlmopen "$PUB/lib/libouter.so" "$PUB/lib/libinner.so"
	run seal_count "$PID" '/lib(outer|inner)\.so$'
	assert_output --regexp '^sealed 0 open [1-9][0-9]*$'
}

@test "an RTLD_DEEPBIND library and what it dlopens itself are sealed" {
	# Nothing after: inner was loaded by outer's own dlopen, bound to
	# libc's, which no dlopen wrapper could see.  Inner's load is the
	# last one: on glibc <= 2.40 its RELRO waits for an event to come.
	run_stopped "$SEALRUN" "$H/loadprobe" deepbind "$PUB/lib/libouter.so" "$PUB/lib/libinner.so"
	assert_all_sealed "$PID" '/libouter\.so$'
	assert_code_sealed "$PID" '/libinner\.so$'
	if glibc_seals_dlopen_whole; then
		assert_all_sealed "$PID" '/libinner\.so$'
	fi
}

@test "a user's own audit module: refused; with --best-effort it and its namespace are sealed" {
	cat >"$PUB/useraudit.c" <<-'EOF'
	#define _GNU_SOURCE
	#include <link.h>
	#include <stdio.h>
	#include <string.h>
	unsigned int la_version(unsigned int v) { return v; }
	unsigned int la_objopen(struct link_map *m, Lmid_t l, uintptr_t *c)
	{
		(void)l; (void)c;
		if (strstr(m->l_name, "libnext.so"))
			fprintf(stderr, "useraudit saw libnext\n");
		return 0;
	}
	EOF
	gcc -shared -fPIC -O2 -o "$PUB/lib/useraudit.so" "$PUB/useraudit.c"
	# Refused by default: what it loads after start-up nobody is told of.
	run -125 env LD_AUDIT="$PUB/lib/useraudit.so" "$SEALRUN" "$H/loadprobe" -q none
	assert_output --partial 'LD_AUDIT names other audit modules'
	refute_output --partial loaded
	run_stopped env LD_AUDIT="$PUB/lib/useraudit.so" "$SEALRUN" --best-effort "$H/loadprobe" dlopen "$PUB/lib/libnext.so"
	run cat "$OUT"
	assert_line --partial 'stays unsealed (--best-effort)'
	assert_line 'useraudit saw libnext'
	assert_all_sealed "$PID" '/useraudit\.so$'
	# Its libc copy, in its namespace, as well as the program's.
	run awk '$6 ~ /\/libc\.so\.6$/ && $3 == "00000000" { n++ } END { print n }' "/proc/$PID/maps"
	assert_output 2
	assert_all_sealed "$PID" '/libc\.so\.6$'
}

# ---- what glibc loads by itself -------------------------------------------------

# glibc <= 2.40 announces a later load before relocating it: its RELRO
# waits for the next loader event (-n).  Code, data and the rest are
# sealed at once on every glibc; all of it on glibc >= 2.41.
# LAUNCH (an array, empty by default) runs before sealrun or loadprobe.
check_later_load() { # REGEX LOADPROBE-ARGS...
	local re=$1
	shift
	run_stopped "${LAUNCH[@]}" "$SEALRUN" "$H/loadprobe" "$@"
	grep -qE "$re" "/proc/$PID/maps" || skip "nothing matching $re was loaded here"
	assert_code_sealed "$PID" "$re"
	if glibc_seals_dlopen_whole; then
		assert_all_sealed "$PID" "$re"
	fi
	stop_helpers
	run_stopped "${LAUNCH[@]}" "$SEALRUN" "$H/loadprobe" -n "$PUB/lib/libnext.so" "$@"
	assert_all_sealed "$PID" "$re"
	stop_helpers
	# The control: the same without sealrun.
	run_stopped "${LAUNCH[@]}" "$H/loadprobe" "$@"
	run seal_count "$PID" "$re"
	assert_output --regexp '^sealed 0 open [1-9][0-9]*$'
}

LAUNCH=()

@test "a gconv module that iconv_open loads is sealed" {
	check_later_load '/gconv/UTF-16\.so$' iconv UTF-16
}

@test "libgcc_s, loaded by pthread_exit, is sealed" {
	check_later_load '/libgcc_s\.so\.1$' pthread_exit
}

# getpwnam of a user "files" does not know, so that glibc goes on to the
# systemd NSS module: where /etc/nsswitch.conf does not name it, a private
# one is bind-mounted in a mount namespace of the test's own.
nss_setup() {
	[ -n "$(find /lib /usr/lib -name libnss_systemd.so.2 2>/dev/null | head -n 1)" ] ||
		skip "libnss-systemd is not installed"
	LAUNCH=()
	grep -qE '^passwd:.*[[:space:]]systemd([[:space:]]|$)' /etc/nsswitch.conf && return 0
	unshare -m true 2>/dev/null || skip "no systemd in nsswitch.conf, and no mount namespace"
	printf 'passwd: files systemd\ngroup: files systemd\n' >"$PUB/nsswitch.conf"
	# shellcheck disable=SC2016 # expanded by the inner shell
	LAUNCH=(unshare -m sh -c 'mount --bind "$0" /etc/nsswitch.conf && exec "$@"' "$PUB/nsswitch.conf")
}

@test "an NSS module that getpwnam loads is sealed" {
	nss_setup
	check_later_load '/libnss_systemd\.so\.2$' getpwnam no-such-user-sealtools
}

@test "--preload-nss loads the modules nsswitch.conf names at start-up, all sealed" {
	nss_setup
	run_stopped "${LAUNCH[@]}" "$SEALRUN" --preload-nss "$H/loadprobe" getpwnam no-such-user-sealtools
	assert_all_sealed "$PID" '/libnss_systemd\.so\.2$'
	# Loaded once: glibc's own dlopen found the preloaded copy.
	run awk '$6 ~ /libnss_systemd\.so\.2$/ && $3 == "00000000" { n++ } END { print n }' "/proc/$PID/maps"
	assert_output 1
	# libgcc_s too, which glibc loads for unwinding (thread exit, cancellation).
	assert_all_sealed "$PID" '/libgcc_s\.so\.1$'
}

# ---- before any constructor ------------------------------------------------------

@test "a DT_NEEDED library's constructor finds its own code and RELRO sealed" {
	printf 'int ctor_value(void);\nint main(void) { return ctor_value() == 120 ? 0 : 1; }\n' >"$PUB/needs.c"
	gcc -O2 -o "$PUB/needs" "$PUB/needs.c" -L"$PUB/lib" -lctor -Wl,-rpath,"$PUB/lib"
	run -0 "$SEALRUN" "$PUB/needs"
	assert_output 'ctor code=sealed relro=sealed'
	run -0 "$PUB/needs"
	assert_output 'ctor code=open relro=open'
}

@test "a dlopen'd library's constructor finds its code sealed (and RELRO on glibc >= 2.41)" {
	run -0 "$SEALRUN" "$H/loadprobe" -q dlopen "$PUB/lib/libctor.so"
	if glibc_seals_dlopen_whole; then
		assert_line 'ctor code=sealed relro=sealed'
	else
		assert_line 'ctor code=sealed relro=open'
	fi
}

@test "constructor order, output and exit status are as without sealrun" {
	# main dlopens A, which needs B, which needs C; C's constructor
	# dlopens another library between its two lines.  glibc runs C, B, A.
	cat >"$PUB/oc.c" <<-EOF
	#include <dlfcn.h>
	#include <stdio.h>
	__attribute__((constructor)) static void c(void)
	{
		puts("C start");
		dlopen("$PUB/lib/libinner.so", RTLD_NOW);
		puts("C end");
	}
	void c_fn(void) {}
	EOF
	gcc -shared -fPIC -o "$PUB/lib/liboc.so" "$PUB/oc.c" -ldl
	printf '#include <stdio.h>\n__attribute__((constructor)) static void b(void) { puts("B"); }\n' >"$PUB/ob.c"
	gcc -shared -fPIC -o "$PUB/lib/libob.so" "$PUB/ob.c" -Wl,--no-as-needed -L"$PUB/lib" -loc -Wl,-rpath,"$PUB/lib"
	printf '#include <stdio.h>\n__attribute__((constructor)) static void a(void) { puts("A"); }\n' >"$PUB/oa.c"
	gcc -shared -fPIC -o "$PUB/lib/liboa.so" "$PUB/oa.c" -Wl,--no-as-needed -L"$PUB/lib" -lob -Wl,-rpath,"$PUB/lib"
	cat >"$PUB/order.c" <<-EOF
	#include <dlfcn.h>
	#include <stdio.h>
	static void pre(void) { puts("preinit"); }
	__attribute__((section(".preinit_array"))) void (*pre_p)(void) = pre;
	__attribute__((constructor)) static void mainctor(void) { puts("main ctor"); }
	int main(void)
	{
		setvbuf(stdout, NULL, _IONBF, 0);
		puts("main");
		if (!dlopen("$PUB/lib/liboa.so", RTLD_NOW))
			puts(dlerror());
		return 3;
	}
	EOF
	gcc -O2 -o "$PUB/order" "$PUB/order.c" -ldl
	run -3 "$PUB/order"
	assert_output "preinit
main ctor
main
C start
C end
B
A"
	run -3 "$SEALRUN" "$PUB/order"
	assert_output "preinit
main ctor
main
C start
C end
B
A"
}

# ---- threads, fork, churn --------------------------------------------------------

@test "a constructor's thread dlopens 40 libraries during start-up: all sealed, 30 runs" {
	mkdir -p "$PUB/race"
	for ((i = 0; i < 40; i++)); do
		printf 'int race%d(void) { return %d; }\n' "$i" "$i" >"$PUB/race/r$i.c"
		gcc -shared -fPIC -O1 -o "$PUB/race/librace$i.so" "$PUB/race/r$i.c"
	done
	cat >"$PUB/racer.c" <<-EOF
	#include <dlfcn.h>
	#include <pthread.h>
	#include <stdio.h>
	pthread_t racer_thread;
	static void *run(void *arg)
	{
		char path[256];
		(void)arg;
		for (int i = 0; i < 40; i++) {
			snprintf(path, sizeof(path), "$PUB/race/librace%d.so", i);
			if (!dlopen(path, RTLD_NOW))
				printf("%s\n", dlerror());
		}
		return NULL;
	}
	__attribute__((constructor)) static void start(void)
	{
		pthread_create(&racer_thread, NULL, run, NULL);
	}
	EOF
	gcc -shared -fPIC -O2 -o "$PUB/lib/libracer.so" "$PUB/racer.c" -ldl -lpthread
	cat >"$PUB/racemain.c" <<-EOF
	#include <dlfcn.h>
	#include <pthread.h>
	#include <signal.h>
	extern pthread_t racer_thread;
	int main(void)
	{
		pthread_join(racer_thread, NULL);
		raise(SIGSTOP);
		return 0;
	}
	EOF
	gcc -O2 -o "$PUB/racemain" "$PUB/racemain.c" -L"$PUB/lib" -lracer -Wl,-rpath,"$PUB/lib" -lpthread -ldl
	local run last='/race/librace([0-9]|[12][0-9]|3[0-8])\.so$'
	# glibc <= 2.40: the last one's RELRO waits for a next loader event,
	# which never comes here; each earlier one's came with the next load.
	glibc_seals_dlopen_whole && last='/race/librace[0-9]+\.so$'
	for ((run = 0; run < 30; run++)); do
		run_stopped "$SEALRUN" "$PUB/racemain"
		assert_code_sealed "$PID" '/race/librace[0-9]+\.so$'
		run seal_count "$PID" "$last"
		[[ "$output" =~ ^sealed\ [1-9][0-9]*\ open\ 0$ ]] || fail "run $run: $output"
		run awk '$6 ~ /librace[0-9]+\.so$/ && $3 == "00000000" { n++ } END { print n }' "/proc/$PID/maps"
		assert_output 40
		stop_helpers
	done
}

@test "fork while another thread re-opens a loaded library: 300 children, none hangs" {
	cat >"$PUB/forker.c" <<-EOF
	#define _GNU_SOURCE
	#include <dlfcn.h>
	#include <link.h>
	#include <pthread.h>
	#include <stdio.h>
	#include <sys/wait.h>
	#include <unistd.h>
	static volatile int stop;
	static void *reopen(void *arg)
	{
		(void)arg;
		while (!stop) {
			void *h = dlopen("$PUB/lib/libinner.so", RTLD_NOW);
			if (h)
				dlclose(h);
		}
		return NULL;
	}
	static int count(struct dl_phdr_info *i, size_t s, void *n) { (void)i; (void)s; ++*(int *)n; return 0; }
	int main(void)
	{
		void *keep = dlopen("$PUB/lib/libinner.so", RTLD_NOW);	/* stays loaded */
		pthread_t t;
		int hung = 0;
		pthread_create(&t, NULL, reopen, NULL);
		for (int i = 0; i < 300; i++) {
			pid_t pid = fork();
			if (pid == 0) {
				int n = 0;
				alarm(5);
				dl_iterate_phdr(count, &n);	/* takes the loader's lock */
				_exit(n > 0 ? 0 : 1);
			}
			int st;
			waitpid(pid, &st, 0);
			if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
				hung++;
		}
		stop = 1;
		pthread_join(t, NULL);
		printf("hung %d %s\n", hung, keep ? "kept" : "lost");
		return 0;
	}
	EOF
	gcc -O2 -o "$PUB/forker" "$PUB/forker.c" -ldl -lpthread
	run -0 timeout 120 "$SEALRUN" "$PUB/forker"
	assert_output 'hung 0 kept'
}

@test "8,300 plugins opened and closed one at a time: all run, each sealed, no limit" {
	# 8,300 files: each a new object to the loader (it tells them apart
	# by device and inode), as a plugin host would load them.
	mkdir -p "$PUB/plugins"
	gcc -shared -fPIC -Os -s -o "$PUB/plugins/p0.so" "$PUB/inner.c"
	# One process for the copies: 8,300 forks of cp take minutes on a busy machine.
	"$PY" -c 'import shutil, sys
for i in range(1, 8300): shutil.copyfile(sys.argv[1] + "/p0.so", sys.argv[1] + "/p%d.so" % i)' "$PUB/plugins"
	cat >"$PUB/churn.c" <<-EOF
	#include <dlfcn.h>
	#include <errno.h>
	#include <stdint.h>
	#include <stdio.h>
	#include <sys/mman.h>
	int main(void)
	{
		int ok = 0, sealed = 0;
		char path[256];
		for (int i = 0; i < 8300; i++) {
			snprintf(path, sizeof(path), "$PUB/plugins/p%d.so", i);
			void *h = dlopen(path, RTLD_NOW);
			int (*f)(int) = h ? (int (*)(int))dlsym(h, "inner_value") : 0;
			if (!f) { printf("%d: %s\\n", i, dlerror()); return 1; }
			ok += f(i) == i + 1;
			/* The kernel's answer: the page of its code is sealed. */
			void *page = (void *)((uintptr_t)f & ~(uintptr_t)4095);
			sealed += mprotect(page, 1, PROT_READ | PROT_EXEC) < 0 && errno == EPERM;
			dlclose(h);
		}
		printf("ran %d sealed %d\\n", ok, sealed);
		return 0;
	}
	EOF
	gcc -O2 -o "$PUB/churn" "$PUB/churn.c" -ldl
	run -0 "$PUB/churn"
	assert_output 'ran 8300 sealed 0'
	run -0 "$SEALRUN" "$PUB/churn"
	assert_output 'ran 8300 sealed 8300'
	rm -rf "$PUB/plugins"
}

@test "hot reload: a plugin rebuilt, closed and opened again runs its new code" {
	cat >"$PUB/reload.c" <<-EOF
	#include <dlfcn.h>
	#include <stdio.h>
	#include <stdlib.h>
	static int call(void)
	{
		void *h = dlopen("$PUB/lib/libhot.so", RTLD_NOW);
		int (*f)(void) = h ? (int (*)(void))dlsym(h, "hot") : 0;
		int v = f ? f() : -1;
		if (h)
			dlclose(h);
		return v;
	}
	int main(void)
	{
		int a = call();
		if (system("$PUB/rebuild") != 0)
			return 1;
		printf("%d %d\n", a, call());
		return 0;
	}
	EOF
	printf 'int hot(void) { return 1; }\n' >"$PUB/hot.c"
	gcc -shared -fPIC -o "$PUB/lib/libhot.so" "$PUB/hot.c"
	# A new file under the same name, as a build installs it.
	printf '#!/bin/sh\nprintf "int hot(void) { return 2; }\\n" >%s/hot2.c && gcc -shared -fPIC -o %s/lib/libhot.so.new %s/hot2.c && mv %s/lib/libhot.so.new %s/lib/libhot.so\n' \
		"$PUB" "$PUB" "$PUB" "$PUB" "$PUB" >"$PUB/rebuild"
	chmod +x "$PUB/rebuild"
	gcc -O2 -o "$PUB/reload" "$PUB/reload.c" -ldl
	run -0 "$SEALRUN" "$PUB/reload"
	assert_output '1 2'
}

@test "a plugin host reloads a plugin 40 times: the memory of each closed copy is given back (RSS and Pss), the mappings stay; exit flushes stdout" {
	# 1 MiB of .bss and 256 KiB of .data, all written: a closed copy that
	# kept its memory would add 1.25 MiB to the host's RSS and Pss.
	cat >"$PUB/fat.c" <<-'EOF'
	static char bss[1 << 20];
	static char data[1 << 18] = { 1 };
	int fat_touch(int x)
	{
		for (unsigned int i = 0; i < sizeof(bss); i += 4096)
			bss[i] = (char)x;
		for (unsigned int i = 0; i < sizeof(data); i += 4096)
			data[i] += (char)x;
		return data[0] + bss[4096];
	}
	EOF
	gcc -shared -fPIC -O2 -o "$PUB/lib/libfat.so" "$PUB/fat.c"
	cat >"$PUB/host.c" <<-EOF
	#include <dlfcn.h>
	#include <stdio.h>
	#include <string.h>
	/* Rss and Pss (KiB) and the number of mappings, from the kernel. */
	static void usage(long *rss, long *pss, long *maps)
	{
		char line[512];
		FILE *f = fopen("/proc/self/smaps_rollup", "r");
		while (f && fgets(line, sizeof(line), f)) {
			sscanf(line, "Rss: %ld", rss);
			sscanf(line, "Pss: %ld", pss);
		}
		if (f)
			fclose(f);
		*maps = 0;
		f = fopen("/proc/self/maps", "r");
		while (f && fgets(line, sizeof(line), f))
			*maps += line[strlen(line) - 1] == '\n';
		if (f)
			fclose(f);
	}
	int main(void)
	{
		long rss0, pss0, maps0, rss, pss, maps;
		int ok = 0;
		for (int i = 0; i < 40; i++) {
			void *h = dlopen("$PUB/lib/libfat.so", RTLD_NOW);
			int (*f)(int) = h ? (int (*)(int))dlsym(h, "fat_touch") : 0;
			/* Each copy starts afresh: .data as the file has it. */
			ok += f && f(2) == 3 + 2;
			if (h)
				dlclose(h);
			if (i == 0)
				usage(&rss0, &pss0, &maps0);
		}
		usage(&rss, &pss, &maps);
		/* No fflush: exit must still find stdio's buffer. */
		printf("ran %d rss %ld pss %ld maps %ld\n", ok, (rss - rss0) / 1024, (pss - pss0) / 1024,
		       maps - maps0);
		return 0;
	}
	EOF
	gcc -O2 -o "$PUB/host" "$PUB/host.c" -ldl
	# Growth over 39 reloads, in MiB (rounded down); kept: 48 MiB.
	run -0 "$PUB/host"
	assert_output 'ran 40 rss 0 pss 0 maps 0'
	run -0 "$SEALRUN" "$PUB/host"
	assert_output --regexp '^ran 40 rss 0 pss 0 maps [1-9][0-9]*$'
	# What stays: each closed copy's mappings (and address space).
	[ "${output##* }" -ge 39 ]
}

@test "a program that closed a plugin and then forbids process_vm_readv and madvise (killed by seccomp, as sshd's sandbox) exits cleanly: the sealer makes no such call at exit" {
	[ -e /usr/include/seccomp.h ] || skip "no libseccomp headers (tests/deps.sh test)"
	cat >"$PUB/sandboxed.c" <<-EOF
	#include <dlfcn.h>
	#include <seccomp.h>
	#include <stdio.h>
	int main(void)
	{
		void *kept = dlopen("$PUB/lib/libinner.so", RTLD_NOW);
		void *h = dlopen("$PUB/lib/libnext.so", RTLD_NOW);
		scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
		if (!kept || !h || dlclose(h) || !ctx)
			return 1;
		seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(process_vm_readv), 0);
		seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(madvise), 0);
		if (seccomp_load(ctx))
			return 1;
		printf("sandboxed\n");
		return 0;
	}
	EOF
	gcc -O2 -o "$PUB/sandboxed" "$PUB/sandboxed.c" -ldl -lseccomp
	run -0 "$PUB/sandboxed"
	assert_output sandboxed
	run -0 "$SEALRUN" "$PUB/sandboxed"
	assert_output sandboxed
}

@test "a dlopen that fails after mapping (undefined symbol): its mappings stay, all sealed" {
	printf 'int missing_everywhere(void);\nint uf(void) { return missing_everywhere(); }\n' >"$PUB/uf.c"
	gcc -shared -fPIC -o "$PUB/lib/libuf.so" "$PUB/uf.c"
	cat >"$PUB/failopen.c" <<-EOF
	#include <dlfcn.h>
	#include <signal.h>
	#include <stdio.h>
	int main(void)
	{
		printf("%s\\n", dlopen("$PUB/lib/libuf.so", RTLD_NOW) ? "loaded" : "failed");
		fflush(stdout);
		raise(SIGSTOP);
		return 0;
	}
	EOF
	gcc -O2 -o "$PUB/failopen" "$PUB/failopen.c" -ldl
	run_stopped "$SEALRUN" "$PUB/failopen"
	run cat "$OUT"
	assert_output failed
	assert_all_sealed "$PID" '/libuf\.so$'
}

@test "a library that asks for an executable stack: dlopen fails, the program goes on" {
	printf 'int es(void) { return 1; }\n' >"$PUB/es.c"
	gcc -shared -fPIC -Wl,-z,execstack -o "$PUB/lib/libes.so" "$PUB/es.c"
	run "$H/loadprobe" -q dlopen "$PUB/lib/libes.so"
	# glibc >= 2.41 refuses it itself (glibc.rtld.execstack=0).
	[ "$output" = loaded ] || skip "this glibc refuses it without sealrun: $output"
	run -1 "$SEALRUN" "$H/loadprobe" -q dlopen "$PUB/lib/libes.so"
	assert_output --partial 'cannot change memory protections'
}

@test "malloc's main arena grows the heap with brk, as without sealrun" {
	cat >"$PUB/arena.c" <<-'EOF'
	#include <malloc.h>
	#include <stdio.h>
	#include <stdlib.h>
	#include <string.h>
	int main(void)
	{
		char line[512];
		int heap = 0;
		FILE *f;
		free(malloc(100));
		f = fopen("/proc/self/maps", "r");
		while (f && fgets(line, sizeof(line), f))
			heap |= strstr(line, "[heap]") != NULL;
		printf("heap %d arena-below-1MiB %d\n", heap, mallinfo2().arena < 1024 * 1024);
		return 0;
	}
	EOF
	gcc -O2 -o "$PUB/arena" "$PUB/arena.c"
	run -0 "$PUB/arena"
	assert_output 'heap 1 arena-below-1MiB 1'
	run -0 "$SEALRUN" "$PUB/arena"
	assert_output 'heap 1 arena-below-1MiB 1'
}

# ---- the kernel's word ----------------------------------------------------------

@test "mseal answered with success by a seccomp filter that seals nothing: 125, not run" {
	run -125 "$H/denyseal" -l OK "$SEALRUN" sh -c 'echo main-ran'
	assert_output --partial 'but the kernel still accepts an mprotect there'
	refute_output --partial main-ran
}

# ---- the loader's own search ------------------------------------------------------

@test "glibc-hwcaps and -z nodefaultlib: the same files load as without sealrun" {
	local v2=x86-64-v2
	[ "$(uname -m)" = aarch64 ] && v2=
	mkdir -p "$PUB/hw/glibc-hwcaps/$v2"
	printf 'int which(void) { return 0; }\n' >"$PUB/hw0.c"
	printf 'int which(void) { return 2; }\n' >"$PUB/hw2.c"
	gcc -shared -fPIC -o "$PUB/hw/libhw.so" "$PUB/hw0.c"
	[ -n "$v2" ] && gcc -shared -fPIC -o "$PUB/hw/glibc-hwcaps/$v2/libhw.so" "$PUB/hw2.c"
	cat >"$PUB/hwmain.c" <<-'EOF'
	#include <dlfcn.h>
	#include <stdio.h>
	int main(int argc, char **argv)
	{
		for (int i = 1; i < argc; i++) {
			void *h = dlopen(argv[i], RTLD_NOW);
			int (*w)(void) = h ? (int (*)(void))dlsym(h, "which") : 0;
			printf("%s: %d\n", argv[i], w ? w() : -1);
		}
		return 0;
	}
	EOF
	gcc -O2 -o "$PUB/hwmain" "$PUB/hwmain.c" -ldl -Wl,--enable-new-dtags,-rpath,"$PUB/hw"
	run -0 "$PUB/hwmain" libhw.so
	local plain=$output
	run -0 "$SEALRUN" "$PUB/hwmain" libhw.so
	assert_output "$plain"
	# A library linked with -z nodefaultlib: what it dlopens is searched
	# along its RUNPATH only, never the default directories or the cache.
	cat >"$PUB/nodef.c" <<-'EOF'
	#include <dlfcn.h>
	int try_open(const char *name) { return dlopen(name, RTLD_NOW) != 0; }
	EOF
	gcc -shared -fPIC -o "$PUB/hw/libnodef.so" "$PUB/nodef.c" -ldl \
		-Wl,-z,nodefaultlib,--enable-new-dtags,-rpath,"$PUB/hw"
	cat >"$PUB/nodefmain.c" <<-EOF
	#include <stdio.h>
	int try_open(const char *name);
	int main(void) { printf("libhw %d libz %d\\n", try_open("libhw.so"), try_open("libz.so.1")); return 0; }
	EOF
	gcc -O2 -o "$PUB/nodefmain" "$PUB/nodefmain.c" -L"$PUB/hw" -lnodef -Wl,-rpath,"$PUB/hw"
	run -0 "$PUB/nodefmain"
	assert_output 'libhw 1 libz 0'
	run -0 "$SEALRUN" "$PUB/nodefmain"
	assert_output 'libhw 1 libz 0'
}
