#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# sealctl against processes that attack it (issue 22): the process
# judged is the adversary.  It forges its loader's list, bombs it, puts
# a FIFO or a symlink out of its root where sealctl reads, breaks its own
# vDSO, names itself with terminal controls.  What must hold: the
# kernel's view decides (an object hidden from the list is still judged
# and sealed, proven by an mprotect the kernel refuses), every read is
# bounded and never blocks, nothing outside the process's root is
# opened, a seal always ends and leaves the process as it was, and no
# byte the process controls reaches a terminal raw.

load common

setup_file() {
	export H=$SEALTOOLS_BUILD/helpers
	export HOSTILE=$H/hostile TRYPROTECT=$H/tryprotect
	PUB=$(mktemp -d /tmp/hostile-bats.XXXXXX)
	chmod 755 "$PUB"
	export PUB
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

# Run hostile MODE ARG... (or the program given by EXE) until it prints
# "ready".  Sets PID and OUT.
start_hostile() {
	OUT=$(mktemp "$BATS_TEST_TMPDIR/out.XXXXXX")
	"${EXE:-$HOSTILE}" "$@" >"$OUT" 2>&1 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	local i
	for ((i = 0; i < 500; i++)); do
		grep -qx ready "$OUT" && return 0
		kill -0 "$PID" 2>/dev/null || fail "hostile $* exited: $(cat "$OUT")"
		sleep 0.01
	done
	fail "hostile $* did not get ready"
}

# The path of PID's C library, from its maps.
libc_of() {
	awk '$6 ~ /\/libc\.so\.6$/ { print $6; exit }' "/proc/$1/maps"
}

tracer_of() {
	awk '/^TracerPid:/ { print $2 }' "/proc/$1/status"
}

# No byte below 0x20 but newline, no DEL, valid UTF-8.
no_control_bytes() { # FILE
	python3 -c 'import sys
b = open(sys.argv[1], "rb").read(); b.decode("utf-8", "strict")
sys.exit(any(c < 0x20 and c != 10 or c == 0x7f for c in b))' "$1"
}

# ---- the loader's list is the target's: it may only label ---------------------

# Each forgery hides the C library from the list.  verify: not compliant
# whatever the policy, naming the disagreement (with "objects" alone, a
# forged list used to make it "compliant"); metrics the same; seal seals
# the C library all the same, as the kernel proves.
forged_list() { # WHY MODE...
	local exe=$BATS_TEST_TMPDIR/forged libc why=$1
	shift
	cp "$HOSTILE" "$exe"
	EXE=$exe start_hostile "$@"
	libc=$(libc_of "$PID")
	[ -n "$libc" ]
	run "$SEALCTL" verify --policy objects "$PID"
	assert_failure 1
	assert_line --index 0 --regexp "^$PID \(forged\): NOT compliant with policy objects: "
	assert_line --regexp "^  the loader's list disagrees with the kernel: $why.*; judged from the kernel's view alone$"
	assert_line --regexp " r-xp code +${libc//./\\.}$"
	run "$SEALCTL" verify -J --policy objects "$PID"
	echo "$output" | jq -e '.processes[0] | .compliant == false and .objects_from == "mappings" and
		(.loader.disagrees | type) == "string"'
	"$SEALCTL" metrics --every --policy objects >"$BATS_TEST_TMPDIR/m.prom"
	run grep -F "sealtools_processes{service=\"comm:forged\"" "$BATS_TEST_TMPDIR/m.prom"
	assert_line "sealtools_processes{service=\"comm:forged\",state=\"compliant\"} 0"
	assert_line "sealtools_processes{service=\"comm:forged\",state=\"noncompliant\"} 1"
	# Sealed as the kernel shows it: the hidden C library too.
	run "$TRYPROTECT" "$PID" "$libc"
	assert_output 0
	run --separate-stderr "$SEALCTL" seal "$PID"
	assert_success
	assert_output --regexp "^$PID \(forged\): sealed [0-9]+ ranges, checked; stopped "
	[[ $stderr == *"the loader's list disagrees with the kernel"*"sealing what the kernel shows"* ]] ||
		fail "stderr: $stderr"
	run "$TRYPROTECT" "$PID" "$libc"
	assert_output EPERM
	run "$TRYPROTECT" "$PID" "$exe"
	assert_output EPERM
	# Sealed whole, it complies: an object left out of the list but
	# sealed hides nothing (the loader cannot unmap a sealed object it
	# dlcloses, so such leftovers are ordinary).
	run "$SEALCTL" verify "$PID"
	assert_success
}

@test "a list of one made-up entry, its l_ld in [heap]: not compliant, the disagreement named; seal seals the real objects" {
	# First the control: the same program with its list as the loader
	# left it agrees with the kernel, and its labels are used.
	start_hostile honest
	run "$SEALCTL" verify "$PID"
	assert_failure 1
	refute_output --partial disagrees
	run "$SEALCTL" verify -J "$PID"
	echo "$output" | jq -e '.processes[0] | .objects_from == "loader" and (.loader | has("disagrees") | not)'
	stop_helpers
	forged_list "an entry's dynamic section \(0x[0-9a-f]+\) is in \[heap\], no file" forge-one
}

@test "a list with the C library unlinked: not compliant, the library named as missing; seal seals it" {
	forged_list "libc\.so\.6 \([0-9a-f]+-[0-9a-f]+\) is mapped and not in it" unlink libc.so
}

@test "a list whose C library entry lies in another object's mappings: not compliant; seal seals it" {
	forged_list "libc\.so\.6 \([0-9a-f]+-[0-9a-f]+\) is mapped and not in it" misplace libc.so
}

@test "a library whose file it rewrote (no ELF header left), unlinked from the list: judged by permissions, sealed" {
	local lib=$BATS_TEST_TMPDIR/librw.so
	printf 'int rw_value(int x) { return x + 5; }\n' >"$BATS_TEST_TMPDIR/rw.c"
	gcc -shared -fPIC -O2 -o "$lib" "$BATS_TEST_TMPDIR/rw.c"
	start_hostile rewrite "$lib"
	# Independently: mapped executable, no ELF magic in the file now.
	grep -q " r-xp .*$lib\$" "/proc/$PID/maps"
	[ "$(head -c 4 "$lib" | od -An -tx1 | tr -d ' ')" = 00000000 ]
	run "$SEALCTL" verify --policy objects "$PID"
	assert_failure 1
	assert_line '  (1 object judged by permissions: mapped executable, not ELF)'
	assert_line --regexp " r-xp code +${lib//./\\.}\$"
	run "$TRYPROTECT" "$PID" "$lib"
	assert_output 0
	run "$SEALCTL" seal "$PID"
	assert_success
	run "$TRYPROTECT" "$PID" "$lib"
	assert_output EPERM
}

# ---- bounded cost -------------------------------------------------------------

# A generous bound for a test (the benchmark measures: tests/bench/hostile.sh).
verify_within() { # SECONDS PID
	local t0 t1
	t0=$(date +%s%N)
	run timeout -s KILL 60 "$SEALCTL" verify --policy objects "$2"
	t1=$(date +%s%N)
	assert_failure 1
	(( (t1 - t0) / 1000000 < $1 * 1000 )) || fail "verify took $(( (t1 - t0) / 1000000 )) ms"
}

@test "list bombs of 1,000 and 8,192 entries, each needing the next: verify within the bound, the list refused" {
	local n
	for n in 1000 8192; do
		start_hostile bomb "$n"
		verify_within 2 "$PID"
		assert_line --regexp "disagrees with the kernel: it passes the bounds the kernel's mappings set"
		stop_helpers
	done
}

@test "a DT_NEEDED bomb (objects sharing 256 names of 4,000 bytes): verify within the bound" {
	start_hostile needed 100 256 4000
	verify_within 2 "$PID"
	assert_line --regexp "disagrees with the kernel: "
	# The same in one object: few entries, one dynamic section too dear.
	stop_helpers
	start_hostile needed 2 256 4000
	verify_within 2 "$PID"
}

@test "mapping paths past 16 MiB: never compliant, seal refuses; sealed whole it used to comply" {
	# 4,600 mappings of one file at a path of about 3,900 bytes: 17 MiB
	# of names in smaps; every mapping but heap and stack sealed.
	start_hostile longpaths "$BATS_TEST_TMPDIR" 4600
	run "$SEALCTL" verify "$PID"
	assert_failure 1
	assert_line --regexp "^$PID \(hostile\): NOT compliant with policy default: "
	assert_line "  (the paths of its mappings pass 16 MiB: not compliant, not judged past that)"
	run --separate-stderr "$SEALCTL" seal "$PID"
	assert_failure 2
	[[ $stderr == *"refused: the paths of its mappings pass the bound"* ]] || fail "stderr: $stderr"
}

@test "mapping paths past 16 MiB in a sealed process: verify --all and metrics still select it, not compliant, read once" {
	# Mapped after start-up, below the sealer: its name comes past the
	# bound in smaps.
	EXE="$SEALTOOLS_BUILD/sealrun" start_hostile "$HOSTILE" longpaths "$BATS_TEST_TMPDIR" 4600
	run "$SEALCTL" verify --all
	assert_failure 1
	assert_line --regexp "^$PID \(hostile\): NOT compliant with policy default: "
	run -0 "$SEALCTL" metrics
	assert_line --regexp '^sealtools_processes\{service="comm:hostile",state="noncompliant"\} [1-9]'
	# Past the bound nothing more is judged: smaps is opened once.
	strace -f -e trace=openat -o "$BATS_TEST_TMPDIR/st" "$SEALCTL" verify "$PID" >/dev/null || :
	[ "$(grep -c "\"smaps\"" "$BATS_TEST_TMPDIR/st")" -eq 1 ] || fail "$(grep smaps "$BATS_TEST_TMPDIR/st")"
}

@test "code moved while smaps is read: never compliant (the kernel's count of executable memory)" {
	# smaps is read a page at a time; a mapping moved from ahead of the
	# reading to behind it is in neither place.  20 readings of each:
	# on 0e8f2e2 verify said "compliant" in about half.
	EXE="$SEALTOOLS_BUILD/sealrun" start_hostile "$HOSTILE" flip "$(readlink -f /bin/true)"
	local round
	for round in $(seq 20); do
		run "$SEALCTL" verify "$PID"
		assert_failure 1
	done
	for round in $(seq 5); do
		run -0 "$SEALCTL" metrics
		assert_line --regexp '^sealtools_processes\{service="comm:hostile",state="noncompliant"\} 1$'
	done
	# An honest process of the same making complies.
	stop_helpers
	EXE="$SEALTOOLS_BUILD/sealrun" start_hostile "$HOSTILE" honest
	run -0 "$SEALCTL" verify "$PID"
}

# ---- nothing blocks, nothing outside the target's root is opened -----------------

# Run CMD... in the background, its output in $BATS_TEST_TMPDIR/ends.out,
# and wait up to SECONDS for it to end; sets status.  If it does not
# end, the hostile process is killed (that ends a read waiting on its
# file system) and the test fails.
ends_within() { # SECONDS CMD...
	local s=$1 pid i
	shift
	"$@" >"$BATS_TEST_TMPDIR/ends.out" 2>&1 3>&- &
	pid=$!
	for ((i = 0; i < s * 100; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.01
	done
	if kill -0 "$pid" 2>/dev/null; then
		stop_helpers
		wait "$pid" || :
		fail "$* did not end within $s s: $(cat "$BATS_TEST_TMPDIR/ends.out")"
	fi
	status=0
	wait "$pid" || status=$?
	output=$(cat "$BATS_TEST_TMPDIR/ends.out")
	mapfile -t lines <"$BATS_TEST_TMPDIR/ends.out"
}

# A read of a page of a file on FUSE waits for the file system's server,
# and no signal ends it once the server has the request.  The process
# points its list's head at such a page (the one read every process's
# list starts with; it could swap the page in wherever the list leads).
@test "the list's head on a file system that never answers a read (FUSE): verify, --all, inspect --all, metrics and seal -n end" {
	[ -c /dev/fuse ] || skip "no /dev/fuse"
	grep -qw fuse /proc/filesystems || skip "no FUSE in this kernel (/proc/filesystems)"
	# The helper mounts in a private mount namespace of its own.
	unshare -m true 2>/dev/null ||
		skip "no private mount namespace here (unshare -m: in a chroot, / is no mount point)"
	mkdir "$BATS_TEST_TMPDIR/mnt"
	start_hostile fuse "$BATS_TEST_TMPDIR/mnt"
	grep -q " $BATS_TEST_TMPDIR/mnt/f\$" "/proc/$PID/maps"
	ends_within 6 "$SEALCTL" verify "$PID"
	[ "$status" -eq 1 ] || fail "verify: $status: $output"
	assert_line --index 0 --regexp "^$PID \(hostile\): NOT compliant with policy default: "
	assert_line "  (objects found from the mappings, not the loader's list: reading it took too long (its memory waits on a file system))"
	assert_line --regexp " r-xp code +/.*/libc\.so\.6$"
	ends_within 10 "$SEALCTL" verify --all --every -q
	[ "$status" -le 1 ] || fail "verify --all: $status: $output"
	ends_within 10 "$SEALCTL" inspect --all
	[ "$status" -le 1 ] || fail "inspect --all: $status: $output"
	ends_within 10 "$SEALCTL" metrics --every
	[ "$status" -eq 0 ] || fail "metrics: $status: $output"
	assert_line 'sealtools_processes{service="comm:hostile",state="noncompliant"} 1'
	ends_within 10 "$SEALCTL" seal -n "$PID"
	[ "$status" -eq 0 ] || fail "seal -n: $status: $output"
	assert_line --index 0 --regexp "^$PID \(hostile\): would seal [0-9]+ ranges$"
}

# A tree for "sleep" in a chroot, owned by an unprivileged user who then
# runs it in a user namespace of its own: its /etc is the user's.
@test "/etc/ld.so.preload a FIFO, then an absolute symlink, in a user namespace's chroot: verify at once, no host path opened" {
	local uid=54321 root=$PUB/root f p
	unshare --help 2>/dev/null | grep -q -- --map-root-user || skip "unshare without -r"
	mkdir -p "$root/etc"
	for f in /usr/bin/sleep $(ldd /usr/bin/sleep | grep -o '/[^ ]*'); do
		cp --parents -L "$f" "$root/"
	done
	chown -R "$uid:$uid" "$root"
	setpriv --reuid=$uid --regid=$uid --clear-groups unshare -r chroot "$root" /usr/bin/sleep 1000 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	for ((p = 0; p < 300; p++)); do
		[ "$(readlink "/proc/$PID/exe")" = "$root/usr/bin/sleep" ] &&
			grep -q 'libc\.so' "/proc/$PID/maps" && break
		sleep 0.01
	done
	[ "$(readlink "/proc/$PID/root")" = "$root" ] || skip "no user namespace for uid $uid here"
	# The FIFO, put there by the user once sleep runs (its own loader
	# would have waited on it).
	setpriv --reuid=$uid --regid=$uid --clear-groups mkfifo "$root/etc/ld.so.preload"
	verify_within 5 "$PID"
	run timeout -s KILL 20 "$SEALCTL" verify --all --every -q
	[ "$status" -le 1 ] || fail "verify --all: $status"

	# The host path: a FIFO with a writer waiting for any reader.  If
	# root opened it, the writer would go on and leave its mark.
	local host=$PUB/host-fifo mark=$PUB/opened
	mkfifo "$host"
	(exec 4>"$host"; echo opened >"$mark") 3>&- &
	local writer=$!
	HELPER_PIDS+=("$writer")
	rm "$root/etc/ld.so.preload"
	setpriv --reuid=$uid --regid=$uid --clear-groups ln -s "$host" "$root/etc/ld.so.preload"
	verify_within 5 "$PID"
	run "$SEALCTL" verify -J "$PID"
	run "$SEALCTL" seal --dry-run "$PID"
	[ ! -e "$mark" ] || fail "the host FIFO was opened"
	# The proof can fail: open it ourselves, and the mark appears.
	: <"$host"
	wait "$writer"
	[ -e "$mark" ]
}

# ---- seal always ends ----------------------------------------------------------

@test "a read-only [vdso]: seal refuses within a second, before touching it" {
	start_hostile vdso-ro
	local t0=$SECONDS
	run --separate-stderr timeout -s KILL 10 "$SEALCTL" seal "$PID"
	assert_failure 2
	[[ $stderr == "sealctl: $PID (hostile): refused: its vDSO is not executable"* ]] ||
		fail "stderr: $stderr"
	[ $((SECONDS - t0)) -le 1 ]
	[ "$(tracer_of "$PID")" = 0 ]
	kill -0 "$PID"
	grep -q '^State:.*S (sleeping)' "/proc/$PID/status"
}

@test "a file named x[vdso] mapped read-only: never taken for the vDSO; with no real vDSO, refused within a second" {
	start_hostile vdso-file "$BATS_TEST_TMPDIR"
	grep -q "$BATS_TEST_TMPDIR/x\[vdso\]\$" "/proc/$PID/maps"
	# The kernel's own vDSO is there: sealed through it, at once.
	run timeout -s KILL 10 "$SEALCTL" seal "$PID"
	assert_success
	run "$TRYPROTECT" "$PID" "$(libc_of "$PID")"
	assert_output EPERM
	[ "$(tracer_of "$PID")" = 0 ]
	stop_helpers
	# No vDSO of the kernel's left: nothing to make a system call from.
	start_hostile vdso-file "$BATS_TEST_TMPDIR" unmap
	! grep -q ' \[vdso\]$' "/proc/$PID/maps"
	local t0=$SECONDS
	run --separate-stderr timeout -s KILL 10 "$SEALCTL" seal "$PID"
	assert_failure 2
	[[ $stderr == "sealctl: $PID (hostile): refused: it has no vDSO with a system-call instruction"* ]] ||
		fail "stderr: $stderr"
	[ $((SECONDS - t0)) -le 1 ]
	[ "$(tracer_of "$PID")" = 0 ]
	kill -0 "$PID"
}

@test "SIGTERM while seal holds a process's threads: it lets go at once, every thread as it was, exit 1" {
	local out=$BATS_TEST_TMPDIR/out fifo=$BATS_TEST_TMPDIR/in child= i seal before after
	mkfifo "$fifo"
	"$HOSTILE" workers 8 30 <"$fifo" >"$out" 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	exec 7>"$fifo"
	for ((i = 0; i < 300; i++)); do
		for t in /proc/"$PID"/task/*; do
			child=$(cat "$t/children" 2>/dev/null || true)
			[ -n "$child" ] && break 2
		done
		sleep 0.01
	done
	[ -n "$child" ] || fail "no vfork child"
	HELPER_PIDS+=("${child%% *}")
	before=$(cat /proc/"$PID"/task/*/status | grep -E '^Sig(Blk|Ign|Cgt):' | sort | uniq -c)
	# The seal stops the main thread and the 8 workers, then waits up
	# to a second for the thread in vfork: the signal comes then.
	"$SEALCTL" seal "$PID" >"$BATS_TEST_TMPDIR/seal.out" 2>&1 3>&- &
	seal=$!
	for ((i = 0; i < 300; i++)); do
		[ "$(grep -l "^TracerPid:[[:space:]]*$seal\$" /proc/"$PID"/task/*/status 2>/dev/null | wc -l)" -ge 10 ] && break
		sleep 0.005
	done
	local t0
	t0=$(date +%s%N)
	kill -TERM "$seal"
	local rc=0
	wait "$seal" || rc=$?
	(( ($(date +%s%N) - t0) / 1000000 < 500 )) || fail "sealctl took too long to end"
	[ "$rc" -eq 1 ] || fail "sealctl exited $rc: $(cat "$BATS_TEST_TMPDIR/seal.out")"
	grep -q "interrupted by Terminated: let go as it was" "$BATS_TEST_TMPDIR/seal.out"
	# Every thread untraced and running, masks as before.
	run grep -h '^TracerPid:' /proc/"$PID"/task/*/status
	refute_output --regexp 'TracerPid:[[:space:]]*[1-9]'
	refute_output ''
	after=$(cat /proc/"$PID"/task/*/status | grep -E '^Sig(Blk|Ign|Cgt):' | sort | uniq -c)
	[ "$before" = "$after" ] || fail "signal masks changed: $before / $after"
	! grep -q '^State:[[:space:]]*t' /proc/"$PID"/task/*/status
	# And they go on: the vfork ends, each worker reads its byte.
	kill -KILL "${child%% *}"
	printf '12345678' >&7
	for ((i = 0; i < 300; i++)); do
		grep -qx 'done 8' "$out" && grep -qx 'vfork done' "$out" && break
		sleep 0.01
	done
	exec 7>&-
	run cat "$out"
	assert_line 'vfork done'
	assert_line 'done 8'
	# Nothing sealed, nothing broken: verify says so plainly.
	run "$SEALCTL" verify -q "$PID"
	assert_failure 1
}

# ---- bytes the target controls -------------------------------------------------

@test "a command name and paths with terminal controls: seal and seal -n escape them" {
	local name ctl
	ctl=$(printf '\033]0;pwned\a')
	start_hostile comm "$ctl"
	"$SEALCTL" seal -n "$PID" >"$BATS_TEST_TMPDIR/plan" 2>&1
	run no_control_bytes "$BATS_TEST_TMPDIR/plan"
	assert_success
	grep -qF "$PID (\\033]0;pwned\\007): would seal" "$BATS_TEST_TMPDIR/plan"
	"$SEALCTL" seal "$PID" >"$BATS_TEST_TMPDIR/sealed" 2>&1
	run no_control_bytes "$BATS_TEST_TMPDIR/sealed"
	assert_success
	grep -qF "$PID (\\033]0;pwned\\007): sealed" "$BATS_TEST_TMPDIR/sealed"
	stop_helpers

	# A program whose own path clears the line.
	name=$(printf 'x\033[2K\r\377y')
	cp "$HOSTILE" "$BATS_TEST_TMPDIR/$name"
	EXE=$BATS_TEST_TMPDIR/$name start_hostile honest
	"$SEALCTL" seal -n "$PID" >"$BATS_TEST_TMPDIR/plan" 2>&1
	run no_control_bytes "$BATS_TEST_TMPDIR/plan"
	assert_success
	grep -qF "$BATS_TEST_TMPDIR/x\\033[2K\\015\\377y" "$BATS_TEST_TMPDIR/plan"
	# A refusal names the process the same way.
	"$SEALCTL" seal "$PID" 2 >"$BATS_TEST_TMPDIR/mixed" 2>&1 || :
	run no_control_bytes "$BATS_TEST_TMPDIR/mixed"
	assert_success
}

@test "metrics: a sealed process's command name with terminal controls is escaped in its label" {
	local ctl
	ctl=$(printf '\033[2J\033]0;pwned\a')
	EXE="$SEALTOOLS_BUILD/sealrun" start_hostile "$HOSTILE" comm "$ctl"
	"$SEALCTL" metrics >"$BATS_TEST_TMPDIR/prom" 2>&1
	run no_control_bytes "$BATS_TEST_TMPDIR/prom"
	assert_success
	# Prometheus' own escape of the escaper's backslash.
	grep -qF 'service="comm:\\033[2J\\033]0;pwned\\007"' "$BATS_TEST_TMPDIR/prom" ||
		fail "$(grep -a comm: "$BATS_TEST_TMPDIR/prom")"
}

@test "sealrun: a program path with a newline or terminal controls is one escaped line" {
	run -127 --separate-stderr "$SEALTOOLS_BUILD/sealrun" "$PUB/no"$'\n'"sealrun: forged line"
	[ "${#stderr_lines[@]}" -eq 1 ] || fail "stderr: $stderr"
	assert_equal "$stderr" "sealrun: $PUB/no\\012sealrun: forged line: No such file or directory"
	printf 'x' >"$PUB/ctl"$'\033[2K'
	run --separate-stderr "$SEALTOOLS_BUILD/sealrun" "$PUB/ctl"$'\033[2K'
	assert_failure 126
	assert_equal "$stderr" "sealrun: $PUB/ctl\\033[2K: Permission denied"
	run -127 "$SEALTOOLS_BUILD/sealrun" --dry-run "$PUB/no"$'\n'"x"
	assert_line "sealrun: check: program: $PUB/no\\012x"
	refute_line x
}
