#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# sealrun end to end: real processes on this machine's kernel, sealing
# checked from the outside in /proc/PID/smaps ("sl" in VmFlags).

bats_require_minimum_version 1.5.0
load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load
load common

setup_file() {
	setup_sealrun_file sealrun
	# A library for the dlopen tests, in a directory of its own.
	mkdir -p "$PUB/plug"
	cat >"$PUB/testlib.c" <<-'EOF'
	static const char table[] = "sealrun test library";
	int testlib_value(int x) { return x * 3 + (int)sizeof(table); }
	EOF
	gcc -shared -fPIC -O2 -o "$PUB/plug/libtestseal.so" "$PUB/testlib.c"
}

teardown_file() {
	rm -rf "${PUB:?}"
}

teardown() {
	stop_helpers
}

# Mappings of PID that are file-backed or the kernel's and not sealed,
# one per line; empty when all are.  Read by awk alone, not by libseal.
unsealed_mappings() {
	awk '/^[0-9a-f]+-[0-9a-f]+ /{ range = $1; path = $6 }
	     /^VmFlags:/ {
		if ((path ~ /^\// || path ~ /^\[(vdso|vvar|vvar_vclock)\]$/) && $0 !~ / sl( |$)/)
			print range, path
	     }' "/proc/$1/smaps"
}

# The "sl" flag of the mappings of PID whose path matches REGEX.
seal_flags() {
	# The regex goes through the environment: awk -v would process its
	# backslashes.
	RE=$2 awk '/^[0-9a-f]+-[0-9a-f]+ /{ path = $6 }
	     /^VmFlags:/ && path ~ ENVIRON["RE"] { print ($0 ~ / sl( |$)/) ? "sealed" : "open" }' "/proc/$1/smaps"
}

# ---- sealing, seen from inside -------------------------------------------------

@test "self-attacks fail with EPERM under sealrun" {
	run -0 "$SEALRUN" "$H/selfattack" --unmap
	assert_line 'mprotect-code EPERM'
	assert_line 'mprotect-rodata-rw EPERM'
	assert_line 'mprotect-libc EPERM'
	assert_line 'mmap-fixed-rodata EPERM'
	assert_line 'mremap-libc EPERM'
	assert_line 'munmap-libc EPERM'
	assert_line 'rodata intact'
}

@test "the same attacks succeed without sealrun" {
	run -0 "$H/selfattack"
	assert_line 'mprotect-code OK'
	assert_line 'mprotect-rodata-rw OK'
	assert_line 'mprotect-libc OK'
	assert_line 'mmap-fixed-rodata OK'
	assert_line 'rodata intact'
}

# ---- sealing, seen from outside -------------------------------------------------

@test "sealrun sleep: every file-backed mapping and the vDSO/vvar are sealed" {
	# LC_ALL=C: no locale files, which are data, not objects.
	LC_ALL=C start_loaded "$SEALRUN" sleep 30
	local pid=$PID
	# Same PID: sealrun exec'd in place.
	run cat "/proc/$pid/comm"
	assert_output sleep
	run unsealed_mappings "$pid"
	assert_success
	assert_output ''
	run seal_flags "$pid" '^\[vdso\]$'
	assert_output sealed
	run seal_flags "$pid" '^\[vvar\]$'
	assert_output sealed
	# Never the heap; the stack only with "stack".
	run seal_flags "$pid" '^\[(heap|stack)\]$'
	refute_output --partial sealed
	kill "$pid"
	wait "$pid" || true
}

@test "an unsealed sleep has nothing sealed (the check can fail)" {
	LC_ALL=C start_loaded sleep 30
	local pid=$PID
	run unsealed_mappings "$pid"
	assert_output --partial /sleep
	assert_output --partial '[vdso]'
	kill "$pid"
	wait "$pid" || true
}

@test "--policy strict seals the main stack, which still grows" {
	run -0 "$SEALRUN" -p strict "$H/selfattack" --stack 6000
	assert_output 'stack OK'
	LC_ALL=C start_loaded "$SEALRUN" -p strict sleep 30
	local pid=$PID
	run seal_flags "$pid" '^\[stack\]$'
	assert_output sealed
	kill "$pid"
	wait "$pid" || true
}

@test "--policy code seals code only" {
	LC_ALL=C start_loaded "$SEALRUN" -p code sleep 30
	local pid=$PID
	run awk '/^[0-9a-f]+-/{p=$2; f=$6} /^VmFlags:/ && f ~ /libc\.so/ {print p, ($0 ~ / sl( |$)/) ? "sealed" : "open"}' "/proc/$pid/smaps"
	assert_line 'r-xp sealed'
	assert_line 'rw-p open'
	run seal_flags "$pid" '^\[vdso\]$'
	assert_output open
	kill "$pid"
	wait "$pid" || true
}

# ---- dlopen -----------------------------------------------------------------------

@test "a library dlopen'd after start-up is sealed; dlclose and more work run fine" {
	local out=$BATS_TEST_TMPDIR/out
	"$SEALRUN" "$H/dlopener" "$PUB/plug/libtestseal.so" >"$out" 2>&1 3>&- &
	local pid=$!
	HELPER_PIDS+=("$pid")
	wait_stopped "$pid" || fail "dlopener did not stop: $(cat "$out")"
	run --separate-stderr seal_flags "$pid" 'libtestseal\.so$'
	[ "$status" -eq 0 ] || fail "smaps of $pid: status $status: $stderr; $(cat "$out")"
	assert_line sealed
	# Its load was the last: on glibc <= 2.40 its RELRO (one mapping)
	# waits for a later loader event (sealrun(1), WHAT REMAINS OPEN).
	if glibc_seals_dlopen_whole; then
		refute_line open
	else
		[ "$(grep -cx open <<<"$output")" -le 1 ] || fail "more than the RELRO open: $output"
	fi
	kill -CONT "$pid"
	# Not "run wait": run's subshell cannot wait for this shell's child
	# and, if the child is still running then, answers 127 or 255.
	local rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" 0
	run cat "$out"
	assert_output "loaded 63
done 126 1.0"
}

@test "without sealrun the dlopen'd library is not sealed" {
	local out=$BATS_TEST_TMPDIR/out
	"$H/dlopener" "$PUB/plug/libtestseal.so" >"$out" 2>&1 3>&- &
	local pid=$!
	HELPER_PIDS+=("$pid")
	wait_stopped "$pid"
	run seal_flags "$pid" 'libtestseal\.so$'
	assert_line open
	refute_line sealed
	kill -CONT "$pid"
	wait "$pid"
}

@test "dlopen of a bare name follows the caller's RUNPATH and \$ORIGIN" {
	cat >"$PUB/host.c" <<-'EOF'
	#include <dlfcn.h>
	#include <stdio.h>
	int main(int argc, char **argv)
	{
		for (int i = 1; i < argc; i++) {
			void *h = dlopen(argv[i], RTLD_NOW);
			int (*f)(int) = h ? (int (*)(int))dlsym(h, "testlib_value") : 0;
			if (!f) { printf("%s: %s\n", argv[i], dlerror()); return 1; }
			printf("%s %d\n", argv[i], f(1));
		}
		return 0;
	}
	EOF
	mkdir -p "$PUB/app"
	cp "$PUB/plug/libtestseal.so" "$PUB/app/liborigin.so"
	gcc -O2 -o "$PUB/app/host" "$PUB/host.c" -ldl -Wl,--enable-new-dtags,-rpath,"$PUB/plug"
	run -0 "$PUB/app/host" libtestseal.so '$ORIGIN/liborigin.so'
	local expected=$output
	run -0 "$SEALRUN" "$PUB/app/host" libtestseal.so '$ORIGIN/liborigin.so'
	assert_output "$expected"
	# And a name that is nowhere fails the same way.
	run -1 "$SEALRUN" "$PUB/app/host" libnosuch.so
	assert_output --partial 'libnosuch.so: cannot open shared object file'
}

@test "python3 importing C extension modules runs sealed" {
	run -0 "$SEALRUN" -v "$PY" -c 'import json, ssl, sqlite3, ctypes, _decimal; print("ok")'
	assert_line ok
	assert_line --regexp '^sealrun: dlopen: sealed [0-9]+ objects'
}

# ---- descendants -------------------------------------------------------------------

@test "a program the target executes is sealed by default" {
	run -0 "$SEALRUN" sh -c "awk '/^VmFlags:.* sl/ {n++} END {print n+0}' /proc/self/smaps"
	[ "$output" -gt 0 ]
}

@test "--no-inherit: a program the target executes runs unsealed, the target sealed" {
	run -0 "$SEALRUN" --no-inherit sh -c "awk '/^VmFlags:.* sl/ {n++} END {print n+0}' /proc/self/smaps; echo \"\${LD_PRELOAD-unset} \${SEALRUN_POLICY-unset}\""
	assert_line --index 0 0
	assert_line --index 1 'unset unset'
	LC_ALL=C start_loaded "$SEALRUN" --no-inherit sleep 30
	local pid=$PID
	run unsealed_mappings "$pid"
	assert_output ''
	kill "$pid"
	wait "$pid" || true
}

@test "a user's LD_PRELOAD follows the exec guard; a user's LD_AUDIT follows the sealer" {
	run -0 env LD_PRELOAD=libm.so.6 "$SEALRUN" sh -c 'echo "$LD_PRELOAD"'
	assert_output "$SEALTOOLS_BUILD/libsealexec.so:libm.so.6"
	run -0 --separate-stderr env LD_AUDIT=/no/such/audit.so "$SEALRUN" --best-effort \
		sh -c 'echo "$LD_AUDIT"'
	assert_output "$(realpath "$SEALTOOLS_BUILD/libsealrun.so"):/no/such/audit.so"
	run -0 --separate-stderr env LD_AUDIT=/no/such/audit.so "$SEALRUN" --best-effort --no-inherit \
		sh -c 'echo "$LD_AUDIT"'
	assert_output /no/such/audit.so
}

# ---- real programs: identical output and status ------------------------------------

same() {
	run "$@"
	local status0=$status output0=$output
	run "$SEALRUN" "$@"
	assert_equal "$status" "$status0"
	assert_equal "$output" "$output0"
}

@test "sh, bash, ls, sort, sha256sum: identical output and status" {
	same sh -c 'echo $((6 * 7)); exit 3'
	same bash -c 'declare -A a=([x]=1); echo "${!a[@]} ${BASH_VERSINFO[0]}"'
	same ls -la /usr/lib/bats
	same sort -r /etc/passwd
	same sha256sum /etc/passwd /bin/true
}

@test "python3 json, ssl, sqlite3, ctypes: identical output" {
	same "$PY" -c '
import json, ssl, sqlite3, ctypes
db = sqlite3.connect(":memory:")
db.execute("create table t(x)"); db.executemany("insert into t values (?)", [(i,) for i in range(100)])
print(json.dumps({"sum": db.execute("select sum(x) from t").fetchone()[0]}))
print(ssl.create_default_context().check_hostname)
print(ctypes.CDLL(None).abs(-5))'
}

@test "perl and git: identical output" {
	same perl -MPOSIX -MList::Util=sum -e 'print sum(1..10), " ", floor(2.5), "\n"'
	git init -q "$PUB/repo"
	git -C "$PUB/repo" -c user.email=t@e -c user.name=t commit -q --allow-empty -m one
	same git -C "$PUB/repo" log --format=%s
	same git -C "$PUB/repo" status --short
}

@test "gcc compiles and runs hello world, make builds, all sealed" {
	mkdir -p "$PUB/cc"
	printf '#include <stdio.h>\nint main(void) { puts("hello"); return 4; }\n' >"$PUB/cc/hello.c"
	run -0 "$SEALRUN" gcc -O2 -o "$PUB/cc/hello" "$PUB/cc/hello.c"
	run -4 "$SEALRUN" "$PUB/cc/hello"
	assert_output hello
	printf 'all: out\nout: hello.c\n\tcat hello.c | wc -l > out\n' >"$PUB/cc/Makefile"
	run -0 "$SEALRUN" make -s -C "$PUB/cc"
	run cat "$PUB/cc/out"
	assert_output 2
}

@test "a tar | gzip pipeline gives the same bytes" {
	same sh -c "tar -C /usr/lib/bats --sort=name --mtime=@0 --owner=0 --group=0 -cf - . | gzip -n | sha256sum"
}

@test "a pthread program with cancellation: identical output" {
	same "$H/threads"
}

# ---- refusals and exit codes -------------------------------------------------------

@test "status passes through; a signal shows as 128+N" {
	run -7 "$SEALRUN" sh -c 'exit 7'
	run "$SEALRUN" sh -c 'kill -TERM $$'
	assert_equal "$status" 143
	# Killed once it is the sealed sleep, not sealrun before its exec.
	start_loaded "$SEALRUN" sleep 30
	kill -KILL "$PID"
	local rc=0
	wait "$PID" || rc=$?
	assert_equal "$rc" 137
}

@test "not found: 127; not executable: 126" {
	run -127 "$SEALRUN" no-such-program-anywhere
	assert_output 'sealrun: no-such-program-anywhere: No such file or directory'
	run -126 "$SEALRUN" /etc/passwd
	assert_output --partial 'Permission denied'
	run -126 "$SEALRUN" /usr
}

@test "statically linked: sealed from outside (static.bats), and a script for one too" {
	printf 'int main(void) { return 3; }\n' >"$PUB/s.c"
	gcc -static -o "$PUB/static" "$PUB/s.c"
	run -0 "$SEALRUN" -n "$PUB/static"
	assert_line --partial 'statically linked: sealed from outside through ptrace: ok'
	run -3 "$SEALRUN" "$PUB/static"
	# A script is judged by its interpreter.
	printf '#!%s\n' "$PUB/static" >"$PUB/script"
	chmod +x "$PUB/script"
	run -3 "$SEALRUN" "$PUB/script"
}

@test "the loader named by another path: refused with the reason, top level and in the tree" {
	local ours
	ours=$(readelf -l /bin/true | sed -n 's/.*interpreter: \(.*\)]$/\1/p')
	[ -n "$ours" ] || fail "no interpreter in /bin/true"
	printf 'int main(void) { return 4; }\n' >"$PUB/alias.c"
	gcc -o "$PUB/alias" "$PUB/alias.c" -Wl,--dynamic-linker="${ours%/*}/./${ours##*/}"
	run -4 "$PUB/alias"
	# The loader would map a second copy of itself for the sealer, where
	# it cannot run: once an exit 125 without a word.
	run -125 "$SEALRUN" "$PUB/alias"
	assert_output --partial "names its loader ${ours%/*}/./${ours##*/}, which is $ours by another name"
	run -126 "$SEALRUN" sh -c '"$1"' sh "$PUB/alias"
	assert_line --partial "refusing to run $PUB/alias unsealed: names its loader"
}

@test "32-bit and foreign-machine ELF files: refused with 125" {
	# A minimal ELF32 i386 executable header with a PT_INTERP.
	"$PY" - "$PUB/elf32" <<-'EOF'
	import struct, sys
	interp = b"/lib/ld-linux.so.2\0"
	eh = b"\x7fELF\x01\x01\x01" + b"\0" * 9 + struct.pack("<HHIIIIIHHHHHH",
	    2, 3, 1, 0x8048000, 52, 0, 0, 52, 32, 1, 40, 0, 0)
	ph = struct.pack("<IIIIIIII", 3, 84, 0x8048054, 0x8048054, len(interp), len(interp), 4, 1)
	open(sys.argv[1], "wb").write(eh + ph + interp)
	EOF
	chmod +x "$PUB/elf32"
	run -125 "$SEALRUN" "$PUB/elf32"
	assert_output --partial 'is a 32-bit ELF; mseal exists only for 64-bit processes'
	# /bin/true with e_machine set to another machine's: AArch64 (183)
	# on x86_64, x86_64 (62) on AArch64.
	local other=aarch64 code='\267' native
	native=$(uname -m)
	[ "$native" = aarch64 ] && other=x86_64 code='\076'
	cp /bin/true "$PUB/foreign"
	printf "$code\\000" | dd of="$PUB/foreign" bs=1 seek=18 conv=notrunc status=none
	run -125 "$SEALRUN" "$PUB/foreign"
	assert_output --partial "is an ELF for $other, not $native"
}

@test "set-user-ID to another user: refused; root running set-user-ID root: runs" {
	cp /bin/true "$PUB/suid-nobody"
	chown nobody "$PUB/suid-nobody"
	chmod 4755 "$PUB/suid-nobody"
	run -125 "$SEALRUN" "$PUB/suid-nobody"
	assert_output --partial 'is set-user-ID to uid 65534; the loader runs it in secure mode'
	cp /bin/true "$PUB/suid-root"
	chmod 4755 "$PUB/suid-root"
	run -0 "$SEALRUN" "$PUB/suid-root"
	# nobody running the set-user-ID root copy: secure mode.
	run -125 setpriv --reuid=nobody --regid=nogroup --clear-groups "$SEALRUN" "$PUB/suid-root"
	assert_output --partial 'is set-user-ID to uid 0'
}

@test "set-group-ID to another group: refused" {
	cp /bin/true "$PUB/sgid"
	chgrp nogroup "$PUB/sgid"
	chmod 2755 "$PUB/sgid"
	run -125 "$SEALRUN" "$PUB/sgid"
	assert_output --partial 'is set-group-ID to gid 65534'
}

@test "file capabilities: refused for a user, not for root" {
	command -v setcap >/dev/null || skip "setcap (libcap2-bin) not installed"
	cp /bin/true "$PUB/fcap"
	setcap cap_net_raw+ep "$PUB/fcap"
	run -0 "$SEALRUN" "$PUB/fcap"
	run -125 setpriv --reuid=nobody --regid=nogroup --clear-groups "$SEALRUN" "$PUB/fcap"
	assert_output --partial 'has file capabilities; the loader runs it in secure mode'
}

@test "no mseal in the kernel: 125, or unsealed with --best-effort" {
	run -125 "$H/denyseal" ENOSYS "$SEALRUN" true
	assert_output --partial 'this kernel has no mseal'
	assert_output --partial 'use --best-effort'
	run -0 "$H/denyseal" ENOSYS "$SEALRUN" --best-effort sh -c 'echo "ran ${LD_PRELOAD-unsealed}"'
	assert_line --partial 'warning: this kernel has no mseal'
	assert_line 'ran unsealed'
	run -125 "$H/denyseal" EPERM "$SEALRUN" true
	assert_output --partial 'mseal is blocked here'
}

@test "bad options and policies: 125 with a hint" {
	run -125 "$SEALRUN" -p code,bogus true
	assert_output --partial "unknown policy word 'bogus'"
	run -125 "$SEALRUN" -p default,-default true
	assert_output --partial 'seals nothing'
	run -125 "$SEALRUN"
	assert_output --partial 'missing PROGRAM'
	run -125 "$SEALRUN" --frobnicate true
}

@test "options stop at PROGRAM" {
	run -0 "$SEALRUN" sh -c 'echo "$@"' sh -v -n --policy=x
	assert_output '-v -n --policy=x'
	run -0 "$SEALRUN" -- echo -p
	assert_output '-p'
}

@test "--dry-run prints checks and plan and runs nothing" {
	run -0 "$SEALRUN" -n -p strict touch "$PUB/touched"
	assert_line --partial 'sealrun: check: kernel: mseal works'
	assert_line 'sealrun: plan: SEALRUN_POLICY=strict'
	assert_line "sealrun: plan: exec $(command -v touch) $PUB/touched"
	[ ! -e "$PUB/touched" ]
	printf 'int f(void) { return 0; }\n' >"$PUB/o.c"
	gcc -c -o "$PUB/o.o" "$PUB/o.c"
	chmod +x "$PUB/o.o"
	run -126 "$SEALRUN" -n "$PUB/o.o"
	assert_line --partial 'sealrun: check: refused:'
}

@test "-v reports objects, ranges, bytes and mseal calls" {
	run -0 "$SEALRUN" -v true
	assert_line --regexp '^sealrun: object .*libc\.so\.6 0x[0-9a-f]+-0x[0-9a-f]+ '
	assert_line --regexp '^sealrun: mseal 0x[0-9a-f]+-0x[0-9a-f]+ [0-9]+ KiB, from '
	assert_line --regexp '^sealrun: start-up: sealed [0-9]+ objects, [0-9]+ bytes, [0-9]+ mseal calls'
}

@test "--help lists the policy words; --version" {
	run -0 "$SEALRUN" --help
	assert_line --regexp '^  strict +default,stack$'
	run -0 "$SEALRUN" --version
	assert_output --regexp '^sealrun \(sealtools\) [0-9]'
}

@test "the sealer exports the audit hooks only, and needs no libc" {
	run -0 nm -D --defined-only "$SEALTOOLS_BUILD/libsealrun.so"
	run awk '{print $3}' <<<"$output"
	assert_output "la_activity
la_objclose
la_objopen
la_version"
	run -0 readelf -d "$SEALTOOLS_BUILD/libsealrun.so"
	refute_output --partial 'libc.so'
}

@test "the sealer fails closed: bad policy, or mseal refused, exits 125 before main" {
	run -125 env LD_AUDIT="$SEALTOOLS_BUILD/libsealrun.so" SEALRUN_POLICY=bogus echo main-ran
	assert_output --partial 'bad SEALRUN_POLICY=bogus'
	refute_output --partial main-ran
	# Preloaded directly, past sealrun's kernel probe, into a process
	# where mseal is refused.
	run -125 "$H/denyseal" EPERM env LD_AUDIT="$SEALTOOLS_BUILD/libsealrun.so" echo main-ran
	assert_output --regexp 'sealrun: cannot seal 0x[0-9a-f]+-0x[0-9a-f]+ \(the run from .*\): Operation not permitted'
	refute_output --partial main-ran
}

# ---- dlopen before the sealer's constructor, secure mode --------------------------

# Run $PUB/early/earlymain LIB, under the launcher given after LIB if
# any, until it stops itself; read its state, then let it finish.  Sets
# FLAGS (the "sl" state of LIB's mappings, unique, space-separated),
# COPIES (LIB's mappings at file offset 0), RC and OUT (its output).  A
# failed assertion afterwards leaves no stopped process behind.
run_earlymain() { # LIB [LAUNCHER...]
	local lib=$1 out=$BATS_TEST_TMPDIR/early.out pid
	shift
	EARLY_LIB=$lib "$@" "$PUB/early/earlymain" "$lib" >"$out" 2>&1 3>&- &
	pid=$!
	wait_stopped "$pid" || { kill -9 "$pid"; fail "earlymain did not stop ($*): $(cat "$out")"; }
	FLAGS=$(seal_flags "$pid" 'libtestseal\.so$' | sort -u | tr '\n' ' ')
	COPIES=$(awk -v lib="$lib" '$6 == lib && $3 == "00000000"' "/proc/$pid/maps" | wc -l)
	kill -CONT "$pid"
	RC=0
	wait "$pid" || RC=$?
	OUT=$(cat "$out")
}

@test "a library dlopen'd by a constructor is sealed; dlclose leaves its sealed copy mapped" {
	# The program's own libraries run their constructors before the
	# preloaded sealer's: this one dlopens a library from there.
	cat >"$PUB/early.c" <<-'EOF'
	#include <dlfcn.h>
	#include <stdlib.h>
	static void *handle;
	__attribute__((constructor)) static void early(void)
	{
		handle = dlopen(getenv("EARLY_LIB"), RTLD_NOW);
	}
	void *early_handle(void) { return handle; }
	EOF
	cat >"$PUB/earlymain.c" <<-'EOF'
	#include <dlfcn.h>
	#include <signal.h>
	#include <stdio.h>
	void *early_handle(void);
	int main(int argc, char **argv)
	{
		void *h = early_handle(), *again;
		if (argc != 2 || !h) { printf("early dlopen failed\n"); return 1; }
		if (dlclose(h) != 0) { printf("dlclose: %s\n", dlerror()); return 1; }
		printf("%s\n", dlopen(argv[1], RTLD_NOW | RTLD_NOLOAD) ? "still loaded" : "unloaded");
		/* Loading it again must not map a second copy. */
		again = dlopen(argv[1], RTLD_NOW);
		printf("%s\n", again && dlsym(again, "testlib_value") ? "reloaded" : dlerror());
		fflush(stdout);
		raise(SIGSTOP);
		return 0;
	}
	EOF
	mkdir -p "$PUB/early"
	gcc -shared -fPIC -O2 -o "$PUB/early/libearly.so" "$PUB/early.c"
	gcc -O2 -o "$PUB/early/earlymain" "$PUB/earlymain.c" \
		-L"$PUB/early" -learly -Wl,-rpath,"$PUB/early" -ldl
	local lib=$PUB/plug/libtestseal.so
	# Without the sealer dlclose unloads it, and the reload maps it anew.
	run_earlymain "$lib"
	assert_equal "$RC" 0
	assert_equal "$OUT" "unloaded
reloaded"
	assert_equal "$COPIES" 1
	# Sealed: no RTLD_NODELETE, so dlclose forgets it as usual, but the
	# kernel refuses the munmap and glibc leaves the sealed copy mapped;
	# the reload maps a second one, sealed too.
	run_earlymain "$lib" "$SEALRUN"
	assert_equal "$RC" 0
	assert_equal "$OUT" "unloaded
reloaded"
	# The reload is the last load: on glibc <= 2.40 its RELRO waits for a
	# later loader event (sealrun(1), WHAT REMAINS OPEN).
	if glibc_seals_dlopen_whole; then
		assert_equal "$FLAGS" "sealed "
	else
		assert_equal "$FLAGS" "open sealed "
	fi
	assert_equal "$COPIES" 2
	# A policy without "dlopen" leaves later loads alone.
	run_earlymain "$lib" "$SEALRUN" --policy objects,system
	assert_equal "$RC" 0
	assert_equal "$FLAGS" "open "
	assert_equal "$COPIES" 1
}

@test "an empty, truncated or foreign sealer file: 125 with the reason, program not run" {
	local t=$BATS_TEST_TMPDIR/tree
	mkdir -p "$t"
	# A sealrun beside a sealer of its own: found in its own directory.
	cp "$SEALRUN" "$t/sealrun"
	cp "$SEALTOOLS_BUILD/libsealexec.so" "$t/"
	: >"$t/libsealrun.so"
	run -125 "$t/sealrun" sh -c 'echo main-ran'
	assert_output --partial 'is not a valid ELF file'
	head -c 6000 "$SEALTOOLS_BUILD/libsealrun.so" >"$t/libsealrun.so"
	run -125 "$t/sealrun" sh -c 'echo main-ran'
	assert_output --partial 'is truncated (6000 of '
	cp /bin/true "$t/libsealrun.so"
	run -125 "$t/sealrun" sh -c 'echo main-ran'
	assert_output --partial 'is not a shared object for'
	cp "$SEALTOOLS_BUILD/libsealrun.so" "$t/libsealrun.so"
	run -0 "$t/sealrun" sh -c 'echo main-ran'
	assert_output main-ran
	# The exec guard beside it, checked the same way.
	: >"$t/libsealexec.so"
	run -125 "$t/sealrun" sh -c 'echo main-ran'
	assert_output --partial 'the exec guard'
	assert_output --partial 'is not a valid ELF file'
	head -c 5000 "$SEALTOOLS_BUILD/libsealexec.so" >"$t/libsealexec.so"
	run -125 "$t/sealrun" sh -c 'echo main-ran'
	assert_output --partial 'is truncated (5000 of '
	rm "$t/libsealexec.so"
	run -125 "$t/sealrun" sh -c 'echo main-ran'
	assert_output --partial "cannot read the exec guard $t/libsealexec.so"
	refute_output --partial main-ran
}

@test "duplicate LD_AUDIT and SEALRUN_* entries: one of each, the sealer first, the program sealed" {
	local mods=$BATS_TEST_TMPDIR/mods
	mkdir -p "$mods"
	printf 'unsigned int la_version(unsigned int v) { return v; }\n' >"$mods/a.c"
	gcc -shared -fPIC -o "$mods/a1.so" "$mods/a.c"
	gcc -shared -fPIC -o "$mods/a2.so" "$mods/a.c"
	run -0 "$H/dupenv" LD_AUDIT="$mods/a1.so" SEALRUN_POLICY=code LD_AUDIT="$mods/a2.so" \
		SEALRUN_POLICY=-default -- "$SEALRUN" --best-effort /bin/sh -c \
		'env | grep -E "^(LD_AUDIT|SEALRUN_)" | sort; grep -c " sl" /proc/self/smaps'
	assert_line "LD_AUDIT=$(realpath "$SEALTOOLS_BUILD/libsealrun.so"):$mods/a1.so:$mods/a2.so"
	assert_line SEALRUN_POLICY=default
	[ "$(grep -c '^LD_AUDIT=' <<<"$output")" -eq 1 ]
	[ "$(grep -c '^SEALRUN_POLICY=' <<<"$output")" -eq 1 ]
	[ "${lines[-1]}" -gt 10 ]
}

@test "--argv0: PROGRAM runs with the name given as its argv[0], sealed" {
	run -0 "$SEALRUN" --argv0 name0 sh -c 'echo "$0"; grep -c " sl" /proc/$$/smaps'
	assert_line --index 0 name0
	[ "${lines[1]}" -gt 0 ]
	# busybox picks its applet by argv[0]; static, sealed from outside.
	# (Debian's busybox-static; the glibc chroot of check-glibc has none.)
	[ -x /bin/busybox ] || return 0
	run -0 "$SEALRUN" -a sh /bin/busybox -c 'echo "$0"'
	assert_output sh
}

@test "initial-exec TLS of a library (jemalloc's kind) fits: the static TLS surplus raised, the user's tunables kept" {
	local d=$BATS_TEST_TMPDIR
	# 4 KiB of initial-exec TLS, as libjemalloc's 2.6 KiB: with an audit
	# module glibc must fit it into the optional surplus (512 bytes).
	printf '%s\n' '__thread char big[4096] __attribute__((tls_model("initial-exec")));' \
		'int touch(void) { big[4095] = 1; return big[4095]; }' >"$d/tls.c"
	printf '%s\n' 'int touch(void);' 'int main(void) { return touch() == 1 ? 0 : 1; }' >"$d/main.c"
	gcc -shared -fPIC -o "$d/libbigtls.so" "$d/tls.c"
	gcc -o "$d/bigtls" "$d/main.c" -L"$d" -lbigtls -Wl,-rpath,"$d"
	# The loader's own refusal, with the surplus as glibc leaves it.
	run -127 env GLIBC_TUNABLES=glibc.rtld.optional_static_tls=512 \
		LD_AUDIT="$SEALTOOLS_BUILD/libsealrun.so" SEALRUN_POLICY=default "$d/bigtls"
	assert_output --partial "cannot allocate memory in static TLS block"
	run -0 "$SEALRUN" "$d/bigtls"
	assert_output ""
	run -0 "$SEALRUN" sh -c 'echo "$GLIBC_TUNABLES"'
	assert_output "glibc.rtld.optional_static_tls=4096"
	# The user's tunables kept, ours after them; a larger value of theirs kept.
	run -0 env GLIBC_TUNABLES=glibc.malloc.check=0 "$SEALRUN" sh -c 'echo "$GLIBC_TUNABLES"'
	assert_output "glibc.malloc.check=0:glibc.rtld.optional_static_tls=4096"
	run -0 env GLIBC_TUNABLES=glibc.rtld.optional_static_tls=0x100000 "$SEALRUN" sh -c 'echo "$GLIBC_TUNABLES"'
	assert_output "glibc.rtld.optional_static_tls=0x100000"
	# A smaller one of theirs: ours after it (glibc obeys the last).
	run -0 env GLIBC_TUNABLES=glibc.rtld.optional_static_tls=600 "$SEALRUN" "$d/bigtls"
	# Programs it starts get it again, even with the variable removed.
	run -0 "$SEALRUN" sh -c "env -u GLIBC_TUNABLES $d/bigtls && env -u GLIBC_TUNABLES sh -c 'echo \$GLIBC_TUNABLES'"
	assert_output "glibc.rtld.optional_static_tls=4096"
	run -0 "$SEALRUN" -n "$d/bigtls"
	assert_line "sealrun: plan: GLIBC_TUNABLES=glibc.rtld.optional_static_tls=4096"
}

@test "--preload LIB: in PROGRAM's LD_PRELOAD after the guard, sealed whole, kept for what it starts; sealrun itself untouched" {
	local d=$BATS_TEST_TMPDIR
	printf '%s\n' '#include <unistd.h>' \
		'__attribute__((constructor)) static void hello(void) { write(2, "plugin\n", 7); }' >"$d/plug.c"
	gcc -shared -fPIC -o "$d/libplug.so" "$d/plug.c"
	run -0 --separate-stderr "$SEALRUN" --preload "$d/libplug.so" --preload libm.so.6 \
		sh -c 'echo "$LD_PRELOAD"; sh -c "echo child"'
	assert_line --index 0 "$SEALTOOLS_BUILD/libsealexec.so:$d/libplug.so:libm.so.6"
	assert_line --index 1 child
	# Its constructor ran in sh and in the sh that sh started, not in sealrun.
	[ "$(grep -c '^plugin$' <<<"$stderr")" -eq 2 ]
	"$SEALRUN" --preload "$d/libplug.so" /bin/sleep 600 2>/dev/null 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	wait_for all_sealed "$PID" "$d/libplug.so" || fail "$(all_sealed "$PID" "$d/libplug.so")"
	run -125 "$SEALRUN" --preload "$d/none.so" true
	assert_output --partial "--preload $d/none.so: No such file or directory"
	run -125 "$SEALRUN" --preload 'a.so b.so' true
	assert_output --partial "one library"
}

@test "--dry-run without --preload-nss names the NSS modules and libgcc_s that would load later (glibc <= 2.40)" {
	run -0 "$SEALRUN" -n true
	if glibc_seals_dlopen_whole; then
		refute_output --partial 'check: NSS:'
		return 0
	fi
	# (A minimal root, such as the qemu guests', may have no libgcc_s.)
	compgen -G '/lib*/*/libgcc_s.so.1' >/dev/null || compgen -G '/usr/lib*/*/libgcc_s.so.1' >/dev/null ||
		skip "no libgcc_s.so.1 here: nothing for --preload-nss to name"
	assert_line --regexp '^sealrun: check: NSS: the C library loads .*/libgcc_s\.so\.1 after start-up when needed .*; --preload-nss loads them at start-up$'
	run -0 "$SEALRUN" -n --preload-nss true
	refute_output --partial 'check: NSS:'
	assert_line --regexp '^sealrun: check: NSS modules to preload: .*/libgcc_s\.so\.1$'
}

@test "no /etc/nsswitch.conf (glibc's defaults): --dry-run still names libgcc_s, --preload-nss preloads it" {
	[ "$(id -u)" = 0 ] || skip "needs root (a mount namespace over /etc)"
	compgen -G '/lib*/*/libgcc_s.so.1' >/dev/null || compgen -G '/usr/lib*/*/libgcc_s.so.1' >/dev/null ||
		skip "no libgcc_s.so.1 here: nothing for --preload-nss to name"
	# An empty /etc in a mount namespace of its own, private (nothing
	# mounted there reaches this one): no nsswitch.conf.
	unshare -m true 2>/dev/null ||
		skip "no private mount namespace here (unshare -m: in a chroot, / is no mount point)"
	run -0 unshare -m sh -c 'mount -t tmpfs none /etc && exec "$@"' sh "$SEALRUN" -n --preload-nss true
	assert_line --regexp '^sealrun: check: NSS modules to preload: /.*/libgcc_s\.so\.1$'
	glibc_seals_dlopen_whole && return 0
	run -0 unshare -m sh -c 'mount -t tmpfs none /etc && exec "$@"' sh "$SEALRUN" -n true
	assert_line --regexp '^sealrun: check: NSS: the C library loads /.*/libgcc_s\.so\.1 after start-up when needed .*; --preload-nss loads them at start-up$'
}
